// A household's answers: what the kiosk fills, what a saved simulation stores, what `borne` reads.
// The JSON format is documented in rules/SITUATION.md and rules/situation.schema.json.
#pragma once

#include "borne/engine/date.hpp"
#include "borne/engine/decimal.hpp"
#include "borne/engine/message.hpp"
#include "borne/engine/rules.hpp"

#include <nlohmann/json_fwd.hpp>
#include <optional>
#include <string>
#include <vector>

namespace borne::engine {

inline constexpr int situation_format_version = 1;

struct Answer {
    enum class State : std::uint8_t { Absent, DontKnow, Given };
    State state = State::Absent;
    bool boolean = false;
    Decimal number;
    Date date;
    int choice = -1;
    std::string text;
};

/// Answers indexed by input (RuleSet::inputs): household inputs in `household`, person inputs per person.
struct Situation {
    Date month;  // first day of the simulated month
    std::vector<Answer> household;
    /// [0] the claimant; [1] the partner when the household is known to be a couple; then the children.
    std::vector<std::vector<Answer>> persons;
    /// The « Qui ? » and « Lesquels ? » screens answered (group, person; -1 for a « Qui ? »). Kept because
    /// the answers cannot say it: a ticked amount stays to be asked, and a screen answered must not come
    /// back for it. Not written in the JSON: a situation file holds the answers themselves.
    std::vector<std::pair<int, int>> groups_answered;
    bool group_answered(int group, int person) const;

    /// Known in-couple flag, or nothing while unanswered.
    std::optional<bool> in_couple(const RuleSet& rules) const;
    std::optional<int> child_count(const RuleSet& rules) const;
    int partner_index(const RuleSet& rules) const { return in_couple(rules).value_or(false) ? 1 : -1; }
    int first_child_index(const RuleSet& rules) const { return partner_index(rules) >= 0 ? 2 : 1; }

    /// An empty situation for `rules` at `month`: only the claimant, nothing answered.
    static Situation empty(const RuleSet& rules, Date month);
    /// Sets an answer and keeps the persons list in step with the couple flag and the child count.
    void set(const RuleSet& rules, int input, int person, Answer answer);
    /// The answer to `input` for `person` (-1: the household); an absent answer when out of range.
    /// Inline: the evaluator reads an answer for every question node it meets.
    const Answer& get(int input, int person) const {
        if (person < 0) return input >= 0 && static_cast<std::size_t>(input) < household.size() ? household[static_cast<std::size_t>(input)] : absent_answer();
        if (static_cast<std::size_t>(person) >= persons.size()) return absent_answer();
        return persons[static_cast<std::size_t>(person)][static_cast<std::size_t>(input)];
    }
    static const Answer& absent_answer();
};

struct SituationError {
    std::string path;  // "enfants[1].date_naissance"
    std::string message;
};

struct ParsedSituation {
    std::optional<Situation> situation;
    std::vector<SituationError> errors;
};

/// Parses and validates a situation. `default_month` applies when the document has no "mois".
ParsedSituation parse_situation(const std::string& json_text, const RuleSet& rules, Date default_month);
ParsedSituation parse_situation_document(const nlohmann::json& document, const RuleSet& rules, Date default_month);

/// Writes a situation back in the documented format (answers given and "je ne sais pas" as null).
nlohmann::json situation_to_json(const Situation& s, const RuleSet& rules);

/// Who `person` is in the household (the claimant, the partner, the 2nd child; -1 the household).
PersonRef person_ref(const Situation& s, const RuleSet& rules, int person);

/// "vous", "votre conjoint", "votre 2e enfant": how questions and explanations name a person, in French
/// (french().person(person_ref(…)); another language formats person_ref() with its own Formatter).
std::string person_label(const Situation& s, const RuleSet& rules, int person);

/// JSON path of a person in a situation document ("demandeur", "conjoint", "enfants[0]").
std::string person_path(const Situation& s, const RuleSet& rules, int person);

/// JSON path of one answer ("enfants[0].date_naissance", "logement.loyer").
std::string answer_path(const Situation& s, const RuleSet& rules, int input, int person);

}  // namespace borne::engine
