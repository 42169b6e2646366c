// Days from Unix times (UTC): the statistics keep the day of a visit, never its time.
#pragma once

#include "borne/engine/date.hpp"
#include "borne/storage/result.hpp"

namespace borne::storage {

inline engine::Date day_of(UnixTime t) {
    long long days = t >= 0 ? t / 86400 : (t - 86399) / 86400;
    return engine::Date::from_ymd(1970, 1, 1).plus_days(static_cast<int>(days));
}

inline UnixTime start_of(engine::Date d) { return static_cast<UnixTime>(d.days()) * 86400; }

}  // namespace borne::storage
