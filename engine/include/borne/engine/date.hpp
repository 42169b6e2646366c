// Calendar dates for rules: ages, "à partir du", months of a simulation. Anyone may include it.
#pragma once

#include <compare>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace borne::engine {

/// A day of the proleptic Gregorian calendar, stored as days since 1970-01-01.
class Date {
public:
    constexpr Date() = default;
    static Date from_ymd(int year, int month, int day);
    /// "2026-05-01" (ISO). With `allow_month`, "2026-05" is read as its first day.
    static std::optional<Date> parse(std::string_view text, bool allow_month = false);

    int year() const;
    int month() const;
    int day() const;
    std::int32_t days() const { return m_days; }

    /// Adds whole months, clamping the day to the month's length (31 January + 1 month = 28/29 February).
    Date plus_months(int months) const;
    Date plus_years(int years) const { return plus_months(years * 12); }
    Date plus_days(int days) const { Date d; d.m_days = m_days + days; return d; }
    Date first_of_month() const { return from_ymd(year(), month(), 1); }

    /// Completed years from `birth` to this date, as the civil code counts an age.
    static int full_years_between(Date birth, Date on);
    static int full_months_between(Date from, Date on);

    std::string iso() const;
    /// "1er avril 2026", "15 mai 2026".
    std::string french() const;

    friend constexpr bool operator==(Date, Date) = default;
    friend constexpr std::strong_ordering operator<=>(Date a, Date b) { return a.m_days <=> b.m_days; }

private:
    std::int32_t m_days = 0;
};

/// "janvier" … "décembre".
std::string_view french_month_name(int month);

}  // namespace borne::engine
