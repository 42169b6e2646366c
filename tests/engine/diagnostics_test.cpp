// Every kind of mistake a maintainer can make gets its stable code, at the right file and line,
// and a bundle with any error is refused whole.
#include "borne/engine/checks.hpp"
#include "support.hpp"

#include <catch2/catch.hpp>

using namespace borne;
using borne::test::expect_refused;
using borne::test::has_diagnostic;


TEST_CASE("The mini fixture loads cleanly", "[engine][diagnostics]") {
    test::RulesFolder folder;
    auto result = folder.load();
    REQUIRE(result.rules != nullptr);
    CHECK_FALSE(result.diagnostics.has_errors());
}

TEST_CASE("The rules fingerprint depends on the rules' contents, not on their folder", "[engine][diagnostics]") {
    // Two copies in two temporary folders: a pack installed elsewhere is the same version as the bundled rules.
    test::RulesFolder here, there;
    REQUIRE(here.path() != there.path());
    auto a = here.load(), b = there.load();
    REQUIRE(a.rules);
    REQUIRE(b.rules);
    CHECK(a.rules->fingerprint == b.rules->fingerprint);
    // One changed byte in a file that decides results is another version.
    there.append("parametres/mini.yaml", "# relu\n");
    auto changed = there.load();
    REQUIRE(changed.rules);
    CHECK(changed.rules->fingerprint != a.rules->fingerprint);
}

TEST_CASE("Rules diagnostics name file, line and a stable code", "[engine][diagnostics]") {
    test::RulesFolder folder;
    SECTION("R001 malformed YAML") {
        folder.write("definitions/x.yaml", "foyer.x:\n  formule: 1\n bad indent: [\n");
        expect_refused(folder, "R001", "definitions/x.yaml", 0);
    }
    SECTION("R001 a file that is not UTF-8") {
        folder.write("definitions/x.yaml", "foyer.x:\n  libellé: caf\xe9\n  formule: 1\n");
        expect_refused(folder, "R001", "definitions/x.yaml", 2);
    }
    SECTION("R002 flow collections are outside the house style") {
        folder.write("definitions/x.yaml", "foyer.x:\n  formule: 1\nfoyer.y: {formule: 2}\n");
        expect_refused(folder, "R002", "definitions/x.yaml", 3);
    }
    SECTION("R002 tabs") {
        folder.write("definitions/x.yaml", "foyer.x:\n\tformule: 1\n");
        expect_refused(folder, "R002", "definitions/x.yaml", 2);
    }
    SECTION("R003 a misspelt key is never ignored") {
        folder.write("definitions/x.yaml", "foyer.x:\n  formule: 1\n  arondi: centime\n");
        expect_refused(folder, "R003", "definitions/x.yaml", 3);
    }
    SECTION("R004 a required key is missing") {
        folder.write("parametres/x.yaml", "x.p:\n  libellé: Sans valeurs\n  revalorisation: aucune\n");
        expect_refused(folder, "R004", "parametres/x.yaml", 0);
    }
    SECTION("R005 an id written twice") {
        folder.write("definitions/x.yaml", "foyer.personnes:\n  formule: 2\n");
        expect_refused(folder, "R005", "definitions/x.yaml", 1);
    }
    SECTION("R010 an unreadable quantity") {
        folder.write("parametres/x.yaml", "x.p:\n  libellé: P\n  revalorisation: aucune\n  valeurs:\n    2020-01-01: douze €\n");
        expect_refused(folder, "R010", "parametres/x.yaml", 5);
    }
    SECTION("R010 a condition's outcome other than non_éligible or à_vérifier") {
        std::string aid = "id: autre\nnom: Autre\norganisme: caf\npériodicité: mensuelle\nconditions:\n  - id: c\n"
                          "    formule: non demandeur.etudiant\n    si_non: Non.\n    si_non_statut: peut-être\n"
                          "montant:\n  étapes:\n    - id: montant\n      formule: $mini.base\n";
        folder.write("aides/autre.yaml", aid);
        expect_refused(folder, "R010", "aides/autre.yaml", 9);
    }
    SECTION("R010 a dated next step that is not one of « ensuite », at the line of its list") {
        folder.append("aides/mini.yaml", "ensuite:\n  - Déclarez vos ressources tous les 3 mois.\nensuite_datées:\n  - 2\n");
        auto result = folder.load();
        CHECK(result.rules == nullptr);
        INFO(result.diagnostics.items().front().to_string());
        REQUIRE(has_diagnostic(result.diagnostics, "R010", "aides/mini.yaml", 39));  // the list under the key
        CHECK(result.diagnostics.items().front().message.find("(1 à 1)") != std::string::npos);
    }
    SECTION("ensuite_datées keeps the steps it names") {
        folder.append("aides/mini.yaml", "ensuite:\n  - Une étape.\n  - Tous les 3 mois.\nensuite_datées:\n  - 2\n");
        auto result = folder.load();
        REQUIRE(result.rules != nullptr);
        CHECK(result.rules->aids.at(static_cast<std::size_t>(result.rules->aid_index.at("mini"))).dated_steps == std::vector<int>{1});
    }
    SECTION("R010 a sentence cut by « : », with the way out") {
        folder.append("aides/mini.yaml", "à_vérifier:\n  - Le montant : à confirmer avec la CAF.\n");
        auto result = folder.load();
        CHECK(result.rules == nullptr);
        REQUIRE(has_diagnostic(result.diagnostics, "R010", "aides/mini.yaml", 37));
        CHECK(result.diagnostics.items().front().message.find("écrivez « ; »") != std::string::npos);
    }
    SECTION("R022 an « à vérifier » note whose condition is not yes/no, at the line of its « si »") {
        folder.append("aides/mini.yaml", "à_vérifier:\n  - Une phrase sans condition.\n  - texte: Pour un couple.\n    si: foyer.salaires + 1 €\n");
        expect_refused(folder, "R022", "aides/mini.yaml", 39);
    }
    SECTION("R021 an « à vérifier » note reading an unknown answer") {
        folder.append("aides/mini.yaml", "à_vérifier:\n  - texte: Pour un couple.\n    si: foyer.en_menage\n");
        expect_refused(folder, "R021", "aides/mini.yaml", 38);
    }
    SECTION("R020 an « à vérifier » condition that does not parse") {
        folder.append("aides/mini.yaml", "à_vérifier:\n  - texte: Pour un couple.\n    si: foyer.en_couple et\n");
        expect_refused(folder, "R020", "aides/mini.yaml", 38);
    }
    SECTION("R003 and R004 an « à vérifier » entry with a misspelt key and no text") {
        folder.append("aides/mini.yaml", "à_vérifier:\n  - text: Pour un couple.\n    si: foyer.en_couple\n");
        expect_refused(folder, "R003", "aides/mini.yaml", 37);
        expect_refused(folder, "R004", "aides/mini.yaml", 37);
    }
    SECTION("R011 an unreadable date") {
        folder.write("parametres/x.yaml", "x.p:\n  libellé: P\n  revalorisation: aucune\n  valeurs:\n    2020-13-01: 12 €\n");
        expect_refused(folder, "R011", "parametres/x.yaml", 5);
    }
    SECTION("R020 a formula that does not parse") {
        folder.write("definitions/x.yaml", "foyer.x:\n  formule: si foyer.en_couple alors 1\n");
        expect_refused(folder, "R020", "definitions/x.yaml", 2);
    }
    SECTION("R021 an unknown reference") {
        folder.write("definitions/x.yaml", "foyer.x:\n  formule: foyer.inexistant + 1\n");
        expect_refused(folder, "R021", "definitions/x.yaml", 2);
    }
    SECTION("R021 an unknown parameter") {
        folder.write("definitions/x.yaml", "foyer.x:\n  formule: $mini.inexistant\n");
        expect_refused(folder, "R021", "definitions/x.yaml", 2);
    }
    SECTION("R021 a choice value that does not exist") {
        folder.write("definitions/x.yaml", "foyer.x:\n  formule: logement.statut = locataire_hlm\n");
        expect_refused(folder, "R021", "definitions/x.yaml", 2);
    }
    SECTION("R022 a yes/no used as a number") {
        folder.write("definitions/x.yaml", "foyer.x:\n  formule: foyer.en_couple + 1\n");
        expect_refused(folder, "R022", "definitions/x.yaml", 2);
    }
    SECTION("R022 a person's answer read for the whole household") {
        folder.write("definitions/x.yaml", "foyer.x:\n  formule: personne.salaire_net\n");
        expect_refused(folder, "R022", "definitions/x.yaml", 2);
    }
    SECTION("R023 euros added to years") {
        folder.write("definitions/x.yaml", "foyer.x:\n  formule: $mini.base + $mini.age_minimum\n");
        expect_refused(folder, "R023", "definitions/x.yaml", 2);
    }
    SECTION("R023 euros multiplied by euros") {
        folder.write("definitions/x.yaml", "foyer.x:\n  formule: $mini.base × $mini.seuil\n");
        expect_refused(folder, "R023", "definitions/x.yaml", 2);
    }
    SECTION("R024 a cycle") {
        folder.write("definitions/x.yaml", "foyer.a:\n  formule: foyer.b + 1\nfoyer.b:\n  formule: foyer.a + 1\n");
        expect_refused(folder, "R024", "definitions/x.yaml", 0);
    }
    SECTION("R025 wrong number of arguments") {
        folder.write("definitions/x.yaml", "foyer.x:\n  formule: arrondi(3)\n");
        expect_refused(folder, "R025", "definitions/x.yaml", 2);
    }
    SECTION("R041 a document missing from the catalogue") {
        folder.append("aides/mini.yaml", "pièces:\n  - justificatif_inconnu\n");
        expect_refused(folder, "R041", "aides/mini.yaml", 0);
    }
}

TEST_CASE("Temporal coverage finds a month with no value", "[engine][diagnostics]") {
    test::RulesFolder folder;
    folder.write("parametres/mini.yaml", [] {
        std::string text = "mini.base:\n  libellé: Base\n  revalorisation: 1er avril\n  valeurs:\n    2025-04-01: 600 €\n";
        text += "mini.majoration:\n  libellé: M\n  forme: tableau\n  revalorisation: aucune\n  valeurs:\n    2020-01-01:\n      1: 0 %\n      2: 50 %\n      3 et plus: 80 %\n";
        text += "mini.age_minimum:\n  libellé: A\n  revalorisation: aucune\n  valeurs:\n    2020-01-01: 25 ans\n";
        text += "mini.seuil:\n  libellé: S\n  revalorisation: aucune\n  valeurs:\n    2020-01-01: 10 €\n";
        return text;
    }());
    auto result = folder.load();
    REQUIRE(result.rules);
    auto coverage = engine::check_coverage(*result.rules, engine::Date::from_ymd(2024, 1, 1), engine::Date::from_ymd(2026, 12, 1));
    CHECK(has_diagnostic(coverage, "R030", "parametres/mini.yaml", 1));
    auto later = engine::check_coverage(*result.rules, engine::Date::from_ymd(2025, 4, 1), engine::Date::from_ymd(2026, 12, 1));
    CHECK(later.empty());
}

TEST_CASE("Temporal coverage: a local aid needs its parameters only in the months it is offered", "[engine][diagnostics][local]") {
    test::RulesFolder folder;
    auto write_pack = [&](const std::string& aid_from) {
        folder.write("local/ville/collectivite.yaml",
                     "id: ville\nnom: la Ville d'essai\nterritoire:\n  départements:\n    - '75'\n"
                     "valide_du: 2020-01-01\nvalide_jusqu_au: 2027-06-30\nvérifié_le: 2026-01-10\n"
                     "accueil:\n  service: Centre d'action sociale\n");
        folder.write("local/ville/parametres/ville.yaml",
                     "ville.montant:\n  libellé: Montant\n  revalorisation: aucune\n  valeurs:\n    2025-09-01: 100 €\n");
        folder.write("local/ville/aides/aide_locale.yaml",
                     "id: aide_locale\nnom: Aide d'essai\norganisme: caf\nvalide_du: " + aid_from +
                     "\nvalide_jusqu_au: 2027-06-30\nvérifié_le: 2026-01-10\ncontact:\n  service: Centre d'action sociale\n"
                     "montant:\n  étapes:\n    - id: montant\n      formule: $ville.montant\n");
    };
    auto coverage_of = [&] {
        auto result = folder.load();
        for (const auto& d : result.diagnostics.items()) UNSCOPED_INFO(d.to_string());
        REQUIRE(result.rules);
        return engine::check_coverage(*result.rules, engine::Date::from_ymd(2024, 1, 1), engine::Date::from_ymd(2026, 12, 1));
    };
    // Offered from September 2025, the month its amount starts: nothing missing before.
    write_pack("2025-09-01");
    CHECK_FALSE(has_diagnostic(coverage_of(), "R030", "local/ville/parametres/ville.yaml", 1));
    // Offered from January 2024: the amount is missing from January 2024 to August 2025.
    write_pack("2024-01-01");
    CHECK(has_diagnostic(coverage_of(), "R030", "local/ville/parametres/ville.yaml", 1));
}

TEST_CASE("Staleness: a revaluation date passed without a new or verified value", "[engine][diagnostics]") {
    test::RulesFolder folder;
    auto result = folder.load();
    REQUIRE(result.rules);
    // mini.base was verified on 2026-04-02 and revalued on 1 April: fresh until next April.
    CHECK(engine::check_staleness(*result.rules, engine::Date::from_ymd(2026, 11, 22)).empty());
    auto stale = engine::check_staleness(*result.rules, engine::Date::from_ymd(2027, 4, 15));
    CHECK(has_diagnostic(stale, "R031", "parametres/mini.yaml", 1));
    CHECK_FALSE(stale.has_errors());  // a warning: the kiosk keeps running, the slip says so
}

TEST_CASE("A table written in long form (valeur + source) keeps its keys and its source", "[engine][diagnostics]") {
    test::RulesFolder folder;
    folder.write("parametres/x.yaml",
                 "x.plafond:\n  libellé: Plafond\n  forme: tableau\n  revalorisation: aucune\n  valeurs:\n    2020-01-01:\n      valeur:\n"
                 "        zone_1:\n          seul: 300 €\n          couple: 350 €\n        zone_2:\n          seul: 200 €\n          couple: 250 €\n"
                 "      source: Arrêté d'essai, art. 7\n");
    folder.write("definitions/x.yaml", "foyer.plafond:\n  formule: $x.plafond[zone_2][couple]\n");
    auto result = folder.load();
    for (const auto& d : result.diagnostics.items()) UNSCOPED_INFO(d.to_string());
    REQUIRE(result.rules);
    const auto& p = result.rules->parameters[static_cast<std::size_t>(result.rules->find_parameter("x.plafond"))];
    REQUIRE(p.values.size() == 1);
    CHECK(p.values[0].source == "Arrêté d'essai, art. 7");
    CHECK(p.values[0].table.size() == 2);
}

TEST_CASE("Amounts written in a formula are flagged: they belong in a dated, sourced parameter", "[engine][diagnostics]") {
    test::RulesFolder folder;
    folder.write("definitions/x.yaml", "foyer.x:\n  formule: arrondi(max($mini.base - 12,50 €; 0 €); 1 €; inférieur)\n");
    auto result = folder.load();
    REQUIRE(result.rules);
    auto literals = engine::check_literals(*result.rules);
    CHECK(has_diagnostic(literals, "R050", "definitions/x.yaml", 2));
    CHECK(literals.items().size() == 1);  // neither 0 € nor the rounding step
    CHECK_FALSE(literals.has_errors());
}

TEST_CASE("Life events are data: each button reaches an aid and each aid a button", "[engine][diagnostics]") {
    test::RulesFolder folder;
    const std::string events = "toutes:\n  libellé: Toutes mes aides\n  pictogramme: toutes\n"
                               "essai:\n  libellé: Un essai\n  pictogramme: essai\n  moments:\n    - essai\n    - autre_moment\n";
    folder.write("moments_de_vie.yaml", events);
    SECTION("read in the written order, with their labels and moments") {
        folder.append("aides/mini.yaml", "moments_de_vie:\n  - essai\n");
        auto result = folder.load();
        for (const auto& d : result.diagnostics.items()) UNSCOPED_INFO(d.to_string());
        REQUIRE(result.rules);
        const auto& e = result.rules->life_events;
        REQUIRE(e.size() == 2);
        CHECK(e[0].id == "toutes");
        CHECK(e[0].moments.empty());
        CHECK(e[1].label == "Un essai");
        CHECK(e[1].pictogram == "essai");
        CHECK(e[1].moments == std::vector<std::string>{"essai", "autre_moment"});
    }
    SECTION("R004 an aid with no moment of life") {
        expect_refused(folder, "R004", "aides/mini.yaml", 0);
    }
    SECTION("R021 an aid's moment that no button offers, at its line") {
        folder.append("aides/mini.yaml", "moments_de_vie:\n  - essai\n  - rentree\n");
        expect_refused(folder, "R021", "aides/mini.yaml", 37);
    }
    SECTION("R021 a button that reaches no aid, at its line") {
        folder.append("moments_de_vie.yaml", "vide:\n  libellé: Rien\n  pictogramme: rien\n  moments:\n    - personne\n");
        folder.append("aides/mini.yaml", "moments_de_vie:\n  - essai\n");
        expect_refused(folder, "R021", "moments_de_vie.yaml", 10);
    }
    SECTION("R004 a button without its label") {
        folder.append("moments_de_vie.yaml", "vide:\n  pictogramme: rien\n  moments:\n    - essai\n");
        folder.append("aides/mini.yaml", "moments_de_vie:\n  - essai\n");
        expect_refused(folder, "R004", "moments_de_vie.yaml", 11);
    }
}
