// Anonymous usage figures: one row per visit, written when it ends, with coarse categories only (no
// name, no date of birth, no free text, no time of day). `borne stats` reads them back by week.
#pragma once

#include "borne/engine/date.hpp"
#include "borne/storage/database.hpp"
#include "borne/storage/result.hpp"

#include <optional>
#include <string>
#include <vector>

namespace borne::storage {

/// What a visit leaves behind. Categories are computed by anonymise.hpp from the answers.
struct Visit {
    engine::Date day;
    int duration_s = 0;
    std::string age_band = "inconnu";    // moins_25, 25_39, 40_59, 60_plus
    std::string household = "inconnu";   // seul, seul_avec_enfants, couple, couple_avec_enfants
    std::string children = "inconnu";    // 0, 1, 2, 3+
    std::string housing = "inconnu";     // a choice of logement.statut
    std::string commune = "inconnu";     // INSEE code
    std::string life_event = "aucun";    // the « moment de vie » the visit started from
    std::string language = "fr";         // the catalogue the visit ended in (fr, en, ar…)
    int questions_answered = 0;
    bool completed = false;              // the results were shown
    std::string abandoned_at;            // the screen or question left when not completed
    std::vector<std::string> aids_found; // ids of the aids obtained
    bool slip_printed = false;
};

Status record_visit(const Database& db, const Visit& visit);

struct PeriodFigures {
    engine::Date week;  // Monday of the ISO week (unused for the total)
    int started = 0;
    int completed = 0;
    std::optional<int> median_duration_s;  // of completed visits
    int aids_found = 0;                    // over completed visits
    int completed_with_aid = 0;
    int slips_printed = 0;

    double completion_rate() const { return started ? static_cast<double>(completed) / started : 0; }
    double aids_per_completed() const { return completed ? static_cast<double>(aids_found) / completed : 0; }
    double share_with_aid() const { return completed ? static_cast<double>(completed_with_aid) / completed : 0; }
};

struct StatisticsReport {
    std::vector<PeriodFigures> weeks;  // in order, weeks with no visit left out
    PeriodFigures total;
};

/// Visits from `from` to `to` included (either may be absent).
Result<StatisticsReport> statistics_report(const Database& db, std::optional<engine::Date> from, std::optional<engine::Date> to);

}  // namespace borne::storage
