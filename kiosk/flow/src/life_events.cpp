#include "life_events.hpp"

#include <algorithm>

namespace borne::kiosk {

using i18n::N_;

const std::vector<LifeEvent>& life_events() {
    // TRANSLATORS: life events screen, the big buttons (two lines at most, about 30 characters).
    static const std::vector<LifeEvent> events = {
        {"toutes", N_("moment de vie", "Toutes mes aides"), "toutes", {}},
        {"naissance", N_("moment de vie", "J'attends un enfant"), "naissance", {"grossesse", "naissance"}},
        {"demenagement", N_("moment de vie", "Je déménage"), "demenagement", {"demenagement"}},
        {"perte_emploi", N_("moment de vie", "J'ai perdu mon emploi"), "perte_emploi", {"perte_emploi"}},
        {"loyer", N_("moment de vie", "J'ai du mal à payer mon loyer"), "loyer", {"demenagement", "faibles_revenus"}},
        {"retraite", N_("moment de vie", "Je pars à la retraite"), "retraite", {"retraite"}},
        {"separation", N_("moment de vie", "Je me sépare"), "separation", {"separation"}},
        {"handicap", N_("moment de vie", "Je suis en situation de handicap"), "handicap", {"handicap"}},
    };
    return events;
}

std::string life_event_label(const LifeEvent& event, const i18n::Catalogue& lang) { return lang.tr("moment de vie", event.label); }

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
