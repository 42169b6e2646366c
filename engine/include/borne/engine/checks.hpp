// Whole-bundle checks for `borne rules check`: temporal coverage and staleness of parameters.
#pragma once

#include "borne/engine/diagnostic.hpp"
#include "borne/engine/rules.hpp"

#include <optional>
#include <vector>

namespace borne::engine {

/// R030 for each parameter a rule in force uses but which has no value, for every month from
/// `first_month` to `last_month` (inclusive).
Diagnostics check_coverage(const RuleSet& rules, Date first_month, Date last_month);

/// A parameter whose expected revaluation is past on a given day while its value in force is older and
/// was not verified since: a result that reads it may be out of date.
struct Staleness {
    Date value_from;  // first day of the value in force
    Date due;         // the revaluation expected and not taken in
};

/// The staleness of one parameter on `today`, or nothing when it is up to date (or never revalued).
std::optional<Staleness> staleness(const Parameter& parameter, Date today);

/// A value `borne rules check` reports « à revoir » (R031): the parameter and its staleness.
struct StaleValue {
    int parameter = -1;  // index in RuleSet::parameters
    Staleness staleness;
};

/// Every parameter in use on `today` whose expected revaluation is past and not taken in, in the order of
/// the parameter files: the agent tools and `borne rules a-revoir` list them with their dates.
std::vector<StaleValue> stale_values(const RuleSet& rules, Date today);

/// R031 (warning) for each parameter in use whose expected revaluation date is past, on `today`,
/// while its value was last verified before that date.
Diagnostics check_staleness(const RuleSet& rules, Date today);

/// R033 (warning) for each local aid, and each local pack, whose text was last verified (vérifié_le) more
/// than a year before `today`: a collectivité changes its aids by a council vote, with no revaluation date.
Diagnostics check_local_verification(const RuleSet& rules, Date today);

/// R050 (warning) for each amount, rate, age or duration written in a formula instead of a parameter
/// file, where it would have no date and no source. Zero and rounding steps are allowed.
Diagnostics check_literals(const RuleSet& rules);

}  // namespace borne::engine
