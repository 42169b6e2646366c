// Visits recorded and read back by week, with the figures `borne stats` prints.
#include "support.hpp"

#include "borne/engine/loader.hpp"
#include "borne/storage/anonymise.hpp"
#include "borne/storage/statistics.hpp"

#include <catch2/catch.hpp>

#include <sqlite3.h>

using namespace borne;
using namespace borne::storage;
using engine::Date;

namespace {

Visit visit(Date day, bool completed, int duration, std::vector<std::string> aids, bool slip) {
    Visit v;
    v.day = day;
    v.completed = completed;
    v.duration_s = duration;
    v.aids_found = std::move(aids);
    v.slip_printed = slip;
    v.abandoned_at = completed ? "" : "question:logement.loyer";
    return v;
}

}  // namespace

TEST_CASE("weekly figures: started, completed, median duration, aids, slips", "[statistics]") {
    test::TempDir dir;
    auto db = test::open_test_database(dir.file("b.sqlite"));
    // Week of Monday 2026-11-30: three completed (300 s, 420 s, 360 s), one abandoned.
    Date monday = Date::from_ymd(2026, 11, 30);
    REQUIRE(record_visit(*db, visit(monday, true, 300, {"rsa", "apl"}, true)).ok());
    REQUIRE(record_visit(*db, visit(monday.plus_days(2), true, 420, {}, false)).ok());
    REQUIRE(record_visit(*db, visit(monday.plus_days(6), true, 360, {"css"}, true)).ok());
    REQUIRE(record_visit(*db, visit(monday.plus_days(3), false, 95, {}, false)).ok());
    // The next week: one completed with two aids (durations 200 and 600 → median 400 for two).
    REQUIRE(record_visit(*db, visit(monday.plus_days(7), true, 200, {"af", "ars"}, false)).ok());
    REQUIRE(record_visit(*db, visit(monday.plus_days(8), true, 600, {"af"}, true)).ok());

    auto report = statistics_report(*db, std::nullopt, std::nullopt);
    REQUIRE(report.ok());
    REQUIRE(report.value->weeks.size() == 2);
    const auto& w1 = report.value->weeks[0];
    CHECK(w1.week == monday);
    CHECK(w1.started == 4);
    CHECK(w1.completed == 3);
    CHECK(w1.completion_rate() == Approx(0.75));
    CHECK(w1.median_duration_s == 360);
    CHECK(w1.aids_found == 3);
    CHECK(w1.aids_per_completed() == Approx(1.0));
    CHECK(w1.share_with_aid() == Approx(2.0 / 3));
    CHECK(w1.slips_printed == 2);
    const auto& w2 = report.value->weeks[1];
    CHECK(w2.week == monday.plus_days(7));
    CHECK(w2.median_duration_s == 400);
    CHECK(report.value->total.started == 6);
    CHECK(report.value->total.completed == 5);
    CHECK(report.value->total.median_duration_s == 360);

    auto second_week = statistics_report(*db, monday.plus_days(7), std::nullopt);
    REQUIRE(second_week.ok());
    CHECK(second_week.value->total.started == 2);
    auto first_days = statistics_report(*db, monday, monday.plus_days(2));
    REQUIRE(first_days.ok());
    CHECK(first_days.value->total.started == 2);
}

TEST_CASE("a visit keeps categories only: no date of birth, no exact time", "[statistics][privacy]") {
    auto loaded = engine::load_rules(test::source_dir() + "/rules");
    REQUIRE(loaded.rules);
    const auto& rules = *loaded.rules;
    auto parsed = engine::parse_situation(R"({"mois":"2026-05","foyer":{"en_couple":false,"nombre_enfants":2},
        "demandeur":{"date_naissance":"1992-10-17"},"logement":{"statut":"locataire_meuble","commune":"93066"}})",
                                          rules, Date::from_ymd(2026, 5, 1));
    REQUIRE(parsed.situation);
    Visit v;
    v.day = Date::from_ymd(2026, 5, 12);
    describe_household(v, *parsed.situation, rules);
    CHECK(v.age_band == "25_39");
    CHECK(v.household == "seul_avec_enfants");
    CHECK(v.children == "2");
    CHECK(v.housing == "locataire_meuble");
    CHECK(v.commune == "93066");

    test::TempDir dir;
    std::string path = dir.file("b.sqlite");
    auto db = test::open_test_database(path);
    REQUIRE(record_visit(*db, v).ok());
    REQUIRE(db->checkpoint().ok());
    auto bytes = test::file_bytes(path);
    CHECK_FALSE(test::contains(bytes, "1992"));
    CHECK(test::contains(bytes, "seul_avec_enfants"));

    Visit empty;
    auto nothing = engine::parse_situation("{}", rules, Date::from_ymd(2026, 5, 1));
    REQUIRE(nothing.situation);
    describe_household(empty, *nothing.situation, rules);
    CHECK(empty.age_band == "inconnu");
    CHECK(empty.household == "inconnu");
    CHECK(empty.commune == "inconnu");
}

TEST_CASE("age bands", "[statistics]") {
    CHECK(age_band(18) == "moins_25");
    CHECK(age_band(25) == "25_39");
    CHECK(age_band(39) == "25_39");
    CHECK(age_band(40) == "40_59");
    CHECK(age_band(60) == "60_plus");
}

TEST_CASE("borne stats prints the same figures as a table and as CSV", "[statistics][cli]") {
    test::TempDir dir;
    std::string path = dir.file("b.sqlite");
    {
        auto db = test::open_test_database(path);
        Date monday = Date::from_ymd(2026, 11, 30);
        REQUIRE(record_visit(*db, visit(monday, true, 300, {"rsa", "apl"}, true)).ok());
        REQUIRE(record_visit(*db, visit(monday.plus_days(1), false, 60, {}, false)).ok());
    }
    auto csv = test::run(test::borne_exe() + " stats --format csv --db " + path);
    INFO(csv.err);
    REQUIRE(csv.exit_code == 0);
    CHECK_THAT(csv.out, Catch::Contains("2026-11-30,2,1,0.500,300,2.00,1.000,1\n"));
    CHECK_THAT(csv.out, Catch::Contains("total,2,1,0.500,300,2.00,1.000,1\n"));
    auto table = test::run(test::borne_exe() + " stats --db " + path);
    REQUIRE(table.exit_code == 0);
    CHECK_THAT(table.out, Catch::Contains("semaine du"));
    CHECK_THAT(table.out, Catch::Contains("5 min 00 s"));
    // From 1 December: only the abandoned visit.
    auto since = test::run(test::borne_exe() + " stats --format csv --db " + path + " --from 2026-12-01");
    REQUIRE(since.exit_code == 0);
    CHECK_THAT(since.out, Catch::Contains("total,1,0,0.000,,0.00,0.000,0\n"));
    auto bad = test::run(test::borne_exe() + " stats --db " + path + " --from 2026-13-01");
    CHECK(bad.exit_code == 2);
    CHECK_THAT(bad.err, Catch::Contains("--from"));
}
