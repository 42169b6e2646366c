#include "borne/kiosk/persona.hpp"

#include "entry.hpp"

#include <algorithm>
#include <fmt/format.h>

namespace borne::kiosk {

using engine::Answer;
using engine::InputType;

PersonaPlayer::Next PersonaPlayer::next(const Flow& flow) {
    const View& v = flow.view();
    m_note.clear();
    if (v.idle_warning) return {Step::Tap, "je_suis_la", {}};
    if (!m_pending.empty()) {
        Next n{Step::Tap, m_pending.front(), {}};
        m_pending.pop_front();
        return n;
    }
    switch (v.screen) {
        case Screen::Welcome: return {Step::Tap, "commencer", {}};
        case Screen::LifeEvent: return {Step::Tap, "evenement:toutes", {}};
        case Screen::Question: return plan_answer(flow);
        case Screen::Group: return plan_ticks(flow);
        case Screen::Communes: {
            auto q = flow.current_question();
            const Answer& a = m_persona.get(q->first, q->second);
            return {Step::Tap, "commune:" + a.text, {}};
        }
        case Screen::Recap: return {Step::Tap, "voir_resultats", {}};
        case Screen::Results: return {Step::Done, {}, {}};
        default: return {Step::Tap, "retour", {}};
    }
}

PersonaPlayer::Next PersonaPlayer::without_answer(const Flow& flow, const std::string& where) {
    auto [input, person] = *flow.current_question();
    const std::string question = engine::question_text(flow.rules(), flow.situation(), input, person);
    // What a visitor without the answer does: « Je ne sais pas » where the question offers it.
    auto actions = flow.view().actions();
    if (std::find(actions.begin(), actions.end(), "je_ne_sais_pas") != actions.end()) {
        m_note = fmt::format("« Je ne sais pas » touché : la situation ne répond pas à « {} » ({})", question, where);
        return {Step::Tap, "je_ne_sais_pas", {}};
    }
    return {Step::Stuck, {}, fmt::format("la situation ne répond pas à « {} » ({}), et la question n'offre pas « Je ne sais pas »", question, where)};
}

PersonaPlayer::Next PersonaPlayer::plan_answer(const Flow& flow) {
    auto [input, person] = *flow.current_question();
    const engine::RuleSet& R = flow.rules();
    const engine::Input& in = R.inputs[static_cast<std::size_t>(input)];
    bool person_input = in.entity == engine::Entity::Person;
    if (person_input && static_cast<std::size_t>(person) >= m_persona.persons.size())
        return {Step::Stuck, {}, fmt::format("la situation n'a pas la personne {} que la borne interroge", person)};
    const Answer& a = m_persona.get(input, person);
    std::string where = engine::answer_path(m_persona, R, input, person);
    if (a.state == Answer::State::DontKnow) return {Step::Tap, "je_ne_sais_pas", {}};
    if (a.state != Answer::State::Given) return without_answer(flow, where);

    auto type_keys = [&](const std::string& digits) {
        for (std::size_t k = 0; k < flow.view().entry_length; ++k) m_pending.push_back("key:effacer");
        for (char c : digits) m_pending.push_back(c == ',' ? "key:virgule" : fmt::format("key:{}", c));
        m_pending.push_back("valider");
    };
    switch (in.input_type) {
        case InputType::YesNo: return {Step::Tap, a.boolean ? "oui" : "non", {}};
        case InputType::Choice:
            return {Step::Tap, "choix:" + R.enumerations[static_cast<std::size_t>(in.type.enumeration)].values[static_cast<std::size_t>(a.choice)], {}};
        case InputType::Date: type_keys(fmt::format("{:02}{:02}{:04}", a.date.day(), a.date.month(), a.date.year())); break;
        case InputType::Integer:
        case InputType::Amount: {
            if (a.number < engine::Decimal{}) return {Step::Stuck, {}, fmt::format("montant négatif ({}) : pas de touche moins", where)};
            type_keys(keypad_digits(a.number));
            break;
        }
        case InputType::Text: {
            const engine::Commune* c = m_communes ? m_communes->by_insee(a.text) : nullptr;
            if (m_communes && (!c || c->postal_codes.empty()))
                return {Step::Stuck, {}, fmt::format("commune « {} » inconnue ({})", a.text, where)};
            type_keys(c ? c->postal_codes.front() : a.text);
            break;
        }
    }
    return next(flow);
}

/// A « Qui ? » or « Lesquels ? » screen: the toggles whose answers the situation says yes (or more than
/// 0 €) to ticked, the others not, then « Valider ».
PersonaPlayer::Next PersonaPlayer::plan_ticks(const Flow& flow) {
    auto [group, person] = *flow.current_group();
    const engine::RuleSet& R = flow.rules();
    if (person >= 0 && static_cast<std::size_t>(person) >= m_persona.persons.size())
        return {Step::Stuck, {}, fmt::format("la situation n'a pas la personne {} que la borne interroge", person)};
    auto ticks = engine::ticks_of(R, m_persona, flow.situation(), group, person);
    if (!ticks) {
        // Name the first answer the situation leaves out, where a situation file would hold it.
        std::string where;
        for (const auto& t : engine::group_toggles(R, flow.situation(), group, person))
            for (auto [input, p] : t.settles)
                if (where.empty() && m_persona.get(input, p).state != Answer::State::Given) where = engine::answer_path(m_persona, R, input, p);
        return {Step::Stuck, {}, fmt::format("la situation ne répond pas à « {} » ({})", R.groups[static_cast<std::size_t>(group)].question, where)};
    }
    const View& v = flow.view();
    for (std::size_t k = 0; k < ticks->size() && k < v.choices.size(); ++k)
        if (v.choices[k].toggle && v.choices[k].ticked != (*ticks)[k]) m_pending.push_back(v.choices[k].id);
    m_pending.push_back("valider");
    return next(flow);
}

}  // namespace borne::kiosk
