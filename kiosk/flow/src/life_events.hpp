// The « moments de vie » a visitor may start from, and the aids each puts first.
#pragma once

#include "borne/engine/rules.hpp"

#include <string>
#include <vector>

namespace borne::kiosk {

struct LifeEvent {
    std::string id;         // "naissance"
    std::string label;      // "J'attends un enfant"
    std::string pictogram;
    std::vector<std::string> moments;  // the aids' `moments_de_vie` it covers; empty: every aid
};

const std::vector<LifeEvent>& life_events();
/// The aids a life event puts first (none for « toutes mes aides »).
std::vector<int> aids_of_life_event(const engine::RuleSet& rules, const LifeEvent& event);

}  // namespace borne::kiosk
