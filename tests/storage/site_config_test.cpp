// The site configuration: the documented example is valid, mistakes name their line and field.
#include "support.hpp"

#include "borne/storage/site_config.hpp"

#include <catch2/catch.hpp>

#include <fstream>

using namespace borne;
using namespace borne::storage;

namespace {
const ConfigError* find(const ParsedConfig& p, const std::string& field) {
    for (const auto& e : p.errors)
        if (e.field == field) return &e;
    return nullptr;
}
}  // namespace

TEST_CASE("the example configuration is valid and read whole", "[config]") {
    auto parsed = read_site_config(test::source_dir() + "/kiosk/storage/exemple-site.yaml");
    INFO((parsed.errors.empty() ? "" : parsed.errors[0].to_string("exemple")));
    REQUIRE(parsed.config);
    const auto& c = *parsed.config;
    CHECK(c.site_name == "CAF de l'Ain — accueil de Bourg-en-Bresse");
    CHECK(c.commune == "01053");
    CHECK(c.printer == "borne-80mm");
    CHECK(c.idle_seconds == 90);
    CHECK(c.agent_pin_hash.starts_with("$argon2id$"));
    CHECK(c.saves_days == 30);
    CHECK(c.opening_hours.size() == 4);
    REQUIRE(c.slots.size() == 6);
    CHECK(c.slots[0].weekday == 1);
    CHECK(c.slots[0].time == "09:00");
    CHECK(c.slots[5].desk == "Bureau CCAS");
    CHECK(c.database == "/var/lib/borne/borne.sqlite");
    CHECK(c.update_url == "https://mises-a-jour.example.fr/borne");
    CHECK(c.audio.device.empty());
    CHECK(c.audio.volume == 70);
}

TEST_CASE("the update server's address: https only, errors with line and field", "[config]") {
    const std::string site = "site:\n  nom: Mairie\n  commune: \"01053\"\n";
    auto plain = parse_site_config(site + "mises_a_jour:\n  url: http://exemple.fr/borne\n");
    CHECK_FALSE(plain.config);
    const ConfigError* found = find(plain, "mises_a_jour.url");
    REQUIRE(found);
    CHECK(found->line == 5);
    CHECK_THAT(found->message, Catch::Contains("https://"));
    auto typo = parse_site_config(site + "mises_a_jour:\n  adresse: https://exemple.fr\n");
    REQUIRE(find(typo, "mises_a_jour.adresse"));
    auto none = parse_site_config(site);
    REQUIRE(none.config);
    CHECK(none.config->update_url.empty());
}

TEST_CASE("the audio section: the headphone device and the starting volume, mistakes with their line", "[config]") {
    auto good = parse_site_config("site: {nom: A, commune: '01053'}\naudio:\n  peripherique: Built-in Audio Analog Stereo\n  volume: 40\n");
    REQUIRE(good.config);
    CHECK(good.config->audio.device == "Built-in Audio Analog Stereo");
    CHECK(good.config->audio.volume == 40);
    auto absent = parse_site_config("site: {nom: A, commune: '01053'}\n");
    REQUIRE(absent.config);
    CHECK(absent.config->audio.device.empty());
    CHECK(absent.config->audio.volume == 70);
    auto bad = parse_site_config("site: {nom: A, commune: '01053'}\naudio:\n  volume: 150\n  peripherque: casque\n");
    CHECK_FALSE(bad.config);
    const ConfigError* volume = find(bad, "audio.volume");
    REQUIRE(volume);
    CHECK(volume->line == 3);
    CHECK_THAT(volume->message, Catch::Contains("0 à 100"));
    const ConfigError* typo = find(bad, "audio.peripherque");
    REQUIRE(typo);
    CHECK(typo->line == 4);
    CHECK_THAT(typo->message, Catch::Contains("peripherique"));
    auto not_a_section = parse_site_config("site: {nom: A, commune: '01053'}\naudio: casque\n");
    REQUIRE(find(not_a_section, "audio"));
}

TEST_CASE("configuration errors name the line and the field", "[config]") {
    auto parsed = parse_site_config(
        "site:\n"
        "  nom: Mairie\n"
        "  commune: 1053\n"          // line 3: not an INSEE code
        "veille_secondes: dix\n"     // line 4
        "conservation_jours:\n"
        "  sauvegardes: 400\n"       // line 6: above 90
        "rendez_vous:\n"
        "  creneaux:\n"
        "    - jour: mardy\n"        // line 9
        "      heures: [09:00, 25:00]\n"  // line 10
        "      guichet: A\n"
        "agent:\n"
        "  pin_hash: 1234\n"         // line 13: a PIN, not a hash
        "imprimant: x\n");           // line 14: unknown key
    CHECK_FALSE(parsed.config);
    struct Expected {
        const char* field;
        int line;
        const char* words;
    };
    for (auto e : {Expected{"site.commune", 3, "code INSEE"}, Expected{"veille_secondes", 4, "entier"},
                   Expected{"conservation_jours.sauvegardes", 6, "hors des bornes"}, Expected{"rendez_vous.creneaux[0].jour", 9, "mardy"},
                   Expected{"rendez_vous.creneaux[0].heures[1]", 10, "25:00"}, Expected{"agent.pin_hash", 13, "jamais le code"},
                   Expected{"imprimant", 14, "clé inconnue"}}) {
        const ConfigError* found = find(parsed, e.field);
        INFO(e.field);
        REQUIRE(found);
        CHECK(found->line == e.line);
        CHECK_THAT(found->message, Catch::Contains(e.words));
    }
    CHECK(parsed.errors.size() == 7);
}

TEST_CASE("a configuration without a site, unreadable YAML or a missing file is refused with a place", "[config]") {
    auto no_site = parse_site_config("imprimante: x\n");
    REQUIRE(find(no_site, "site"));
    auto broken = parse_site_config("site: [\n");
    REQUIRE(broken.errors.size() == 1);
    CHECK(broken.errors[0].line == 2);
    auto not_a_map = parse_site_config("- a\n- b\n");
    REQUIRE(not_a_map.errors.size() == 1);
    auto missing = read_site_config("/nonexistent/site.yaml");
    REQUIRE(missing.errors.size() == 1);
    CHECK(missing.errors[0].to_string("/nonexistent/site.yaml") == "/nonexistent/site.yaml : fichier illisible ou absent");
    auto duplicate = parse_site_config("site: {nom: A, commune: '01053'}\nrendez_vous:\n  creneaux:\n    - {jour: lundi, heures: ['09:00', '09:00'], guichet: A}\n");
    CHECK_FALSE(duplicate.config);
    CHECK_THAT(duplicate.errors.at(0).message, Catch::Contains("en double"));
}

TEST_CASE("borne config check: the example passes, a bad commune fails against the communes table", "[config][cli]") {
    auto ok = test::run(test::borne_exe() + " config check " + test::source_dir() + "/kiosk/storage/exemple-site.yaml");
    INFO(ok.err);
    CHECK(ok.exit_code == 0);
    CHECK_THAT(ok.out, Catch::Contains("valide"));
    test::TempDir dir;
    std::string file = dir.file("site.yaml");
    {
        std::ofstream f(file);
        f << "site:\n  nom: Mairie\n  commune: '99999'\naides_locales: [aide_qui_n_existe_pas]\n";
    }
    auto bad = test::run(test::borne_exe() + " config check " + file);
    CHECK(bad.exit_code == 1);
    CHECK_THAT(bad.err, Catch::Contains("site.commune : « 99999 »"));
    CHECK_THAT(bad.err, Catch::Contains("aides_locales[0]"));
    auto hashed = test::run("echo 2468 | " + test::borne_exe() + " config hash-pin");
    CHECK(hashed.exit_code == 0);
    CHECK_THAT(hashed.out, Catch::StartsWith("$argon2id$"));
}
