// The catalogue of aids as a readable page (rules/AIDES.md): for each aid, what it is, its conditions,
// how the amount is computed, the parameters in force with their sources, and what is not modelled.
// Generated from the rules so it never drifts from them; a test checks the committed page is current.
#pragma once

#include "borne/engine/rules.hpp"

#include <string>

namespace borne::engine {

/// Markdown for every aid, with parameter values as in force on `on`.
std::string aids_catalogue_markdown(const RuleSet& rules, Date on);

}  // namespace borne::engine
