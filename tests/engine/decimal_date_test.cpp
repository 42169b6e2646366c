#include "borne/engine/date.hpp"
#include "borne/engine/decimal.hpp"
#include "borne/engine/loader.hpp"

#include <catch2/catch.hpp>

using namespace borne::engine;

TEST_CASE("Decimals read French and plain writing", "[engine][decimal]") {
    CHECK(Decimal::parse("646,52") == Decimal::from_cents(64652));
    CHECK(Decimal::parse("646.52") == Decimal::from_cents(64652));
    CHECK(Decimal::parse("20 000") == Decimal::from_int(20000));
    CHECK(Decimal::parse("-3") == Decimal::from_int(-3));
    CHECK_FALSE(Decimal::parse("12a").has_value());
    CHECK_FALSE(Decimal::parse("").has_value());
    CHECK_FALSE(Decimal::parse(",").has_value());
    CHECK_FALSE(Decimal::parse("1,0000000001").has_value());  // beyond 9 places: refused, not rounded
}

TEST_CASE("Decimal arithmetic is exact where binary floating point is not", "[engine][decimal]") {
    Decimal tenth = *Decimal::parse("0,1");
    CHECK(tenth + tenth + tenth == *Decimal::parse("0,3"));
    // 651,69 × 2,1 = 1 368,549 exactly, then rounded to the cent the legal way (half away from zero)
    Decimal amount = Decimal::from_cents(65169) * *Decimal::parse("2,1");
    CHECK(amount == *Decimal::parse("1368,549"));
    CHECK(amount.rounded(Decimal::from_cents(1), Rounding::Nearest) == Decimal::from_cents(136855));
    CHECK(amount.rounded(Decimal::from_cents(1), Rounding::Down) == Decimal::from_cents(136854));
    CHECK(Decimal::from_int(14411).rounded(Decimal::from_int(100), Rounding::Up) == Decimal::from_int(14500));
    CHECK((-*Decimal::parse("2,5")).rounded(Decimal::from_int(1), Rounding::Nearest) == Decimal::from_int(-3));
    CHECK(Decimal::from_int(1) / Decimal::from_int(3) == *Decimal::parse("0,333333333"));
    CHECK(Decimal::from_int(5) / Decimal{} == Decimal{});
}

TEST_CASE("Decimals print in French", "[engine][decimal]") {
    CHECK(Decimal::from_cents(136855).to_french(2) == "1 368,55");
    CHECK(Decimal::from_cents(-500).to_french(2) == "-5,00");
    CHECK(Decimal::from_int(1234567).to_french(0) == "1 234 567");
    // Short amounts (64-bit writing) and one past 2^62 units (the 128-bit one) read alike.
    CHECK(Decimal{}.to_french(2) == "0,00");
    CHECK(Decimal::parse("0,004")->to_french(2) == "0,00");
    CHECK((-*Decimal::parse("0,004")).to_french(2) == "0,00");
    CHECK(Decimal::parse("999,995")->to_french(2) == "1 000,00");
    CHECK(Decimal::parse("0,0825")->to_french(4) == "0,0825");
    CHECK(Decimal::parse("123,456789")->to_french(6) == "123,456789");
    CHECK(Decimal::from_int(-100).to_french(0) == "-100");
    CHECK(Decimal::from_int(10'000'000'000).to_french(2) == "10 000 000 000,00");
    CHECK(Decimal::parse("50000000000000000")->to_french(2) == "50 000 000 000 000 000,00");
    CHECK(Decimal::parse("0,165")->to_plain() == "0.165");
}

TEST_CASE("Quantities carry their unit", "[engine][decimal]") {
    CHECK(parse_quantity("646,52 €")->unit == Unit::Euro);
    CHECK(parse_quantity("16,5 %")->value == *Decimal::parse("0,165"));
    CHECK(parse_quantity("25 ans")->unit == Unit::Year);
    CHECK(parse_quantity("3 mois")->unit == Unit::Month);
    CHECK(parse_quantity("20 000 €")->value == Decimal::from_int(20000));
    CHECK_FALSE(parse_quantity("vingt €").has_value());
}

TEST_CASE("Dates: ages and month arithmetic as the civil code counts them", "[engine][date]") {
    Date birth = *Date::parse("2001-08-23");
    CHECK(Date::full_years_between(birth, *Date::parse("2026-08-22")) == 24);
    CHECK(Date::full_years_between(birth, *Date::parse("2026-08-23")) == 25);
    CHECK(Date::parse("2024-02-29").has_value());
    CHECK_FALSE(Date::parse("2025-02-29").has_value());
    CHECK(Date::parse("2026-01-31")->plus_months(1) == *Date::parse("2026-02-28"));
    CHECK(Date::parse("2026-05", true)->iso() == "2026-05-01");
    CHECK_FALSE(Date::parse("2026-05").has_value());
    CHECK(Date::parse("2026-04-01")->french() == "1er avril 2026");
    CHECK(Date::full_months_between(*Date::parse("2026-02-10"), *Date::parse("2026-05-01")) == 2);
}
