// Resolves names to indices and checks types and units, so that evaluation never meets a surprise.
#include "checker.hpp"

#include "expr_parser.hpp"

#include <algorithm>
#include <functional>
#include <map>
#include <fmt/format.h>

namespace borne::engine {

namespace {

Unit normal(Unit u) { return u == Unit::Percent ? Unit::None : u; }
bool same_unit(Unit a, Unit b) { return normal(a) == normal(b); }

std::string type_name(const RuleSet& rules, Type t) {
    switch (t.kind) {
        case Kind::Bool: return "oui/non";
        case Kind::Number: return t.unit == Unit::None ? "nombre" : fmt::format("nombre en {}", unit_symbol(t.unit));
        case Kind::Date: return "date";
        case Kind::Enum:
            return t.enumeration >= 0 ? fmt::format("choix de « {} »", rules.enumerations[static_cast<std::size_t>(t.enumeration)].name) : "choix";
        case Kind::Text: return "texte";
        case Kind::Invalid: return "invalide";
    }
    return "?";
}

struct Context {
    std::string ns;
    bool person = false;  // a current person exists (person rule, or inside an aggregate)
    int rule = -1;        // dependencies are recorded on this rule
    const Expression* expr = nullptr;
};

class Checker {
public:
    Checker(RuleSet& rules, Diagnostics& diags) : R(rules), D(diags), m_state(rules.rules.size(), 0) {}

    void run() {
        R.input_in_couple = R.find_input("foyer.en_couple");
        R.input_child_count = R.find_input("foyer.nombre_enfants");
        R.input_birth_date = R.find_input("personne.date_naissance");
        if (R.input_birth_date >= 0 && R.inputs[static_cast<std::size_t>(R.input_birth_date)].type.kind != Kind::Date) R.input_birth_date = -1;
        if (R.input_in_couple < 0 || R.inputs[static_cast<std::size_t>(R.input_in_couple)].type.kind != Kind::Bool)
            D.error("R004", {"rules/questions", 0, 0}, "foyer.en_couple", "la question foyer.en_couple (oui/non) décrit le foyer : elle est obligatoire");
        if (R.input_child_count < 0 || R.inputs[static_cast<std::size_t>(R.input_child_count)].type != Type{Kind::Number, Unit::None})
            D.error("R004", {"rules/questions", 0, 0}, "foyer.nombre_enfants", "la question foyer.nombre_enfants (entier) décrit le foyer : elle est obligatoire");

        for (std::size_t i = 0; i < R.rules.size(); ++i) check_rule(static_cast<int>(i));
        for (auto& in : R.inputs) {
            if (!in.default_value) continue;
            Context ctx{in.group, in.entity == Entity::Person, -1, &*in.default_value};
            Type t = check(in.default_value->root, ctx, in.type.enumeration);
            if (t.kind != Kind::Invalid && !compatible(t, in.type))
                report("R022", ctx, in.default_value->root, fmt::format("la valeur par défaut est un {} ; la question attend un {}", type_name(R, t), type_name(R, in.type)));
            if (!in.default_condition) continue;
            Context where{in.group, in.entity == Entity::Person, -1, &*in.default_condition};
            Type c = check(in.default_condition->root, where, -1);
            if (c.kind != Kind::Invalid && c.kind != Kind::Bool)
                report("R022", where, in.default_condition->root, fmt::format("par_défaut_si est un {} ; il faut un oui/non", type_name(R, c)));
        }
        for (auto& aid : R.aids) check_aid(aid);
        for (auto& out : R.reference_outputs) {
            if (out.value.valid()) {
                Context ctx{"", false, -1, &out.value};
                check(out.value.root, ctx, -1);
            }
            if (out.when) {
                Context ctx{"", false, -1, &*out.when};
                if (Type t = check(out.when->root, ctx, -1); t.kind != Kind::Invalid && t.kind != Kind::Bool)
                    report("R022", ctx, out.when->root, "« si » attend une condition");
            }
        }
        for (auto& r : R.rules) {
            for (auto* deps : {&r.rule_deps, &r.param_deps, &r.input_deps}) {
                std::sort(deps->begin(), deps->end());
                deps->erase(std::unique(deps->begin(), deps->end()), deps->end());
            }
        }
        R.cache_rank.assign(R.rules.size(), 0);
        std::uint32_t household = 0, person = 0;
        // Transitive questions of each rule (the rules form a DAG: the checker refused cycles).
        R.rule_input_closure.assign(R.rules.size(), {});
        std::vector<char> closed(R.rules.size(), 0);
        std::function<const std::vector<int>&(int)> close = [&](int r) -> const std::vector<int>& {
            auto i = static_cast<std::size_t>(r);
            if (closed[i]) return R.rule_input_closure[i];
            closed[i] = 1;
            std::vector<int> all = R.rules[i].input_deps;
            for (int d : R.rules[i].rule_deps) {
                const auto& sub = close(d);
                all.insert(all.end(), sub.begin(), sub.end());
            }
            std::sort(all.begin(), all.end());
            all.erase(std::unique(all.begin(), all.end()), all.end());
            R.rule_input_closure[i] = std::move(all);
            return R.rule_input_closure[i];
        };
        for (std::size_t i = 0; i < R.rules.size(); ++i) close(static_cast<int>(i));
        // Month-invariant rules: computed once for all the months an evaluation visits.
        R.month_invariant.assign(R.rules.size(), 0);
        std::vector<char> invariant_known(R.rules.size(), 0);
        std::function<bool(std::uint32_t)> node_invariant;
        std::function<bool(int)> rule_invariant = [&](int r) -> bool {
            auto i = static_cast<std::size_t>(r);
            if (invariant_known[i]) return R.month_invariant[i];
            invariant_known[i] = 1;  // a cycle cannot happen here: the checker refused them
            const Rule& rule = R.rules[i];
            bool ok = (rule.role == RuleRole::Definition || rule.role == RuleRole::Step || rule.role == RuleRole::Condition) &&
                      rule.versions.size() == 1 && rule.versions.front().from == Date{} &&
                      node_invariant(rule.versions.front().body.root);
            R.month_invariant[i] = ok;
            return ok;
        };
        node_invariant = [&](std::uint32_t index) -> bool {
            const Node& n = R.nodes[index];
            switch (n.kind) {
                case NodeKind::Param:
                case NodeKind::CalcDate:
                case NodeKind::DaysInMonth: return false;
                case NodeKind::RuleRef:
                    if (!rule_invariant(n.target)) return false;
                    break;
                case NodeKind::Input:
                    if (R.inputs[static_cast<std::size_t>(n.target)].default_value) return false;
                    break;
                case NodeKind::Call:
                    if (n.func == Func::Age || n.func == Func::AgeInMonths || n.func == Func::AtMonth || n.func == Func::Scale || n.func == Func::Grid)
                        return false;
                    break;
                case NodeKind::Aggregate:
                    if (reads_births(n)) return false;
                    break;
                default: break;
            }
            for (std::uint32_t k = 0; k < n.child_count; ++k)
                if (!node_invariant(R.child_index(n, k))) return false;
            return true;
        };
        for (std::size_t i = 0; i < R.rules.size(); ++i) rule_invariant(static_cast<int>(i));
        compute_month_dependence();
        group_month_reads();
        R.person_rule.assign(R.rules.size(), 0);
        for (std::size_t i = 0; i < R.rules.size(); ++i) {
            R.person_rule[i] = R.rules[i].entity == Entity::Person;
            R.cache_rank[i] = R.person_rule[i] ? person++ : household++;
        }
        R.household_rule_count = household;
        for (auto& aid : R.aids) {
            for (int r : {aid.paid_rule, aid.eligible_rule}) {
                if (r < 0) continue;
                const auto& closure = R.rule_input_closure[static_cast<std::size_t>(r)];
                aid.input_closure.insert(aid.input_closure.end(), closure.begin(), closure.end());
            }
            std::sort(aid.input_closure.begin(), aid.input_closure.end());
            aid.input_closure.erase(std::unique(aid.input_closure.begin(), aid.input_closure.end()), aid.input_closure.end());
        }
    }

private:
    /// A sum or count over the children (or all the persons) depends on the month: a child is counted from
    /// the month of their birth (Evaluation::born_later).
    bool reads_births(const Node& n) const { return R.input_birth_date >= 0 && n.collection != Collection::Adults; }

    /// RuleSet::month_reads_group: one number per distinct pair of month_rules and compared_rules lists.
    void group_month_reads() {
        using Reads = std::vector<RuleSet::RuleRead>;
        std::map<std::pair<Reads, Reads>, std::uint32_t> groups;
        R.month_reads_group.assign(R.rules.size(), 0);
        for (std::size_t i = 0; i < R.rules.size(); ++i) {
            const auto& d = R.month_dependence[i];
            auto [it, added] = groups.try_emplace({d.month_rules, d.compared_rules}, static_cast<std::uint32_t>(groups.size()));
            R.month_reads_group[i] = it->second;
        }
        R.month_reads_group_count = static_cast<std::uint32_t>(groups.size());
    }

    /// RuleSet::month_dependence: what, besides the answers, a rule's value can read that changes with the month.
    void compute_month_dependence() {
        using MonthReach = RuleSet::MonthReach;
        using Dependence = RuleSet::MonthDependence;
        R.month_dependence.assign(R.rules.size(), {});
        std::vector<char> known(R.rules.size(), 0);
        // Node by node: `reads_month` tells whether the rule reads the month itself (date_du_calcul,
        // jours_du_mois, âge…); `every_person`, whether the node is read for other persons than the rule's
        // own (a household rule, or the inside of a sum over the persons).
        std::function<bool(std::uint32_t, Dependence&, bool&, bool)> collect;
        std::function<bool(int, Dependence&, bool)> read_rule;
        std::function<const Dependence&(int)> dependence = [&](int r) -> const Dependence& {
            auto i = static_cast<std::size_t>(r);
            if (known[i]) return R.month_dependence[i];
            known[i] = 1;  // no cycle: the checker refused them
            const Rule& rule = R.rules[i];
            Dependence d;
            bool ok = true, reads_month = false;
            d.plain = rule.role == RuleRole::Definition || rule.role == RuleRole::Step || rule.role == RuleRole::Condition;
            if (rule.role == RuleRole::AidEligible || rule.role == RuleRole::AidPaid) {
                // What Evaluation::compute_rule reads for them (household rules).
                const Aid& aid = R.aids[static_cast<std::size_t>(rule.aid)];
                if (rule.role == RuleRole::AidEligible) {
                    if (aid.valid_from || aid.valid_until) reads_month = true;  // offered some months only
                    for (int c : aid.conditions) ok = ok && read_rule(c, d, true);
                } else {
                    ok = read_rule(aid.eligible_rule, d, true) && !aid.steps.empty() && read_rule(aid.steps.back(), d, true) &&
                         (!aid.payment_threshold || collect(aid.payment_threshold->root, d, reads_month, true));
                }
            } else {
                ok = !rule.versions.empty();
                for (const auto& v : rule.versions) {
                    d.changes.push_back(v.from);
                    ok = ok && collect(v.body.root, d, reads_month, rule.entity == Entity::Household);
                }
            }
            if (ok) {
                std::sort(d.changes.begin(), d.changes.end());
                d.changes.erase(std::unique(d.changes.begin(), d.changes.end()), d.changes.end());
                for (auto* list : {&d.month_rules, &d.compared_rules}) {
                    std::sort(list->begin(), list->end());
                    list->erase(std::unique(list->begin(), list->end()), list->end());
                }
                if (d.reads_month_rule) d.compared_rules.clear();
                d.plain = d.plain && !reads_month && d.month_rules.empty();
                d.reach = reads_month ? MonthReach::ReadsMonth : MonthReach::Listed;
                R.month_dependence[i] = std::move(d);
            }
            return R.month_dependence[i];
        };
        read_rule = [&](int r, Dependence& d, bool every_person) -> bool {
            const Dependence& sub = dependence(r);
            d.plain = d.plain && sub.plain;
            switch (sub.reach) {
                case MonthReach::Other: return false;
                case MonthReach::ReadsMonth:
                    d.month_rules.push_back({r, every_person});
                    d.reads_month_rule = true;
                    return true;
                case MonthReach::Listed: break;
            }
            d.changes.insert(d.changes.end(), sub.changes.begin(), sub.changes.end());
            for (auto [q, every] : sub.month_rules) d.month_rules.push_back({q, every || every_person});
            if (sub.reads_month_rule) d.compared_rules.push_back({r, every_person});
            else
                for (auto [q, every] : sub.compared_rules) d.compared_rules.push_back({q, every || every_person});
            return true;
        };
        collect = [&](std::uint32_t index, Dependence& d, bool& reads_month, bool every_person) -> bool {
            const Node& n = R.nodes[index];
            switch (n.kind) {
                case NodeKind::Param:
                    if (n.target < 0) return false;  // an unknown parameter, already reported
                    for (const auto& v : R.parameters[static_cast<std::size_t>(n.target)].values) d.changes.push_back(v.from);
                    break;
                case NodeKind::CalcDate:
                case NodeKind::DaysInMonth: reads_month = true; break;
                case NodeKind::RuleRef:
                    if (n.target < 0 || !read_rule(n.target, d, every_person || n.person == PersonSel::Applicant || n.person == PersonSel::Partner)) return false;
                    break;
                case NodeKind::Input:
                    // A default is noted by the evaluation that uses it: taking such a value from another month
                    // would lose the note (or add one the month simulated did not use).
                    if (R.inputs[static_cast<std::size_t>(n.target)].default_value) return false;
                    break;
                case NodeKind::Call:
                    if (n.func == Func::AtMonth) return false;
                    if (n.func == Func::Age || n.func == Func::AgeInMonths) reads_month = true;
                    break;
                case NodeKind::Aggregate:
                    every_person = true;
                    if (reads_births(n)) reads_month = true;
                    break;
                default: break;
            }
            for (std::uint32_t k = 0; k < n.child_count; ++k)
                if (!collect(R.child_index(n, k), d, reads_month, every_person)) return false;
            return true;
        };
        for (std::size_t i = 0; i < R.rules.size(); ++i) dependence(static_cast<int>(i));
    }

    RuleSet& R;
    Diagnostics& D;
    std::vector<std::uint8_t> m_state;  // 0 not seen, 1 being checked, 2 done
    std::vector<int> m_stack;

    static bool compatible(Type a, Type b) {
        if (a.kind != b.kind) return false;
        if (a.kind == Kind::Number) return same_unit(a.unit, b.unit);
        if (a.kind == Kind::Enum) return a.enumeration == b.enumeration;
        return true;
    }

    SourceLocation at(const Context& ctx, std::uint32_t node) const {
        if (!ctx.expr) return {};
        SourceLocation where = ctx.expr->where;
        if (ctx.expr->text.find('\n') == std::string::npos && where.column > 0) where.column += static_cast<int>(R.nodes[node].offset);
        return where;
    }

    void report(const char* code, const Context& ctx, std::uint32_t node, std::string message) {
        std::string text = ctx.expr ? ctx.expr->text : "";
        if (text.size() > 120) text = text.substr(0, 117) + "…";
        D.error(code, at(ctx, node), ctx.expr ? ctx.expr->field : "", text.empty() ? message : fmt::format("{} (dans « {} »)", message, text));
    }

    void depend(const Context& ctx, std::vector<int> Rule::*deps, int target) {
        if (ctx.rule >= 0) (R.rules[static_cast<std::size_t>(ctx.rule)].*deps).push_back(target);
    }

    // -- rules ------------------------------------------------------------------------------

    Type check_rule(int index) {
        auto i = static_cast<std::size_t>(index);
        if (m_state[i] == 2) return R.rules[i].type;
        if (m_state[i] == 1) {
            std::string chain;
            auto from = std::find(m_stack.begin(), m_stack.end(), index);
            for (auto it = from; it != m_stack.end(); ++it) chain += R.rules[static_cast<std::size_t>(*it)].id + " → ";
            chain += R.rules[i].id;
            D.error("R024", R.rules[i].where, R.rules[i].id, fmt::format("cycle : {}", chain));
            return {};
        }
        m_state[i] = 1;
        m_stack.push_back(index);
        Rule& rule = R.rules[i];
        Type result;
        if (rule.role == RuleRole::AidEligible) {
            result = {Kind::Bool};
            const Aid& aid = R.aids[static_cast<std::size_t>(rule.aid)];
            for (int c : aid.conditions) {
                check_rule(c);
                R.rules[i].rule_deps.push_back(c);
            }
        } else if (rule.role == RuleRole::AidPaid) {
            result = {Kind::Number, Unit::Euro};
            const Aid& aid = R.aids[static_cast<std::size_t>(rule.aid)];
            R.rules[i].rule_deps.push_back(aid.eligible_rule);
            check_rule(aid.eligible_rule);
            if (!aid.steps.empty()) {
                R.rules[i].rule_deps.push_back(aid.steps.back());
                check_rule(aid.steps.back());
            }
            if (aid.payment_threshold) {
                Context ctx{aid.id, false, index, &*aid.payment_threshold};
                Type t = check(aid.payment_threshold->root, ctx, -1);
                if (t.kind != Kind::Invalid && !compatible(t, {Kind::Number, Unit::Euro}))
                    report("R023", ctx, aid.payment_threshold->root, "le seuil de versement est un montant en €");
            }
        } else {
            for (auto& version : rule.versions) {
                Context ctx{rule.ns, rule.entity == Entity::Person, index, &version.body};
                Type t = check(version.body.root, ctx, R.rules[i].enumeration);
                if (t.kind == Kind::Invalid) continue;
                if (result.kind == Kind::Invalid) result = t;
                else if (!compatible(result, t))
                    report("R022", ctx, version.body.root, fmt::format("cette version donne un {} ; la précédente un {}", type_name(R, t), type_name(R, result)));
            }
            Rule& r = R.rules[i];
            if (r.role == RuleRole::Condition && result.kind != Kind::Invalid && result.kind != Kind::Bool)
                D.error("R022", r.where, r.id, fmt::format("une condition est vraie ou fausse ; celle-ci donne un {}", type_name(R, result)));
            if (r.round_step && result.kind != Kind::Invalid && result.kind != Kind::Number)
                D.error("R022", r.where, r.id + ".arrondi", "seul un nombre s'arrondit");
            if (r.enumeration >= 0 && result.kind != Kind::Invalid && result.enumeration != r.enumeration)
                D.error("R022", r.where, r.id + ".valeurs", "la formule doit donner une des « valeurs » déclarées");
        }
        R.rules[i].type = result;
        m_stack.pop_back();
        m_state[i] = 2;
        // Explanations may name the rule itself: checked once its type is known.
        Rule& r = R.rules[i];
        for (auto& part : r.explanation_parts) {
            Context ctx{r.ns, r.entity == Entity::Person, -1, &part};
            check(part.root, ctx, -1);
        }
        return result;
    }

    /// A document's or a note's `si:`, read in the household of the aid: true or false.
    void check_entry_condition(const Aid& aid, const Expression& condition, const char* message) {
        Context ctx{aid.id, false, -1, &condition};
        Type t = check(condition.root, ctx, -1);
        if (t.kind != Kind::Invalid && t.kind != Kind::Bool) report("R022", ctx, condition.root, message);
    }

    void check_aid(Aid& aid) {
        auto org = R.organisation_index.find(aid.organisation_id);
        if (org == R.organisation_index.end())
            D.error("R041", aid.where, "organisme", fmt::format("organisme « {} » absent de organismes.yaml", aid.organisation_id));
        else
            aid.organisation = org->second;
        if (!aid.steps.empty()) {
            const Rule& last = R.rules[static_cast<std::size_t>(aid.steps.back())];
            if (last.type.kind != Kind::Invalid && !compatible(last.type, {Kind::Number, Unit::Euro}))
                D.error("R023", last.where, last.id, fmt::format("la dernière étape donne le montant de l'aide : un montant en €, pas un {}", type_name(R, last.type)));
        }
        for (auto& doc : aid.documents) {
            auto it = R.document_index.find(doc.written_id);
            if (it == R.document_index.end()) {
                D.error("R041", doc.where, "pièces", fmt::format("pièce « {} » absente de pieces.yaml", doc.written_id));
                continue;
            }
            doc.document = it->second;
            if (doc.condition) check_entry_condition(aid, *doc.condition, "la condition d'une pièce est vraie ou fausse");
        }
        for (auto& note : aid.unchecked_conditions)
            if (note.condition) check_entry_condition(aid, *note.condition, "la condition d'une note « à vérifier » est vraie ou fausse");
    }

    // -- names ------------------------------------------------------------------------------

    /// Finds what a dotted name means. Returns false when nothing has that name.
    bool resolve(Node& n, const Context& ctx, std::uint32_t index) {
        std::string name = n.name;
        PersonSel sel = PersonSel::None;
        auto strip = [&](std::string_view prefix, PersonSel s) {
            if (name.starts_with(prefix)) {
                name = "personne." + name.substr(prefix.size());
                sel = s;
            }
        };
        strip("demandeur.", PersonSel::Applicant);
        strip("conjoint.", PersonSel::Partner);
        if (sel == PersonSel::None && name.starts_with("personne.")) sel = PersonSel::Current;

        int rule = R.find_rule(name);
        int input = rule < 0 ? R.find_input(name) : -1;
        if (rule < 0 && input < 0 && !ctx.ns.empty() && sel == PersonSel::None) {
            rule = R.find_rule(ctx.ns + "." + name);
            if (rule < 0) input = R.find_input(ctx.ns + "." + name);
        }
        if (rule < 0 && input < 0) return false;

        Entity entity = rule >= 0 ? R.rules[static_cast<std::size_t>(rule)].entity : R.inputs[static_cast<std::size_t>(input)].entity;
        if (entity == Entity::Person && sel == PersonSel::None) sel = PersonSel::Current;
        if (entity == Entity::Household && sel != PersonSel::None) {
            report("R022", ctx, index, fmt::format("« {} » concerne tout le foyer, pas une personne", n.name));
        }
        if (sel == PersonSel::Current && !ctx.person) {
            report("R022", ctx, index,
                   fmt::format("« {} » concerne une personne : précisez demandeur., conjoint., ou employez-le dans somme(…), nombre(…)…", n.name));
        }
        n.person = sel;
        if (rule >= 0) {
            n.kind = NodeKind::RuleRef;
            n.target = rule;
            depend(ctx, &Rule::rule_deps, rule);
        } else {
            n.kind = NodeKind::Input;
            n.target = input;
            depend(ctx, &Rule::input_deps, input);
        }
        return true;
    }

    bool is_bare_name(std::uint32_t index) {
        Node& n = R.nodes[index];
        if (n.kind != NodeKind::Name) return false;
        std::string name = n.name;
        if (name.starts_with("demandeur.") || name.starts_with("conjoint.") || name.starts_with("personne.")) return false;
        return name.find('.') == std::string::npos && R.find_rule(name) < 0 && R.find_input(name) < 0;
    }

    bool bare_name_resolves(std::uint32_t index, const Context& ctx) {
        const Node& n = R.nodes[index];
        return !ctx.ns.empty() && (R.find_rule(ctx.ns + "." + n.name) >= 0 || R.find_input(ctx.ns + "." + n.name) >= 0);
    }

    // -- expressions ------------------------------------------------------------------------

    Type check(std::uint32_t index, Context& ctx, int expected_enum) {
        Type t = check_node(index, ctx, expected_enum);
        R.nodes[index].type = t;
        return t;
    }

    Type check_node(std::uint32_t index, Context& ctx, int expected_enum) {
        Node& n = R.nodes[index];
        switch (n.kind) {
            case NodeKind::Number: return {Kind::Number, n.unit};
            case NodeKind::DateLiteral: return {Kind::Date};
            case NodeKind::Bool: return {Kind::Bool};
            case NodeKind::Text: return {Kind::Text};
            case NodeKind::CalcDate: return {Kind::Date};
            case NodeKind::DaysInMonth: return {Kind::Number, Unit::None};
            case NodeKind::EnumLiteral: return {Kind::Enum, Unit::None, expected_enum};
            case NodeKind::List: return {};
            case NodeKind::Input: return R.inputs[static_cast<std::size_t>(n.target)].type;
            case NodeKind::RuleRef: return check_rule(n.target);
            case NodeKind::Name: {
                if (resolve(n, ctx, index)) {
                    return n.kind == NodeKind::RuleRef ? check_rule(n.target) : R.inputs[static_cast<std::size_t>(n.target)].type;
                }
                if (expected_enum >= 0) {
                    int v = R.enumerations[static_cast<std::size_t>(expected_enum)].find(n.name);
                    if (v >= 0) {
                        n.kind = NodeKind::EnumLiteral;
                        n.target = v;
                        return {Kind::Enum, Unit::None, expected_enum};
                    }
                    const auto& e = R.enumerations[static_cast<std::size_t>(expected_enum)];
                    std::string values;
                    for (const auto& v2 : e.values) values += (values.empty() ? "" : ", ") + v2;
                    report("R021", ctx, index, fmt::format("« {} » n'est ni une règle, ni une question, ni une valeur de « {} » ({})", n.name, e.name, values));
                    return {};
                }
                report("R021", ctx, index, fmt::format("référence inconnue « {} »", n.name));
                return {};
            }
            case NodeKind::Param: return check_param(index, ctx);
            case NodeKind::Unary: {
                Type a = check(R.child_index(n, 0), ctx, -1);
                if (a.kind == Kind::Invalid) return {};
                if (n.op == Op::Not) {
                    if (a.kind != Kind::Bool) report("R022", ctx, index, "« non » s'applique à une condition");
                    return {Kind::Bool};
                }
                if (a.kind != Kind::Number) report("R022", ctx, index, "« - » s'applique à un nombre");
                return a;
            }
            case NodeKind::Binary: return check_binary(index, ctx);
            case NodeKind::If: {
                Type c = check(R.child_index(n, 0), ctx, -1);
                if (c.kind != Kind::Invalid && c.kind != Kind::Bool) report("R022", ctx, R.child_index(n, 0), "après « si », une condition est attendue");
                std::uint32_t ai = R.child_index(n, 1), bi = R.child_index(n, 2);
                Type a, b;
                if (expected_enum < 0 && is_bare_name(ai) && !bare_name_resolves(ai, ctx)) {
                    b = check(bi, ctx, -1);
                    a = check(ai, ctx, b.kind == Kind::Enum ? b.enumeration : -1);
                } else {
                    a = check(ai, ctx, expected_enum);
                    b = check(bi, ctx, a.kind == Kind::Enum ? a.enumeration : expected_enum);
                }
                if (a.kind == Kind::Invalid || b.kind == Kind::Invalid) return {};
                if (!compatible(a, b)) {
                    report("R022", ctx, index, fmt::format("« alors » donne un {} et « sinon » un {}", type_name(R, a), type_name(R, b)));
                    return {};
                }
                if (a.kind == Kind::Number && normal(a.unit) == Unit::None) return b;
                return a;
            }
            case NodeKind::Call: return check_call(index, ctx);
            case NodeKind::Aggregate: {
                Context inner = ctx;
                inner.person = true;
                std::uint32_t k = 0;
                if (n.has_filter) {
                    Type f = check(R.child_index(n, k++), inner, -1);
                    if (f.kind != Kind::Invalid && f.kind != Kind::Bool) report("R022", ctx, index, "après « où », une condition est attendue");
                }
                ctx.rule = inner.rule;
                switch (n.aggregate) {
                    case AggregateKind::Count: return {Kind::Number, Unit::None};
                    case AggregateKind::Exists: return {Kind::Bool};
                    case AggregateKind::ForAll: {
                        Type v = check(R.child_index(n, k), inner, -1);
                        if (v.kind != Kind::Invalid && v.kind != Kind::Bool) report("R022", ctx, index, "pour_tout attend une condition");
                        return {Kind::Bool};
                    }
                    default: {
                        Type v = check(R.child_index(n, k), inner, -1);
                        if (v.kind != Kind::Invalid && v.kind != Kind::Number) report("R022", ctx, index, "on ne fait la somme que de nombres");
                        return v.kind == Kind::Number ? v : Type{};
                    }
                }
            }
        }
        return {};
    }

    Type check_param(std::uint32_t index, Context& ctx) {
        Node& n = R.nodes[index];
        int p = R.find_parameter(n.name);
        if (p < 0) {
            report("R021", ctx, index, fmt::format("paramètre inconnu « ${} »", n.name));
            return {};
        }
        n.target = p;
        depend(ctx, &Rule::param_deps, p);
        const Parameter& param = R.parameters[static_cast<std::size_t>(p)];
        if (param.shape == ParamShape::Scale || param.shape == ParamShape::Grid) {
            report("R022", ctx, index, fmt::format("« ${} » est un barème : employez-le dans barème(…) ou grille(…)", n.name));
            return {};
        }
        if (param.shape == ParamShape::Scalar) {
            if (n.child_count > 0) report("R022", ctx, index, fmt::format("« ${} » n'est pas un tableau : pas de [ ]", n.name));
            return {Kind::Number, param.unit};
        }
        // A table: each [key] is a key name written as is, or an expression giving a count or a choice.
        const std::vector<TableEntry>* level = param.values.empty() ? nullptr : &param.values.back().table;
        for (std::uint32_t k = 0; k < n.child_count; ++k) {
            std::uint32_t ci = R.child_index(n, k);
            Node& key = R.nodes[ci];
            if (!level || level->empty()) {
                report("R022", ctx, index, fmt::format("trop de [clés] pour « ${} »", n.name));
                return {};
            }
            const TableEntry* next = nullptr;
            if (key.kind == NodeKind::Name) {
                for (const auto& e : *level)
                    if (e.key.name == key.name) next = &e;
            }
            if (next) {
                key.kind = NodeKind::Text;  // a key written as is
                key.type = {Kind::Text};
            } else {
                Type kt = check(ci, ctx, -1);
                if (kt.kind == Kind::Invalid) return {};
                if (!(kt.kind == Kind::Enum || (kt.kind == Kind::Number && normal(kt.unit) == Unit::None))) {
                    std::string keys;
                    for (const auto& e : *level) keys += (keys.empty() ? "" : ", ") + e.key.name;
                    report("R022", ctx, ci, fmt::format("clé de « ${} » : un nom parmi ({}), un nombre ou un choix", n.name, keys));
                    return {};
                }
                next = &level->front();
            }
            level = next->number ? nullptr : &next->children;
        }
        if (level && !level->empty()) {
            report("R022", ctx, index, fmt::format("« ${} » est un tableau : précisez la clé entre [ ]", n.name));
            return {};
        }
        return {Kind::Number, param.unit};
    }

    Type check_binary(std::uint32_t index, Context& ctx) {
        Node& n = R.nodes[index];
        std::uint32_t ai = R.child_index(n, 0), bi = R.child_index(n, 1);
        if (n.op == Op::In) {
            Type a = check(ai, ctx, -1);
            const Node& list = R.nodes[bi];
            for (std::uint32_t k = 0; k < list.child_count; ++k) {
                std::uint32_t item = R.child_index(list, k);
                Type t = check(item, ctx, a.kind == Kind::Enum ? a.enumeration : -1);
                if (a.kind != Kind::Invalid && t.kind != Kind::Invalid && !compatible(a, t))
                    report("R022", ctx, item, fmt::format("la liste de « dans » doit contenir des {}", type_name(R, a)));
            }
            return {Kind::Bool};
        }
        if (n.op == Op::And || n.op == Op::Or) {
            Type a = check(ai, ctx, -1), b = check(bi, ctx, -1);
            if ((a.kind != Kind::Invalid && a.kind != Kind::Bool) || (b.kind != Kind::Invalid && b.kind != Kind::Bool))
                report("R022", ctx, index, fmt::format("« {} » relie deux conditions", n.op == Op::And ? "et" : "ou"));
            return {Kind::Bool};
        }
        Type a, b;
        bool comparison = n.op == Op::Eq || n.op == Op::Ne;
        if (comparison && is_bare_name(ai) && !bare_name_resolves(ai, ctx)) {
            b = check(bi, ctx, -1);
            a = check(ai, ctx, b.kind == Kind::Enum ? b.enumeration : -1);
        } else {
            a = check(ai, ctx, -1);
            b = check(bi, ctx, comparison && a.kind == Kind::Enum ? a.enumeration : -1);
        }
        if (a.kind == Kind::Invalid || b.kind == Kind::Invalid) return {};
        switch (n.op) {
            case Op::Eq:
            case Op::Ne:
                if (!compatible(a, b)) report(same_kind_message(a, b), ctx, index, fmt::format("comparaison d'un {} et d'un {}", type_name(R, a), type_name(R, b)));
                return {Kind::Bool};
            case Op::Lt:
            case Op::Le:
            case Op::Gt:
            case Op::Ge:
                if (!((a.kind == Kind::Number || a.kind == Kind::Date) && compatible(a, b)))
                    report(same_kind_message(a, b), ctx, index, fmt::format("comparaison d'un {} et d'un {}", type_name(R, a), type_name(R, b)));
                return {Kind::Bool};
            case Op::Add:
            case Op::Sub:
                if (a.kind == Kind::Date && b.kind == Kind::Number && (b.unit == Unit::Year || b.unit == Unit::Month || b.unit == Unit::Day))
                    return {Kind::Date};
                if (a.kind != Kind::Number || b.kind != Kind::Number) {
                    report("R022", ctx, index, fmt::format("on n'ajoute que des nombres (ici un {} et un {})", type_name(R, a), type_name(R, b)));
                    return {};
                }
                if (!same_unit(a.unit, b.unit)) {
                    report("R023", ctx, index, fmt::format("unités différentes : {} et {}", unit_symbol(a.unit), unit_symbol(b.unit)));
                    return {};
                }
                return {Kind::Number, normal(a.unit) == Unit::None && b.unit != Unit::None ? b.unit : a.unit};
            case Op::Mul:
            case Op::Div: {
                if (a.kind != Kind::Number || b.kind != Kind::Number) {
                    report("R022", ctx, index, "on ne multiplie ou divise que des nombres");
                    return {};
                }
                Unit ua = normal(a.unit), ub = normal(b.unit);
                if (n.op == Op::Mul) {
                    if (ua == Unit::None) return {Kind::Number, b.unit == Unit::None ? a.unit : b.unit};
                    if (ub == Unit::None) return {Kind::Number, a.unit};
                    report("R023", ctx, index, fmt::format("produit de deux grandeurs ({} × {}) : l'une doit être un nombre ou un taux", unit_symbol(a.unit), unit_symbol(b.unit)));
                    return {};
                }
                if (ub == Unit::None) return {Kind::Number, a.unit};
                if (ua == ub) return {Kind::Number, Unit::None};
                report("R023", ctx, index, fmt::format("division de {} par {} : unité sans sens", unit_symbol(a.unit), unit_symbol(b.unit)));
                return {};
            }
            default: return {};
        }
    }

    static const char* same_kind_message(Type a, Type b) { return a.kind == b.kind ? "R023" : "R022"; }

    Type check_call(std::uint32_t index, Context& ctx) {
        Node& n = R.nodes[index];
        auto arity = [&](std::uint32_t min, std::uint32_t max) {
            if (n.child_count < min || n.child_count > max) {
                report("R025", ctx, index, fmt::format("« {} » attend {} argument(s)", n.name, min == max ? std::to_string(min) : fmt::format("{} à {}", min, max)));
                return false;
            }
            return true;
        };
        switch (n.func) {
            case Func::Min:
            case Func::Max: {
                if (!arity(2, 16)) return {};
                Type first = check(R.child_index(n, 0), ctx, -1);
                for (std::uint32_t k = 1; k < n.child_count; ++k) {
                    Type t = check(R.child_index(n, k), ctx, -1);
                    if (first.kind == Kind::Invalid || t.kind == Kind::Invalid) continue;
                    if (first.kind != Kind::Number || t.kind != Kind::Number) {
                        report("R022", ctx, index, fmt::format("« {} » compare des nombres", n.name));
                        return {};
                    }
                    if (!same_unit(first.unit, t.unit)) {
                        report("R023", ctx, index, fmt::format("« {} » de {} et de {}", n.name, unit_symbol(first.unit), unit_symbol(t.unit)));
                        return {};
                    }
                    if (normal(first.unit) == Unit::None) first.unit = t.unit;
                }
                return first.kind == Kind::Number ? first : Type{};
            }
            case Func::Round: {
                if (!arity(2, 2)) return {};
                Type x = check(R.child_index(n, 0), ctx, -1), step = check(R.child_index(n, 1), ctx, -1);
                if (x.kind == Kind::Invalid || step.kind == Kind::Invalid) return {};
                if (x.kind != Kind::Number || step.kind != Kind::Number) {
                    report("R022", ctx, index, "arrondi(valeur; pas; sens) arrondit un nombre");
                    return {};
                }
                if (!same_unit(x.unit, step.unit) && normal(step.unit) != Unit::None)
                    report("R023", ctx, index, "le pas d'arrondi a l'unité de la valeur");
                return x;
            }
            case Func::Age:
            case Func::AgeInMonths: {
                if (!arity(1, 1)) return {};
                Type d = check(R.child_index(n, 0), ctx, -1);
                if (d.kind != Kind::Invalid && d.kind != Kind::Date) report("R022", ctx, index, "âge(…) attend une date de naissance");
                return {Kind::Number, n.func == Func::Age ? Unit::Year : Unit::Month};
            }
            case Func::AgeAt: {
                if (!arity(2, 2)) return {};
                Type birth = check(R.child_index(n, 0), ctx, -1), on = check(R.child_index(n, 1), ctx, -1);
                if ((birth.kind != Kind::Invalid && birth.kind != Kind::Date) || (on.kind != Kind::Invalid && on.kind != Kind::Date))
                    report("R022", ctx, index, "âge_au(naissance; date) attend deux dates");
                return {Kind::Number, Unit::Year};
            }
            case Func::Department: {
                if (!arity(1, 1)) return {};
                Type code = check(R.child_index(n, 0), ctx, -1);
                if (code.kind != Kind::Invalid && code.kind != Kind::Text) report("R022", ctx, index, "département(…) attend un code de commune (texte)");
                return {Kind::Text};
            }
            case Func::Year:
            case Func::MonthOf: {
                if (!arity(1, 1)) return {};
                Type d = check(R.child_index(n, 0), ctx, -1);
                if (d.kind != Kind::Invalid && d.kind != Kind::Date) report("R022", ctx, index, fmt::format("{}(…) attend une date", n.name));
                return {Kind::Number, Unit::None};
            }
            case Func::MakeDate: {
                if (!arity(3, 3)) return {};
                for (std::uint32_t k = 0; k < 3; ++k) {
                    Type t = check(R.child_index(n, k), ctx, -1);
                    if (t.kind != Kind::Invalid && !(t.kind == Kind::Number && normal(t.unit) == Unit::None))
                        report("R022", ctx, index, "date(année; mois; jour) attend trois nombres");
                }
                return {Kind::Date};
            }
            case Func::Scale:
            case Func::Grid: {
                if (!arity(2, 2)) return {};
                Node& p = R.nodes[R.child_index(n, 0)];
                int param = p.kind == NodeKind::Param ? R.find_parameter(p.name) : -1;
                ParamShape want = n.func == Func::Scale ? ParamShape::Scale : ParamShape::Grid;
                if (param < 0 || R.parameters[static_cast<std::size_t>(param)].shape != want) {
                    report("R022", ctx, index, fmt::format("{}(…) attend d'abord un paramètre de forme {}", n.name, n.func == Func::Scale ? "barème" : "grille"));
                    return {};
                }
                p.target = param;
                p.type = {Kind::Number, R.parameters[static_cast<std::size_t>(param)].unit};
                depend(ctx, &Rule::param_deps, param);
                const Parameter& par = R.parameters[static_cast<std::size_t>(param)];
                Type base = check(R.child_index(n, 1), ctx, -1);
                if (base.kind == Kind::Invalid) return {};
                if (base.kind != Kind::Number || !same_unit(base.unit, par.base_unit)) {
                    report("R023", ctx, index, fmt::format("l'assiette de « ${} » est en {}", par.id, unit_symbol(par.base_unit)));
                    return {};
                }
                if (n.func == Func::Grid) return {Kind::Number, par.unit};
                return {Kind::Number, normal(par.unit) == Unit::None ? base.unit : par.unit};
            }
            case Func::Lookup: {
                if (!arity(2, 2)) return {};
                Node& t = R.nodes[R.child_index(n, 0)];
                auto it = R.table_index.find(t.name);
                if (it == R.table_index.end()) {
                    report("R021", ctx, index, fmt::format("table inconnue « {} » (voir rules/donnees)", t.name));
                    return {};
                }
                t.target = it->second;
                Type key = check(R.child_index(n, 1), ctx, -1);
                if (key.kind != Kind::Invalid && key.kind != Kind::Text) report("R022", ctx, index, "la clé d'une table est un texte (code INSEE…)");
                return R.tables[static_cast<std::size_t>(it->second)].value_type;
            }
            case Func::AtMonth: {
                // au_mois(valeur; -3): the value as if the simulated month were 3 months earlier.
                if (!arity(2, 2)) return {};
                std::uint32_t shift_index = R.child_index(n, 1);
                const Node& shift = R.nodes[shift_index];
                std::optional<Decimal> k;
                if (shift.kind == NodeKind::Number && (shift.unit == Unit::None || shift.unit == Unit::Month)) k = shift.number;
                else if (shift.kind == NodeKind::Unary && shift.op == Op::Neg && R.child(shift, 0).kind == NodeKind::Number &&
                         (R.child(shift, 0).unit == Unit::None || R.child(shift, 0).unit == Unit::Month))
                    k = -R.child(shift, 0).number;
                if (!k || !k->is_integer() || *k < Decimal::from_int(-36) || *k > Decimal::from_int(36)) {
                    report("R025", ctx, index, "au_mois(valeur; décalage) : le décalage est un nombre entier de mois écrit tel quel, de -36 à 36");
                    return {};
                }
                n.key = static_cast<std::int32_t>(k->to_int());
                R.nodes[shift_index].type = {Kind::Number, Unit::None};
                return check(R.child_index(n, 0), ctx, -1);
            }
            case Func::None: break;
        }
        return {};
    }
};

}  // namespace

void check_rules(RuleSet& rules, Diagnostics& diags) {
    Checker checker(rules, diags);
    checker.run();
}

}  // namespace borne::engine
