// Slots of the site's configuration, booked once each, linked to a save and gone with it.
#include "support.hpp"

#include "borne/storage/appointments.hpp"
#include "borne/storage/sessions.hpp"

#include <catch2/catch.hpp>

using namespace borne;
using namespace borne::storage;
using engine::Date;

namespace {
constexpr UnixTime t0 = 1'780'000'000;
const std::vector<SlotTemplate> templates = {{1, "09:00", "Guichet 2"}, {1, "09:30", "Guichet 2"}, {3, "14:00", "Bureau CCAS"}};
const Date tuesday = Date::from_ymd(2026, 12, 1);
}  // namespace

TEST_CASE("free slots come from the weekly templates, booked ones are left out", "[appointments]") {
    test::TempDir dir;
    auto db = test::open_test_database(dir.file("b.sqlite"));
    auto free = free_slots(*db, templates, tuesday, 7);
    REQUIRE(free.ok());
    REQUIRE(free.value->size() == 3);
    CHECK((*free.value)[0] == Slot{tuesday, "09:00", "Guichet 2"});
    CHECK((*free.value)[2] == Slot{tuesday.plus_days(2), "14:00", "Bureau CCAS"});
    CHECK((*free.value)[0].french() == "mardi 1er décembre 2026 à 09:00, Guichet 2");
    // Later the same morning, 09:00 has passed.
    auto later = free_slots(*db, templates, tuesday, 7, "09:15");
    REQUIRE(later.ok());
    CHECK(later.value->size() == 2);

    auto saved = save_session(*db, "{}", t0);
    REQUIRE(saved.ok());
    auto lookup = session_lookup(*db, saved.value->code);
    Slot slot{tuesday, "09:30", "Guichet 2"};
    REQUIRE(book_slot(*db, templates, slot, lookup, t0).ok());
    auto twice = book_slot(*db, templates, slot, lookup, t0);
    CHECK_THAT(twice.error, Catch::Contains("vient d'être pris"));
    auto not_offered = book_slot(*db, templates, Slot{tuesday, "11:00", "Guichet 2"}, lookup, t0);
    CHECK_THAT(not_offered.error, Catch::Contains("ne propose pas"));
    auto orphan = book_slot(*db, templates, Slot{tuesday, "09:00", "Guichet 2"}, std::vector<unsigned char>(32, 7), t0);
    CHECK_THAT(orphan.error, Catch::Contains("n'existe plus"));

    auto after = free_slots(*db, templates, tuesday, 7);
    REQUIRE(after.ok());
    CHECK(after.value->size() == 2);
    auto today = bookings_of_day(*db, tuesday);
    REQUIRE(today.ok());
    REQUIRE(today.value->size() == 1);
    CHECK(today.value->front().slot == slot);
    // The day's booking is opened by the code on the visitor's slip: the same save.
    auto opened = open_session(*db, saved.value->code, t0 + 10);
    REQUIRE(opened.session);
    CHECK(opened.session->lookup == today.value->front().session);
    auto of_session = booking_of_session(*db, opened.session->lookup);
    REQUIRE(of_session.ok());
    CHECK(*of_session.value == slot);
}

TEST_CASE("a booking goes with its expired save, and past days are purged", "[appointments]") {
    test::TempDir dir;
    auto db = test::open_test_database(dir.file("b.sqlite"));
    auto saved = save_session(*db, "{}", t0, 1);
    REQUIRE(saved.ok());
    Date far = Date::from_ymd(2030, 1, 1);  // a Tuesday
    REQUIRE(book_slot(*db, templates, Slot{far, "09:00", "Guichet 2"}, session_lookup(*db, saved.value->code), t0).ok());
    auto purged = purge_expired(*db, t0 + 2 * 86400);
    REQUIRE(purged.ok());
    CHECK(purged.value->sessions == 1);
    auto left = bookings_of_day(*db, far);
    REQUIRE(left.ok());
    CHECK(left.value->empty());
}
