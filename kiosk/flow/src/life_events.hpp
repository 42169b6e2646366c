// The « moments de vie » a visitor may start from, and the aids each puts first: data of the rules
// (rules/moments_de_vie.yaml, read and checked by the engine).
#pragma once

#include "borne/engine/rules.hpp"

#include <vector>

namespace borne::kiosk {

/// The aids a life event puts first (none for « toutes mes aides », which lists no moment).
std::vector<int> aids_of_life_event(const engine::RuleSet& rules, const engine::LifeEvent& event);

}  // namespace borne::kiosk
