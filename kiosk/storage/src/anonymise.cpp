#include "borne/storage/anonymise.hpp"

namespace borne::storage {

std::string age_band(int age) {
    if (age < 25) return "moins_25";
    if (age < 40) return "25_39";
    if (age < 60) return "40_59";
    return "60_plus";
}

void describe_household(Visit& visit, const engine::Situation& situation, const engine::RuleSet& rules) {
    using engine::Answer;
    auto given = [&](const char* id, int person) -> const Answer* {
        int input = rules.find_input(id);
        if (input < 0) return nullptr;
        const auto& inp = rules.inputs[static_cast<std::size_t>(input)];
        if (inp.entity == engine::Entity::Person && (person < 0 || static_cast<std::size_t>(person) >= situation.persons.size())) return nullptr;
        const Answer& a = situation.get(input, person);
        return a.state == Answer::State::Given ? &a : nullptr;
    };
    if (const Answer* birth = given("personne.date_naissance", 0))
        visit.age_band = age_band(engine::Date::full_years_between(birth->date, situation.month));
    auto couple = situation.in_couple(rules);
    auto children = situation.child_count(rules);
    if (children) visit.children = *children >= 3 ? "3+" : std::to_string(*children);
    if (couple && children)
        visit.household = std::string(*couple ? "couple" : "seul") + (*children > 0 ? "_avec_enfants" : "");
    if (const Answer* status = given("logement.statut", -1)) {
        int input = rules.find_input("logement.statut");
        int e = rules.inputs[static_cast<std::size_t>(input)].type.enumeration;
        if (e >= 0 && status->choice >= 0 && static_cast<std::size_t>(status->choice) < rules.enumerations[static_cast<std::size_t>(e)].values.size())
            visit.housing = rules.enumerations[static_cast<std::size_t>(e)].values[static_cast<std::size_t>(status->choice)];
    }
    if (const Answer* commune = given("logement.commune", -1); commune && !commune->text.empty()) visit.commune = commune->text;
}

nlohmann::json anonymised_situation(const nlohmann::json& document) {
    nlohmann::json out = document;
    auto reduce = [](nlohmann::json& person) {
        if (!person.is_object()) return;
        auto it = person.find("date_naissance");
        if (it != person.end() && it->is_string() && it->get<std::string>().size() >= 7) *it = it->get<std::string>().substr(0, 7) + "-01";
    };
    for (const char* key : {"demandeur", "conjoint"})
        if (out.contains(key)) reduce(out[key]);
    if (out.contains("enfants") && out["enfants"].is_array())
        for (auto& child : out["enfants"]) reduce(child);
    return out;
}

}  // namespace borne::storage
