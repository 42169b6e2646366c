// The French, English and Arabic normalisers: each rule of assets/speech/*.yaml on written text, the spoken
// text expected written by hand from how it is said at a counter; and mistakes in a data file named
// with their line and field.
#include "borne/speech/normaliser.hpp"
#include "speech_support.hpp"

#include <catch2/catch.hpp>

using namespace borne::speech;

const Normaliser& french() { return borne::test::french(); }
const Normaliser& english() { return borne::test::english(); }

TEST_CASE("French: acronyms said as letters or as a word, as people say them", "[speech][normaliser]") {
    CHECK(french().spoken("La CAF verse le RSA.") == "La caf verse le èr-èss-a.");
    CHECK(french().spoken("l’APL et l’AAH") == "l'a-pé-èl et l'a-a-ache");
    CHECK(french().spoken("ASPA, CSS, C2S, PAJE, ARS") == "aspa, cé-èss-èss, cé-deu-èss, paje, a-èr-èss");
    CHECK(french().spoken("la MDPH (CDAPH)") == "la èm-dé-pé-ache (cé-dé-a-pé-ache)");
    // Only whole words in capitals: a word that contains one, or the same letters in lower case, stay.
    CHECK(french().spoken("CAFE RSAS caf Caf") == "CAFE RSAS caf Caf");
}

TEST_CASE("French: abbreviations and symbols", "[speech][normaliser]") {
    CHECK(french().spoken("n° allocataire") == "numéro allocataire");
    CHECK(french().spoken("N° de sécurité sociale") == "numéro de sécurité sociale");
    CHECK(french().spoken("0,5 %") == "0,5 pour cent");
    CHECK(french().spoken("50%") == "50 pour cent");
    CHECK(french().spoken("sur caf.fr") == "sur caf point èf-èr");
    CHECK(french().spoken("en €") == "en euros");
    CHECK(french().spoken("☐ Pièce d'identité") == "Pièce d'identité");
    CHECK(french().spoken("En ligne : https://www.caf.fr/allocataires/aides-et-demarches (ou www.caf.fr).") ==
          "En ligne : adresse internet à l'écran (ou adresse internet à l'écran).");
}

TEST_CASE("French: amounts in euros and cents", "[speech][normaliser]") {
    CHECK(french().spoken("1 234,56 €") == "1234 euros 56");
    // As the kiosk typesets them: no-break space between thousands and before the symbol.
    CHECK(french().spoken("1\u202F234,56\u00A0€") == "1234 euros 56");
    CHECK(french().spoken("1\u00A0234,56\u00A0€") == "1234 euros 56");
    CHECK(french().spoken("12 €") == "12 euros");
    CHECK(french().spoken("12,5 €") == "12 euros 50");
    CHECK(french().spoken("12,05 €") == "12 euros 05");
    CHECK(french().spoken("153,01 €") == "153 euros 01");
    CHECK(french().spoken("0,05 €") == "5 centimes");
    CHECK(french().spoken("1 234,00 €") == "1234 euros");
    CHECK(french().spoken("0,50 €") == "50 centimes");
    CHECK(french().spoken("10 000 €") == "10000 euros");
    CHECK(french().spoken("312 €/mois") == "312 euros par mois");
    CHECK(french().spoken("Montant : 1 234,56 € par mois, soit 14 814,72 €/an.") ==
          "Montant : 1234 euros 56 par mois, soit 14814 euros 72 par an.");
}

TEST_CASE("French: dates and ordinals", "[speech][normaliser]") {
    CHECK(french().spoken("01/04/2026") == "1er avril 2026");
    CHECK(french().spoken("le 15/08/2025 au plus tard") == "le 15 août 2025 au plus tard");
    CHECK(french().spoken("né le 3/12/1990") == "né le 3 décembre 1990");
    // Not a date: left as written.
    CHECK(french().spoken("32/13/2026") == "32/13/2026");
    CHECK(french().spoken("votre 2e enfant") == "votre 2ème enfant");
    CHECK(french().spoken("le 12e mois") == "le 12ème mois");
    CHECK(french().spoken("la 1re fois") == "la première fois");
    CHECK(french().spoken("le 1er octobre 2023") == "le 1er octobre 2023");  // espeak-ng says « premier »
}

TEST_CASE("French: typography the synthesiser should not hear", "[speech][normaliser]") {
    CHECK(french().spoken("Avez-vous des enfants\u202F?") == "Avez-vous des enfants ?");
    CHECK(french().spoken("« Oui »") == "Oui");
    CHECK(french().spoken("Moi · Mon foyer") == "Moi , Mon foyer");
    CHECK(french().spoken("  deux   espaces \n et une ligne ") == "deux espaces et une ligne");
    CHECK(french().spoken("") == "");
}

TEST_CASE("English: the minimal rules", "[speech][normaliser]") {
    CHECK(english().spoken("€1,234.56") == "1234 euros 56");
    CHECK(english().spoken("1,234.56 €/month") == "1234 euros 56 a month");
    CHECK(english().spoken("€0.50") == "50 cents");
    CHECK(english().spoken("01/04/2026") == "1 April 2026");
    CHECK(english().spoken("The CAF pays the RSA.") == "The caff pays the R S A.");
    CHECK(english().spoken("5%") == "5 percent");
    CHECK(english().spoken("Do you have children\u202F?") == "Do you have children ?");
}

TEST_CASE("Arabic: what is filled into a text, amounts in French format, dates and the counter's acronyms, said in Arabic", "[speech][normaliser]") {
    const Normaliser& arabic = borne::test::arabic();
    // « 1 108,29 € » as the kiosk writes it in Arabic (French format, narrow no-break spaces): euros and cents.
    CHECK(arabic.spoken("المبلغ: 1\u202F108,29\u00A0€ في الشهر") == "المبلغ: 1108 يورو و29 سنتيم في الشهر");
    CHECK(arabic.spoken("646\u00A0€") == "646 يورو");
    CHECK(arabic.spoken("0,50 €") == "50 سنتيم");
    CHECK(arabic.spoken("01/04/2026") == "1 أبريل 2026");
    CHECK(arabic.spoken("دخل التضامن النشط (RSA) من (CAF)") == "دخل التضامن النشط (إيرْ إيسْ آ) من (كاف)");
    CHECK(arabic.spoken("«\u00A0caf.fr\u00A0»") == "كاف نقطة إيفْ إيرْ");
}

TEST_CASE("a speech data file's mistakes name the file, the line and the field", "[speech][normaliser]") {
    const std::string months = "mois: [a, b, c, d, e, f, g, h, i, j, k, l]\n";
    const std::string rest = "premier_jour: '1er'\ndate: '{jour} {mois} {annee}'\nseparateur_decimal: ','\nseparateurs_milliers: ' '\nmonnaie: '€'\n"
                             "montant: '{euros} euros'\nmontant_centimes: '{euros} euros {centimes}'\ncentimes_seuls: '{centimes} centimes'\n";
    auto ok = Normaliser::parse(months + rest, "ok.yaml");
    CHECK(ok.second.empty());
    REQUIRE(ok.first);

    auto bad = Normaliser::parse("sigles:\n  rsa: èr-èss-a\n" + months + rest + "montnat: x\n", "fr.yaml");
    CHECK_FALSE(bad.first);
    REQUIRE(bad.second.size() == 2);
    CHECK(bad.second[0].to_string() == "fr.yaml:2 : sigles.rsa : un sigle s'écrit en majuscules et chiffres (A-Z, 0-9)");
    CHECK(bad.second[1].line == 12);
    CHECK(bad.second[1].field == "montnat");

    auto missing_slot = Normaliser::parse(months + "premier_jour: '1er'\ndate: '{jour} {mois}'\n" + rest.substr(rest.find("separateur")), "x.yaml");
    REQUIRE(missing_slot.second.size() == 1);
    CHECK(missing_slot.second[0].field == "date");
    CHECK(missing_slot.second[0].line == 3);
    CHECK_THAT(missing_slot.second[0].message, Catch::Contains("{annee}"));

    auto eleven = Normaliser::parse("mois: [a, b]\n" + rest, "x.yaml");
    REQUIRE(eleven.second.size() == 1);
    CHECK(eleven.second[0].field == "mois");
    CHECK(eleven.second[0].line == 1);

    auto syntax = Normaliser::parse("sigles: [\n", "x.yaml");
    REQUIRE(syntax.second.size() == 1);
    CHECK(syntax.second[0].line == 2);
    auto absent = Normaliser::read("/nonexistent/fr.yaml");
    REQUIRE(absent.second.size() == 1);
    CHECK(absent.second[0].to_string() == "/nonexistent/fr.yaml : fichier illisible ou absent");
}
