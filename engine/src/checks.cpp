#include "borne/engine/checks.hpp"

#include <fmt/format.h>
#include <set>

namespace borne::engine {

namespace {

void collect_parameters(const RuleSet& rules, std::uint32_t index, std::set<int>& out) {
    const Node& n = rules.nodes[index];
    if (n.kind == NodeKind::Param && n.target >= 0) out.insert(n.target);
    for (std::uint32_t k = 0; k < n.child_count; ++k) collect_parameters(rules, rules.child_index(n, k), out);
}

/// The `si:` of an aid's documents and « à vérifier » notes, evaluated with its results.
template <class Visit>
void for_each_entry_condition(const Aid& aid, Visit visit) {
    for (const auto& d : aid.documents)
        if (d.condition) visit(*d.condition);
    for (const auto& n : aid.unchecked_conditions)
        if (n.condition) visit(*n.condition);
}

/// Parameters read by whatever is in force in `month`: the rule versions of that month, thresholds,
/// defaults, explanations, document conditions and those of the « à vérifier » notes.
std::set<int> parameters_in_use(const RuleSet& rules, Date month) {
    std::set<int> used;
    for (const Rule& r : rules.rules) {
        const RuleVersion* in_force = nullptr;
        for (const auto& v : r.versions)
            if (v.from <= month) in_force = &v;
        if (in_force) collect_parameters(rules, in_force->body.root, used);
        for (const auto& part : r.explanation_parts) collect_parameters(rules, part.root, used);
    }
    for (const Aid& a : rules.aids) {
        if (a.payment_threshold) collect_parameters(rules, a.payment_threshold->root, used);
        for_each_entry_condition(a, [&](const Expression& c) { collect_parameters(rules, c.root, used); });
    }
    for (const Input& in : rules.inputs) {
        if (in.default_value) collect_parameters(rules, in.default_value->root, used);
        if (in.default_condition) collect_parameters(rules, in.default_condition->root, used);
    }
    return used;
}

void collect_literals(const RuleSet& rules, std::uint32_t index, std::vector<std::uint32_t>& out) {
    const Node& n = rules.nodes[index];
    if (n.kind == NodeKind::Number && n.unit != Unit::None && n.number != Decimal{}) out.push_back(index);
    for (std::uint32_t k = 0; k < n.child_count; ++k) {
        if (n.kind == NodeKind::Call && n.func == Func::Round && k == 1) continue;  // the rounding step is not law
        collect_literals(rules, rules.child_index(n, k), out);
    }
}

}  // namespace

Diagnostics check_literals(const RuleSet& rules) {
    Diagnostics d;
    for (const Rule& r : rules.rules) {
        for (const auto& v : r.versions) {
            std::vector<std::uint32_t> found;
            collect_literals(rules, v.body.root, found);
            for (std::uint32_t node : found) {
                SourceLocation where = v.body.where;
                if (v.body.text.find('\n') == std::string::npos && where.column > 0) where.column += static_cast<int>(rules.nodes[node].offset);
                d.warning("R050", where, v.body.field,
                          fmt::format("valeur écrite en dur dans une formule ({} {}) : mettez-la dans parametres/ avec sa date et sa source",
                                      rules.nodes[node].number.to_plain(), unit_symbol(rules.nodes[node].unit)));
            }
        }
    }
    return d;
}

namespace {

/// Walks what a month's evaluation can read, following au_mois() into the months it shifts to, so that
/// a parameter is required exactly in the months where some rule in force reads it.
class CoverageWalker {
public:
    CoverageWalker(const RuleSet& rules, Diagnostics& d) : R(rules), D(d) {}

    void rule(int index, Date month) {
        if (!m_seen.insert({index, month.days()}).second) return;
        const Rule& r = R.rules[static_cast<std::size_t>(index)];
        if (r.role == RuleRole::AidEligible || r.role == RuleRole::AidPaid) {
            for (int dep : r.rule_deps) rule(dep, month);
            if (r.role == RuleRole::AidPaid) {
                const Aid& aid = R.aids[static_cast<std::size_t>(r.aid)];
                if (aid.payment_threshold) node(aid.payment_threshold->root, month);
            }
            return;
        }
        const RuleVersion* in_force = nullptr;
        for (const auto& v : r.versions)
            if (v.from <= month) in_force = &v;
        if (!in_force) {
            if (m_reported_rules.insert(index).second)
                D.error("R030", r.where, r.id, fmt::format("aucune version de la règle n'est en vigueur en {} {}", french_month_name(month.month()), month.year()));
            return;
        }
        node(in_force->body.root, month);
        for (const auto& part : r.explanation_parts) node(part.root, month);
    }

    void node(std::uint32_t index, Date month) {
        const Node& n = R.nodes[index];
        if (n.kind == NodeKind::Param && n.target >= 0) parameter(n.target, month);
        if (n.kind == NodeKind::RuleRef) rule(n.target, month);
        if (n.kind == NodeKind::Input) {
            const Input& in = R.inputs[static_cast<std::size_t>(n.target)];
            if (in.default_value) node(in.default_value->root, month);
            if (in.default_condition) node(in.default_condition->root, month);
        }
        if (n.kind == NodeKind::Call && n.func == Func::AtMonth) {
            node(R.child_index(n, 0), month.plus_months(n.key));
            return;
        }
        for (std::uint32_t k = 0; k < n.child_count; ++k) node(R.child_index(n, k), month);
    }

private:
    const RuleSet& R;
    Diagnostics& D;
    std::set<std::pair<int, std::int32_t>> m_seen;
    std::set<int> m_reported_params, m_reported_rules;

    void parameter(int p, Date month) {
        const Parameter& param = R.parameters[static_cast<std::size_t>(p)];
        if (param.at(month) || !m_reported_params.insert(p).second) return;
        D.error("R030", param.where, param.id, fmt::format("aucune valeur en {} {} alors que le paramètre sert ce mois-là", french_month_name(month.month()), month.year()));
    }
};

/// A local aid outside its `valide_du`/`valide_jusqu_au` is not evaluated that month (the evaluator answers
/// « hors période » before reading its formulas), so its parameters need no value then.
bool offered_in(const Aid& a, Date month) {
    return !(a.valid_from && month < a.valid_from->first_of_month()) && !(a.valid_until && month > *a.valid_until);
}

}  // namespace

Diagnostics check_coverage(const RuleSet& rules, Date first_month, Date last_month) {
    Diagnostics d;
    CoverageWalker walker(rules, d);
    for (Date m = first_month.first_of_month(); m <= last_month; m = m.plus_months(1)) {
        for (std::size_t r = 0; r < rules.rules.size(); ++r) {
            const int aid = rules.rules[r].aid;
            if (aid >= 0 && !offered_in(rules.aids[static_cast<std::size_t>(aid)], m)) continue;
            walker.rule(static_cast<int>(r), m);
        }
        for (const Aid& a : rules.aids)
            if (offered_in(a, m)) for_each_entry_condition(a, [&](const Expression& c) { walker.node(c.root, m); });
    }
    return d;
}

std::optional<Staleness> staleness(const Parameter& param, Date today) {
    std::optional<Date> last_due;
    for (auto [month, day] : param.revaluations) {
        Date due = Date::from_ymd(today.year(), month, day);
        if (due > today) due = Date::from_ymd(today.year() - 1, month, day);
        if (!last_due || due > *last_due) last_due = due;
    }
    if (!last_due) return std::nullopt;
    if (param.verified_on && *param.verified_on >= *last_due) return std::nullopt;  // first: no value to look up
    const ParamValue* current = param.at(today);
    if (current && current->from >= *last_due) return std::nullopt;
    return Staleness{current ? current->from : Date{}, *last_due};
}

std::vector<StaleValue> stale_values(const RuleSet& rules, Date today) {
    std::vector<StaleValue> out;
    for (int p : parameters_in_use(rules, today))
        if (auto stale = staleness(rules.parameters[static_cast<std::size_t>(p)], today)) out.push_back({p, *stale});
    return out;
}

Diagnostics check_local_verification(const RuleSet& rules, Date today) {
    Diagnostics d;
    Date year_ago = today.plus_years(-1);
    for (const auto& pack : rules.local_packs)
        if (pack.checked_on && *pack.checked_on < year_ago)
            d.warning("R033", pack.where, "vérifié_le", fmt::format("paquet local « {} » vérifié le {} : plus d'un an", pack.name, pack.checked_on->french()));
    for (const auto& aid : rules.aids)
        if (aid.local_pack >= 0 && aid.checked_on && *aid.checked_on < year_ago)
            d.warning("R033", aid.where, "vérifié_le",
                      fmt::format("aide locale « {} » vérifiée le {} : plus d'un an, relisez son texte (délibération, règlement) et ses montants", aid.id,
                                  aid.checked_on->french()));
    return d;
}

Diagnostics check_staleness(const RuleSet& rules, Date today) {
    Diagnostics d;
    for (const auto& stale : stale_values(rules, today)) {
        const Parameter& param = rules.parameters[static_cast<std::size_t>(stale.parameter)];
        d.warning("R031", param.where, param.id,
                  fmt::format("revalorisation attendue le {} : aucune valeur depuis, et vérifié le {}", stale.staleness.due.french(),
                              param.verified_on ? param.verified_on->french() : "(jamais)"));
    }
    return d;
}

}  // namespace borne::engine
