// Evaluating a household against the rules, with unknowns: every aid comes out eligible (with its
// amount), not eligible (with the reason), or undetermined (with the answers still missing).
//
// Three-valued logic, as in Publicodes: "faux et inconnu" is faux, "vrai ou inconnu" is vrai, so an
// answer is reported missing only when it can still change a result. Values are cached per rule and
// person for one evaluation; the trace behind a result is rebuilt from that cache on demand, so a
// plain evaluation pays nothing for explanations.
#pragma once

#include "borne/engine/message.hpp"
#include "borne/engine/rules.hpp"
#include "borne/engine/situation.hpp"
#include "borne/engine/slot_memory.hpp"

#include <deque>
#include <memory>
#include <new>
#include <type_traits>
#include <optional>
#include <string>
#include <vector>

namespace borne::engine {

/// An answer a result still waits for. `weight` grows with how decisive the answer is
/// (gating a condition weighs more than entering an amount).
struct Missing {
    int input = -1;
    int person = -1;   // -1: the household
    int weight = 1;
    bool asked = false;  // answered "je ne sais pas": listed, never asked again
    friend bool operator==(const Missing&, const Missing&) = default;
};

enum class Status : std::uint8_t { Known, Unknown, NotApplicable, Error };

struct Value {
    // Plain data (copied like an int128 and a few words): values are copied at every step of an evaluation,
    // so what they point to (missing answers, error texts) lives in the Evaluation.
    Decimal number;
    const std::string* text = nullptr;
    int missing = -1;  // when Unknown: index in the evaluation's lists of missing answers (Evaluation::missing_of)
    Date date;
    int choice = -1;
    int error = -1;  // when Error: index in Evaluation::errors()
    Status status = Status::Known;
    Kind kind = Kind::Invalid;
    bool boolean = false;

    static Value of_bool(bool b) { Value v; v.kind = Kind::Bool; v.boolean = b; return v; }
    static Value of_number(Decimal n) { Value v; v.kind = Kind::Number; v.number = n; return v; }
    static Value of_date(Date d) { Value v; v.kind = Kind::Date; v.date = d; return v; }
    /// A given answer as a value of `kind`; the text, if any, stays owned by the answer.
    static Value of_answer(const Answer& a, Kind kind) {
        Value v;
        v.kind = kind;
        v.boolean = a.boolean;
        v.number = a.number;
        v.date = a.date;
        v.choice = a.choice;
        v.text = &a.text;
        return v;
    }
    bool known() const { return status == Status::Known; }
    bool is_true() const { return status == Status::Known && kind == Kind::Bool && boolean; }
};

// ToCheck: a condition found a case the rules do not compute (an overseas scale, a loan): an agent decides,
// the kiosk neither refuses nor guesses.
static_assert(std::is_trivially_copyable_v<Value> && std::is_trivially_destructible_v<Value>, "Evaluation's cache stores values as plain bytes");

enum class AidStatus : std::uint8_t { Eligible, NotEligible, Undetermined, ToCheck, Error };

struct ExplanationLine {
    std::string rule;  // step id
    Message text;      // the step's template from the rules and the values that fill it
};

// What the engine says about an aid is data (message.hpp): a Formatter writes it in a language.
struct AidResult {
    int aid = -1;
    AidStatus status = AidStatus::Undetermined;
    Decimal amount;            // paid amount when eligible
    Message reason;            // why not eligible, why an agent must check it, or what went wrong
    std::vector<ExplanationLine> explanation;
    std::vector<int> documents;
    std::vector<Message> unchecked;    // the aid's `à_vérifier` notes that concern this household (id: the note's)
    std::vector<Missing> missing;      // undetermined: answers that would decide it
    std::vector<Message> assumptions;  // defaults used ("résidence en France : oui")
    /// Evaluation::explained() added the explanation and the freshness lines (in `unchecked`, first):
    /// all_aids() leaves them to the reader of an aid's detail, the slip or the CLI's output.
    bool explained = false;
};

/// What an eligible aid pays, how often; for a right in kind (free care), what it costs the household.
Money aid_money(const Aid& aid, const AidResult& result);

/// For a visitor whose commune (logement.commune) is covered by a local pack that does not cover the site's
/// commune: one line per such pack naming its aids that this kiosk does not evaluate there (textes.yaml
/// « aides_locales_ailleurs »). They are told the aids exist, never evaluated as if they lived here.
std::vector<Message> local_aids_elsewhere(const RuleSet& rules, const Situation& situation, std::string_view site_commune);

class Evaluation {
public:
    Evaluation(const RuleSet& rules, const Situation& situation);
    /// The same answers evaluated as if the simulated month were `month` (for au_mois()).
    Evaluation(const RuleSet& rules, const Situation& situation, Date month);
    ~Evaluation();
    Evaluation(const Evaluation&) = delete;
    Evaluation& operator=(const Evaluation&) = delete;

    /// Takes from `base` (same persons, same month) every value that cannot depend on `changed_input`:
    /// the lookahead of the next question changes one answer and re-evaluates only what it touches.
    void reuse_from(const Evaluation& base, int changed_input);

    /// Fixes a rule's value before evaluating (tests forcing an intermediate value, as Catala's do).
    void force(int rule, Value value);

    Value rule_value(int rule, int person = -1);
    /// One aid's whole result, explained (see explained()).
    AidResult aid(int aid);
    /// Only whether the aid is decided and how, without explanations or documents (for the lookahead).
    /// aid() starts from it: the classification is written once.
    AidStatus aid_status(int aid);
    /// Every aid's result as aid() gives it, but not explained: the list of results (the screen, the
    /// summary, the lookahead's households) reads neither the explanation nor the freshness lines, and
    /// building them for every eligible aid was most of what « all aids » cost. Ask explained() for
    /// the results whose explanation or notes « à vérifier » are read.
    std::vector<AidResult> all_aids();
    /// `result` (of this evaluation) with, when eligible, its explanation (its steps' templates with their
    /// values) and its freshness lines (RuleSet::freshness_note: said in the explanation, last, and first
    /// of the notes « à vérifier »). Written once, for aid() and for the results of all_aids().
    AidResult explained(AidResult result);

    /// Evaluates an expression of the rule set (e.g. a reference output) at household level.
    Value evaluate(const Expression& e, int person = -1);

    /// A value of type `type` as a message's argument: money, a measure, a date, a choice's label…
    ArgValue argument(const Value& v, Type type) const;
    /// French text of a value of type `type` ("1 368,55 €", "16,5 %", "oui", "1er avril 2026"), for
    /// traces and the rules' maintainers; what a visitor reads goes through argument() and a Formatter.
    std::string format(const Value& v, Type type) const;

    const std::vector<std::string>& errors() const { return m_errors; }
    /// The answers assumed so far (the questions' `par_défaut`), as (input, person), in the order met.
    const std::vector<std::pair<int, int>>& defaults_used() const { return m_defaults_used; }
    /// What the kiosk says it assumed for `input` of `person`: the question's `hypothèse` with
    /// {personne} (« votre 2e enfant »), {age} (« 8 ans ») and {valeur} (the value assumed, a choice's label).
    Message assumption(int input, int person);
    /// The answers an unknown value waits for (empty for a known value).
    const std::vector<Missing>& missing_of(const Value& v) const;
    const RuleSet& rules() const { return R; }
    const Situation& situation() const { return S; }
    /// The cached value of a rule for a person, or nullptr when it was never evaluated.
    const Value* cached(int rule, int person) const;

private:
    /// For an amount computed: one line per revaluation due and not taken in by a parameter it read
    /// (RuleSet::freshness_note filled), e.g. « … avec le barème d'octobre 2025 ; celui d'octobre 2026 … ».
    std::vector<Message> freshness_lines(const Aid& aid);
    /// A child born after the month evaluated: left out of the sums and counts over the persons of that month.
    bool born_later(int person) const;
    /// An aid's result but its explanation and freshness lines (all_aids()'s, and aid()'s before explained()).
    AidResult decided(int aid);
    /// The first of an ineligible aid's conditions found false (the one whose `si_non` is said), or -1.
    int failing_condition(const Aid& aid) const;

    const RuleSet& R;
    const Situation& S;
    Date m_month;         // first day of the month evaluated (S.month, or shifted by au_mois)
    // R's arrays read at every node and every rule lookup, kept here: one load instead of two each time.
    const Node* m_nodes;
    const std::uint32_t* m_children;
    const std::uint8_t* m_person_rule;
    const std::uint32_t* m_cache_rank;
    const Node& child(const Node& n, std::uint32_t k) const { return m_nodes[m_children[n.first_child + k]]; }
    std::uint32_t child_index(const Node& n, std::uint32_t k) const { return m_children[n.first_child + k]; }
    // One cache slot per household rule, then one per person for each person rule (RuleSet::cache_rank).
    std::size_t m_household_slots = 0;
    // S.persons.size(), read at every lookup of a person rule (the cache's layout is made for it).
    std::size_t m_persons = 0;
    // select_person()'s answer for `conjoint.` (1, no_partner_answer or no_partner), read by many nodes.
    int m_partner = -1;
    static int partner_of(const RuleSet& rules, const Situation& situation);
    // What every sum or count over the persons reads first (Situation's in_couple, child_count, first_child_index).
    std::optional<bool> m_couple;
    std::optional<int> m_child_count;
    int m_first_child = 1;
    // Values are built only when computed: an evaluation touches a few hundred of its slots, and
    // building and destroying every one of them cost more than evaluating the rules. The slots are left
    // uninitialised (m_state says which hold a value): an evaluation of a family in each of four months
    // would otherwise clear a few hundred kilobytes to use a tenth of them.
    struct CacheSlot {
        alignas(Value) unsigned char bytes[sizeof(Value)];
    };
    std::size_t m_slot_count = 0;
    // The slots, then one state byte per slot, in one block of recycled memory (slot_memory.hpp).
    SlotMemory m_memory;
    CacheSlot* m_cache = nullptr;
    Value& stored(std::size_t s) const { return *std::launder(reinterpret_cast<Value*>(m_cache[s].bytes)); }
    Value& store(std::size_t s, const Value& v) { return *std::construct_at(reinterpret_cast<Value*>(m_cache[s].bytes), v); }
    std::uint8_t* m_state = nullptr;  // 0 not computed, 1 computing, 2 done
    std::size_t slot(int rule, int person) const;
    std::vector<std::string> m_errors;
    std::vector<std::pair<int, int>> m_defaults_used;  // (input, person)
    // freshness_lines(): whether a parameter is stale in the months evaluated so far, and how many months that was.
    std::optional<bool> m_any_stale;
    std::size_t m_stale_months_checked = 0;
    // On the root, shared by every month: whether any parameter is stale in a month (by Date::days()), and
    // for each month the walk reads, each parameter's staleness (judged once per month and not again for each
    // aid) and the rules the current walk has seen. The walk runs once per eligible aid: with a search in a
    // list of (parameter, month) and a std::set of the rules seen, it was 69 % of « all aids » (callgrind).
    std::vector<std::pair<std::int32_t, bool>> m_month_stale;
    struct ParamStale {
        bool judged = false;
        std::optional<std::pair<Date, Date>> stale;  // (value in force since, revaluation due)
    };
    struct MonthWalk {
        std::int32_t days = 0;
        std::vector<ParamStale> params;   // by parameter
        std::vector<std::uint8_t> seen;   // by rule: m_walk_mark when the current walk saw it
    };
    std::deque<MonthWalk> m_month_walks;  // a deque: a walk keeps references to its months while adding one
    std::uint8_t m_walk_mark = 0;
    bool any_stale_in(Date month);
    MonthWalk& month_walk(Date month);
    const std::optional<std::pair<Date, Date>>& param_stale(MonthWalk& walk, int parameter, Date month);
    bool computed_in_any_month(int rule) const;
    /// freshness_lines()' walk: the stale parameters a rule (a node) read in `month` (whose MonthWalk is `walk`),
    /// added to `found` once each.
    void stale_in_rule(int rule, Date month, MonthWalk& walk, std::vector<std::pair<Date, Date>>& found);
    void stale_in_node(std::uint32_t node, Date month, MonthWalk& walk, std::vector<std::pair<Date, Date>>& found);
    std::vector<std::unique_ptr<std::string>> m_texts;  // texts computed during this evaluation (département…)
    // au_mois(): one evaluation per month, owned by the evaluation of the simulated month and shared by
    // all, so that "3 months before" reached through two shifts is computed once.
    Evaluation* m_root = this;
    std::vector<std::pair<std::int32_t, std::unique_ptr<Evaluation>>> m_other_months;  // by Date::days()
    Evaluation& at_month(Date month);
    /// In another month than the one simulated: the month next to it towards the one simulated (February's
    /// is March, and April's is May when May is simulated), whose values it takes when they must be the
    /// same. The months between two revaluations then compute a value once.
    Evaluation* m_source = nullptr;
    Evaluation& source();
    /// In another month than the one simulated: whether `rule` reads here, for `person`, the same
    /// parameter values, rule versions and month-reading rules (ages…) as in source()
    /// (RuleSet::month_dependence), so has the same value.
    bool reads_as_source(int rule, int person);
    /// In another month than the one simulated: whether a rule has the same value here and in source().
    bool rule_same_as_source(int rule, int person);
    /// Whether two values, this evaluation's and one of `other`, are the same, missing answers included.
    bool same_value(const Value& here, const Evaluation& other, const Value& there) const;
    /// In another month: an evaluation of the same month where rule_same_as_source() computes what it
    /// compares, apart from this one, so that comparing computes nothing in the month simulated (whose
    /// cached values are the trace of its results) nor here. It takes only what the month simulated has
    /// computed already, and reads no other month (month-reading rules read no au_mois()).
    std::unique_ptr<Evaluation> m_probe;
    bool m_is_probe = false;
    Evaluation& probe();
    /// A rule's value here for comparing: the cached one, else the probe's (which owns it, as `owner`).
    Value compared_value(int rule, int person, const Evaluation*& owner);
    // rule_same_as_source() by cache slot, worked out once in each month (left empty in the month simulated).
    enum Comparison : std::uint8_t { Unsettled, Same, Differs };
    std::vector<Comparison> m_same_as_source;
    // reads_as_source()'s comparison of the month rules, by RuleSet::month_reads_group and person (+1).
    std::vector<Comparison> m_reads_same_as_source;

    // eval() is called a few thousand times per household: it only dispatches, and every case that
    // needs locals is a function of its own, never inlined into it, so that a literal or a call costs
    // no saving and restoring of registers (eval's own share of an evaluation fell from 19 % to 12 %).
    Value eval(std::uint32_t node, int person);
    [[gnu::noinline]] Value eval_input(const Node& n, int person);
    /// A question not answered: its default, or unknown.
    [[gnu::noinline]] Value unanswered(int input, int person);
    /// An answer the rules wait for (no default holds): unknown, and listed as missing.
    Value asked(int input, int person);
    [[gnu::noinline]] Value eval_rule_ref(const Node& n, int person);
    [[gnu::noinline]] Value eval_param(const Node& n, int person);
    [[gnu::noinline]] Value eval_unary(const Node& n, int person);
    [[gnu::noinline]] Value eval_binary(const Node& n, int person);
    [[gnu::noinline]] Value eval_logical(const Node& n, int person);
    [[gnu::noinline]] Value eval_in(const Node& n, int person);
    [[gnu::noinline]] Value eval_if(const Node& n, int person);
    [[gnu::noinline]] Value eval_call(const Node& n, int person);
    [[gnu::noinline]] Value eval_aggregate(const Node& n);
    Value eval_at_month(const Node& n, int person);
    /// rule_value(), inlined where a rule is referenced (a third of the nodes evaluated).
    [[gnu::always_inline]] Value cached_or_filled(int rule, int person);
    [[gnu::cold, gnu::noinline]] Value unknown_person(int rule);
    /// rule_value() once the cached value is known missing: takes it from another month or computes it.
    [[gnu::noinline]] Value fill_slot(int rule, int person, std::size_t s);
    Value compute_rule(int rule, int person);
    [[gnu::cold]] Value fail(std::string message);
    [[gnu::cold, gnu::noinline]] Value unresolved();
    /// Unknown value carrying the union of the parts' missing answers, each weighted up by `bonus`.
    Value unknown_of(std::initializer_list<const Value*> parts, int bonus = 0);
    /// A value computed by another evaluation (another month, or the lookahead's base), renumbered here.
    Value adopt(const Evaluation& from, Value v);
    std::vector<std::vector<Missing>> m_missing;
    Value missing_structure(int input);
    /// The person an input or a rule is read for: an index, -1 for the household, or one of these two
    /// when there is no partner to read (the value is then no_person_value()).
    static constexpr int no_partner_answer = -2;  // « en couple » not answered
    static constexpr int no_partner = -3;         // not in a couple: not applicable
    int select_person(PersonSel sel, int current) const;
    [[gnu::cold]] Value no_person_value(int selected);
    Message render(const Rule& rule, int person);
};

std::string_view status_name(AidStatus s);

}  // namespace borne::engine
