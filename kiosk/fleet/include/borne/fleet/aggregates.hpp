// What leaves a kiosk for the hub: counts per closed ISO week, never a visit. Each count is one record
// (week, metric, key, count); the visits table's categories (age band, household, commune…) stay on the
// kiosk, and so do answers, birth dates and resume codes, which the statistics never held anyway.
#pragma once

#include "borne/engine/date.hpp"
#include "borne/storage/database.hpp"
#include "borne/storage/result.hpp"

#include <string>
#include <vector>

namespace borne::fleet {

/// The metrics a week is told in. One definition, used by the export and the hub's schema (image/hub/schema.sql).
enum class Metric { Started, Completed, Abandoned, AidFound, SlipPrinted, Duration, LifeEvent, Language };
const char* metric_name(Metric m);

struct WeeklyCount {
    engine::Date week;  // Monday of the ISO week
    Metric metric = Metric::Started;
    std::string key;    // Abandoned: screen or question left; AidFound: the aid's id; Duration: the bucket; LifeEvent: its id;
                        // Language: the visit's language code
    long long count = 0;
};

/// Monday of the ISO week holding `day`.
engine::Date monday_of(engine::Date day);

/// Duration bucket of a completed visit ("0-2min", "2-5min", "5-10min", "10-20min", "20min+").
const char* duration_bucket(int seconds);

/// Counts of the weeks whose Monday is in [from_monday, before_monday), ordered by week, metric, key, so that
/// two runs over the same closed weeks give the same records in the same order (the export's sequence
/// numbers depend on it). Zero counts are left out.
storage::Result<std::vector<WeeklyCount>> weekly_counts(const storage::Database& db, engine::Date from_monday, engine::Date before_monday);

}  // namespace borne::fleet
