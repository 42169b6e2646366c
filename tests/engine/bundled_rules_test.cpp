// The bundled rules, as the kiosk will run them: they load whole, cover every month in use, and
// their own tests pass.
#include "borne/engine/checks.hpp"
#include "borne/engine/rules_tests.hpp"
#include "support.hpp"

#include <catch2/catch.hpp>

using namespace borne;
using namespace borne::engine;

TEST_CASE("The bundled rules load without any error", "[rules]") {
    auto result = load_rules((test::source_dir() / "rules").string());
    for (const auto& d : result.diagnostics.items()) UNSCOPED_INFO(d.to_string());
    REQUIRE(result.rules != nullptr);
    CHECK_FALSE(result.rules->aids.empty());
    for (const char* aid : {"rsa", "af", "apl", "alf", "als"}) CHECK(result.rules->find_aid(aid) >= 0);
}

TEST_CASE("Every parameter in use has a value for every month from 2024-01 to 2027-11", "[rules]") {
    auto result = load_rules((test::source_dir() / "rules").string());
    REQUIRE(result.rules);
    auto coverage = check_coverage(*result.rules, Date::from_ymd(2024, 1, 1), Date::from_ymd(2027, 11, 1));
    for (const auto& d : coverage.items()) UNSCOPED_INFO(d.to_string());
    CHECK(coverage.empty());
}

TEST_CASE("The tests written beside the rules pass", "[rules]") {
    auto result = load_rules((test::source_dir() / "rules").string());
    REQUIRE(result.rules);
    auto outcomes = run_rules_tests(*result.rules);
    CHECK(outcomes.size() >= 10);
    for (const auto& o : outcomes) {
        for (const auto& f : o.failures) UNSCOPED_INFO(o.test->name + " : " + f);
        CHECK(o.passed());
    }
}
