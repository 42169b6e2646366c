// Running the tests written next to the rules (`borne rules test`).
#pragma once

#include "borne/engine/evaluator.hpp"

#include <optional>
#include <string>
#include <vector>

namespace borne::engine {

struct RulesTestOutcome {
    const RulesTest* test = nullptr;
    std::vector<std::string> failures;  // empty: passed
    bool passed() const { return failures.empty(); }
};

std::vector<RulesTestOutcome> run_rules_tests(const RuleSet& rules);

/// Reads a value written in a rules file ("573,49 €", "oui", "alf", "2026-03-01") as a value of `type`.
std::optional<Value> parse_value_text(const RuleSet& rules, Type type, const std::string& text);

}  // namespace borne::engine
