#include "life_events.hpp"

#include <algorithm>

namespace borne::kiosk {

std::vector<int> aids_of_life_event(const engine::RuleSet& rules, const engine::LifeEvent& event) {
    std::vector<int> aids;
    if (event.moments.empty()) return aids;
    for (std::size_t a = 0; a < rules.aids.size(); ++a) {
        const auto& moments = rules.aids[a].life_events;
        bool covered = std::any_of(moments.begin(), moments.end(), [&](const std::string& m) {
            return std::find(event.moments.begin(), event.moments.end(), m) != event.moments.end();
        });
        if (covered) aids.push_back(static_cast<int>(a));
    }
    return aids;
}

}  // namespace borne::kiosk
