#include "borne/engine/date.hpp"

#include "borne/engine/formatter.hpp"
#include "french_texts.hpp"

#include <array>
#include <fmt/format.h>

namespace borne::engine {

namespace {

// Howard Hinnant's days-from-civil algorithm (public domain), valid for any year of the Gregorian calendar.
std::int32_t days_from_civil(int y, int m, int d) {
    y -= m <= 2;
    const int era = (y >= 0 ? y : y - 399) / 400;
    const int yoe = y - era * 400;
    const int doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    const int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

struct Ymd {
    int y, m, d;
};

Ymd civil_from_days(std::int32_t z) {
    z += 719468;
    const int era = (z >= 0 ? z : z - 146096) / 146097;
    const int doe = z - era * 146097;
    const int yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const int doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const int mp = (5 * doy + 2) / 153;
    const int d = doy - (153 * mp + 2) / 5 + 1;
    const int m = mp < 10 ? mp + 3 : mp - 9;
    return {yoe + era * 400 + (m <= 2), m, d};
}

bool is_leap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

int days_in_month(int y, int m) {
    static constexpr std::array<int, 12> lengths{31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return m == 2 && is_leap(y) ? 29 : lengths[static_cast<std::size_t>(m - 1)];
}

}  // namespace

Date Date::from_ymd(int year, int month, int day) {
    Date d;
    d.m_days = days_from_civil(year, month, day);
    return d;
}

std::optional<Date> Date::parse(std::string_view text, bool allow_month) {
    auto number = [&](std::size_t pos, std::size_t len) -> int {
        int v = 0;
        for (std::size_t k = pos; k < pos + len; ++k) {
            if (text[k] < '0' || text[k] > '9') return -1;
            v = v * 10 + (text[k] - '0');
        }
        return v;
    };
    if (text.size() == 7 && allow_month && text[4] == '-') {
        int y = number(0, 4), m = number(5, 2);
        if (y < 1900 || m < 1 || m > 12) return std::nullopt;
        return from_ymd(y, m, 1);
    }
    if (text.size() != 10 || text[4] != '-' || text[7] != '-') return std::nullopt;
    int y = number(0, 4), m = number(5, 2), d = number(8, 2);
    if (y < 1800 || m < 1 || m > 12 || d < 1 || d > days_in_month(y, m)) return std::nullopt;
    return from_ymd(y, m, d);
}

int Date::year() const { return civil_from_days(m_days).y; }
int Date::month() const { return civil_from_days(m_days).m; }
int Date::day() const { return civil_from_days(m_days).d; }

Date Date::plus_months(int months) const {
    Ymd c = civil_from_days(m_days);
    int total = c.y * 12 + (c.m - 1) + months;
    int y = total / 12;
    int m = total % 12 + 1;
    int d = std::min(c.d, days_in_month(y, m));
    return from_ymd(y, m, d);
}

int Date::full_years_between(Date birth, Date on) {
    Ymd b = civil_from_days(birth.m_days), o = civil_from_days(on.m_days);
    int years = o.y - b.y;
    if (o.m < b.m || (o.m == b.m && o.d < b.d)) --years;
    return years;
}

int Date::full_months_between(Date from, Date on) {
    Ymd f = civil_from_days(from.m_days), o = civil_from_days(on.m_days);
    int months = (o.y - f.y) * 12 + (o.m - f.m);
    if (o.d < f.d) --months;
    return months;
}

std::string Date::iso() const {
    Ymd c = civil_from_days(m_days);
    return fmt::format("{:04}-{:02}-{:02}", c.y, c.m, c.d);
}

// The French words are the formatter's (french_texts.cpp).
std::string_view french_month_name(int month) {
    const EngineText* e = month >= 1 && month <= 12 ? french_text(fmt::format("mois.{}", month)) : nullptr;
    return e ? e->french : "?";
}

std::string Date::french() const { return engine::french().date(*this); }

}  // namespace borne::engine
