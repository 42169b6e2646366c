// Choosing the next question: among the answers still missing, the one that settles the most
// undecided aids, weighted by how hard it is to answer (rules/LANGAGE.md, « La prochaine question »).
#pragma once

#include "borne/engine/evaluator.hpp"

#include <optional>
#include <vector>

namespace borne::engine {

struct RankedQuestion {
    int input = -1;   // -1 for a group screen
    int person = -1;  // for a group: the person a « Lesquels ? » asks about; -1 for a « Qui ? »
    int group = -1;   // a screen that settles several answers (RuleSet::groups), or -1
    double score = 0;
    int aids_waiting = 0;    // undecided aids that need this answer
    double decided_on_average = 0;  // lookahead: aids an answer would decide, on average
    std::vector<int> aids;   // which
};

/// One toggle of a « Qui ? » or « Lesquels ? » screen: the person (« Qui ? ») or the option (« Lesquels ? »)
/// it stands for, and the answers (input, person) it settles.
struct GroupToggle {
    int person = -1;
    int option = -1;
    std::vector<std::pair<int, int>> settles;
};

/// The persons of the household a group's `parmi` names (its `où` condition not false for them). For a
/// « Qui ? », its toggles; for a « Lesquels ? », the persons it is asked of.
std::vector<int> group_persons(const RuleSet& rules, const Situation& situation, int group);

/// The toggles of `group` asked about `person` (-1 for a « Qui ? »), in the order shown.
std::vector<GroupToggle> group_toggles(const RuleSet& rules, const Situation& situation, int group, int person);

/// Whether a toggle shows ticked, from the answers: a yes or an amount above 0 it settles, or the screen
/// answered with the toggle ticked and its amount still to be asked.
bool toggle_ticked(const RuleSet& rules, const Situation& situation, int group, int person, const GroupToggle& toggle);

/// The visitor validated the screen: each ticked toggle settles its yes/no answers to yes and leaves its
/// amounts to be asked (an amount already given stays), each other toggle settles no, 0 € or 0. The screen
/// is then answered (Situation::groups_answered): it is not offered again.
void answer_group(const RuleSet& rules, Situation& situation, int group, int person, const std::vector<bool>& ticked);

/// How a household ticks a group's toggles, from its answers (yes or more than 0 among a toggle's
/// answers); nothing when a toggle has no yes and an answer the household does not give.
std::optional<std::vector<bool>> ticks_of(const RuleSet& rules, const Situation& household, const Situation& asked, int group, int person);

/// The question of a group screen as a message ("<id>.question" or ".question_autre", {personne} filled).
Message group_message(const RuleSet& rules, const Situation& situation, int group, int person);

/// Ranks the missing answers of `situation`, best first. Empty when every aid is decided or the
/// remaining gaps were all answered "je ne sais pas". `favoured_aids` (a life event's aids) weigh double.
std::vector<RankedQuestion> rank_questions(const RuleSet& rules, const Situation& situation,
                                           const std::vector<int>& favoured_aids = {});

/// How many more questions the visitor will likely answer, for an honest progress bar: the
/// questionnaire played ahead from `situation`, each question given a typical answer (no, the first
/// choice, zero, an adult of 40 or a child of 10; a commune unknown) until no aid waits for one. An
/// estimate, not a bound: a real answer may open questions (a handicap, more children) or close them.
/// It counts the question now on screen. At most `max_questions_played`.
inline constexpr int max_questions_played = 400;
int estimate_remaining_questions(const RuleSet& rules, const Situation& situation, const std::vector<int>& favoured_aids = {});

/// Whether some answer to the question on screen (`input` of `person`, still unanswered in `situation`)
/// would leave another question to ask. « Dernière question » is a promise: the estimate plays one
/// typical answer, and a visitor who gives another (a yes, a higher rate) may open what it closed. Tries
/// every answer a yes/no, a choice or a small count can take; amounts and dates are not tried.
bool some_answer_asks_more(const RuleSet& rules, const Situation& situation, int input, int person);

/// The questionnaire a kiosk would put to `household`: the rules' best question each time, answered
/// from `household`, until no aid waits for an answer. Each step keeps the situation as it stood
/// before that question, so an estimate made there can be compared with what really remained.
struct QuestionAsked {
    int input = -1;
    int person = -1;
    int group = -1;  // a « Qui ? » or « Lesquels ? » screen (input -1): one step
    Situation before;
};
struct QuestionnairePlay {
    std::vector<QuestionAsked> asked;
    bool complete = false;  // false: the household has no answer to a question the rules asked
};
QuestionnairePlay play_questionnaire(const RuleSet& rules, const Situation& household, const std::vector<int>& favoured_aids = {});

/// How close estimate_remaining_questions comes to what really remains, over `households` each
/// played as the kiosk asks (play_questionnaire): the figures `borne bench` prints and the tests hold.
struct EstimateAccuracy {
    int questions = 0;           // estimates made: one before each question asked
    int complete = 0;            // households played to the end
    int first_incomplete = -1;   // index of the first household left unfinished, or -1
    int lowest_estimate = max_questions_played;  // never under 1 while a question is on screen
    double mean_error = 0, mean_relative_error = 0, within_quarter = 0;  // |estimate - remaining|, per question
    double former_mean_error = 0, former_mean_relative_error = 0;        // counting every question still possible
    std::vector<double> estimate_ms;  // the time of each estimate
};
EstimateAccuracy estimate_accuracy(const RuleSet& rules, const std::vector<Situation>& households);

/// The question as a message: the rules' text (`question_autre` for a person other than the visitor)
/// with {personne} to fill with the person asked about. Its id is "<question id>.question" (or
/// ".question_autre").
Message question_message(const RuleSet& rules, const Situation& situation, int input, int person);

/// Where a ranked question is written, as a situation names it: its answer's path ("conjoint.salaire_net"),
/// or for a group screen its id (« Qui ? », "foyer.qui_handicap") or the person's path and its name
/// (« Lesquels ? », "conjoint.quels_revenus"). What `questions_attendues` in a rules test lists.
std::string ranked_path(const RuleSet& rules, const Situation& situation, const RankedQuestion& q);

/// The ranked question's text as a message: the question, or the group screen's.
Message ranked_message(const RuleSet& rules, const Situation& situation, const RankedQuestion& q);

/// The question text with its person filled in, in French ("Quelle est la date de naissance de votre conjoint ?").
std::string question_text(const RuleSet& rules, const Situation& situation, int input, int person);

}  // namespace borne::engine
