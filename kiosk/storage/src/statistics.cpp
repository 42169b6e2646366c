#include "borne/storage/statistics.hpp"

#include "sqlite.hpp"

#include <algorithm>
#include <fmt/format.h>
#include <map>

namespace borne::storage {

Status record_visit(const Database& db, const Visit& v) {
    std::string aids;
    for (const auto& a : v.aids_found) aids += (aids.empty() ? "" : ",") + a;
    sql::Statement s(db.handle(),
                     "INSERT INTO visits (day, duration_s, age_band, household, children, housing, commune, life_event, questions_answered, "
                     "completed, abandoned_at, aids_found, aid_count, slip_printed, language) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15)");
    s.bind(1, v.day.iso()).bind(2, v.duration_s).bind(3, v.age_band).bind(4, v.household).bind(5, v.children).bind(6, v.housing);
    s.bind(7, v.commune).bind(8, v.life_event).bind(9, v.questions_answered).bind(10, v.completed ? 1 : 0);
    s.bind(11, v.completed ? std::string() : v.abandoned_at).bind(12, aids).bind(13, static_cast<long long>(v.aids_found.size()));
    s.bind(14, v.slip_printed ? 1 : 0).bind(15, v.language);
    sql::Outcome o = s.run();
    if (!o.ok()) return Status::failure(fmt::format("statistiques non enregistrées : {}", sql::describe(o)));
    return Status::success();
}

namespace {

engine::Date monday_of(engine::Date d) {
    // 1970-01-01 was a Thursday: days since the epoch + 3, modulo 7, is 0 on Mondays.
    int weekday = ((d.days() + 3) % 7 + 7) % 7;
    return d.plus_days(-weekday);
}

struct Accumulator {
    PeriodFigures figures;
    std::vector<int> durations;
    void add(bool completed, int duration, int aid_count, bool slip) {
        ++figures.started;
        if (slip) ++figures.slips_printed;
        if (!completed) return;
        ++figures.completed;
        durations.push_back(duration);
        figures.aids_found += aid_count;
        if (aid_count > 0) ++figures.completed_with_aid;
    }
    PeriodFigures finish() {
        if (!durations.empty()) {
            std::sort(durations.begin(), durations.end());
            std::size_t n = durations.size();
            figures.median_duration_s = n % 2 ? durations[n / 2] : (durations[n / 2 - 1] + durations[n / 2]) / 2;
        }
        return figures;
    }
};

}  // namespace

Result<StatisticsReport> statistics_report(const Database& db, std::optional<engine::Date> from, std::optional<engine::Date> to) {
    sql::Statement s(db.handle(), "SELECT day, completed, duration_s, aid_count, slip_printed FROM visits WHERE day >= ?1 AND day <= ?2 ORDER BY day");
    s.bind(1, from ? from->iso() : std::string("0000-00-00")).bind(2, to ? to->iso() : std::string("9999-99-99"));
    std::map<engine::Date, Accumulator> weeks;
    Accumulator total;
    sql::Outcome o;
    while ((o = s.step()).code == SQLITE_ROW) {
        auto day = engine::Date::parse(s.text(0));
        if (!day) continue;  // written by record_visit only; a bad row would be skipped, not fatal
        bool completed = s.integer(1) != 0;
        int duration = static_cast<int>(s.integer(2)), aids = static_cast<int>(s.integer(3));
        bool slip = s.integer(4) != 0;
        auto& week = weeks[monday_of(*day)];
        week.figures.week = monday_of(*day);
        week.add(completed, duration, aids, slip);
        total.add(completed, duration, aids, slip);
    }
    if (!o.ok()) return Result<StatisticsReport>::failure(fmt::format("statistiques illisibles : {}", sql::describe(o)));
    StatisticsReport report;
    for (auto& [_, w] : weeks) report.weeks.push_back(w.finish());
    report.total = total.finish();
    return Result<StatisticsReport>::success(std::move(report));
}

}  // namespace borne::storage
