// Printing a slip end to end: the queue to use, the format it takes (ESC/POS for a raw queue, PDF
// otherwise), the job followed through CUPS; with no printer configured, a PDF file and where it is.
#pragma once

#include "borne/printing/cups_client.hpp"
#include "borne/printing/render.hpp"
#include "borne/printing/ticket.hpp"

#include <optional>
#include <string>

namespace borne::printing {

enum class TicketFormat { A4, Roll80, EscPos };

/// "a4", "80mm", "escpos" (the command line's words), or nothing.
std::optional<TicketFormat> parse_ticket_format(std::string_view word);
std::string_view ticket_format_name(TicketFormat f);

/// The bytes of the slip in a format, and their MIME type for CUPS.
std::string render_ticket(const Ticket& ticket, TicketFormat format);
std::string_view mime_type(TicketFormat format);

struct PrintSettings {
    std::string queue;                    // empty: CUPS's default destination, if any
    std::optional<TicketFormat> format;   // empty: ESC/POS for a raw queue, the 80 mm PDF otherwise
    std::string fallback_dir;             // with no printer at all, the PDF goes here (default: $TMPDIR or /tmp)
    CupsSettings cups;
};

struct TicketPrintOutcome {
    PrintOutcome print;        // result, problem, message, job, printer states
    std::string queue;         // the queue used, if any
    TicketFormat format = TicketFormat::Roll80;
    std::string file;          // the PDF written when no printer is configured
    double render_ms = 0;
};

/// Where the PDF goes with no printer at all: the settings' folder, else $TMPDIR, else /tmp.
std::string fallback_directory(const PrintSettings& settings);

/// Renders and prints `ticket`. With no queue given and no default destination (a developer's laptop),
/// writes the A4 PDF to a file, says where, and reports NotSent.
TicketPrintOutcome print_ticket(const Ticket& ticket, const PrintSettings& settings);

}  // namespace borne::printing
