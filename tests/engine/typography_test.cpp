// French typography of the texts people read: what must stay together stays together.
#include "borne/engine/typography.hpp"

#include <catch2/catch.hpp>

using borne::engine::french_typography;

TEST_CASE("French typography keeps what belongs together on one line", "[typography]") {
    CHECK(french_typography("Montant : 1 368,55 €") == "Montant\u00A0: 1\u202F368,55\u00A0€");
    CHECK(french_typography("« Logement » ; vraiment ?") == "«\u00A0Logement\u00A0»\u202F; vraiment\u202F?");
    CHECK(french_typography("Vivez-vous en couple ? Oui !") == "Vivez-vous en couple\u202F? Oui\u202F!");
    CHECK(french_typography("https://caf.fr/a:b") == "https://caf.fr/a:b");
}

TEST_CASE("A straight apostrophe between letters becomes the typographic one, and only there", "[typography]") {
    CHECK(french_typography("L'ALS aide à payer le loyer quand vous n'avez pas droit à l'APL") ==
          "L\u2019ALS aide à payer le loyer quand vous n\u2019avez pas droit à l\u2019APL");
    CHECK(french_typography("jusqu'à l'été, aujourd'hui") == "jusqu\u2019à l\u2019été, aujourd\u2019hui");
    CHECK(french_typography("'cité' ou ' seul") == "'cité' ou ' seul");  // not between two letters
    CHECK(french_typography("déjà ’ typographique") == "déjà ’ typographique");
}

TEST_CASE("French typography is idempotent", "[typography]") {
    for (const char* text : {"Montant : 1 368,55 €", "« Logement » ; vraiment ?", "L'ALS n'est pas l'APL"}) {
        std::string once = french_typography(text);
        CHECK(french_typography(once) == once);
    }
}
