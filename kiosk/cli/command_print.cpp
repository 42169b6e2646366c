// borne print: the slip of a household sent to a printer through CUPS, with one clear outcome.
#include "cli_common.hpp"
#include "commands.hpp"
#include "storage_args.hpp"
#include "ticket_input.hpp"

#include "borne/fleet/last_print.hpp"
#include "borne/printing/print_ticket.hpp"

#include <fmt/format.h>

namespace borne::cli {

namespace {

std::string state_text(const printing::PrinterState& s) {
    static constexpr const char* names[] = {"inconnu", "prête", "en cours", "arrêtée"};
    std::string reasons;
    for (const auto& r : s.reasons) reasons += (reasons.empty() ? "" : ", ") + r;
    return fmt::format("{}{}{}{}", names[static_cast<int>(s.state)], reasons.empty() ? "" : " [" + reasons + "]",
                       s.message.empty() ? "" : " « " + s.message + " »", s.accepting ? "" : " (refuse les travaux)");
}

int list_printers(const printing::CupsSettings& cups) {
    std::string error;
    auto destinations = printing::list_destinations(cups, &error);
    if (!error.empty()) {
        fmt::print(stderr, "borne : {}\n", error);
        return exit_failed;
    }
    if (destinations.empty()) fmt::print("Aucune imprimante configurée.\n");
    for (const auto& d : destinations)
        fmt::print("{}{}  {}  {}  {}\n", d.name, d.is_default ? " (par défaut)" : "", d.raw ? "brute (ESC/POS)" : "PDF", d.device_uri, state_text(d.state));
    return exit_ok;
}

}  // namespace

int command_print(const Args& args) {
    printing::PrintSettings settings;
    if (auto t = args.value("--timeout")) {
        int seconds = std::atoi(t->c_str());
        if (seconds <= 0) return usage_error("--timeout : un nombre de secondes");
        settings.cups.job_timeout = std::chrono::seconds(seconds);
    }
    if (args.has("--list")) return list_printers(settings.cups);
    if (args.positional().size() != 1) return usage_error("usage : borne print SITUATION.json [--printer FILE] [--format a4|80mm|escpos] | borne print --list");
    if (auto f = args.value("--format")) {
        settings.format = printing::parse_ticket_format(*f);
        if (!settings.format) return usage_error("--format : a4, 80mm ou escpos");
    }
    settings.queue = args.value("--printer").value_or("");
    bool rules_failed = false;
    auto ticket = ticket_from_args(args, args.positional()[0], rules_failed);
    if (!ticket) return rules_failed ? exit_failed : exit_bad_input;
    auto outcome = printing::print_ticket(*ticket, settings);
    const auto& p = outcome.print;
    // With --data, recorded as the kiosk's app records its slips, for the fleet's gauges (fleet/last_print.hpp).
    if (auto data = args.value("--data")) {
        if (auto s = fleet::record_last_print(fleet::last_print_path(*data), {p.result, unix_now()}); !s.ok()) fmt::print(stderr, "borne : {}\n", s.error);
    }
    if (p.before) fmt::print("imprimante avant : {}\n", state_text(*p.before));
    if (p.after) fmt::print("imprimante après : {}\n", state_text(*p.after));
    switch (p.result) {
        case printing::PrintResult::Printed:
            fmt::print("imprimé : file {}, travail {}, format {} (rendu {:.1f} ms, remis à CUPS en {:.1f} ms, fini en {:.1f} ms)\n", outcome.queue, p.job_id,
                       printing::ticket_format_name(outcome.format), outcome.render_ms, p.submit_ms, p.total_ms);
            return exit_ok;
        case printing::PrintResult::PrinterProblem:
            fmt::print("problème d'imprimante ({}) : {}\n", p.problem, p.message);
            return exit_failed;
        case printing::PrintResult::NotSent:
            fmt::print("non envoyé : {}\n", p.message);
            return exit_failed;
    }
    return exit_failed;
}

}  // namespace borne::cli
