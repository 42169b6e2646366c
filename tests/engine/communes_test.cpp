// The communes table as built at install time from Etalab's découpage administratif.
#include "borne/engine/communes.hpp"
#include "borne/engine/loader.hpp"
#include "support.hpp"

#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>

using namespace borne::engine;

TEST_CASE("A postal code lists every commune it serves", "[engine][communes]") {
    std::string error;
    auto directory = CommuneDirectory::load(BORNE_COMMUNES_CSV, error);
    INFO(error);
    REQUIRE(directory);
    CHECK(directory->size() > 34000);
    CHECK(directory->source().find("decoupage-administratif") != std::string::npos);
    auto ain = directory->by_postal_code("01400");
    CHECK(ain.size() >= 10);
    CHECK(std::any_of(ain.begin(), ain.end(), [](const Commune* c) { return c->insee == "01001"; }));
    auto paris = directory->by_postal_code("75011");
    REQUIRE(paris.size() == 1);  // the city, not its arrondissement
    CHECK(paris[0]->insee == "75056");
    const Commune* first = directory->by_insee("75101");
    REQUIRE(first);
    CHECK(first->parent == "75056");
    CHECK(directory->by_postal_code("00000").empty());
}

TEST_CASE("A damaged communes table is refused with its line", "[engine][communes]") {
    auto path = std::filesystem::temp_directory_path() / "borne-communes-bad.csv";
    std::ofstream(path) << "commune,nom,departement,commune_parente,codes_postaux\n01001,\"L'Abergement,01,,01400\n";
    std::string error;
    CHECK_FALSE(CommuneDirectory::load(path.string(), error));
    CHECK(error.find(":2") != std::string::npos);
    CHECK_FALSE(CommuneDirectory::load("/nonexistent/communes.csv", error));
}

TEST_CASE("Every commune of the housing-aid zoning is a commune of today", "[engine][communes]") {
    // The zoning names communes by INSEE code: a code merged away since would silently fall back to
    // zone 3. When Etalab's table moves on, this test names the rows of zones_apl.csv to update.
    std::string error;
    auto directory = CommuneDirectory::load(BORNE_COMMUNES_CSV, error);
    REQUIRE(directory);
    auto loaded = load_rules((borne::test::source_dir() / "rules").string(), {.tests = false});
    REQUIRE(loaded.rules);
    const auto& table = loaded.rules->tables[static_cast<std::size_t>(loaded.rules->table_index.at("zones_apl"))];
    REQUIRE(table.numbers.size() > 3000);
    for (const auto& [code, zone] : table.numbers) {
        INFO("zones_apl.csv: " << code);
        CHECK(directory->by_insee(code) != nullptr);
        CHECK((zone == Decimal::from_int(1) || zone == Decimal::from_int(2)));
    }
    REQUIRE(table.default_number);
    CHECK(*table.default_number == Decimal::from_int(3));
    CHECK(table.numbers.at("75056") == Decimal::from_int(1));  // Paris
    CHECK(table.numbers.at("75111") == Decimal::from_int(1));  // and its arrondissements
    CHECK(table.numbers.at("69123") == Decimal::from_int(2));  // Lyon
    CHECK_FALSE(table.numbers.contains("23096"));    // Guéret: zone 3
}
