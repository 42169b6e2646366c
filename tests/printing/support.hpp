// Helpers of the printing tests: a fixed slip, files, commands, approvals.
#pragma once

#include "borne/printing/ticket.hpp"

#include <string>

namespace borne::test {

/// A slip written by hand (two aids, documents, an aid to check, resume code, appointment), with the
/// volatile fields (date, versions) already scrubbed: it does not move when the rules do.
printing::Ticket sample_ticket();

std::string temp_path(const std::string& name);
void write_file(const std::string& path, const std::string& bytes);
std::string read_file(const std::string& path);
/// Standard output of a shell command (stderr discarded).
std::string run(const std::string& command);
/// Compares with tests/printing/approved/NAME; BORNE_UPDATE_APPROVED=1 rewrites it. On a difference,
/// writes NAME.actual in the current folder and fails with both paths.
void approve(const std::string& name, const std::string& actual);

}  // namespace borne::test
