#include "borne/engine/evaluator.hpp"

#include "borne/engine/checks.hpp"
#include "borne/engine/formatter.hpp"

#include <algorithm>
#include <fmt/format.h>

namespace borne::engine {

std::string_view status_name(AidStatus s) {
    switch (s) {
        case AidStatus::Eligible: return "eligible";
        case AidStatus::NotEligible: return "non_eligible";
        case AidStatus::Undetermined: return "indetermine";
        case AidStatus::ToCheck: return "a_verifier";
        case AidStatus::Error: return "erreur";
    }
    return "?";
}

namespace {

/// An error's text, formatted out of line: the error paths of the evaluator stay out of its hot code.
template <typename... A>
[[gnu::cold, gnu::noinline]] std::string message(fmt::format_string<A...> f, A&&... args) {
    return fmt::format(f, std::forward<A>(args)...);
}

/// The first error among the parts, else the first not-applicable, else nothing.
const Value* blocking(std::initializer_list<const Value*> parts) {
    for (const Value* p : parts)
        if (p->status == Status::Error) return p;
    for (const Value* p : parts)
        if (p->status == Status::NotApplicable) return p;
    return nullptr;
}

bool any_unknown(std::initializer_list<const Value*> parts) {
    return std::any_of(parts.begin(), parts.end(), [](const Value* p) { return p->status == Status::Unknown; });
}

Value not_applicable() {
    Value v;
    v.status = Status::NotApplicable;
    return v;
}

/// jours_du_mois, out of eval() (see the header).
[[gnu::noinline]] Value days_in(Date month) { return Value::of_number(Decimal::from_int(month.plus_months(1).days() - month.days())); }

/// In a condition, "sans objet" (no partner, no child) counts as false.
bool truth(const Value& v) { return v.status == Status::Known && v.boolean; }

}  // namespace

Evaluation::Evaluation(const RuleSet& rules, const Situation& situation) : Evaluation(rules, situation, situation.month) {}

namespace {

std::size_t slot_count(const RuleSet& rules, const Situation& situation) {
    return rules.household_rule_count + (rules.rules.size() - rules.household_rule_count) * std::max<std::size_t>(1, situation.persons.size());
}

}  // namespace

Evaluation::Evaluation(const RuleSet& rules, const Situation& situation, Date month)
    : R(rules), S(situation), m_month(month.first_of_month()), m_nodes(rules.nodes.data()), m_children(rules.children.data()),
      m_person_rule(rules.person_rule.data()), m_cache_rank(rules.cache_rank.data()), m_household_slots(rules.household_rule_count),
      m_persons(situation.persons.size()), m_partner(partner_of(rules, situation)), m_couple(situation.in_couple(rules)),
      m_child_count(situation.child_count(rules)), m_first_child(situation.first_child_index(rules)), m_slot_count(slot_count(rules, situation)), m_memory(m_slot_count * (sizeof(CacheSlot) + 1)) {
    m_cache = static_cast<CacheSlot*>(m_memory.data());  // left as it is: the states say which slots hold a value
    m_state = reinterpret_cast<std::uint8_t*>(m_cache + m_slot_count);
    std::fill_n(m_state, m_slot_count, std::uint8_t{0});
}

std::size_t Evaluation::slot(int rule, int person) const {
    std::size_t rank = m_cache_rank[static_cast<std::size_t>(rule)];
    if (!m_person_rule[static_cast<std::size_t>(rule)]) return rank;
    return m_household_slots + rank * m_persons + static_cast<std::size_t>(std::max(person, 0));
}

Evaluation::~Evaluation() = default;

Evaluation& Evaluation::at_month(Date month) {
    if (month == m_month) return *this;
    if (m_root != this) return m_root->at_month(month);
    for (auto& [days, e] : m_other_months)
        if (days == month.days()) return *e;
    auto e = std::make_unique<Evaluation>(R, S, month);
    e->m_root = this;
    m_other_months.emplace_back(month.days(), std::move(e));
    return *m_other_months.back().second;
}

Value Evaluation::adopt(const Evaluation& from, Value v) {
    // Errors and missing answers are numbered per evaluation: bring them into this one.
    if (v.status == Status::Error) return fail(from.m_errors[static_cast<std::size_t>(v.error)]);
    if (v.status == Status::Unknown && v.missing >= 0) {
        m_missing.push_back(from.missing_of(v));
        v.missing = static_cast<int>(m_missing.size() - 1);
    }
    return v;
}

Value Evaluation::eval_at_month(const Node& n, int person) {
    Evaluation& other = at_month(m_month.plus_months(n.key));
    return adopt(other, other.eval(child_index(n, 0), person));
}

const Value* Evaluation::cached(int rule, int person) const {
    if (m_person_rule[static_cast<std::size_t>(rule)] && (person < 0 || static_cast<std::size_t>(person) >= m_persons)) return nullptr;
    std::size_t s = slot(rule, person);
    return m_state[s] == 2 ? &stored(s) : nullptr;
}

void Evaluation::reuse_from(const Evaluation& base, int changed_input) {
    if (base.m_month != m_month || base.m_persons != m_persons) return;
    for (std::size_t r = 0; r < R.rules.size(); ++r) {
        const auto& closure = R.rule_input_closure[r];
        if (std::binary_search(closure.begin(), closure.end(), changed_input)) continue;
        std::size_t count = m_person_rule[r] ? m_persons : 1;
        for (std::size_t p = 0; p < count; ++p) {
            std::size_t s = slot(static_cast<int>(r), static_cast<int>(p));
            if (base.m_state[s] != 2 || m_state[s] != 0) continue;
            store(s, adopt(base, base.stored(s)));
            m_state[s] = 2;
        }
    }
}

void Evaluation::force(int rule, Value value) {
    std::size_t count = m_person_rule[static_cast<std::size_t>(rule)] ? m_persons : 1;
    for (std::size_t p = 0; p < count; ++p) {
        store(slot(rule, static_cast<int>(p)), value);
        m_state[slot(rule, static_cast<int>(p))] = 2;
    }
}

Value Evaluation::unknown_of(std::initializer_list<const Value*> parts, int bonus) {
    // One list to take as it is (every list is already without repeats): the value shares it, no copy.
    // Most unknowns are folded one part at a time (`u = unknown_of({&u, &x})`, u known at first).
    if (bonus == 0) {
        const Value* only = nullptr;
        int lists = 0;
        for (const Value* p : parts)
            if (p && p->status == Status::Unknown && p->missing >= 0) {
                only = p;
                ++lists;
            }
        if (lists == 1) {
            Value v;
            v.status = Status::Unknown;
            v.missing = only->missing;
            return v;
        }
    }
    std::vector<Missing> merged;
    for (const Value* p : parts) {
        if (!p || p->status != Status::Unknown || p->missing < 0) continue;
        for (Missing m : m_missing[static_cast<std::size_t>(p->missing)]) {
            m.weight += bonus;
            auto it = std::find_if(merged.begin(), merged.end(), [&](const Missing& x) { return x.input == m.input && x.person == m.person; });
            if (it == merged.end()) merged.push_back(m);
            else it->weight = std::max(it->weight, m.weight);
        }
    }
    Value v;
    v.status = Status::Unknown;
    v.missing = static_cast<int>(m_missing.size());
    m_missing.push_back(std::move(merged));
    return v;
}

const std::vector<Missing>& Evaluation::missing_of(const Value& v) const {
    static const std::vector<Missing> none;
    return v.status == Status::Unknown && v.missing >= 0 ? m_missing[static_cast<std::size_t>(v.missing)] : none;
}

Value Evaluation::fail(std::string message) {
    Value v;
    v.status = Status::Error;
    v.error = static_cast<int>(m_errors.size());
    m_errors.push_back(std::move(message));
    return v;
}

Value Evaluation::missing_structure(int input) {
    bool asked = S.household[static_cast<std::size_t>(input)].state == Answer::State::DontKnow;
    Value v;
    v.status = Status::Unknown;
    v.missing = static_cast<int>(m_missing.size());
    m_missing.push_back({{input, -1, 3, asked}});
    return v;
}

Value Evaluation::rule_value(int rule, int person) { return cached_or_filled(rule, person); }

inline Value Evaluation::cached_or_filled(int rule, int person) {
    auto index = static_cast<std::size_t>(rule);
    if (!m_person_rule[index]) person = -1;
    else if (person < 0 || static_cast<std::size_t>(person) >= m_persons) return unknown_person(rule);
    std::size_t s = slot(rule, person);
    if (m_state[s] == 2) return stored(s);
    return fill_slot(rule, person, s);
}

Value Evaluation::unknown_person(int rule) { return fail(message("{} : personne inconnue", R.rules[static_cast<std::size_t>(rule)].id)); }

Value Evaluation::fill_slot(int rule, int person, std::size_t s) {
    auto index = static_cast<std::size_t>(rule);
    if (m_state[s] == 1) return fail(message("{} dépend de lui-même", R.rules[index].id));  // the checker forbids it; kept as a guard
    m_state[s] = 1;
    if (m_root != this) {
        // The same as in a neighbouring month: take it from there. An error is computed again, as its
        // message may name the month. A month-invariant rule is taken from the month simulated. Next to
        // it, only a plain rule is computed there for this month's sake; any other is taken when it is
        // computed there already, so the trace of the month simulated (its cached values) does not
        // depend on what other months read.
        const auto& d = R.month_dependence[index];
        Evaluation* from = nullptr;
        Value v;
        if (m_is_probe) {
            if (R.month_invariant[index] || d.reach == RuleSet::MonthReach::Listed) {
                if (const Value* there = m_root->cached(rule, person); there && (R.month_invariant[index] || reads_as_source(rule, person))) {
                    from = m_root;
                    v = *there;
                }
            }
        } else if (R.month_invariant[index]) {
            from = m_root;
            v = m_root->rule_value(rule, person);
        } else if (d.reach == RuleSet::MonthReach::Listed) {
            Evaluation& next = source();
            if (&next != m_root || d.plain) {
                if (reads_as_source(rule, person)) {
                    from = &next;
                    v = next.rule_value(rule, person);
                }
            } else if (const Value* there = m_root->cached(rule, person); there && reads_as_source(rule, person)) {
                from = m_root;
                v = *there;
            }
        }
        if (from && (v.status != Status::Error || R.month_invariant[index])) {
            Value& kept = store(s, adopt(*from, v));
            m_state[s] = 2;
            return kept;
        }
    }
    Value& kept = store(s, compute_rule(rule, person));
    m_state[s] = 2;
    return kept;
}

namespace {

const RuleVersion* version_at(const Rule& r, Date month) {
    const RuleVersion* version = nullptr;
    for (const auto& v : r.versions)
        if (v.from <= month) version = &v;
    return version;
}

}  // namespace

Evaluation& Evaluation::source() {
    if (!m_source) {
        int apart = (m_month.year() - m_root->m_month.year()) * 12 + m_month.month() - m_root->m_month.month();
        m_source = apart == 1 || apart == -1 ? m_root : &m_root->at_month(m_month.plus_months(apart > 0 ? -1 : 1));
    }
    return *m_source;
}

bool Evaluation::reads_as_source(int rule, int person) {
    const auto& d = R.month_dependence[static_cast<std::size_t>(rule)];
    if (d.reach != RuleSet::MonthReach::Listed) return false;
    // A parameter or a version it reads takes a new value between the two months?
    const Evaluation& next = source();
    Date earlier = std::min(m_month, next.m_month), later = std::max(m_month, next.m_month);
    auto change = std::upper_bound(d.changes.begin(), d.changes.end(), earlier);
    if (change != d.changes.end() && *change <= later) return false;
    auto same_as_source = [&](RuleSet::RuleRead read) {
        if (!m_person_rule[static_cast<std::size_t>(read.rule)]) return rule_same_as_source(read.rule, -1);
        if (!read.every_person) return rule_same_as_source(read.rule, person);
        for (int p = 0; p < static_cast<int>(m_persons); ++p)
            if (!rule_same_as_source(read.rule, p)) return false;
        return true;
    };
    // The verdict depends only on the lists and the person (rule_same_as_source() is settled once per
    // slot), so rules sharing their lists share it.
    std::size_t row = m_persons + 1;
    if (m_reads_same_as_source.empty()) m_reads_same_as_source.assign(R.month_reads_group_count * row, Unsettled);
    Comparison& verdict = m_reads_same_as_source[R.month_reads_group[static_cast<std::size_t>(rule)] * row + static_cast<std::size_t>(person + 1)];
    if (verdict == Unsettled)
        verdict = std::all_of(d.month_rules.begin(), d.month_rules.end(), same_as_source) ||
                          (!d.compared_rules.empty() && std::all_of(d.compared_rules.begin(), d.compared_rules.end(), same_as_source))
                      ? Same
                      : Differs;
    return verdict == Same;
}

Evaluation& Evaluation::probe() {
    if (m_is_probe) return *this;
    if (!m_probe) {
        m_probe = std::make_unique<Evaluation>(R, S, m_month);
        m_probe->m_root = m_root;
        m_probe->m_is_probe = true;
        m_probe->m_source = m_root;  // compared with the month simulated: only what it has computed
    }
    return *m_probe;
}

Value Evaluation::compared_value(int rule, int person, const Evaluation*& owner) {
    if (const Value* v = cached(rule, person)) {
        owner = this;
        return *v;
    }
    Evaluation& p = probe();
    owner = &p;
    return p.rule_value(rule, person);
}

bool Evaluation::rule_same_as_source(int rule, int person) {
    if (m_same_as_source.empty()) m_same_as_source.assign(m_slot_count, Unsettled);
    std::size_t s = slot(rule, person);
    if (m_same_as_source[s] == Unsettled) {
        Evaluation& next = source();
        Value theirs;
        const Evaluation* their_owner = &next;
        if (&next == m_root) {
            // Compared only with a value the month simulated has computed already (see rule_value).
            const Value* there = m_root->cached(rule, person);
            if (!there) return false;
            theirs = *there;
        } else {
            theirs = next.compared_value(rule, person, their_owner);
        }
        const Evaluation* my_owner = this;
        Value mine = compared_value(rule, person, my_owner);
        m_same_as_source[s] = my_owner->same_value(mine, *their_owner, theirs) ? Same : Differs;
    }
    return m_same_as_source[s] == Same;
}

bool Evaluation::same_value(const Value& here, const Evaluation& other, const Value& there) const {
    if (here.status != there.status) return false;
    switch (here.status) {
        case Status::Error: return false;  // its message may name the month
        case Status::NotApplicable: return true;
        case Status::Unknown: return missing_of(here) == other.missing_of(there);
        case Status::Known: break;
    }
    if (here.kind != there.kind || here.boolean != there.boolean || here.number != there.number || here.date != there.date ||
        here.choice != there.choice)
        return false;
    if (here.kind != Kind::Text) return true;
    return here.text && there.text ? *here.text == *there.text : here.text == there.text;
}

Value Evaluation::compute_rule(int rule, int person) {
    const Rule& r = R.rules[static_cast<std::size_t>(rule)];
    if (r.role == RuleRole::AidEligible) {
        const Aid& aid = R.aids[static_cast<std::size_t>(r.aid)];
        if ((aid.valid_from && m_month < aid.valid_from->first_of_month()) || (aid.valid_until && m_month > *aid.valid_until))
            return Value::of_bool(false);  // not offered that month
        Value u;  // the unknown conditions' missing answers, merged as they come (no list of values kept)
        bool unknown = false;
        for (int c : aid.conditions) {
            Value v = rule_value(c, -1);
            if (v.status == Status::Error) return v;
            if (v.status == Status::Unknown) {
                u = unknown_of({&u, &v}, 0);
                unknown = true;
            } else if (!truth(v)) {
                return Value::of_bool(false);
            }
        }
        if (!unknown) return Value::of_bool(true);
        return unknown_of({&u}, 1);  // a question that decides eligibility weighs more than one refining an amount
    }
    if (r.role == RuleRole::AidPaid) {
        const Aid& aid = R.aids[static_cast<std::size_t>(r.aid)];
        Value eligible = rule_value(aid.eligible_rule, -1);
        if (eligible.status == Status::Error) return eligible;
        if (eligible.known() && !eligible.boolean) return Value::of_number(Decimal{});
        Value amount = aid.steps.empty() ? fail(message("l'aide {} n'a pas d'étape de montant", aid.id)) : rule_value(aid.steps.back(), -1);
        if (amount.status == Status::Error) return amount;
        if (eligible.status == Status::Unknown || amount.status == Status::Unknown) return unknown_of({&eligible, &amount});
        if (amount.status == Status::NotApplicable) return Value::of_number(Decimal{});
        Decimal paid = amount.number;
        if (aid.payment_threshold) {
            Value threshold = evaluate(*aid.payment_threshold);
            if (threshold.status == Status::Error || threshold.status == Status::Unknown) return threshold;
            if (threshold.known() && paid < threshold.number) paid = Decimal{};
        }
        if (paid < Decimal{}) paid = Decimal{};
        return Value::of_number(paid);
    }
    const RuleVersion* version = version_at(r, m_month);
    if (!version) return fail(message("{} : aucune version en vigueur au {}", r.id, m_month.french()));
    Value v = eval(version->body.root, person);
    if (v.known() && v.kind == Kind::Number && r.round_step) v.number = v.number.rounded(*r.round_step, r.rounding);
    return v;
}

Value Evaluation::evaluate(const Expression& e, int person) { return eval(e.root, person); }

int Evaluation::select_person(PersonSel sel, int current) const {
    switch (sel) {
        case PersonSel::None: return -1;
        case PersonSel::Current: return current;
        case PersonSel::Applicant: return 0;
        case PersonSel::Partner: return m_partner;
    }
    return -1;
}

int Evaluation::partner_of(const RuleSet& rules, const Situation& situation) {
    auto couple = situation.in_couple(rules);
    if (!couple) return no_partner_answer;
    if (!*couple) return no_partner;
    return 1;
}

Value Evaluation::no_person_value(int selected) {
    if (selected == no_partner_answer) return missing_structure(R.input_in_couple);
    return not_applicable();
}

Value Evaluation::eval_input(const Node& n, int person) {
    int p = select_person(n.person, person);
    if (p < -1) return no_person_value(p);
    const Answer& a = S.get(n.target, p);
    if (a.state != Answer::State::Given) return unanswered(n.target, p);
    return Value::of_answer(a, R.inputs[static_cast<std::size_t>(n.target)].type.kind);
}

Value Evaluation::unanswered(int input, int p) {
    const Input& in = R.inputs[static_cast<std::size_t>(input)];
    if (in.default_value && in.default_condition) {
        // The default holds only where its condition says so; while the condition waits for an answer
        // (the birth date), so does this value.
        Value holds = eval(in.default_condition->root, p);
        if (holds.status == Status::Unknown) return holds;
        if (!truth(holds)) return asked(input, p);
    }
    if (in.default_value) {
        if (std::find(m_defaults_used.begin(), m_defaults_used.end(), std::make_pair(input, p)) == m_defaults_used.end())
            m_defaults_used.emplace_back(input, p);
        return eval(in.default_value->root, p);
    }
    return asked(input, p);
}

Value Evaluation::asked(int input, int p) {
    Value v;
    v.status = Status::Unknown;
    v.missing = static_cast<int>(m_missing.size());
    m_missing.push_back({{input, p, 1, S.get(input, p).state == Answer::State::DontKnow}});
    return v;
}

Value Evaluation::eval_param(const Node& n, int person) {
    const Parameter& p = R.parameters[static_cast<std::size_t>(n.target)];
    const ParamValue* pv = p.at(m_month);
    if (!pv) return fail(message("le paramètre {} n'a pas de valeur au {} ({})", p.id, m_month.french(), p.where.file));
    if (p.shape == ParamShape::Scalar) return Value::of_number(pv->scalar);
    const std::vector<TableEntry>* level = &pv->table;
    for (std::uint32_t k = 0; k < n.child_count; ++k) {
        const Node& keynode = child(n, k);
        const TableEntry* found = nullptr;
        if (keynode.kind == NodeKind::Text) {
            for (const auto& e : *level)
                if (e.key.name == keynode.name) found = &e;
            if (!found) return fail(message("clé « {} » absente de {} au {}", keynode.name, p.id, m_month.french()));
        } else {
            Value key = eval(child_index(n, k), person);
            if (!key.known()) return key;
            if (key.kind == Kind::Enum) {
                const std::string& name = R.enumerations[static_cast<std::size_t>(keynode.type.enumeration)].values[static_cast<std::size_t>(key.choice)];
                for (const auto& e : *level)
                    if (e.key.name == name) found = &e;
                if (!found) return fail(message("clé « {} » absente de {} au {}", name, p.id, m_month.french()));
            } else {
                std::int64_t count = key.number.to_int();
                const TableEntry* best = nullptr;
                for (const auto& e : *level) {
                    if (!e.key.count) continue;
                    if (*e.key.count == count) found = &e;
                    if (e.key.and_more && *e.key.count <= count && (!best || *best->key.count < *e.key.count)) best = &e;
                }
                if (!found) found = best;
                if (!found) return fail(message("clé {} absente de {} au {}", count, p.id, m_month.french()));
            }
        }
        if (found->number) return Value::of_number(*found->number);
        level = &found->children;
    }
    return fail(message("{} : clés incomplètes", p.id));
}

Value Evaluation::eval(std::uint32_t index, int person) {
    const Node& n = m_nodes[index];
    switch (n.kind) {
        case NodeKind::Number: return Value::of_number(n.number);
        case NodeKind::Bool: return Value::of_bool(n.number != Decimal{});
        case NodeKind::DateLiteral: return Value::of_date(n.date);
        case NodeKind::CalcDate: return Value::of_date(m_month);
        case NodeKind::DaysInMonth: return days_in(m_month);
        case NodeKind::Text: {
            Value v;
            v.kind = Kind::Text;
            v.text = &n.name;
            return v;
        }
        case NodeKind::EnumLiteral: {
            Value v;
            v.kind = Kind::Enum;
            v.choice = n.target;
            return v;
        }
        case NodeKind::Input: return eval_input(n, person);
        case NodeKind::RuleRef: return eval_rule_ref(n, person);
        case NodeKind::Param: return eval_param(n, person);
        case NodeKind::Unary: return eval_unary(n, person);
        case NodeKind::Binary:
            if (n.op == Op::And || n.op == Op::Or) return eval_logical(n, person);
            if (n.op == Op::In) return eval_in(n, person);
            return eval_binary(n, person);
        case NodeKind::If: return eval_if(n, person);
        case NodeKind::Call: return eval_call(n, person);
        case NodeKind::Aggregate: return eval_aggregate(n);
        case NodeKind::Name:
        case NodeKind::List: break;
    }
    return unresolved();
}

Value Evaluation::unresolved() { return fail("expression non résolue"); }

Value Evaluation::eval_rule_ref(const Node& n, int person) {
    int p = select_person(n.person, person);
    if (p < -1) return no_person_value(p);
    return cached_or_filled(n.target, p);
}

Value Evaluation::eval_unary(const Node& n, int person) {
    Value a = eval(child_index(n, 0), person);
    if (n.op == Op::Not) {
        if (a.status == Status::Error || a.status == Status::Unknown) return a;
        return Value::of_bool(!truth(a));
    }
    if (!a.known()) return a;
    a.number = -a.number;
    return a;
}

Value Evaluation::eval_if(const Node& n, int person) {
    Value c = eval(child_index(n, 0), person);
    if (c.status == Status::Error) return c;
    if (c.status != Status::Unknown) return eval(child_index(n, truth(c) ? 1 : 2), person);
    Value a = eval(child_index(n, 1), person), b = eval(child_index(n, 2), person);
    if (a.status == Status::Error) return a;
    if (b.status == Status::Error) return b;
    // Both branches agree: the condition does not matter.
    if (a.known() && b.known() && a.kind == b.kind && a.boolean == b.boolean && a.number == b.number && a.date == b.date &&
        a.choice == b.choice)
        return a;
    Value cond = unknown_of({&c}, 1);
    return unknown_of({&cond, &a, &b});
}

Value Evaluation::eval_logical(const Node& n, int person) {
    bool stop_on = n.op == Op::Or;  // ou stops at the first true, et at the first false
    Value a = eval(child_index(n, 0), person);
    if (a.status == Status::Error) return a;
    if (a.status != Status::Unknown && truth(a) == stop_on) return Value::of_bool(stop_on);
    Value b = eval(child_index(n, 1), person);
    if (b.status == Status::Error) return b;
    if (b.status != Status::Unknown && truth(b) == stop_on) return Value::of_bool(stop_on);
    if (a.status == Status::Unknown || b.status == Status::Unknown) return unknown_of({&a, &b});
    return Value::of_bool(!stop_on);
}

Value Evaluation::eval_in(const Node& n, int person) {
    Value a = eval(child_index(n, 0), person);
    if (!a.known()) return a;
    const Node& list = m_nodes[child_index(n, 1)];
    Value first_unknown;  // only the first unknown item is said (kept with no list built)
    bool unknown = false;
    for (std::uint32_t k = 0; k < list.child_count; ++k) {
        Value item = eval(child_index(list, k), person);
        if (item.status == Status::Error) return item;
        if (item.status == Status::Unknown) {
            if (!unknown) first_unknown = item;
            unknown = true;
            continue;
        }
        if (!item.known()) continue;
        bool equal = a.kind == Kind::Text ? (a.text && item.text && *a.text == *item.text) : a.choice == item.choice && a.number == item.number && a.boolean == item.boolean;
        if (equal) return Value::of_bool(true);
    }
    if (unknown) return unknown_of({&first_unknown});
    return Value::of_bool(false);
}

Value Evaluation::eval_binary(const Node& n, int person) {
    // Arithmetic and comparisons (eval() sends et, ou and dans elsewhere).
    std::uint32_t ai = child_index(n, 0), bi = child_index(n, 1);
    Value a = eval(ai, person), b = eval(bi, person);
    if (a.status != Status::Known || b.status != Status::Known) {  // the common case skips these checks
        if (const Value* block = blocking({&a, &b})) return *block;
        return unknown_of({&a, &b});
    }
    switch (n.op) {
        case Op::Add:
            if (a.kind == Kind::Date) {
                const Node& bn = m_nodes[bi];
                int amount = static_cast<int>(b.number.to_int());
                if (bn.type.unit == Unit::Year) return Value::of_date(a.date.plus_years(amount));
                if (bn.type.unit == Unit::Month) return Value::of_date(a.date.plus_months(amount));
                return Value::of_date(a.date.plus_days(amount));
            }
            return Value::of_number(a.number + b.number);
        case Op::Sub:
            if (a.kind == Kind::Date) {
                const Node& bn = m_nodes[bi];
                int amount = static_cast<int>(b.number.to_int());
                if (bn.type.unit == Unit::Year) return Value::of_date(a.date.plus_years(-amount));
                if (bn.type.unit == Unit::Month) return Value::of_date(a.date.plus_months(-amount));
                return Value::of_date(a.date.plus_days(-amount));
            }
            return Value::of_number(a.number - b.number);
        case Op::Mul: return Value::of_number(a.number * b.number);
        case Op::Div:
            if (b.number == Decimal{}) return fail(message("division par zéro (position {})", n.offset));
            return Value::of_number(a.number / b.number);
        case Op::Eq:
        case Op::Ne: {
            bool equal = false;
            switch (a.kind) {
                case Kind::Bool: equal = a.boolean == b.boolean; break;
                case Kind::Number: equal = a.number == b.number; break;
                case Kind::Date: equal = a.date == b.date; break;
                case Kind::Enum: equal = a.choice == b.choice; break;
                case Kind::Text: equal = a.text && b.text && *a.text == *b.text; break;
                case Kind::Invalid: break;
            }
            return Value::of_bool(n.op == Op::Eq ? equal : !equal);
        }
        case Op::Lt: return Value::of_bool(a.kind == Kind::Date ? a.date < b.date : a.number < b.number);
        case Op::Le: return Value::of_bool(a.kind == Kind::Date ? a.date <= b.date : a.number <= b.number);
        case Op::Gt: return Value::of_bool(a.kind == Kind::Date ? a.date > b.date : a.number > b.number);
        case Op::Ge: return Value::of_bool(a.kind == Kind::Date ? a.date >= b.date : a.number >= b.number);
        default: break;
    }
    return fail("opération inconnue");
}

Value Evaluation::eval_call(const Node& n, int person) {
    switch (n.func) {
        case Func::Min:
        case Func::Max: {
            Value best;
            bool have = false;
            Value u;  // the unknown parts' missing answers, merged as they come
            bool unknown = false;
            for (std::uint32_t k = 0; k < n.child_count; ++k) {
                Value v = eval(child_index(n, k), person);
                if (v.status == Status::Error) return v;
                if (v.status == Status::Unknown) {
                    u = unknown_of({&u, &v});
                    unknown = true;
                }
                if (!v.known()) continue;  // "sans objet" takes no part in a min or max
                if (!have || (n.func == Func::Min ? v.number < best.number : v.number > best.number)) best = v;
                have = true;
            }
            if (unknown) return u;
            return have ? best : not_applicable();
        }
        case Func::Round: {
            Value x = eval(child_index(n, 0), person), step = eval(child_index(n, 1), person);
            if (const Value* block = blocking({&x, &step})) return *block;
            if (any_unknown({&x, &step})) return unknown_of({&x, &step});
            if (step.number <= Decimal{}) return fail("arrondi : le pas doit être positif");
            return Value::of_number(x.number.rounded(step.number, n.rounding));
        }
        case Func::Age:
        case Func::AgeInMonths: {
            Value d = eval(child_index(n, 0), person);
            if (!d.known()) return d;
            int age = n.func == Func::Age ? Date::full_years_between(d.date, m_month) : Date::full_months_between(d.date, m_month);
            return Value::of_number(Decimal::from_int(age));
        }
        case Func::Department: {
            // INSEE code → département: "75056" → "75", "2A004" → "2A", "97411" → "974".
            Value code = eval(child_index(n, 0), person);
            if (!code.known()) return code;
            const std::string& c = *code.text;
            if (c.size() != 5) return fail(message("« {} » n'est pas un code de commune INSEE (5 caractères)", c));
            m_texts.push_back(std::make_unique<std::string>(department_of(c)));
            Value v;
            v.kind = Kind::Text;
            v.text = m_texts.back().get();
            return v;
        }
        case Func::AgeAt: {
            Value birth = eval(child_index(n, 0), person), on = eval(child_index(n, 1), person);
            if (const Value* block = blocking({&birth, &on})) return *block;
            if (any_unknown({&birth, &on})) return unknown_of({&birth, &on});
            return Value::of_number(Decimal::from_int(Date::full_years_between(birth.date, on.date)));
        }
        case Func::Year:
        case Func::MonthOf: {
            Value d = eval(child_index(n, 0), person);
            if (!d.known()) return d;
            return Value::of_number(Decimal::from_int(n.func == Func::Year ? d.date.year() : d.date.month()));
        }
        case Func::MakeDate: {
            Value y = eval(child_index(n, 0), person), m = eval(child_index(n, 1), person), dd = eval(child_index(n, 2), person);
            if (const Value* block = blocking({&y, &m, &dd})) return *block;
            if (any_unknown({&y, &m, &dd})) return unknown_of({&y, &m, &dd});
            auto made = Date::parse(fmt::format("{:04}-{:02}-{:02}", y.number.to_int(), m.number.to_int(), dd.number.to_int()));
            if (!made) return fail(message("date({}; {}; {}) n'existe pas", y.number.to_int(), m.number.to_int(), dd.number.to_int()));
            return Value::of_date(*made);
        }
        case Func::Scale:
        case Func::Grid: {
            const Parameter& p = R.parameters[static_cast<std::size_t>(child(n, 0).target)];
            const ParamValue* pv = p.at(m_month);
            if (!pv) return fail(message("le barème {} n'a pas de valeur au {}", p.id, m_month.french()));
            Value base = eval(child_index(n, 1), person);
            if (!base.known()) return base;
            Decimal x = base.number;
            if (n.func == Func::Grid) {
                Decimal out;
                for (const auto& b : pv->brackets)
                    if (x >= b.threshold) out = b.value;
                return Value::of_number(out);
            }
            Decimal total;
            for (std::size_t k = 0; k < pv->brackets.size(); ++k) {
                const Bracket& b = pv->brackets[k];
                if (x <= b.threshold) break;
                Decimal upper = k + 1 < pv->brackets.size() ? std::min(x, pv->brackets[k + 1].threshold) : x;
                total = total + (upper - b.threshold) * b.value;
            }
            return Value::of_number(total);
        }
        case Func::Lookup: {
            const DataTable& t = R.tables[static_cast<std::size_t>(child(n, 0).target)];
            Value key = eval(child_index(n, 1), person);
            if (!key.known()) return key;
            if (t.value_type.kind == Kind::Number) {
                auto it = t.numbers.find(*key.text);
                if (it == t.numbers.end() && t.default_number) return Value::of_number(*t.default_number);
                if (it == t.numbers.end()) return fail(message("« {} » absent de la table {}", *key.text, t.id));
                return Value::of_number(it->second);
            }
            auto it = t.texts.find(*key.text);
            if (it == t.texts.end() && t.default_text) {
                Value v;
                v.kind = Kind::Text;
                v.text = &*t.default_text;
                return v;
            }
            if (it == t.texts.end()) return fail(message("« {} » absent de la table {}", *key.text, t.id));
            Value v;
            v.kind = Kind::Text;
            v.text = &it->second;
            return v;
        }
        case Func::AtMonth: return eval_at_month(n, person);
        case Func::None: break;
    }
    return fail("fonction inconnue");
}

bool Evaluation::any_stale_in(Date month) {
    auto& memo = m_root->m_month_stale;
    for (const auto& [days, stale] : memo)
        if (days == month.days()) return stale;
    bool stale = std::any_of(R.parameters.begin(), R.parameters.end(), [&](const Parameter& p) { return staleness(p, month).has_value(); });
    memo.emplace_back(month.days(), stale);
    return stale;
}

Evaluation::MonthWalk& Evaluation::month_walk(Date month) {
    auto& months = m_root->m_month_walks;
    for (auto& w : months)
        if (w.days == month.days()) return w;
    MonthWalk& w = months.emplace_back();
    w.days = month.days();
    w.params.resize(R.parameters.size());
    w.seen.assign(R.rules.size(), 0);
    return w;
}

const std::optional<std::pair<Date, Date>>& Evaluation::param_stale(MonthWalk& walk, int parameter, Date month) {
    ParamStale& p = walk.params[static_cast<std::size_t>(parameter)];
    if (!p.judged) {
        if (auto s = staleness(R.parameters[static_cast<std::size_t>(parameter)], month)) p.stale = std::pair{s->value_from, s->due};
        p.judged = true;
    }
    return p.stale;
}

bool Evaluation::computed_in_any_month(int r) const {
    // A rule computed for a month may be kept by the evaluation of the month next to it (the same value):
    // one computed in any month evaluated took part; one computed nowhere was short-circuited away.
    const Rule& rule = R.rules[static_cast<std::size_t>(r)];
    auto in = [&](const Evaluation& e) {
        if (rule.entity == Entity::Household) return e.cached(r, -1) != nullptr;
        for (int p = 0; p < static_cast<int>(e.m_persons); ++p)
            if (e.cached(r, p)) return true;
        return false;
    };
    if (in(*m_root)) return true;
    for (const auto& [days, other] : m_root->m_other_months)
        if (in(*other)) return true;
    return false;
}

void Evaluation::stale_in_node(std::uint32_t index, Date month, MonthWalk& walk, std::vector<std::pair<Date, Date>>& found) {
    const Node& n = R.nodes[index];
    if (n.kind == NodeKind::Param && n.target >= 0) {
        if (const auto& stale = param_stale(walk, n.target, month))
            if (std::find(found.begin(), found.end(), *stale) == found.end()) found.push_back(*stale);
    }
    if (n.kind == NodeKind::RuleRef && n.target >= 0) stale_in_rule(n.target, month, walk, found);
    bool shifted = n.kind == NodeKind::Call && n.func == Func::AtMonth;
    Date inner = shifted ? month.plus_months(n.key) : month;
    MonthWalk& inner_walk = shifted ? month_walk(inner) : walk;
    for (std::uint32_t k = 0; k < n.child_count; ++k) stale_in_node(R.child_index(n, k), inner, inner_walk, found);
}

void Evaluation::stale_in_rule(int r, Date month, MonthWalk& walk, std::vector<std::pair<Date, Date>>& found) {
    std::uint8_t& seen = walk.seen[static_cast<std::size_t>(r)];
    if (seen == m_root->m_walk_mark) return;
    seen = m_root->m_walk_mark;
    if (!computed_in_any_month(r)) return;
    const Rule& rule = R.rules[static_cast<std::size_t>(r)];
    const RuleVersion* in_force = nullptr;
    for (const auto& v : rule.versions)
        if (v.from <= month) in_force = &v;
    if (in_force) {
        stale_in_node(in_force->body.root, month, walk, found);
    } else if (rule.aid >= 0 && (rule.role == RuleRole::AidPaid || rule.role == RuleRole::AidEligible)) {
        // What Evaluation::compute_rule reads for an aid's eligibility and paid amount.
        const Aid& x = R.aids[static_cast<std::size_t>(rule.aid)];
        for (int c : x.conditions) stale_in_rule(c, month, walk, found);
        if (rule.role == RuleRole::AidPaid) {
            stale_in_rule(x.eligible_rule, month, walk, found);
            if (!x.steps.empty()) stale_in_rule(x.steps.back(), month, walk, found);
            if (x.payment_threshold) stale_in_node(x.payment_threshold->root, month, walk, found);
        }
    }
}

std::vector<Message> Evaluation::freshness_lines(const Aid& a) {
    std::vector<Message> lines;
    if (R.freshness_note.empty() || a.paid_rule < 0) return lines;
    if (!m_any_stale || m_stale_months_checked != m_root->m_other_months.size()) {
        // The month simulated or one au_mois() reached: a revaluation due in any of them.
        m_stale_months_checked = m_root->m_other_months.size();
        bool stale = any_stale_in(m_month);
        for (auto& [days, other] : m_root->m_other_months) stale = stale || any_stale_in(other->m_month);
        m_any_stale = stale;
    }
    if (!*m_any_stale) return lines;
    // The parameters the amount was made with: from the aid down, each rule in the month it is read (au_mois()
    // shifts it: the prime d'activité's reference months), short-circuited rules left out; each parameter is
    // judged in its month. Each walk marks the rules it saw with a new number: no clearing between aids.
    if (++m_root->m_walk_mark == 0) {
        for (auto& w : m_root->m_month_walks) std::fill(w.seen.begin(), w.seen.end(), std::uint8_t{0});
        m_root->m_walk_mark = 1;
    }
    std::vector<std::pair<Date, Date>> found;  // (value in force since, revaluation due)
    stale_in_rule(a.paid_rule, m_month, month_walk(m_month), found);
    // The months as values (« octobre 2025 », "October 2025"): each language writes them its way.
    for (auto [since, due] : found)
        lines.push_back(Message{"aide.fraicheur", R.freshness_note,
                                {{"valeur", Month{since.year(), since.month()}}, {"attendue", Month{due.year(), due.month()}}}});
    return lines;
}

bool Evaluation::born_later(int person) const {
    // The household of a month is the one on its last day (CSS R843-1, II, for the prime d'activité): a child born in a
    // later month is not yet one of its members. A birth date not given leaves the child counted.
    if (R.input_birth_date < 0) return false;
    const Answer& a = S.get(R.input_birth_date, person);
    return a.state == Answer::State::Given && a.date >= m_month.plus_months(1);
}

Value Evaluation::eval_aggregate(const Node& n) {
    // Over the household's persons: the current person, if any, plays no part.
    int first = 0, last = 0;  // persons [first, last)
    const auto& couple = m_couple;
    const auto& children = m_child_count;
    switch (n.collection) {
        case Collection::Adults:
            if (!couple) return missing_structure(R.input_in_couple);
            first = 0;
            last = *couple ? 2 : 1;
            break;
        case Collection::Children:
            if (!couple) return missing_structure(R.input_in_couple);
            if (!children) return missing_structure(R.input_child_count);
            first = m_first_child;
            last = static_cast<int>(m_persons);
            break;
        case Collection::Persons:
            if (!couple) return missing_structure(R.input_in_couple);
            if (!children) return missing_structure(R.input_child_count);
            first = 0;
            last = static_cast<int>(m_persons);
            break;
    }
    std::uint32_t value_child = n.has_filter ? 1 : 0;
    Decimal sum;
    int count = 0;
    bool any_true = false, any_false = false, have = false;
    Value u;
    bool unknown = false;
    for (int p = first; p < last; ++p) {
        if (p >= m_first_child && born_later(p)) continue;
        if (n.has_filter) {
            Value f = eval(child_index(n, 0), p);
            if (f.status == Status::Error) return f;
            if (f.status == Status::Unknown) {
                u = unknown_of({&u, &f});
                unknown = true;
                if (n.aggregate != AggregateKind::Sum && n.aggregate != AggregateKind::MaxOf && n.aggregate != AggregateKind::MinOf) continue;
            } else if (!truth(f)) {
                continue;
            }
        }
        switch (n.aggregate) {
            case AggregateKind::Count: ++count; break;
            case AggregateKind::Exists: any_true = true; break;
            case AggregateKind::ForAll:
            case AggregateKind::Sum:
            case AggregateKind::MaxOf:
            case AggregateKind::MinOf: {
                Value v = eval(child_index(n, value_child), p);
                if (v.status == Status::Error) return v;
                if (v.status == Status::Unknown) {
                    u = unknown_of({&u, &v});
                    unknown = true;
                    continue;
                }
                if (!v.known()) {
                    if (n.aggregate == AggregateKind::ForAll) any_false = true;
                    continue;
                }
                if (n.aggregate == AggregateKind::ForAll) {
                    if (!v.boolean) any_false = true;
                } else if (n.aggregate == AggregateKind::Sum) {
                    sum = sum + v.number;
                } else if (!have || (n.aggregate == AggregateKind::MaxOf ? v.number > sum : v.number < sum)) {
                    sum = v.number;
                    have = true;
                }
                break;
            }
        }
    }
    if (n.aggregate == AggregateKind::Exists && any_true) return Value::of_bool(true);
    if (n.aggregate == AggregateKind::ForAll && any_false) return Value::of_bool(false);
    if (unknown) return u;
    switch (n.aggregate) {
        case AggregateKind::Count: return Value::of_number(Decimal::from_int(count));
        case AggregateKind::Exists: return Value::of_bool(false);
        case AggregateKind::ForAll: return Value::of_bool(true);
        default: return Value::of_number(sum);
    }
}

// ---------------------------------------------------------------------------------------------

Message Evaluation::assumption(int input, int person) {
    const Input& in = R.inputs[static_cast<std::size_t>(input)];
    if (in.default_note.empty()) return Message{"aide.valeur_supposee", "", {{"question", in.id}}};
    std::vector<Arg> args;
    if (person >= 0) {
        args.push_back({"personne", person_ref(S, R, person)});
        const Answer& birth = R.input_birth_date >= 0 ? S.get(R.input_birth_date, person) : Situation::absent_answer();
        if (birth.state == Answer::State::Given)
            args.push_back({"age", Measure{Decimal::from_int(Date::full_years_between(birth.date, m_month)), Unit::Year}});
    }
    if (in.default_value) args.push_back({"valeur", argument(eval(in.default_value->root, person), in.type)});
    return Message{in.id + ".note_par_defaut", in.default_note, std::move(args)};
}

ArgValue Evaluation::argument(const Value& v, Type type) const {
    switch (v.status) {
        case Status::Unknown: return NoValue::Unknown;
        case Status::NotApplicable: return NoValue::NotApplicable;
        case Status::Error: return NoValue::Error;
        case Status::Known: break;
    }
    switch (v.kind) {
        case Kind::Bool: return v.boolean;
        case Kind::Date: return v.date;
        case Kind::Text: return v.text ? *v.text : std::string();
        case Kind::Enum: {
            if (type.enumeration < 0 || v.choice < 0) break;
            const Enumeration& e = R.enumerations[static_cast<std::size_t>(type.enumeration)];
            const std::string& label = e.labels[static_cast<std::size_t>(v.choice)];
            return label.empty() ? e.values[static_cast<std::size_t>(v.choice)] : label;
        }
        case Kind::Number:
            if (type.unit == Unit::Euro) return Money{v.number, std::nullopt, false};
            return Measure{v.number, type.unit};
        case Kind::Invalid: break;
    }
    return NoValue::Invalid;
}

std::string Evaluation::format(const Value& v, Type type) const { return french().value(argument(v, type)); }

namespace {

/// The placeholders of an explanation's template in their order ("personnes", "montant_forfaitaire"):
/// the loader cut the template at the same braces (loader.cpp, read_template).
std::vector<std::string> placeholders(std::string_view text) {
    std::vector<std::string> names;
    for (std::size_t open = text.find('{'); open != std::string_view::npos; open = text.find('{', open + 1)) {
        std::size_t close = text.find('}', open);
        if (close == std::string_view::npos) break;
        names.emplace_back(text.substr(open + 1, close - open - 1));
        open = close;
    }
    return names;
}

}  // namespace

Message Evaluation::render(const Rule& rule, int person) {
    // The template stays the rules' text; the values go with it, typed, each under its placeholder's name.
    Message m{rule.id + ".explication", rule.explanation.text, {}};
    std::vector<std::string> names = placeholders(rule.explanation.text);
    m.args.reserve(rule.explanation_parts.size());
    for (std::size_t k = 0; k < rule.explanation_parts.size() && k < names.size(); ++k) {
        const Expression& part = rule.explanation_parts[k];
        m.args.push_back({std::move(names[k]), argument(eval(part.root, person), m_nodes[part.root].type)});
    }
    return m;
}

Money aid_money(const Aid& aid, const AidResult& result) { return {result.amount, aid.periodicity, aid.in_kind}; }

AidResult Evaluation::aid(int index) { return explained(decided(index)); }

AidResult Evaluation::decided(int index) {
    const Aid& a = R.aids[static_cast<std::size_t>(index)];
    AidResult result;
    result.aid = index;
    result.status = aid_status(index);
    // aid_status() evaluated both: these are read from the cache.
    Value paid = rule_value(a.paid_rule, -1);
    Value eligible = rule_value(a.eligible_rule, -1);
    switch (result.status) {
        case AidStatus::Error:
            result.reason = {"regles.erreur", m_errors[static_cast<std::size_t>(paid.status == Status::Error ? paid.error : eligible.error)], {}};
            break;
        case AidStatus::NotEligible:
        case AidStatus::ToCheck:
            if (eligible.known() && !eligible.boolean) {
                if ((a.valid_from && m_month < a.valid_from->first_of_month()) || (a.valid_until && m_month > *a.valid_until)) {
                    auto bound = [](const std::optional<Date>& d, const char* unknown) -> ArgValue {
                        if (d) return *d;
                        return TextId{unknown};
                    };
                    result.reason = {"aide.hors_periode", "", {{"debut", bound(a.valid_from, "aide.debut_non_precise")}, {"fin", bound(a.valid_until, "aide.fin_non_precisee")}}};
                } else if (int c = failing_condition(a); c >= 0) {
                    const Rule& condition = R.rules[static_cast<std::size_t>(c)];
                    if (!condition.failure_reason.empty()) result.reason = {condition.id + ".si_non", condition.failure_reason, {}};
                }
                break;
            }
            {  // eligible, but nothing to pay
                const Value* amount = a.steps.empty() ? nullptr : cached(a.steps.back(), -1);
                if (amount && amount->known() && amount->number > Decimal{} && a.payment_threshold) {
                    Value threshold = evaluate(*a.payment_threshold);
                    result.reason = {"aide.sous_le_seuil", "", {{"calcule", Money{amount->number, std::nullopt, false}}, {"minimum", argument(threshold, {Kind::Number, Unit::Euro})}}};
                } else {
                    result.reason = {"aide.montant_nul", "", {}};
                }
            }
            break;
        case AidStatus::Undetermined:
            result.missing = missing_of(paid);
            break;
        case AidStatus::Eligible:
            result.amount = paid.number;  // 0 € for a right in kind (free care): obtained all the same
            break;
    }
    std::stable_sort(result.missing.begin(), result.missing.end(), [](const Missing& x, const Missing& y) { return x.weight > y.weight; });

    if (result.status == AidStatus::Eligible || result.status == AidStatus::Undetermined || result.status == AidStatus::ToCheck) {
        // A document or a note whose condition is unknown is kept: bringing a needless paper, reading a
        // needless warning, are the safer errors.
        auto concerns_household = [&](const std::optional<Expression>& condition) {
            if (!condition) return true;
            Value c = evaluate(*condition);
            return c.status == Status::Unknown || truth(c);
        };
        result.documents.reserve(a.documents.size());
        for (const auto& d : a.documents)
            if (concerns_household(d.condition)) result.documents.push_back(d.document);
        for (const auto& note : a.unchecked_conditions)
            if (concerns_household(note.condition)) result.unchecked.push_back({note.id, note.text, {}});
    }
    for (auto [input, person] : m_defaults_used) {
        // Defaults met while evaluating any aid count for this one when its result can depend on them.
        if (!std::binary_search(a.input_closure.begin(), a.input_closure.end(), input)) continue;
        Message text = assumption(input, person);
        if (std::find(result.assumptions.begin(), result.assumptions.end(), text) == result.assumptions.end()) result.assumptions.push_back(std::move(text));
    }
    return result;
}

AidResult Evaluation::explained(AidResult result) {
    if (result.explained) return result;
    result.explained = true;
    if (result.status != AidStatus::Eligible) return result;
    const Aid& a = R.aids[static_cast<std::size_t>(result.aid)];
    result.explanation.reserve(a.steps.size());
    for (int s : a.steps) {
        const Rule& r = R.rules[static_cast<std::size_t>(s)];
        if (r.explanation_parts.empty() && r.explanation_text.empty()) continue;
        // A step still unknown did not make the amount (the CSS granted with the RSA, whatever the
        // resources): « Ressources : inconnu » would only puzzle the visitor.
        if (rule_value(s, -1).status == Status::Unknown) continue;
        result.explanation.push_back({r.id, render(r, -1)});
    }
    // Said first on the slip and last in « Pourquoi ce montant ? ». After all_aids() the walk sees the rules
    // every aid computed, not only those computed when this one was decided: messages_test holds that it
    // finds what aid() finds alone (the detail screen), over the reference households and the personas.
    auto lines = freshness_lines(a);
    for (auto& line : lines) result.explanation.push_back({"fraicheur", line});
    result.unchecked.insert(result.unchecked.begin(), lines.begin(), lines.end());
    return result;
}

int Evaluation::failing_condition(const Aid& a) const {
    // Conditions are read in their order: a maintainer puts first the case that decides (« à vérifier »
    // for an overseas tenant comes before the rent a scale would need). A validity period is no condition.
    if ((a.valid_from && m_month < a.valid_from->first_of_month()) || (a.valid_until && m_month > *a.valid_until)) return -1;
    for (int c : a.conditions) {
        const Value* v = cached(c, -1);
        if (v && v->status != Status::Unknown && !truth(*v)) return c;
    }
    return -1;
}

AidStatus Evaluation::aid_status(int index) {
    const Aid& a = R.aids[static_cast<std::size_t>(index)];
    Value paid = rule_value(a.paid_rule, -1);
    Value eligible = rule_value(a.eligible_rule, -1);
    if (paid.status == Status::Error || eligible.status == Status::Error) return AidStatus::Error;
    if (eligible.known() && !eligible.boolean) {
        int c = failing_condition(a);
        return c >= 0 && R.rules[static_cast<std::size_t>(c)].failure_to_check ? AidStatus::ToCheck : AidStatus::NotEligible;
    }
    if (paid.status == Status::Unknown) return AidStatus::Undetermined;
    if (paid.number == Decimal{} && !(a.in_kind && eligible.known() && eligible.boolean)) return AidStatus::NotEligible;
    return AidStatus::Eligible;
}

std::vector<AidResult> Evaluation::all_aids() {
    std::vector<AidResult> out;
    out.reserve(R.aids.size());
    for (std::size_t i = 0; i < R.aids.size(); ++i) out.push_back(decided(static_cast<int>(i)));
    return out;
}

std::vector<Message> local_aids_elsewhere(const RuleSet& rules, const Situation& situation, std::string_view site_commune) {
    std::vector<Message> lines;
    int input = rules.find_input("logement.commune");
    if (input < 0 || rules.local_elsewhere_note.empty()) return lines;
    const Answer& a = situation.get(input, -1);
    if (a.state != Answer::State::Given || a.text.empty()) return lines;
    for (const auto& pack : rules.local_packs) {
        if (!pack_covers(pack, a.text) || (!site_commune.empty() && pack_covers(pack, site_commune))) continue;
        std::string names;
        for (const auto& offer : pack.aids) {
            if (offer.evaluated) continue;  // chosen by this site too: evaluated with the others
            if (!names.empty()) names += ", ";
            names += offer.name;
        }
        if (names.empty()) continue;
        std::string office = pack.office.service;
        for (const auto* part : {&pack.office.phone, &pack.office.address})
            if (!part->empty()) office += (office.empty() ? "" : ", ") + *part;
        lines.push_back(Message{"aides_locales.ailleurs." + pack.id, rules.local_elsewhere_note,
                                {{"collectivite", pack.name}, {"aides", names}, {"accueil", office}}});
    }
    return lines;
}

}  // namespace borne::engine
