#include "borne/engine/situation.hpp"

#include "borne/engine/formatter.hpp"
#include "expr_parser.hpp"

#include <algorithm>
#include <cmath>
#include <fmt/format.h>
#include <nlohmann/json.hpp>

namespace borne::engine {

using nlohmann::json;

std::optional<bool> Situation::in_couple(const RuleSet& rules) const {
    const Answer& a = household[static_cast<std::size_t>(rules.input_in_couple)];
    if (a.state != Answer::State::Given) return std::nullopt;
    return a.boolean;
}

std::optional<int> Situation::child_count(const RuleSet& rules) const {
    const Answer& a = household[static_cast<std::size_t>(rules.input_child_count)];
    if (a.state != Answer::State::Given) return std::nullopt;
    return static_cast<int>(a.number.to_int());
}

Situation Situation::empty(const RuleSet& rules, Date month) {
    Situation s;
    s.month = month.first_of_month();
    s.household.resize(rules.inputs.size());
    s.persons.emplace_back(rules.inputs.size());
    return s;
}

const Answer& Situation::absent_answer() {
    static const Answer absent;
    return absent;
}

void Situation::set(const RuleSet& rules, int input, int person, Answer answer) {
    if (person < 0) {
        bool was_couple = in_couple(rules).value_or(false);
        household[static_cast<std::size_t>(input)] = std::move(answer);
        bool couple = in_couple(rules).value_or(false);
        if (input == rules.input_in_couple && couple != was_couple) {
            if (couple) persons.insert(persons.begin() + 1, std::vector<Answer>(rules.inputs.size()));
            else if (persons.size() > 1) persons.erase(persons.begin() + 1);
            // The screens answered about the persons after the claimant move with them (the partner's go).
            std::erase_if(groups_answered, [&](const auto& g) { return !couple && g.second == 1; });
            for (auto& g : groups_answered)
                if (g.second >= 1) g.second += couple ? 1 : -1;
        }
        if (input == rules.input_child_count) {
            std::size_t wanted = static_cast<std::size_t>(first_child_index(rules) + std::max(0, child_count(rules).value_or(0)));
            persons.resize(wanted, std::vector<Answer>(rules.inputs.size()));
        }
        return;
    }
    if (static_cast<std::size_t>(person) < persons.size()) persons[static_cast<std::size_t>(person)][static_cast<std::size_t>(input)] = std::move(answer);
}

bool Situation::group_answered(int group, int person) const {
    return std::find(groups_answered.begin(), groups_answered.end(), std::make_pair(group, person)) != groups_answered.end();
}

PersonRef person_ref(const Situation& s, const RuleSet& rules, int person) {
    using Role = PersonRef::Role;
    if (person < 0) return {Role::Household, 0};
    if (person == 0) return {Role::Claimant, 0};
    if (person == s.partner_index(rules)) return {Role::Partner, 0};
    return {Role::Child, person - s.first_child_index(rules) + 1};
}

std::string person_label(const Situation& s, const RuleSet& rules, int person) { return french().person(person_ref(s, rules, person)); }

std::string person_path(const Situation& s, const RuleSet& rules, int person) {
    if (person < 0) return "foyer";
    if (person == 0) return "demandeur";
    if (person == s.partner_index(rules)) return "conjoint";
    return fmt::format("enfants[{}]", person - s.first_child_index(rules));
}

std::string answer_path(const Situation& s, const RuleSet& rules, int input, int person) {
    const Input& in = rules.inputs[static_cast<std::size_t>(input)];
    return (person < 0 ? in.group : person_path(s, rules, person)) + "." + in.name;
}

namespace {

class SituationParser {
public:
    SituationParser(const RuleSet& rules, ParsedSituation& out) : R(rules), m_out(out) {}

    void run(const json& doc, Date default_month) {
        if (!doc.is_object()) {
            error("", "un objet JSON { … } est attendu");
            return;
        }
        for (auto it = doc.begin(); it != doc.end(); ++it) {
            static const char* known[] = {"version", "mois", "foyer", "demandeur", "conjoint", "enfants", "logement", "$schema"};
            if (std::find_if(std::begin(known), std::end(known), [&](const char* k) { return it.key() == k; }) == std::end(known))
                error(it.key(), "clé inconnue (attendues : version, mois, foyer, demandeur, conjoint, enfants, logement)");
        }
        if (doc.contains("version")) {
            const json& v = doc["version"];
            if (!v.is_number_integer() || v.get<int>() != situation_format_version)
                error("version", fmt::format("version de format non prise en charge (attendue : {})", situation_format_version));
        }
        Date month = default_month;
        if (doc.contains("mois")) {
            const json& m = doc["mois"];
            std::optional<Date> d = m.is_string() ? Date::parse(m.get<std::string>(), true) : std::nullopt;
            if (!d) error("mois", "mois illisible (attendu AAAA-MM)");
            else month = *d;
        }
        Situation s = Situation::empty(R, month);

        if (doc.contains("foyer")) read_entity(doc["foyer"], "foyer", "foyer", s, -1);
        if (doc.contains("logement")) read_entity(doc["logement"], "logement", "logement", s, -1);

        // The household's shape: stated, or implied by the persons given.
        bool partner_given = doc.contains("conjoint") && !doc["conjoint"].is_null();
        if (partner_given && !m_couple) {
            m_couple = Answer{};
            m_couple->state = Answer::State::Given;
            m_couple->boolean = true;
        } else if (partner_given && !(m_couple->state == Answer::State::Given && m_couple->boolean)) {
            error("conjoint", "un conjoint est décrit mais foyer.en_couple ne vaut pas oui");
        }
        if (m_couple) s.set(R, R.input_in_couple, -1, *m_couple);
        const json* children = doc.contains("enfants") ? &doc["enfants"] : nullptr;
        if (children && !children->is_array()) {
            error("enfants", "une liste [ … ] est attendue");
            children = nullptr;
        }
        if (children && !m_count) {
            m_count = Answer{};
            m_count->state = Answer::State::Given;
            m_count->number = Decimal::from_int(static_cast<std::int64_t>(children->size()));
        }
        if (m_count && m_count->state == Answer::State::Given) {
            auto count = m_count->number.to_int();
            if (count < 0 || count > 20) {
                error("foyer.nombre_enfants", "nombre d'enfants hors limites (0 à 20)");
                return;
            }
            if (children && static_cast<std::int64_t>(children->size()) > count)
                error("enfants", fmt::format("{} enfants décrits pour foyer.nombre_enfants = {}", children->size(), count));
        } else if (children && !children->empty()) {
            error("enfants", "des enfants sont décrits mais le nombre d'enfants est inconnu");
        }
        if (m_count) s.set(R, R.input_child_count, -1, *m_count);

        if (doc.contains("demandeur")) read_entity(doc["demandeur"], "demandeur", "personne", s, 0);
        if (partner_given && s.partner_index(R) >= 0) read_entity(doc["conjoint"], "conjoint", "personne", s, s.partner_index(R));
        if (children) {
            int first = s.first_child_index(R);
            for (std::size_t k = 0; k < children->size(); ++k) {
                int person = first + static_cast<int>(k);
                if (static_cast<std::size_t>(person) >= s.persons.size()) break;
                read_entity((*children)[k], fmt::format("enfants[{}]", k), "personne", s, person);
            }
        }
        if (m_out.errors.empty()) m_out.situation = std::move(s);
    }

private:
    const RuleSet& R;
    ParsedSituation& m_out;
    std::optional<Answer> m_couple, m_count;

    void error(std::string path, std::string message) { m_out.errors.push_back({std::move(path), std::move(message)}); }

    void read_entity(const json& object, const std::string& path, const std::string& group, Situation& s, int person) {
        if (object.is_null()) return;
        if (!object.is_object()) {
            error(path, "un objet { … } est attendu");
            return;
        }
        for (auto it = object.begin(); it != object.end(); ++it) {
            std::string field = path + "." + it.key();
            int input = R.find_input(group + "." + fold_name(it.key()));
            if (input < 0) {
                error(field, fmt::format("question inconnue « {}.{} »", group, it.key()));
                continue;
            }
            auto answer = read_answer(R.inputs[static_cast<std::size_t>(input)], it.value(), field);
            if (!answer) continue;
            if (person < 0 && input == R.input_in_couple) {
                m_couple = *answer;  // the shape is applied once everything is read
            } else if (person < 0 && input == R.input_child_count) {
                m_count = *answer;
            } else {
                s.set(R, input, person, *answer);
            }
        }
    }

    std::optional<Answer> read_answer(const Input& in, const json& v, const std::string& field) {
        Answer a;
        if (v.is_null()) {
            if (!in.dont_know_allowed) {
                error(field, "cette question n'accepte pas « je ne sais pas » (null)");
                return std::nullopt;
            }
            a.state = Answer::State::DontKnow;
            return a;
        }
        a.state = Answer::State::Given;
        std::string text = v.is_string() ? v.get<std::string>() : "";
        switch (in.input_type) {
            case InputType::YesNo: {
                std::string t = fold_name(text);
                if (v.is_boolean()) a.boolean = v.get<bool>();
                else if (t == "oui" || t == "vrai") a.boolean = true;
                else if (t == "non" || t == "faux") a.boolean = false;
                else {
                    error(field, "oui ou non attendu (true/false)");
                    return std::nullopt;
                }
                return a;
            }
            case InputType::Date: {
                auto d = v.is_string() ? Date::parse(text) : std::nullopt;
                if (!d) {
                    error(field, "date attendue au format AAAA-MM-JJ");
                    return std::nullopt;
                }
                a.date = *d;
                return a;
            }
            case InputType::Amount:
            case InputType::Integer: {
                std::optional<Decimal> n;
                if (v.is_number_integer()) n = Decimal::from_int(v.get<std::int64_t>());
                else if (v.is_number_float() && std::isfinite(v.get<double>()) && std::fabs(v.get<double>()) < 1e12) n = Decimal::from_double(v.get<double>());
                else if (v.is_string()) {
                    std::string t = text;
                    if (t.size() >= 3 && t.ends_with("€")) t.resize(t.size() - 3);
                    n = Decimal::parse(t);
                }
                if (!n) {
                    error(field, in.input_type == InputType::Amount ? "montant attendu (650 ou « 650,50 € »)" : "nombre entier attendu");
                    return std::nullopt;
                }
                if (in.input_type == InputType::Integer && !n->is_integer()) {
                    error(field, "nombre entier attendu");
                    return std::nullopt;
                }
                Decimal min = in.minimum.value_or(Decimal{});
                if (*n < min || (in.maximum && *n > *in.maximum)) {
                    error(field, in.maximum ? fmt::format("valeur hors limites ({} à {})", min.to_french(2), in.maximum->to_french(2))
                                            : fmt::format("valeur inférieure au minimum ({})", min.to_french(2)));
                    return std::nullopt;
                }
                a.number = *n;
                return a;
            }
            case InputType::Choice: {
                const Enumeration& e = R.enumerations[static_cast<std::size_t>(in.type.enumeration)];
                a.choice = v.is_string() ? e.find(fold_name(text)) : -1;
                if (a.choice < 0) {
                    std::string values;
                    for (const auto& x : e.values) values += (values.empty() ? "" : ", ") + x;
                    error(field, fmt::format("réponse inconnue ; attendues : {}", values));
                    return std::nullopt;
                }
                return a;
            }
            case InputType::Text:
                if (!v.is_string() || text.empty() || text.size() > 200) {
                    error(field, "texte attendu");
                    return std::nullopt;
                }
                a.text = text;
                return a;
        }
        return std::nullopt;
    }
};

json answer_to_json(const RuleSet& rules, const Input& in, const Answer& a) {
    if (a.state == Answer::State::DontKnow) return nullptr;
    switch (in.input_type) {
        case InputType::YesNo: return a.boolean;
        case InputType::Date: return a.date.iso();
        case InputType::Amount: return a.number.is_integer() ? json(a.number.to_int()) : json(a.number.to_double());
        case InputType::Integer: return a.number.to_int();
        case InputType::Choice: return rules.enumerations[static_cast<std::size_t>(in.type.enumeration)].values[static_cast<std::size_t>(a.choice)];
        case InputType::Text: return a.text;
    }
    return nullptr;
}

}  // namespace

ParsedSituation parse_situation_document(const json& document, const RuleSet& rules, Date default_month) {
    ParsedSituation out;
    SituationParser parser(rules, out);
    parser.run(document, default_month);
    return out;
}

ParsedSituation parse_situation(const std::string& json_text, const RuleSet& rules, Date default_month) {
    json doc;
    try {
        // Exceptions on: nlohmann reports the position of a syntax error, and a number too large to hold
        // (out_of_range) is thrown even with exceptions off.
        doc = json::parse(json_text);
    } catch (const json::exception& e) {
        ParsedSituation out;
        out.errors.push_back({"", fmt::format("JSON illisible : {}", e.what())});
        return out;
    }
    return parse_situation_document(doc, rules, default_month);
}

json situation_to_json(const Situation& s, const RuleSet& rules) {
    json doc = json::object();
    doc["version"] = situation_format_version;
    doc["mois"] = s.month.iso().substr(0, 7);
    json foyer = json::object(), logement = json::object();
    for (std::size_t i = 0; i < rules.inputs.size(); ++i) {
        const Input& in = rules.inputs[i];
        if (in.entity != Entity::Household || s.household[i].state == Answer::State::Absent) continue;
        (in.group == "logement" ? logement : foyer)[in.name] = answer_to_json(rules, in, s.household[i]);
    }
    if (!foyer.empty()) doc["foyer"] = foyer;
    auto person = [&](int p) {
        json o = json::object();
        for (std::size_t i = 0; i < rules.inputs.size(); ++i) {
            const Input& in = rules.inputs[i];
            const Answer& a = s.persons[static_cast<std::size_t>(p)][i];
            if (in.entity == Entity::Person && a.state != Answer::State::Absent) o[in.name] = answer_to_json(rules, in, a);
        }
        return o;
    };
    doc["demandeur"] = person(0);
    if (s.partner_index(rules) >= 0) doc["conjoint"] = person(1);
    if (s.child_count(rules)) {
        json children = json::array();
        for (int p = s.first_child_index(rules); p < static_cast<int>(s.persons.size()); ++p) children.push_back(person(p));
        doc["enfants"] = children;
    }
    if (!logement.empty()) doc["logement"] = logement;
    return doc;
}

}  // namespace borne::engine
