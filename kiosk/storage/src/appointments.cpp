#include "borne/storage/appointments.hpp"

#include "sqlite.hpp"

#include <algorithm>
#include <fmt/format.h>
#include <set>

namespace borne::storage {

namespace {
int weekday_of(engine::Date d) { return ((d.days() + 3) % 7 + 7) % 7; }  // 1970-01-01 was a Thursday
}  // namespace

std::string Slot::french() const { return fmt::format("{} {} à {}, {}", weekday_name(weekday_of(day)), day.french(), time, desk); }

Result<std::vector<Slot>> free_slots(const Database& db, const std::vector<SlotTemplate>& templates, engine::Date first_day, int days,
                                     const std::string& not_before) {
    using R = Result<std::vector<Slot>>;
    std::set<std::tuple<int, std::string, std::string>> taken;
    sql::Statement s(db.handle(), "SELECT day, time, desk FROM bookings WHERE day >= ?1 AND day < ?2");
    s.bind(1, first_day.iso()).bind(2, first_day.plus_days(days).iso());
    sql::Outcome o;
    while ((o = s.step()).code == SQLITE_ROW)
        if (auto d = engine::Date::parse(s.text(0))) taken.insert({d->days(), s.text(1), s.text(2)});
    if (!o.ok()) return R::failure(fmt::format("rendez-vous indisponibles : {}", sql::describe(o)));
    std::vector<Slot> out;
    for (int i = 0; i < days; ++i) {
        engine::Date day = first_day.plus_days(i);
        std::vector<Slot> of_day;
        for (const auto& t : templates)
            if (t.weekday == weekday_of(day) && !(i == 0 && t.time < not_before) && !taken.count({day.days(), t.time, t.desk}))
                of_day.push_back({day, t.time, t.desk});
        std::sort(of_day.begin(), of_day.end(), [](const Slot& a, const Slot& b) { return std::tie(a.time, a.desk) < std::tie(b.time, b.desk); });
        out.insert(out.end(), of_day.begin(), of_day.end());
    }
    return R::success(std::move(out));
}

Status book_slot(const Database& db, const std::vector<SlotTemplate>& templates, const Slot& slot,
                 const std::vector<unsigned char>& session_lookup, UnixTime now) {
    bool offered = std::any_of(templates.begin(), templates.end(), [&](const SlotTemplate& t) {
        return t.weekday == weekday_of(slot.day) && t.time == slot.time && t.desk == slot.desk;
    });
    if (!offered) return Status::failure(fmt::format("le site ne propose pas ce créneau ({})", slot.french()));
    sql::Statement s(db.handle(), "INSERT INTO bookings (day, time, desk, session, booked_at) VALUES (?1, ?2, ?3, ?4, ?5)");
    s.bind(1, slot.day.iso()).bind(2, slot.time).bind(3, slot.desk).bind(4, session_lookup).bind(5, now);
    sql::Outcome o = s.run();
    if (o.code == SQLITE_CONSTRAINT_PRIMARYKEY) return Status::failure("ce créneau vient d'être pris : choisissez-en un autre");
    if (o.code == SQLITE_CONSTRAINT_FOREIGNKEY) return Status::failure("la sauvegarde de ce rendez-vous n'existe plus");
    if (!o.ok()) return Status::failure(fmt::format("rendez-vous non enregistré : {}", sql::describe(o)));
    return Status::success();
}

Result<std::vector<Booking>> bookings_of_day(const Database& db, engine::Date day) {
    using R = Result<std::vector<Booking>>;
    sql::Statement s(db.handle(), "SELECT time, desk, session FROM bookings WHERE day = ?1 ORDER BY time, desk");
    s.bind(1, day.iso());
    std::vector<Booking> out;
    sql::Outcome o;
    while ((o = s.step()).code == SQLITE_ROW) out.push_back({{day, s.text(0), s.text(1)}, s.blob(2)});
    if (!o.ok()) return R::failure(fmt::format("rendez-vous illisibles : {}", sql::describe(o)));
    return R::success(std::move(out));
}

Result<std::optional<Slot>> booking_of_session(const Database& db, const std::vector<unsigned char>& session_lookup) {
    using R = Result<std::optional<Slot>>;
    sql::Statement s(db.handle(), "SELECT day, time, desk FROM bookings WHERE session = ?1 ORDER BY day, time LIMIT 1");
    s.bind(1, session_lookup);
    sql::Outcome o = s.step();
    if (o.code == SQLITE_DONE) return R::success(std::nullopt);
    if (o.code != SQLITE_ROW) return R::failure(fmt::format("rendez-vous illisibles : {}", sql::describe(o)));
    auto day = engine::Date::parse(s.text(0));
    if (!day) return R::failure("rendez-vous illisible (date)");
    return R::success(Slot{*day, s.text(1), s.text(2)});
}

}  // namespace borne::storage
