// Loading a rules folder: every file read, checked and resolved, or nothing at all.
#pragma once

#include "borne/engine/diagnostic.hpp"
#include "borne/engine/rules.hpp"

#include <memory>
#include <optional>
#include <vector>
#include <string>

namespace borne::engine {

struct LoadResult {
    /// Null when any error was found: the kiosk never runs on half a rule set.
    std::shared_ptr<const RuleSet> rules;
    Diagnostics diagnostics;
};

struct LoadOptions {
    /// Read the tests too (tests/ and *.tests.yaml). The kiosk and `borne simulate` do not need them,
    /// and they are a third of the text to parse.
    bool tests = true;
};

/// Which local packs and aids (local/<collectivité>/) to read.
struct LocalChoice {
    /// The day the rules are loaded for: a local pack or aid whose validity has ended (or not begun) that
    /// day is left out with a warning naming its file (R032). Unset: every pack is read, whatever the date.
    std::optional<Date> today;
    /// The local aids this site evaluates (the site file's aides_locales); the others stay listed in their
    /// pack (RuleSet::local_packs) but are not read. Unset: every local aid is read (maintainers, tests).
    std::optional<std::vector<std::string>> aids;
};

/// Reads `folder` (questions/, parametres/, definitions/, aides/, local/, donnees/, tests/, pieces.yaml,
/// organismes.yaml, references/) and checks names, types, units and cycles.
LoadResult load_rules(const std::string& folder, LoadOptions options = {}, const LocalChoice& local = {});

/// "646,52 €", "16,5 %", "25 ans", "3 mois", "12": a number and its unit. Percentages are divided by 100.
struct Quantity {
    Decimal value;
    Unit unit = Unit::None;
};
std::optional<Quantity> parse_quantity(std::string_view text);

}  // namespace borne::engine
