// Choosing the next question: among the answers still missing, the one that settles the most
// undecided aids, weighted by how hard it is to answer (rules/LANGAGE.md, « La prochaine question »).
#pragma once

#include "borne/engine/evaluator.hpp"

#include <vector>

namespace borne::engine {

struct RankedQuestion {
    int input = -1;
    int person = -1;
    double score = 0;
    int aids_waiting = 0;    // undecided aids that need this answer
    double decided_on_average = 0;  // lookahead: aids an answer would decide, on average
    std::vector<int> aids;   // which
};

/// Ranks the missing answers of `situation`, best first. Empty when every aid is decided or the
/// remaining gaps were all answered "je ne sais pas". `favoured_aids` (a life event's aids) weigh double.
std::vector<RankedQuestion> rank_questions(const RuleSet& rules, const Situation& situation,
                                           const std::vector<int>& favoured_aids = {});

/// The question text with its person filled in ("Quelle est la date de naissance de votre conjoint ?").
std::string question_text(const RuleSet& rules, const Situation& situation, int input, int person);

}  // namespace borne::engine
