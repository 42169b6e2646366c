#include "borne/printing/print_ticket.hpp"

#include "borne/printing/escpos.hpp"

#include <chrono>
#include <cstdlib>
#include <fmt/format.h>
#include <fstream>
#include <unistd.h>

namespace borne::printing {

std::optional<TicketFormat> parse_ticket_format(std::string_view word) {
    if (word == "a4") return TicketFormat::A4;
    if (word == "80mm") return TicketFormat::Roll80;
    if (word == "escpos") return TicketFormat::EscPos;
    return std::nullopt;
}

std::string_view ticket_format_name(TicketFormat f) {
    switch (f) {
        case TicketFormat::A4: return "a4";
        case TicketFormat::Roll80: return "80mm";
        case TicketFormat::EscPos: return "escpos";
    }
    return "?";
}

std::string render_ticket(const Ticket& ticket, TicketFormat format) {
    switch (format) {
        case TicketFormat::A4: return render_pdf(ticket, PaperFormat::A4);
        case TicketFormat::Roll80: return render_pdf(ticket, PaperFormat::Roll80);
        case TicketFormat::EscPos: return encode_escpos(render_raster(ticket));
    }
    return {};
}

std::string_view mime_type(TicketFormat format) { return format == TicketFormat::EscPos ? "application/vnd.cups-raw" : "application/pdf"; }

std::string fallback_directory(const PrintSettings& settings) {
    if (!settings.fallback_dir.empty()) return settings.fallback_dir;
    const char* tmp = std::getenv("TMPDIR");
    return tmp && *tmp ? tmp : "/tmp";
}

TicketPrintOutcome print_ticket(const Ticket& ticket, const PrintSettings& settings) {
    using Clock = std::chrono::steady_clock;
    TicketPrintOutcome out;
    std::string error;
    auto destinations = list_destinations(settings.cups, &error);
    out.queue = settings.queue;
    if (out.queue.empty())
        for (const auto& d : destinations)
            if (d.is_default) out.queue = d.name;

    if (out.queue.empty()) {
        // No printer configured (a developer's laptop): the slip as an A4 PDF in a file.
        out.format = settings.format.value_or(TicketFormat::A4) == TicketFormat::EscPos ? TicketFormat::A4 : settings.format.value_or(TicketFormat::A4);
        auto start = Clock::now();
        std::string pdf = render_ticket(ticket, out.format);
        out.render_ms = std::chrono::duration<double, std::milli>(Clock::now() - start).count();
        out.file = fmt::format("{}/borne-ticket-{}.pdf", fallback_directory(settings), static_cast<long>(getpid()));
        std::ofstream f(out.file, std::ios::binary);
        f.write(pdf.data(), static_cast<std::streamsize>(pdf.size()));
        f.close();
        out.print.result = PrintResult::NotSent;
        out.print.problem = "no-printer";
        out.print.message = f ? fmt::format("aucune imprimante configurée{} : ticket écrit dans {}", error.empty() ? "" : " (" + error + ")", out.file)
                              : fmt::format("aucune imprimante configurée, et {} n'a pas pu être écrit", out.file);
        if (!f) out.file.clear();
        return out;
    }

    bool raw = false;
    for (const auto& d : destinations)
        if (d.name == out.queue) raw = d.raw;
    out.format = settings.format.value_or(raw ? TicketFormat::EscPos : TicketFormat::Roll80);
    auto start = Clock::now();
    std::string document = render_ticket(ticket, out.format);
    out.render_ms = std::chrono::duration<double, std::milli>(Clock::now() - start).count();
    out.print = print_document({out.queue, document, std::string(mime_type(out.format)), "Vos aides probables"}, settings.cups);
    return out;
}

}  // namespace borne::printing
