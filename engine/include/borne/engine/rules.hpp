// The loaded rule set: parameters, questions, computed rules, aids, documents, organisations, tests.
// Built only by load_rules() (loader.hpp), immutable afterwards, shared by every evaluation.
//
// Everything is addressed by index once loaded: expressions point at parameters, inputs and rules
// by number, so evaluating a household never looks a name up.
#pragma once

#include "borne/engine/date.hpp"
#include "borne/engine/decimal.hpp"
#include "borne/engine/diagnostic.hpp"

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace borne::engine {

// ---------------------------------------------------------------------------------------------
// Types and units

/// Units a number can carry. Percent is a dimensionless number that prints as a percentage.
enum class Unit : std::uint8_t { None, Percent, Euro, Year, Month, Day };

enum class Kind : std::uint8_t { Bool, Number, Date, Enum, Text, Invalid };

struct Type {
    Kind kind = Kind::Invalid;
    Unit unit = Unit::None;  // for numbers
    int enumeration = -1;    // for enums: index in RuleSet::enumerations
    friend bool operator==(const Type&, const Type&) = default;
};

/// A closed list of values (the answers of a choice question, or the values a rule may take).
struct Enumeration {
    std::string name;  // the question or rule that declared it
    std::vector<std::string> values;
    std::vector<std::string> labels;  // plain French, for screens and explanations
    int find(std::string_view value) const;
};

// ---------------------------------------------------------------------------------------------
// Expressions

enum class NodeKind : std::uint8_t {
    Number,        // number + unit
    DateLiteral,
    Bool,
    Text,          // 'quoted'
    EnumLiteral,   // resolved: enumeration + value index
    Name,          // unresolved dotted name (parser output; the checker resolves every one)
    Param,         // $parameter, optional [key] children
    Input,         // answer to a question
    RuleRef,       // value of a computed rule
    CalcDate,      // date_du_calcul
    DaysInMonth,   // jours_du_mois: days of the simulated month
    Unary,
    Binary,
    If,
    Call,
    Aggregate,
    List,          // (a; b; c) after `dans`
};

enum class Op : std::uint8_t { None, Add, Sub, Mul, Div, Neg, Eq, Ne, Lt, Le, Gt, Ge, And, Or, Not, In };

enum class Func : std::uint8_t { None, Min, Max, Round, Age, AgeInMonths, AgeAt, Year, MonthOf, MakeDate, Scale, Grid, Lookup, AtMonth, Department };

enum class AggregateKind : std::uint8_t { Sum, Count, Exists, ForAll, MaxOf, MinOf };

/// Which persons a collection names.
enum class Collection : std::uint8_t { Adults, Children, Persons };

/// Which person a person-level input or rule is read for.
enum class PersonSel : std::uint8_t { None, Current, Applicant, Partner };

struct Node {
    // Largest fields first, so that a node takes 96 bytes: evaluation walks thousands of them.
    Decimal number;
    std::string name;          // Name, Text, and the written name of references (for messages)
    Type type;                 // set by the checker
    std::uint32_t first_child = 0;
    std::uint32_t child_count = 0;
    std::int32_t target = -1;  // parameter, input, rule, table index; enum value index for EnumLiteral
    std::int32_t key = -1;     // au_mois(): the shift in months
    std::uint32_t offset = 0;  // byte offset in the expression text, for diagnostics
    Date date;
    NodeKind kind = NodeKind::Number;
    Op op = Op::None;
    Func func = Func::None;
    AggregateKind aggregate = AggregateKind::Sum;
    Collection collection = Collection::Persons;
    PersonSel person = PersonSel::None;
    Rounding rounding = Rounding::Nearest;  // for arrondi()
    Unit unit = Unit::None;
    bool has_filter = false;                 // aggregate: first child is the `où` condition
};

/// One parsed expression: where it was written and the index of its root node in RuleSet::nodes.
struct Expression {
    std::uint32_t root = 0;
    std::string text;
    SourceLocation where;
    std::string field;
    bool valid() const { return !text.empty(); }
};

// ---------------------------------------------------------------------------------------------
// Parameters

enum class ParamShape : std::uint8_t { Scalar, Table, Scale, Grid };

/// A key of a parameter table: a name ("deuxieme_personne"), or a count with "et plus".
struct TableKey {
    std::string name;
    std::optional<int> count;
    bool and_more = false;
};

/// A table value: either a number, or a sub-table (zone → composition → amount).
struct TableEntry {
    TableKey key;
    std::optional<Decimal> number;
    std::vector<TableEntry> children;
};

struct Bracket {
    Decimal threshold;  // from this value of the base (included)
    Decimal value;      // rate (barème) or amount (grille)
};

struct ParamValue {
    Date from;
    bool ends = false;  // "fin": the parameter stops existing at `from`
    Decimal scalar;
    std::vector<TableEntry> table;
    std::vector<Bracket> brackets;
    std::string source;
    std::string link;
    SourceLocation where;
};

struct Parameter {
    std::string id;
    std::string label;
    ParamShape shape = ParamShape::Scalar;
    Unit unit = Unit::None;         // of the value (of the rate or amount for scales)
    Unit base_unit = Unit::None;    // of the thresholds, for barème and grille
    std::vector<std::string> references;
    std::vector<std::pair<int, int>> revaluations;  // (month, day) of each yearly revaluation; empty: "aucune"
    std::optional<Date> verified_on;
    std::string notes;
    std::vector<ParamValue> values;  // sorted by date
    SourceLocation where;
    /// The value in force on `on`, or nullptr when none (before the first date, or after "fin").
    const ParamValue* at(Date on) const;
};

// ---------------------------------------------------------------------------------------------
// Questions (inputs)

enum class Entity : std::uint8_t { Household, Person };

enum class InputType : std::uint8_t { YesNo, Date, Amount, Integer, Choice, Text };

struct Input {
    std::string id;     // "personne.date_naissance", "logement.loyer"
    std::string name;   // "date_naissance" (the key in a situation)
    std::string group;  // "personne", "foyer", "logement"
    Entity entity = Entity::Household;
    InputType input_type = InputType::YesNo;
    Type type;
    std::string question;        // asked of the claimant ("Quelle est votre date de naissance ?")
    std::string question_other;  // of another person, {personne} filled in ("… de {personne} ?")
    std::string help;
    std::string chapter;  // moi, mon_foyer, mon_logement, mes_revenus
    bool dont_know_allowed = false;
    int cost = 1;         // 1 (a tap) … 5 (needs a document)
    int order = 0;        // tie-break in the questionnaire
    std::optional<Expression> default_value;  // assumption when unanswered (printed as such)
    /// par_défaut_si: where the default holds (oui/non, for the same person); elsewhere the question is
    /// asked. Schooling follows from the year of birth between 3 and 15, and is asked around those ages.
    std::optional<Expression> default_condition;
    std::string default_note;
    std::optional<Decimal> minimum, maximum;
    SourceLocation where;
};

/// A screen that settles several answers at once (rules/LANGAGE.md §4, « Plusieurs réponses sur un
/// écran »). « Qui ? » (`type: qui`, a `foyer.` id): one toggle per person of `parmi`, each settling the
/// `réponses` of that person. « Lesquels ? » (`type: lesquels`, a `personne.` id, asked of each person
/// of `parmi`): one toggle per `réponses` entry, settling that answer. A ticked toggle settles a yes/no
/// answer to yes and leaves an amount or a count to be asked; an unticked one settles no, 0 € or 0.
/// A « Qui ? » whose `réponses` carry labels is a grid: one row per answer, under its label, with a toggle
/// per person of the row's `parmi` (a foyer. yes/no answer: one toggle, the row's label), so that several
/// situations (handicap, pregnancy, a court case) are settled for everybody on one screen.
enum class GroupKind : std::uint8_t { Who, Which };

struct GroupOption {
    int input = -1;
    std::string label;  // Which: the toggle's label (« Un salaire »); a Who grid: the row's; a Who list: unused
    std::optional<Collection> among;  // a Who grid's row: who it offers, when not the group's `parmi`
};

struct QuestionGroup {
    std::string id;  // "foyer.qui_handicap", "personne.quels_revenus"
    GroupKind kind = GroupKind::Who;
    std::string question;        // asked of the claimant (or of the household)
    std::string question_other;  // Which: of another person, {personne} filled in
    std::string help;
    std::string chapter;
    std::string none_label;      // the button that ticks nothing (« Personne », « Aucun revenu »)
    std::vector<GroupOption> options;
    bool grid = false;  // Who: one row per option (labelled `réponses`), not one toggle per person for all
    Collection among = Collection::Persons;  // who is offered (Who) or asked (Which)
    int among_rule = -1;                     // the `où` condition, a personne. rule; -1: everyone in `among`
    int cost = 1;
    int order = 0;
    SourceLocation where;
};

// ---------------------------------------------------------------------------------------------
// Computed rules (definitions, steps of an amount, conditions of an aid)

enum class RuleRole : std::uint8_t { Definition, Step, Condition, AidEligible, AidPaid };

struct RuleVersion {
    Date from;  // Date{} for "always"
    Expression body;
};

struct Rule {
    std::string id;  // "rsa.montant_forfaitaire", "personne.age"
    std::string ns;  // the namespace names are looked up in first ("rsa")
    Entity entity = Entity::Household;
    RuleRole role = RuleRole::Definition;
    int aid = -1;
    std::vector<RuleVersion> versions;  // sorted by date; the last one in force applies
    std::optional<Decimal> round_step;
    Rounding rounding = Rounding::Nearest;
    int enumeration = -1;  // declared `valeurs`
    std::string label;
    Expression explanation;         // template, placeholders already parsed into `explanation_parts`
    std::vector<std::string> explanation_text;  // literal pieces around the placeholders
    std::vector<Expression> explanation_parts;
    std::string failure_reason;     // conditions: `si_non`
    bool failure_to_check = false;  // conditions: `si_non_statut: à_vérifier` (an agent decides, not a refusal)
    std::string note;
    Type type;
    SourceLocation where;
    // Static dependencies, for traces and dependency order (filled by the checker).
    std::vector<int> rule_deps, param_deps, input_deps;
};

// ---------------------------------------------------------------------------------------------
// Aids, documents, organisations

enum class Periodicity : std::uint8_t { Monthly, Yearly, Once };

struct DocumentRef {
    int document = -1;
    std::optional<Expression> condition;
    std::string written_id;
    SourceLocation where;
};

/// A condition the kiosk cannot check (`à_vérifier:`), printed with the aid; `si:` limits it to the
/// households it concerns. A note whose condition is unknown is shown: a superfluous warning costs less
/// than a missing one.
struct UncheckedNote {
    /// "<aid>.a_verifier.<name>": the note's own `id:` when it has one, else its rank in the list (from 1).
    /// Tests and catalogues name the note by it, not by the start of its French text.
    std::string id;
    std::string text;
    std::optional<Expression> condition;
    SourceLocation where;
};

struct Aid {
    std::string id;
    std::string name;
    std::string short_name;
    std::string organisation_id;
    int organisation = -1;
    std::vector<std::string> references;
    Periodicity periodicity = Periodicity::Monthly;
    bool in_kind = false;      // en_nature: a right (free care…), obtained even when its amount is 0 €
    std::string description;   // 2-3 sentences
    std::string summary;       // one line for the slip
    std::vector<int> conditions;  // rules (RuleRole::Condition), in the written order
    std::vector<int> steps;       // rules (RuleRole::Step); the last is the amount
    std::vector<int> definitions; // other named values of the aid (not printed)
    int eligible_rule = -1;       // synthetic: all conditions hold
    int paid_rule = -1;           // synthetic: amount actually paid (0 when not eligible or under threshold)
    std::optional<Expression> payment_threshold;
    std::string online_service;   // address of the téléservice
    std::string form;             // Cerfa number
    std::string how_to_claim;     // plain French
    std::vector<DocumentRef> documents;
    std::vector<UncheckedNote> unchecked_conditions;  // what the kiosk cannot check
    std::vector<std::string> next_steps;
    std::vector<int> dated_steps;                   // ensuite_datées: indexes into next_steps of the steps with a date (a receipt keeps those)
    std::vector<std::string> life_events;           // moments de vie
    SourceLocation life_events_where;               // its `moments_de_vie:` field (errors name it)
    std::optional<Date> valid_from, valid_until;    // local aids: the period the aid is offered (inclusive)
    struct Contact {
        std::string service, phone, email, address, hours;
    } contact;                                       // local aids: whom to see
    int local_pack = -1;                            // index in RuleSet::local_packs; -1 for a national aid
    std::optional<Date> checked_on;                 // vérifié_le: the day its text was last read against the source
    int priority = 1;                               // weight in the questionnaire
    std::vector<int> input_closure;                 // every question its result can depend on (sorted)
    SourceLocation where;
};

/// A « moment de vie » the visitor may start from (rules/moments_de_vie.yaml): its button, and the aids it
/// puts first, those whose `moments_de_vie` share one of its `moments` (none listed: every aid).
struct LifeEvent {
    std::string id;
    std::string label;
    std::string pictogram;
    std::vector<std::string> moments;
    SourceLocation where;
};

/// A collectivité's folder under local/ (collectivite.yaml): where its aids apply and until when. Its aids
/// that this kiosk does not evaluate (not chosen by the site) are still listed, to tell a visitor who
/// lives there that they exist.
struct LocalPack {
    std::string id;
    std::string name;                              // « Ville de Paris »
    std::vector<std::string> communes;             // INSEE codes covered
    std::vector<std::string> departments;          // département codes covered ('93')
    std::optional<Date> valid_from, valid_until;
    std::optional<Date> checked_on;
    Aid::Contact office;                           // accueil: where to ask about its aids
    struct Offer {
        std::string aid_id, name;
        bool evaluated = false;                    // loaded as an aid here (chosen by the site, in force)
    };
    std::vector<Offer> aids;
    SourceLocation where;
};

/// The département of an INSEE commune code: "75056" → "75", "2A004" → "2A", "97411" → "974"; empty when
/// the code is not 5 characters.
std::string department_of(std::string_view commune);

/// Does the pack cover this commune (by its code or its département)?
bool pack_covers(const LocalPack& pack, std::string_view commune);

struct Document {
    std::string id;
    std::string label;
    std::string detail;
    SourceLocation where;
};

struct Organisation {
    std::string id;
    std::string name;
    std::string website;
    std::string phone;
    std::string how_to_claim;
    SourceLocation where;
};

/// A CSV table (e.g. the APL zone of each commune): key column → value column.
struct DataTable {
    std::string id;
    std::string source;
    Type value_type;
    std::unordered_map<std::string, Decimal> numbers;
    std::unordered_map<std::string, std::string> texts;
    // For a key not listed, when the law gives one (« toute autre commune est en zone 3 »).
    std::optional<Decimal> default_number;
    std::optional<std::string> default_text;
    SourceLocation where;
};

// ---------------------------------------------------------------------------------------------
// Tests written next to the rules

struct RulesTestExpectation {
    std::string target;  // "rsa.montant_verse", or an aid id for its status
    std::string expected;
    SourceLocation where;
};

/// `à_vérifier_affiché:` / `à_vérifier_masqué:` in a test: an aid's note, by its id (UncheckedNote::id
/// without « <aid>.a_verifier. »), or as tests written before the ids did, by the start of its text.
struct RulesTestNote {
    std::string aid;
    std::string text_start;  // the id, or the start of the text
    bool shown = true;
    SourceLocation where;
};

struct RulesTest {
    std::string name;
    std::string source;
    std::string status;  // valide, a_valider, connu_divergent
    Date month;
    std::string situation_json;  // the situation, converted to JSON text
    std::vector<std::pair<std::string, std::string>> forced;  // rule id → value text
    std::vector<RulesTestExpectation> expectations;
    std::vector<std::string> expected_questions;
    std::vector<RulesTestNote> expected_notes;
    std::optional<Decimal> tolerance;
    SourceLocation where;
};

// ---------------------------------------------------------------------------------------------

struct RuleSet {
    std::string root;  // folder it was read from
    std::vector<Node> nodes;
    std::vector<std::uint32_t> children;
    std::vector<Enumeration> enumerations;
    std::vector<Parameter> parameters;
    std::vector<Input> inputs;
    std::vector<QuestionGroup> groups;  // screens that settle several inputs (after the inputs they settle)
    std::vector<Rule> rules;
    std::vector<Aid> aids;
    std::vector<Document> documents;
    std::vector<Organisation> organisations;
    std::vector<DataTable> tables;
    std::vector<RulesTest> tests;
    std::vector<LifeEvent> life_events;  // in the order of the buttons
    /// How each output of the reference engine is computed from our rules (rules/references/).
    struct ReferenceOutput {
        std::string key;
        Expression value;                // invalid: not covered yet (null)
        std::optional<Expression> when;  // when false, the output is null
    };
    std::vector<ReferenceOutput> reference_outputs;
    std::string fingerprint;  // hash of every file read, printed on slips as the rules version
    /// rules/textes.yaml « fraîcheur »: the line said with an amount that reads a parameter whose revaluation is
    /// due and not verified; {de_valeur} and {de_attendue} become « d'octobre 2025 », « de janvier 2026 ».
    std::string freshness_note;
    /// rules/textes.yaml « aides_locales_ailleurs »: said to a visitor who lives where a local pack applies
    /// whose aids this kiosk does not evaluate; {collectivite}, {aides}, {accueil}.
    std::string local_elsewhere_note;
    std::vector<LocalPack> local_packs;

    std::unordered_map<std::string, int> parameter_index, input_index, group_index, rule_index, aid_index, document_index,
        organisation_index, table_index;
    int input_in_couple = -1;     // foyer.en_couple
    int input_child_count = -1;   // foyer.nombre_enfants
    /// personne.date_naissance, when the rules have it: a child is in the household from the month of their
    /// birth (a sum over the children in an earlier month leaves out a child born later).
    int input_birth_date = -1;
    /// Rank of each rule among the household rules, or among the person rules (filled by the checker):
    /// where an evaluation caches its value.
    std::vector<std::uint32_t> cache_rank;
    std::vector<std::uint8_t> person_rule;  // 1 for a person rule: read on every rule lookup, so kept apart from Rule
    /// 1 for a rule whose value is the same in every month (it reads answers only: no parameter, date,
    /// age or dated version): au_mois() then takes it from the month simulated instead of recomputing it.
    std::vector<std::uint8_t> month_invariant;
    /// How the month reaches a rule's value, besides the answers (for au_mois(), which evaluates rules in
    /// other months than the one simulated, and takes from it every value that must be the same there).
    enum class MonthReach : std::uint8_t {
        /// Through what may change anything (au_mois(), a question's default): computed in every month.
        Other,
        /// Only through parameters, dated versions and ReadsMonth rules, directly or through other Listed
        /// rules: the same as in the month simulated when none of those parameters and versions changes
        /// in between and those ReadsMonth rules have the same values (MonthDependence).
        Listed,
        /// It reads the month itself (date_du_calcul, jours_du_mois, âge…), otherwise only Listed or
        /// ReadsMonth rules: computed in every month, and compared by value for the rules that read it.
        ReadsMonth,
    };
    /// A rule read by another one: for the same person only (a person rule reading `personne.age` of
    /// that person), or for any person of the household (through a sum over the children, `demandeur.`…).
    struct RuleRead {
        int rule = -1;
        bool every_person = false;
        friend auto operator<=>(const RuleRead&, const RuleRead&) = default;
    };
    struct MonthDependence {
        MonthReach reach = MonthReach::Other;
        /// Listed: the dates on which a parameter or a dated version it reads takes a new value (sorted).
        std::vector<Date> changes;
        /// Listed: the ReadsMonth rules it reads (sorted).
        std::vector<RuleRead> month_rules;
        /// Listed: an age changes on a birthday, while the rule that reads it (a child under 20) hardly ever
        /// does. When a month rule differs, the value is still the same as in the month simulated if the
        /// Listed rules that read month rules directly, through which it reads all of them, are: those
        /// rules (sorted; empty when it reads a month rule directly itself).
        std::vector<RuleRead> compared_rules;
        bool reads_month_rule = false;  // it reads a ReadsMonth rule directly
        /// Listed, reading no month rule and no aid's rule, directly or not: its value in another month may
        /// be computed in the month simulated to be taken from there. Any other rule is taken only when
        /// that month has computed it already, so that its trace (its cached values) stays the same.
        bool plain = false;
    };
    std::vector<MonthDependence> month_dependence;
    /// Rules with the same month_rules and compared_rules share a number here: in another month, whether
    /// those rules read the same values as in the month next to it is then worked out once for all of them
    /// (Evaluation::reads_as_source), not once per rule.
    std::vector<std::uint32_t> month_reads_group;
    std::uint32_t month_reads_group_count = 0;
    /// For each rule, every question its value can depend on, directly or through other rules (sorted).
    std::vector<std::vector<int>> rule_input_closure;
    std::uint32_t household_rule_count = 0;

    const Node& node(std::uint32_t i) const { return nodes[i]; }
    const Node& child(const Node& n, std::uint32_t k) const { return nodes[children[n.first_child + k]]; }
    std::uint32_t child_index(const Node& n, std::uint32_t k) const { return children[n.first_child + k]; }

    int find_parameter(std::string_view id) const;
    int find_input(std::string_view id) const;
    int find_rule(std::string_view id) const;
    int find_aid(std::string_view id) const;
};

std::string_view unit_symbol(Unit u);

}  // namespace borne::engine
