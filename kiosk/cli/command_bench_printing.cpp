// borne bench --printing: the slip's figures (targets in issue 5: rendered to PDF < 50 ms, handed to
// CUPS < 200 ms). Rendering needs nothing; the CUPS figures need a queue (--printer, or CUPS's
// default) and are skipped, saying so, when there is none: this command never starts a print system.
#include "cli_common.hpp"
#include "commands.hpp"
#include "ticket_input.hpp"

#include "borne/runtime/paths.hpp"
#include "borne/printing/cups_client.hpp"
#include "borne/printing/print_ticket.hpp"

#include <algorithm>
#include <chrono>
#include "borne/printing/render.hpp"

#include <fmt/format.h>
#include <string_view>

namespace borne::cli {

namespace {

using Clock = std::chrono::steady_clock;

double ms_since(Clock::time_point start) { return std::chrono::duration<double, std::milli>(Clock::now() - start).count(); }

template <class F>
std::vector<double> timed(int runs, F&& f) {
    std::vector<double> out;
    for (int k = 0; k < runs; ++k) {
        auto start = Clock::now();
        f();
        out.push_back(ms_since(start));
    }
    return out;
}

/// Paper the receipt takes (the ESC/POS raster, 203 dpi) for the persona in French and bilingual, as the
/// kiosk prints it (the rules' texts in the visitor's language, every one translated: rules_texts_complete),
/// without and with a resume code (targets in issue 15: under 45 cm in French, under 70 cm in two languages).
void print_lengths(const Args& args, const std::string& persona) {
    for (const char* lang : {"fr", "en", "ar"}) {
        bool rules_failed = false;
        auto ticket = ticket_from_args(args, persona, rules_failed, lang);
        if (!ticket) continue;
        auto cm = [&] { return printing::render_raster(*ticket).height / 203.0 * 2.54; };
        const double alone = cm();
        ticket->resume_code = "K7F-29Q";
        const bool french = std::string_view(lang) == "fr";
        fmt::print("receipt 80 mm {}        {:6.1f} cm   {:6.1f} cm with a resume code   (target < {} cm{})\n", lang, alone, cm(), french ? 45 : 70,
                   french ? "" : ", with French");
    }
}

}  // namespace

int command_bench_printing(const Args& args) {
    std::string persona = args.positional().empty() ? std::string(runtime::rules_dir()) + "/../tests/personas/parent-isole.json" : args.positional()[0];
    int runs = std::max(1, std::atoi(args.value("--iterations").value_or("50").c_str()));
    bool rules_failed = false;
    auto ticket = ticket_from_args(args, persona, rules_failed);
    if (!ticket) return rules_failed ? exit_failed : exit_bad_input;

    // The first slip of a process pays for fontconfig and the fonts; the kiosk pays it at start-up.
    auto start = Clock::now();
    std::string pdf = printing::render_ticket(*ticket, printing::TicketFormat::Roll80);
    double first = ms_since(start);
    Figures roll = figures(timed(runs, [&] { printing::render_ticket(*ticket, printing::TicketFormat::Roll80); }));
    Figures a4 = figures(timed(runs, [&] { printing::render_ticket(*ticket, printing::TicketFormat::A4); }));
    Figures escpos = figures(timed(runs, [&] { printing::render_ticket(*ticket, printing::TicketFormat::EscPos); }));
    fmt::print("slip to PDF, first of the process {:7.2f} ms   (target < 50 ms; {} aids, {} documents)\n", first, ticket->aids.size(),
               ticket->documents.size());
    fmt::print("slip to PDF 80 mm     median {:8.2f} ms   p99 {:8.2f} ms   (target < 50 ms; {} runs)\n", roll.median, roll.p99, runs);
    fmt::print("slip to PDF A4        median {:8.2f} ms   p99 {:8.2f} ms\n", a4.median, a4.p99);
    fmt::print("slip to ESC/POS       median {:8.2f} ms   p99 {:8.2f} ms\n", escpos.median, escpos.p99);

    print_lengths(args, persona);

    printing::CupsSettings cups;
    std::string queue = args.value("--printer").value_or("");
    std::string error;
    auto destinations = printing::list_destinations(cups, &error);
    if (queue.empty())
        for (const auto& d : destinations)
            if (d.is_default) queue = d.name;
    if (queue.empty()) {
        fmt::print("slip handed to CUPS   skipped: no queue ({}); tests/printing/cups_sandbox.sh borne bench --printing --printer borne-pdf\n",
                   error.empty() ? "no default destination" : error);
        return exit_ok;
    }
    std::vector<double> submits, totals;
    int jobs = std::min(runs, 10);
    for (int k = 0; k < jobs; ++k) {
        auto out = printing::print_document({queue, pdf, "application/pdf", "borne bench"}, cups);
        if (out.result != printing::PrintResult::Printed) {
            fmt::print(stderr, "borne : {} : {}\n", queue, out.message);
            return exit_failed;
        }
        submits.push_back(out.submit_ms);
        totals.push_back(out.total_ms);
    }
    Figures submit = figures(submits), total = figures(totals);
    fmt::print("slip handed to CUPS   median {:8.2f} ms   p99 {:8.2f} ms   (target < 200 ms; queue {}, {} jobs)\n", submit.median, submit.p99, queue, jobs);
    fmt::print("  to the job's end    median {:8.2f} ms   (printer state read before and after)\n", total.median);
    return exit_ok;
}

}  // namespace borne::cli
