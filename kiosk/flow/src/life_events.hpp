// The « moments de vie » a visitor may start from, and the aids each puts first.
#pragma once

#include "borne/engine/rules.hpp"
#include "borne/i18n/catalogue.hpp"

#include <string>
#include <vector>

namespace borne::kiosk {

struct LifeEvent {
    std::string id;         // "naissance"
    const char* label;      // "J'attends un enfant": the msgid (life_event_label gives it in the visit's language)
    std::string pictogram;
    std::vector<std::string> moments;  // the aids' `moments_de_vie` it covers; empty: every aid
};

const std::vector<LifeEvent>& life_events();
/// The button's text in `lang`.
std::string life_event_label(const LifeEvent& event, const i18n::Catalogue& lang);
/// The aids a life event puts first (none for « toutes mes aides »).
std::vector<int> aids_of_life_event(const engine::RuleSet& rules, const LifeEvent& event);

}  // namespace borne::kiosk
