// What the storage tests share: a fresh directory per test (real SQLite files in it), the bytes of a
// file, running `borne` and the durability helper as real processes.
#pragma once

#include "borne/storage/database.hpp"

#include <filesystem>
#include <string>
#include <vector>

namespace borne::test {

/// A directory under the system's temp dir, removed with everything in it at the end of the test.
class TempDir {
public:
    TempDir();
    ~TempDir();
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;
    const std::filesystem::path& path() const { return m_path; }
    std::string file(const std::string& name) const { return (m_path / name).string(); }

private:
    std::filesystem::path m_path;
};

/// The cheapest Argon2id libsodium allows: tests exercise the code path, not the cost (STOCKAGE.md).
storage::OpenOptions fast_kdf();

/// Opens a database that must open (a REQUIRE inside).
std::unique_ptr<storage::Database> open_test_database(const std::string& path, storage::UnixTime now = 1'780'000'000);

std::vector<unsigned char> file_bytes(const std::string& path);
bool contains(const std::vector<unsigned char>& haystack, const std::vector<unsigned char>& needle);
bool contains(const std::vector<unsigned char>& haystack, const std::string& needle);

struct Run {
    int exit_code = -1;
    std::string out;  // standard output (standard error goes to err)
    std::string err;
};
/// Runs a shell command line and collects both outputs.
Run run(const std::string& command_line);

std::string borne_exe();
std::string helper_exe();
std::string source_dir();

}  // namespace borne::test
