#include "borne/fleet/aggregates.hpp"

#include <fmt/format.h>
#include <map>
#include <sqlite3.h>
#include <tuple>

namespace borne::fleet {

const char* metric_name(Metric m) {
    switch (m) {
        case Metric::Started: return "started";
        case Metric::Completed: return "completed";
        case Metric::Abandoned: return "abandoned";
        case Metric::AidFound: return "aid_found";
        case Metric::SlipPrinted: return "slip_printed";
        case Metric::Duration: return "duration";
        case Metric::LifeEvent: return "life_event";
        case Metric::Language: return "language";
    }
    return "?";
}

engine::Date monday_of(engine::Date d) {
    // 1970-01-01 was a Thursday: days since the epoch + 3, modulo 7, is 0 on Mondays.
    int weekday = ((d.days() + 3) % 7 + 7) % 7;
    return d.plus_days(-weekday);
}

const char* duration_bucket(int s) {
    if (s < 120) return "0-2min";
    if (s < 300) return "2-5min";
    if (s < 600) return "5-10min";
    if (s < 1200) return "10-20min";
    return "20min+";
}

namespace {

using Key = std::tuple<engine::Date, Metric, std::string>;

struct Statement {
    sqlite3_stmt* s = nullptr;
    ~Statement() { sqlite3_finalize(s); }
};

std::string column_text(sqlite3_stmt* s, int i) {
    const unsigned char* t = sqlite3_column_text(s, i);
    return t ? reinterpret_cast<const char*>(t) : "";
}

void add_visit(std::map<Key, long long>& counts, engine::Date week, bool completed, int duration, const std::string& abandoned_at,
               const std::string& aids, bool slip, const std::string& life_event, const std::string& language) {
    ++counts[{week, Metric::Started, ""}];
    ++counts[{week, Metric::Language, language}];  // one per visit started: these add up to Started
    if (slip) ++counts[{week, Metric::SlipPrinted, ""}];
    if (life_event != "aucun" && !life_event.empty()) ++counts[{week, Metric::LifeEvent, life_event}];
    if (!completed) {
        ++counts[{week, Metric::Abandoned, abandoned_at.empty() ? "inconnu" : abandoned_at}];
        return;
    }
    ++counts[{week, Metric::Completed, ""}];
    ++counts[{week, Metric::Duration, duration_bucket(duration)}];
    std::size_t start = 0;
    while (start < aids.size()) {
        std::size_t comma = aids.find(',', start);
        if (comma == std::string::npos) comma = aids.size();
        if (comma > start) ++counts[{week, Metric::AidFound, aids.substr(start, comma - start)}];
        start = comma + 1;
    }
}

}  // namespace

storage::Result<std::vector<WeeklyCount>> weekly_counts(const storage::Database& db, engine::Date from_monday, engine::Date before_monday) {
    using R = storage::Result<std::vector<WeeklyCount>>;
    Statement st;
    const char* sql = "SELECT day, completed, duration_s, abandoned_at, aids_found, slip_printed, life_event, language FROM visits WHERE day >= ?1 AND day < ?2";
    if (sqlite3_prepare_v2(db.handle(), sql, -1, &st.s, nullptr) != SQLITE_OK)
        return R::failure(fmt::format("statistiques illisibles : {}", sqlite3_errmsg(db.handle())));
    std::string from = from_monday.iso(), before = before_monday.iso();
    sqlite3_bind_text(st.s, 1, from.c_str(), -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st.s, 2, before.c_str(), -1, SQLITE_TRANSIENT);
    std::map<Key, long long> counts;  // ordered: the records' order, and so their sequence numbers, are stable
    int rc;
    while ((rc = sqlite3_step(st.s)) == SQLITE_ROW) {
        auto day = engine::Date::parse(column_text(st.s, 0));
        if (!day) continue;  // written by record_visit only; a bad row is skipped, not fatal
        add_visit(counts, monday_of(*day), sqlite3_column_int(st.s, 1) != 0, sqlite3_column_int(st.s, 2), column_text(st.s, 3),
                  column_text(st.s, 4), sqlite3_column_int(st.s, 5) != 0, column_text(st.s, 6), column_text(st.s, 7));
    }
    if (rc != SQLITE_DONE) return R::failure(fmt::format("statistiques illisibles : {}", sqlite3_errmsg(db.handle())));
    std::vector<WeeklyCount> out;
    for (const auto& [key, n] : counts) out.push_back({std::get<0>(key), std::get<1>(key), std::get<2>(key), n});
    return R::success(std::move(out));
}

}  // namespace borne::fleet
