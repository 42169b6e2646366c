// « Ce résultat me semble faux »: stored anonymised, exported as rules tests that `borne rules test` reads.
#include "support.hpp"

#include "borne/storage/corrections.hpp"

#include <catch2/catch.hpp>

#include <fstream>

using namespace borne;
using namespace borne::storage;

namespace {
constexpr UnixTime t0 = 1'780'000'000;

Correction sample() {
    Correction c;
    c.reported_on = engine::Date::from_ymd(2026, 5, 28);
    c.site = "CAF de l'Ain";
    c.situation = nlohmann::json::parse(test::file_bytes(test::source_dir() + "/tests/personas/parent-isole.json"));
    c.aid = "rsa";
    c.expected_amount = "120,00 €";
    c.computed_amount = "0,00 €";
    c.comment = "La prime d'activité est versée depuis mars";
    return c;
}
}  // namespace

TEST_CASE("a correction keeps the situation with birth dates reduced to their month", "[corrections][privacy]") {
    test::TempDir dir;
    auto db = test::open_test_database(dir.file("b.sqlite"));
    REQUIRE(record_correction(*db, sample(), t0).ok());
    auto list = list_corrections(*db);
    REQUIRE(list.ok());
    REQUIRE(list.value->size() == 1);
    const auto& c = list.value->front();
    CHECK(c.situation["demandeur"]["date_naissance"] == "1992-10-01");
    CHECK(c.situation["enfants"][1]["date_naissance"] == "2016-10-01");
    CHECK(c.situation["demandeur"]["salaire_net"] == 1700);
    CHECK(c.comment == sample().comment);

    Correction missing = sample();
    missing.expected_amount.clear();
    CHECK_THAT(record_correction(*db, missing, t0).error, Catch::Contains("montant attendu"));
}

TEST_CASE("borne corrections export writes rules tests that the rules test runner reads", "[corrections][cli]") {
    test::TempDir dir;
    std::string path = dir.file("b.sqlite");
    {
        auto db = test::open_test_database(path);
        REQUIRE(record_correction(*db, sample(), t0).ok());
        Correction second = sample();
        second.aid = "apl";
        second.expected_amount = "310,00 €";
        second.comment = "";
        REQUIRE(record_correction(*db, second, t0).ok());
    }
    std::string out = dir.file("signalements.yaml");
    auto exported = test::run(test::borne_exe() + " corrections export --db " + path + " --out " + out);
    INFO(exported.err);
    REQUIRE(exported.exit_code == 0);
    auto yaml_bytes = test::file_bytes(out);
    std::string yaml(yaml_bytes.begin(), yaml_bytes.end());
    CHECK_THAT(yaml, Catch::Contains("statut: à_valider"));
    CHECK_THAT(yaml, Catch::Contains("rsa.montant_versé: 120,00 €"));
    CHECK_THAT(yaml, Catch::Contains("\"93066\""));

    // The exported file, placed in a copy of the rules' tests folder, is read as tests: the runner
    // compares (the expected amounts are the agents' claims, so a failure is allowed) but never refuses it.
    std::filesystem::path rules = dir.path() / "rules";
    std::filesystem::copy(test::source_dir() + "/rules", rules, std::filesystem::copy_options::recursive);
    for (const auto& e : std::filesystem::directory_iterator(rules / "tests")) std::filesystem::remove(e.path());
    std::filesystem::copy_file(out, rules / "tests" / "signalements.yaml");
    auto tested = test::run(test::borne_exe() + " rules test --verbose --rules " + rules.string());
    INFO(tested.out << tested.err);
    CHECK(tested.exit_code != 2);
    CHECK_THAT(tested.out + tested.err, Catch::Contains("Signalement n° 1"));
    CHECK_THAT(tested.out + tested.err, Catch::Contains("Signalement n° 2"));
}
