// Appointments: the site's weekly slots (site configuration) made into dated slots; a visitor books a
// free one at the end of a simulation, linked to the save (never to a name or a telephone number).
// The agent's list of the day shows each booking; the code on the visitor's slip opens its simulation
// (the kiosk cannot open a save without its code, by design: STOCKAGE.md).
#pragma once

#include "borne/engine/date.hpp"
#include "borne/storage/database.hpp"
#include "borne/storage/result.hpp"
#include "borne/storage/site_config.hpp"

#include <string>
#include <vector>

namespace borne::storage {

struct Slot {
    engine::Date day;
    std::string time;  // "09:30"
    std::string desk;
    friend bool operator==(const Slot&, const Slot&) = default;
    /// "mardi 9 décembre 2026 à 09:30, Guichet 2": printed on the slip.
    std::string french() const;
};

/// The dated slots of `templates` from `first_day` for `days` days, times before `not_before` (HH:MM)
/// left out on the first day, minus those already booked.
Result<std::vector<Slot>> free_slots(const Database& db, const std::vector<SlotTemplate>& templates, engine::Date first_day, int days,
                                     const std::string& not_before = "00:00");

/// Books `slot` for the save `session_lookup` (from open_session or save_session). Refused when the
/// slot is not one the site offers or is already taken.
Status book_slot(const Database& db, const std::vector<SlotTemplate>& templates, const Slot& slot,
                 const std::vector<unsigned char>& session_lookup, UnixTime now);

struct Booking {
    Slot slot;
    std::vector<unsigned char> session;  // lookup of the save it belongs to
};

/// The bookings of `day`, by time then desk.
Result<std::vector<Booking>> bookings_of_day(const Database& db, engine::Date day);

/// The booking of a save, if it has one (shown when the save is reopened).
Result<std::optional<Slot>> booking_of_session(const Database& db, const std::vector<unsigned char>& session_lookup);

}  // namespace borne::storage
