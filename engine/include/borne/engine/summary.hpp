// The results as a visitor is told them, defined once for the screen and the slip: which aids are
// obtained, which go to an agent (the aids an agent must compute for one reason as one entry), which
// are not obtained.
#pragma once

#include "borne/engine/evaluator.hpp"
#include "borne/engine/formatter.hpp"

#include <vector>

namespace borne::engine {

/// Likely obtained: eligible with an amount to pay, or a right in kind (free care) even at 0 €.
bool obtained(const Aid& aid, const AidResult& result);

/// One entry « à vérifier avec un agent »: an undetermined aid (with what is missing), an error in the
/// rules, or the aids an agent must compute for one same reason (the three housing aids of an overseas
/// tenant are one entry, not the same paragraph three times).
struct SummaryCheck {
    std::vector<const AidResult*> aids;  // in the results' order; several only for AidStatus::ToCheck
    AidStatus status() const { return aids.front()->status; }
    const Message& reason() const { return aids.front()->reason; }
};

/// Pointers into the results summarized: they live as long as those.
struct Summary {
    std::vector<const AidResult*> obtained;      // in the results' order
    std::vector<SummaryCheck> to_check;          // undetermined, to check, errors; in the order of their first aid
    std::vector<const AidResult*> not_obtained;  // refused, or eligible for nothing to pay
};

/// `results` (Evaluation::all_aids()) sorted for the visitor. ToCheck aids are one entry when their
/// reasons read the same in `formatter`'s language (two conditions may give the same words).
Summary summarize(const RuleSet& rules, const std::vector<AidResult>& results, const Formatter& formatter = french());

}  // namespace borne::engine
