// borne session save / open and borne bookings, as a site manager or an agent types them.
#include "support.hpp"

#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include <fstream>

using namespace borne;

TEST_CASE("borne session save prints a code that borne session open turns back into the situation", "[sessions][cli]") {
    test::TempDir dir;
    std::string db = dir.file("b.sqlite");
    std::string persona = test::source_dir() + "/tests/personas/parent-isole.json";
    auto saved = test::run(test::borne_exe() + " session save " + persona + " --db " + db);
    INFO(saved.err);
    REQUIRE(saved.exit_code == 0);
    std::string code = saved.out.substr(0, saved.out.find('\n'));
    REQUIRE(code.size() == 9);
    auto opened = test::run(test::borne_exe() + " session open " + code + " --db " + db);
    INFO(opened.err);
    REQUIRE(opened.exit_code == 0);
    auto original = nlohmann::json::parse(test::file_bytes(persona));
    auto back = nlohmann::json::parse(opened.out);
    CHECK(back["demandeur"]["date_naissance"] == original["demandeur"]["date_naissance"]);
    CHECK(back["logement"] == original["logement"]);
    CHECK(back["enfants"].size() == 2);
    // What was saved simulates the same: borne simulate reads it back.
    std::string reopened = dir.file("reprise.json");
    std::ofstream(reopened) << opened.out;
    auto a = test::run(test::borne_exe() + " simulate " + persona + " --format json");
    auto b = test::run(test::borne_exe() + " simulate " + reopened + " --format json");
    REQUIRE(a.exit_code == 0);
    CHECK(a.out == b.out);

    auto typo = test::run(test::borne_exe() + " session open " + code.substr(0, 8) + (code[8] == 'A' ? "B" : "A") + " --db " + db);
    CHECK(typo.exit_code == 2);
    CHECK_THAT(typo.err, Catch::Contains("faute de frappe"));
    auto invalid = dir.file("faux.json");
    std::ofstream(invalid) << R"({"demandeur":{"date_naissance":"1992-13-45"}})";
    auto refused = test::run(test::borne_exe() + " session save " + invalid + " --db " + db);
    CHECK(refused.exit_code == 2);
    CHECK_THAT(refused.err, Catch::Contains("demandeur.date_naissance"));
    auto nowhere = test::run("env -u BORNE_DB " + test::borne_exe() + " session open " + code);
    CHECK(nowhere.exit_code == 2);
    CHECK_THAT(nowhere.err, Catch::Contains("--db"));
}

TEST_CASE("borne session save --book takes a free slot of the site; borne bookings lists the day", "[appointments][cli]") {
    test::TempDir dir;
    std::string config = dir.file("site.yaml");
    std::ofstream(config) << "site: {nom: Mairie, commune: '01053'}\nrendez_vous:\n  jours_a_l_avance: 60\n  creneaux:\n"
                             "    - {jour: mardi, heures: ['09:00'], guichet: Guichet 2}\nbase: "
                          << dir.file("b.sqlite") << "\n";
    std::string persona = test::source_dir() + "/tests/personas/retraite.json";
    std::string slot = "2099-12-01 09:00 Guichet 2";  // a Tuesday
    auto booked = test::run(test::borne_exe() + " session save " + persona + " --config " + config + " --book '" + slot + "'");
    INFO(booked.err);
    REQUIRE(booked.exit_code == 0);
    CHECK_THAT(booked.err, Catch::Contains("mardi 1er décembre 2099 à 09:00, Guichet 2"));
    auto again = test::run(test::borne_exe() + " session save " + persona + " --config " + config + " --book '" + slot + "'");
    CHECK(again.exit_code == 1);
    CHECK_THAT(again.err, Catch::Contains("vient d'être pris"));
    auto list = test::run(test::borne_exe() + " bookings --day 2099-12-01 --config " + config);
    REQUIRE(list.exit_code == 0);
    CHECK(list.out == "09:00  Guichet 2\n");
}
