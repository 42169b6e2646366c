// Resolution and type checking of a freshly read RuleSet (internal to the engine).
#pragma once

#include "borne/engine/diagnostic.hpp"
#include "borne/engine/rules.hpp"

namespace borne::engine {

/// Resolves every name, checks types and units, detects cycles, and fills each rule's dependencies.
void check_rules(RuleSet& rules, Diagnostics& diags);

}  // namespace borne::engine
