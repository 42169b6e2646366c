// borne stats: the anonymous figures of the kiosk, week by week, as a table or CSV.
#include "commands.hpp"
#include "storage_args.hpp"

#include "borne/storage/statistics.hpp"

#include <fmt/format.h>

namespace borne::cli {

namespace {

std::string duration_text(const std::optional<int>& s) {
    if (!s) return "—";
    return fmt::format("{} min {:02} s", *s / 60, *s % 60);
}

std::string percent(double x) { return fmt::format("{:.0f} %", x * 100); }

}  // namespace

int command_stats(const Args& args) {
    std::optional<engine::Date> from, to;
    if (auto f = args.value("--from")) {
        from = engine::Date::parse(*f);
        if (!from) return usage_error(fmt::format("--from : date illisible « {} » (attendu AAAA-MM-JJ)", *f));
    }
    if (auto t = args.value("--to")) {
        to = engine::Date::parse(*t);
        if (!to) return usage_error(fmt::format("--to : date illisible « {} » (attendu AAAA-MM-JJ)", *t));
    }
    std::string format = args.value("--format").value_or("table");
    if (format != "table" && format != "csv") return usage_error("--format table ou csv");
    auto storage = open_storage_or_report(args);
    if (!storage) return exit_bad_input;
    auto report = storage::statistics_report(*storage->database, from, to);
    if (!report.ok()) {
        fmt::print(stderr, "borne : {}\n", report.error);
        return exit_failed;
    }
    const auto& r = *report.value;
    if (format == "csv") {
        fmt::print("semaine,commencees,terminees,taux_achevement,duree_mediane_s,aides_par_simulation_terminee,part_avec_au_moins_une_aide,tickets_imprimes\n");
        auto row = [](const std::string& label, const storage::PeriodFigures& p) {
            fmt::print("{},{},{},{:.3f},{},{:.2f},{:.3f},{}\n", label, p.started, p.completed, p.completion_rate(),
                       p.median_duration_s ? std::to_string(*p.median_duration_s) : "", p.aids_per_completed(), p.share_with_aid(), p.slips_printed);
        };
        for (const auto& w : r.weeks) row(w.week.iso(), w);
        row("total", r.total);
        return exit_ok;
    }
    fmt::print("{:<12} {:>10} {:>9} {:>8} {:>14} {:>13} {:>12} {:>8}\n", "semaine du", "commencées", "terminées", "taux", "durée médiane",
               "aides/simul.", "≥ 1 aide", "tickets");
    auto row = [](const std::string& label, const storage::PeriodFigures& p) {
        fmt::print("{:<12} {:>10} {:>9} {:>8} {:>14} {:>13.1f} {:>12} {:>8}\n", label, p.started, p.completed, percent(p.completion_rate()),
                   duration_text(p.median_duration_s), p.aids_per_completed(), percent(p.share_with_aid()), p.slips_printed);
    };
    for (const auto& w : r.weeks) row(w.week.iso(), w);
    row("total", r.total);
    if (r.total.started == 0) fmt::print("(aucune visite enregistrée sur cette période)\n");
    return exit_ok;
}

}  // namespace borne::cli
