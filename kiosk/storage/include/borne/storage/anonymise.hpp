// From a visitor's answers to what may be kept: categories for the statistics, and for a reported
// wrong result a situation with every date of birth moved to the first of its month (ages in months
// are unchanged for every rule that reads them at a month's start; the exact day is what identifies).
#pragma once

#include "borne/engine/rules.hpp"
#include "borne/engine/situation.hpp"
#include "borne/storage/statistics.hpp"

#include <nlohmann/json.hpp>

namespace borne::storage {

/// Fills age band, household shape, housing and commune of `visit` from `situation`.
void describe_household(Visit& visit, const engine::Situation& situation, const engine::RuleSet& rules);

/// "moins_25", "25_39", "40_59", "60_plus" for an age in full years.
std::string age_band(int age);

/// The situation document with dates of birth reduced to their month (AAAA-MM-01).
nlohmann::json anonymised_situation(const nlohmann::json& situation_document);

}  // namespace borne::storage
