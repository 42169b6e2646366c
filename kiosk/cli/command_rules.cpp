// borne rules check | test: what a rules maintainer runs after every change.
#include "cli_common.hpp"
#include "commands.hpp"

#include "borne/engine/catalogue.hpp"
#include "borne/engine/checks.hpp"
#include "borne/engine/rules_tests.hpp"

#include <fmt/format.h>
#include <fstream>

namespace borne::cli {

int command_rules_check(const Args& args) {
    std::string folder = args.value("--rules").value_or("");
    auto day = today_option(args);
    if (!day) return usage_error("--today : date illisible (AAAA-MM-JJ)");
    engine::Date on = *day;
    auto rules = load_rules_or_report(args, true);
    if (!rules) return exit_failed;
    // Coverage: every month from January 2024 to twelve months ahead.
    engine::Diagnostics coverage = engine::check_coverage(*rules, engine::Date::from_ymd(2024, 1, 1), on.first_of_month().plus_months(12));
    engine::Diagnostics stale = engine::check_staleness(*rules, on);
    engine::Diagnostics literals = engine::check_literals(*rules);
    engine::Diagnostics local = engine::check_local_verification(*rules, on);
    for (const auto* list : {&coverage, &stale, &literals, &local})
        for (const auto& d : list->items()) fmt::print("{}\n", d.to_string());
    fmt::print("{} aides, {} paramètres, {} questions, {} règles, {} tests ; version {}\n", rules->aids.size(), rules->parameters.size(),
               rules->inputs.size(), rules->rules.size(), rules->tests.size(), rules->fingerprint);
    fmt::print("couverture 2024-01 à {} : {}\n", on.first_of_month().plus_months(12).iso().substr(0, 7),
               coverage.empty() ? "complète" : fmt::format("{} manque(s)", coverage.items().size()));
    fmt::print("fraîcheur au {} : {}\n", on.iso(), stale.empty() ? "tous les montants en usage sont à jour" : fmt::format("{} paramètre(s) à revoir", stale.items().size()));
    fmt::print("aides locales vérifiées depuis moins d'un an : {}\n", local.empty() ? "toutes" : fmt::format("non, {} à revoir", local.items().size()));
    fmt::print("valeurs en dur dans les formules : {}\n", literals.empty() ? "aucune" : fmt::format("{} (à déplacer dans parametres/)", literals.items().size()));
    return coverage.has_errors() ? exit_failed : exit_ok;
}

/// The values `rules check` reports « à revoir » (R031), one a line with their dates, for the person who
/// keeps the rules up to date: which value is in force, which revaluation is awaited, when it was checked.
int command_rules_stale(const Args& args) {
    auto day = today_option(args);
    if (!day) return usage_error("--today : date illisible (AAAA-MM-JJ)");
    engine::Date on = *day;
    auto rules = load_rules_or_report(args, false);
    if (!rules) return exit_failed;
    auto stale = engine::stale_values(*rules, on);
    for (const auto& s : stale) {
        const auto& p = rules->parameters[static_cast<std::size_t>(s.parameter)];
        fmt::print("{} - {}\n  valeur du {} ; revalorisation attendue le {} ; vérifié le {} ({}:{})\n", p.id, p.label,
                   s.staleness.value_from.french(), s.staleness.due.french(), p.verified_on ? p.verified_on->french() : "(jamais)",
                   p.where.file, p.where.line);
    }
    fmt::print("{} valeur(s) à revoir au {}\n", stale.size(), on.iso());
    return exit_ok;
}

int command_rules_test(const Args& args) {
    auto rules = load_rules_or_report(args, true);
    if (!rules) return exit_failed;
    auto outcomes = engine::run_rules_tests(*rules);
    int passed = 0, failed = 0;
    for (const auto& o : outcomes) {
        if (o.passed()) {
            ++passed;
            if (args.has("--verbose")) fmt::print("ok    {}\n", o.test->name);
            continue;
        }
        ++failed;
        fmt::print("ÉCHEC {} ({})\n", o.test->name, o.test->source);
        for (const auto& f : o.failures) fmt::print("      {}\n", f);
    }
    fmt::print("{} passed, {} failed\n", passed, failed);
    return failed == 0 ? exit_ok : exit_failed;
}

}  // namespace borne::cli

namespace borne::cli {

int command_rules_fiches(const Args& args) {
    auto rules = load_rules_or_report(args, true);
    if (!rules) return exit_failed;
    auto day = today_option(args);
    if (!day) return usage_error("--today : date illisible (AAAA-MM-JJ)");
    engine::Date on = *day;
    std::string page = engine::aids_catalogue_markdown(*rules, on);
    if (auto out = args.value("--out")) {
        std::ofstream file(*out, std::ios::binary | std::ios::trunc);
        file << page;
        if (!file) {
            fmt::print(stderr, "{} : écriture impossible\n", *out);
            return exit_bad_input;
        }
        return exit_ok;
    }
    fmt::print("{}", page);
    return exit_ok;
}

}  // namespace borne::cli
