#include "borne/engine/results.hpp"

#include <fmt/format.h>
#include <set>

namespace borne::engine {

using nlohmann::json;

std::string_view periodicity_name(Periodicity p) {
    switch (p) {
        case Periodicity::Monthly: return "mensuelle";
        case Periodicity::Yearly: return "annuelle";
        case Periodicity::Once: return "unique";
    }
    return "?";
}

namespace {

std::string place(const SourceLocation& w) { return w.line > 0 ? fmt::format("{}:{}", w.file, w.line) : w.file; }

std::string answer_text(Evaluation& e, const Input& in, const Answer& a) {
    if (a.state == Answer::State::DontKnow) return "je ne sais pas";
    return e.format(Value::of_answer(a, in.type.kind), in.type);
}

std::string param_value_text(Evaluation& e, const Parameter& p, const ParamValue& v) {
    switch (p.shape) {
        case ParamShape::Scalar: return e.format(Value::of_number(v.scalar), {Kind::Number, p.unit});
        case ParamShape::Table: return "tableau";
        case ParamShape::Scale: return "barème";
        case ParamShape::Grid: return "grille";
    }
    return "";
}

}  // namespace

Trace trace_aid(Evaluation& evaluation, int aid) {
    const RuleSet& R = evaluation.rules();
    const Situation& S = evaluation.situation();
    const Aid& a = R.aids[static_cast<std::size_t>(aid)];
    Trace trace;
    std::set<int> seen_rules, params, inputs;
    std::vector<int> stack{a.paid_rule, a.eligible_rule};
    while (!stack.empty()) {
        int r = stack.back();
        stack.pop_back();
        if (!seen_rules.insert(r).second) continue;
        const Rule& rule = R.rules[static_cast<std::size_t>(r)];
        bool used = false;
        for (int p = -1; p < static_cast<int>(S.persons.size()); ++p) {
            if ((rule.entity == Entity::Household) != (p == -1)) continue;
            const Value* v = evaluation.cached(r, p);
            if (!v) continue;
            used = true;
            trace.rules.push_back({rule.id, rule.label, p >= 0 ? person_label(S, R, p) : "", evaluation.format(*v, rule.type), place(rule.where)});
        }
        if (!used) continue;  // not evaluated: short-circuited away, so not part of this result
        params.insert(rule.param_deps.begin(), rule.param_deps.end());
        inputs.insert(rule.input_deps.begin(), rule.input_deps.end());
        for (int d : rule.rule_deps) stack.push_back(d);
    }
    for (int p : params) {
        const Parameter& param = R.parameters[static_cast<std::size_t>(p)];
        const ParamValue* v = param.at(S.month);
        if (!v) continue;
        trace.parameters.push_back({param.id, param.label, param_value_text(evaluation, param, *v), v->from.iso(), v->source, v->link});
    }
    for (int i : inputs) {
        const Input& in = R.inputs[static_cast<std::size_t>(i)];
        for (int p = -1; p < static_cast<int>(S.persons.size()); ++p) {
            if ((in.entity == Entity::Household) != (p == -1)) continue;
            const Answer& ans = S.get(i, p);
            if (ans.state == Answer::State::Absent) continue;
            trace.inputs.push_back({in.id, p >= 0 ? person_label(S, R, p) : "", answer_text(evaluation, in, ans)});
        }
    }
    return trace;
}

json question_to_json(const RuleSet& rules, const Situation& situation, const RankedQuestion& q, const Formatter& formatter) {
    if (q.group >= 0) {
        // A « Qui ? » or « Lesquels ? » screen: one step, the answers it settles with it.
        const QuestionGroup& g = rules.groups[static_cast<std::size_t>(q.group)];
        json j;
        j["id"] = g.id;
        j["chemin"] = ranked_path(rules, situation, q);
        if (q.person >= 0) j["personne"] = formatter.person(person_ref(situation, rules, q.person));
        j["question"] = formatter.format(ranked_message(rules, situation, q));
        if (!g.help.empty()) j["aide"] = g.help;
        j["chapitre"] = g.chapter;
        j["type"] = g.kind == GroupKind::Who ? "qui" : "lesquels";
        json settles = json::array();
        for (const GroupToggle& t : group_toggles(rules, situation, q.group, q.person))
            for (auto [input, person] : t.settles) settles.push_back(answer_path(situation, rules, input, person));
        j["reponses"] = settles;  // the answers it settles
        j["score"] = std::round(q.score * 1000) / 1000;
        json aids = json::array();
        for (int a : q.aids) aids.push_back(rules.aids[static_cast<std::size_t>(a)].id);
        j["aides"] = aids;
        return j;
    }
    const Input& in = rules.inputs[static_cast<std::size_t>(q.input)];
    json j;
    j["id"] = in.id;
    j["chemin"] = answer_path(situation, rules, q.input, q.person);
    if (q.person >= 0) j["personne"] = formatter.person(person_ref(situation, rules, q.person));
    j["question"] = formatter.format(question_message(rules, situation, q.input, q.person));
    if (!in.help.empty()) j["aide"] = in.help;
    j["chapitre"] = in.chapter;
    static constexpr const char* types[] = {"oui/non", "date", "montant", "entier", "choix", "texte"};
    j["type"] = types[static_cast<int>(in.input_type)];
    if (in.input_type == InputType::Choice) {
        const Enumeration& e = rules.enumerations[static_cast<std::size_t>(in.type.enumeration)];
        json choices = json::array();
        for (std::size_t k = 0; k < e.values.size(); ++k) choices.push_back({{"valeur", e.values[k]}, {"libelle", e.labels[k]}});
        j["choix"] = choices;
    }
    j["je_ne_sais_pas"] = in.dont_know_allowed;
    j["score"] = std::round(q.score * 1000) / 1000;
    json aids = json::array();
    for (int a : q.aids) aids.push_back(rules.aids[static_cast<std::size_t>(a)].id);
    j["aides"] = aids;
    return j;
}

namespace {

std::vector<std::string> formatted(const Formatter& f, const std::vector<Message>& messages) {
    std::vector<std::string> out;
    out.reserve(messages.size());
    for (const Message& m : messages) out.push_back(f.format(m));
    return out;
}

}  // namespace

json results_to_json(Evaluation& evaluation, const std::vector<AidResult>& results, const ResultsOptions& options) {
    const RuleSet& R = evaluation.rules();
    const Situation& S = evaluation.situation();
    const Formatter& f = *options.formatter;
    json out;
    out["mois"] = S.month.iso().substr(0, 7);
    out["regles"] = R.fingerprint;
    json aids = json::array();
    for (const AidResult& listed : results) {
        const AidResult r = evaluation.explained(listed);  // the output says each aid's explanation
        const Aid& a = R.aids[static_cast<std::size_t>(r.aid)];
        json j;
        j["id"] = a.id;
        j["nom"] = a.name;
        j["sigle"] = a.short_name;
        j["statut"] = status_name(r.status);
        j["periodicite"] = periodicity_name(a.periodicity);
        if (a.in_kind) j["en_nature"] = true;
        if (r.status == AidStatus::Eligible) j["montant"] = std::stod(r.amount.rounded(Decimal::from_cents(1), Rounding::Nearest).to_plain());
        if (!r.reason.empty()) j["raison"] = f.format(r.reason);
        json lines = json::array();
        for (const auto& l : r.explanation) lines.push_back({{"etape", l.rule}, {"texte", f.format(l.text)}});
        if (!lines.empty()) j["explication"] = lines;
        if (a.organisation >= 0) j["organisme"] = R.organisations[static_cast<std::size_t>(a.organisation)].id;
        json claim = json::object();
        if (!a.online_service.empty()) claim["en_ligne"] = a.online_service;
        if (!a.form.empty()) claim["formulaire"] = a.form;
        if (!a.how_to_claim.empty()) claim["texte"] = a.how_to_claim;
        if (!claim.empty() && r.status != AidStatus::NotEligible) j["demarche"] = claim;
        json contact = json::object();
        for (auto [key, value] : {std::pair{"service", &a.contact.service}, {"telephone", &a.contact.phone}, {"email", &a.contact.email},
                                  {"adresse", &a.contact.address}, {"horaires", &a.contact.hours}})
            if (!value->empty()) contact[key] = *value;
        if (!contact.empty() && r.status != AidStatus::NotEligible) j["contact"] = contact;
        json docs = json::array();
        for (int d : r.documents) docs.push_back({{"id", R.documents[static_cast<std::size_t>(d)].id}, {"libelle", R.documents[static_cast<std::size_t>(d)].label}});
        if (!docs.empty()) j["pieces"] = docs;
        json missing = json::array();
        for (const Missing& m : r.missing) {
            const Input& in = R.inputs[static_cast<std::size_t>(m.input)];
            missing.push_back({{"id", in.id},
                               {"chemin", answer_path(S, R, m.input, m.person)},
                               {"question", f.format(question_message(R, S, m.input, m.person))},
                               {"deja_demande", m.asked}});
        }
        if (!missing.empty()) j["manquant"] = missing;
        if (!r.assumptions.empty()) j["hypotheses"] = formatted(f, r.assumptions);
        if (r.status == AidStatus::Eligible || r.status == AidStatus::Undetermined || r.status == AidStatus::ToCheck) {
            if (!r.unchecked.empty()) j["a_verifier"] = formatted(f, r.unchecked);
            if (!a.next_steps.empty()) j["ensuite"] = a.next_steps;
        }
        if (options.with_trace) {
            Trace t = trace_aid(evaluation, r.aid);
            json tj;
            for (const auto& x : t.rules) tj["regles"].push_back({{"id", x.id}, {"personne", x.person}, {"valeur", x.value}, {"ou", x.where}});
            for (const auto& x : t.parameters)
                tj["parametres"].push_back({{"id", x.id}, {"libelle", x.label}, {"valeur", x.value}, {"depuis", x.since}, {"source", x.source}});
            for (const auto& x : t.inputs) tj["reponses"].push_back({{"id", x.id}, {"personne", x.person}, {"valeur", x.value}});
            j["trace"] = tj;
        }
        aids.push_back(j);
    }
    out["aides"] = aids;
    if (options.next_questions) {
        out["prochaine_question"] = options.next_questions->empty() ? json(nullptr) : question_to_json(R, S, options.next_questions->front(), f);
    }
    return out;
}

std::string results_to_text(Evaluation& evaluation, const std::vector<AidResult>& results, const ResultsOptions& options) {
    const RuleSet& R = evaluation.rules();
    const Situation& S = evaluation.situation();
    const Formatter& f = *options.formatter;
    std::string out = fmt::format("Simulation pour {} (règles {})\n", f.month({S.month.year(), S.month.month()}), R.fingerprint);
    // Undetermined aids and aids an agent must compute share one section: both are for the agent.
    struct Section {
        const char* heading;
        AidStatus first, second;
    };
    for (const Section& section : {Section{"Aides probables", AidStatus::Eligible, AidStatus::Eligible},
                                   Section{"À vérifier avec un agent", AidStatus::Undetermined, AidStatus::ToCheck},
                                   Section{"Aides non obtenues", AidStatus::NotEligible, AidStatus::NotEligible},
                                   Section{"Erreurs dans les règles", AidStatus::Error, AidStatus::Error}}) {
        bool header = false;
        for (const AidResult& listed : results) {
            if (listed.status != section.first && listed.status != section.second) continue;
            const AidResult r = evaluation.explained(listed);  // the output says each aid's explanation
            if (!header) {
                out += fmt::format("\n{}\n", section.heading);
                header = true;
            }
            const Aid& a = R.aids[static_cast<std::size_t>(r.aid)];
            if (r.status == AidStatus::Eligible) {
                if (a.in_kind) out += fmt::format("  {} : droit probable\n", a.name);
                else out += fmt::format("  {} : {}\n", a.name, f.money(aid_money(a, r)));
                for (const auto& l : r.explanation) out += fmt::format("      {}\n", f.format(l.text));
                for (const auto& h : r.assumptions) out += fmt::format("      hypothèse : {}\n", f.format(h));
                for (int d : r.documents) out += fmt::format("      pièce : {}\n", R.documents[static_cast<std::size_t>(d)].label);
            } else if (r.status == AidStatus::Undetermined) {
                out += fmt::format("  {} : il manque\n", a.name);
                for (const Missing& m : r.missing) out += fmt::format("      - {}{}\n", f.format(question_message(R, S, m.input, m.person)), m.asked ? " (non connu)" : "");
            } else {
                out += fmt::format("  {} : {}\n", a.name, f.format(r.reason));
            }
            if (options.with_trace && r.status != AidStatus::NotEligible) {
                Trace t = trace_aid(evaluation, r.aid);
                for (const auto& x : t.parameters) out += fmt::format("      paramètre {} = {} (depuis le {} ; {})\n", x.id, x.value, x.since, x.source.empty() ? "source à préciser" : x.source);
            }
        }
    }
    if (options.next_questions && !options.next_questions->empty()) {
        const RankedQuestion& q = options.next_questions->front();
        out += fmt::format("\nProchaine question : {}\n", f.format(ranked_message(R, S, q)));
    }
    return out;
}

}  // namespace borne::engine
