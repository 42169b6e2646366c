// Loading a rules folder: every file read, checked and resolved, or nothing at all.
#pragma once

#include "borne/engine/diagnostic.hpp"
#include "borne/engine/rules.hpp"

#include <memory>
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

/// Reads `folder` (questions/, parametres/, definitions/, aides/, local/, donnees/, tests/, pieces.yaml,
/// organismes.yaml, references/) and checks names, types, units and cycles.
LoadResult load_rules(const std::string& folder, LoadOptions options = {});

/// "646,52 €", "16,5 %", "25 ans", "3 mois", "12": a number and its unit. Percentages are divided by 100.
struct Quantity {
    Decimal value;
    Unit unit = Unit::None;
};
std::optional<Quantity> parse_quantity(std::string_view text);

}  // namespace borne::engine
