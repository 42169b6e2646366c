#include "life_events.hpp"

#include <algorithm>

namespace borne::kiosk {

const std::vector<LifeEvent>& life_events() {
    static const std::vector<LifeEvent> events = {
        {"toutes", "Toutes mes aides", "toutes", {}},
        {"naissance", "J’attends un enfant", "naissance", {"grossesse", "naissance"}},
        {"demenagement", "Je déménage", "demenagement", {"demenagement"}},
        {"perte_emploi", "J’ai perdu mon emploi", "perte_emploi", {"perte_emploi"}},
        {"loyer", "J’ai du mal à payer mon loyer", "loyer", {"demenagement", "faibles_revenus"}},
        {"retraite", "Je pars à la retraite", "retraite", {"retraite"}},
        {"separation", "Je me sépare", "separation", {"separation"}},
        {"handicap", "Je suis en situation de handicap", "handicap", {"handicap"}},
    };
    return events;
}

std::vector<int> aids_of_life_event(const engine::RuleSet& rules, const LifeEvent& event) {
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
