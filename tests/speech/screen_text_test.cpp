// What a screen says and what each button says, on views built as the flow builds them.
#include "borne/speech/screen_text.hpp"

#include <catch2/catch.hpp>

using namespace borne;
using kiosk::Button;
using kiosk::Line;
using kiosk::LineStyle;

TEST_CASE("a question is read top to bottom: title, help, refusal, each answer, not the header nor the navigation", "[speech][screen]") {
    kiosk::View v;
    v.screen = kiosk::Screen::Question;
    v.site_name = "CAF de test";
    v.chapter = "Mon logement";
    v.progress_text = "Encore environ 6 questions";
    v.title = "Comment êtes-vous logé ?";
    v.help = "Choisissez la situation d'aujourd'hui.";
    v.choices = {Button("choix:locataire", "Locataire"), Button("choix:proprietaire", "Propriétaire"), Button("choix:heberge", "Hébergé gratuitement")};
    v.nav = {Button("retour", "Retour"), Button("je_ne_sais_pas", "Je ne sais pas")};
    CHECK(speech::screen_texts(v) ==
          std::vector<std::string>{"Comment êtes-vous logé ?", "Choisissez la situation d'aujourd'hui.", "Locataire", "Propriétaire", "Hébergé gratuitement"});
    CHECK(speech::as_utterance(speech::screen_texts(v)) ==
          "Comment êtes-vous logé ? Choisissez la situation d'aujourd'hui. Locataire. Propriétaire. Hébergé gratuitement.");
    // The idle warning hides the screen: its answers are not read to whoever is now at the kiosk.
    v.idle_warning = true;
    CHECK(speech::screen_texts(v).empty());
}

TEST_CASE("a keypad screen says what was typed with its unit, and never a PIN", "[speech][screen]") {
    kiosk::View v;
    v.screen = kiosk::Screen::Question;
    v.title = "Votre date de naissance";
    v.keypad = kiosk::Keypad::Date;
    v.entry = "17/10/19__";
    v.entry_length = 6;
    v.error = "Cette date est dans le futur.";
    CHECK(speech::screen_texts(v) == std::vector<std::string>{"Votre date de naissance", "Cette date est dans le futur.", "17/10/19"});
    v.keypad = kiosk::Keypad::Amount;
    v.entry = "1 700";
    v.entry_unit = "€";
    v.error.clear();
    CHECK(speech::screen_texts(v) == std::vector<std::string>{"Votre date de naissance", "1 700 €"});
    v.entry_length = 0;
    v.entry = "";
    CHECK(speech::screen_texts(v) == std::vector<std::string>{"Votre date de naissance"});
    v.keypad = kiosk::Keypad::Pin;
    v.title = "Code agent";
    v.entry = "••••";
    v.entry_length = 4;
    CHECK(speech::screen_texts(v) == std::vector<std::string>{"Code agent"});
}

TEST_CASE("results: each line then its amount", "[speech][screen]") {
    kiosk::View v;
    v.screen = kiosk::Screen::Results;
    v.title = "Vos résultats";
    v.lines.emplace_back("Vous avez probablement droit à", LineStyle::Heading);
    v.lines.emplace_back("Revenu de solidarité active (RSA)", LineStyle::Amount, "612,50 €/mois");
    v.lines.back().button = "detail:rsa";
    v.lines.back().button_label = "Pourquoi ce montant ?";
    v.lines.emplace_back("À vérifier au guichet", LineStyle::Muted);
    CHECK(speech::screen_texts(v) == std::vector<std::string>{"Vos résultats", "Vous avez probablement droit à", "Revenu de solidarité active (RSA)",
                                                              "612,50 €/mois", "À vérifier au guichet"});

    SECTION("a line's button says itself, then the line it is about") {
        CHECK(speech::button_texts(v, "detail:rsa") == std::vector<std::string>{"Pourquoi ce montant ?", "Revenu de solidarité active (RSA)"});
    }
}

TEST_CASE("each button's own words: answers, navigation, keypad keys, nothing for a button not shown", "[speech][screen]") {
    kiosk::View v;
    v.title = "Avez-vous des enfants ?";
    v.choices = {Button("oui", "Oui"), Button("non", "Non")};
    v.nav = {Button("retour", "Retour")};
    CHECK(speech::button_texts(v, "oui") == std::vector<std::string>{"Oui"});
    CHECK(speech::button_texts(v, "retour") == std::vector<std::string>{"Retour"});
    CHECK_FALSE(speech::button_texts(v, "key:7"));
    CHECK_FALSE(speech::button_texts(v, "peut-etre"));
    CHECK_FALSE(speech::button_texts(v, ""));
    v.keypad = kiosk::Keypad::Amount;
    for (const auto& key : kiosk::keypad_keys(kiosk::Keypad::Amount))
        if (!key.id.empty()) CHECK(speech::button_texts(v, key.id) == std::vector<std::string>{key.label});
    CHECK(speech::button_texts(v, "key:effacer") == std::vector<std::string>{"Effacer"});
}

TEST_CASE("an utterance pauses after each text that has no closing punctuation", "[speech][screen]") {
    CHECK(speech::as_utterance({"Oui", "Non"}) == "Oui. Non.");
    CHECK(speech::as_utterance({"Vraiment ?", "Attention !", "Note :", "Fin."}) == "Vraiment ? Attention ! Note : Fin.");
    CHECK(speech::as_utterance({"", "Seul"}) == "Seul.");
    CHECK(speech::as_utterance({}) == "");
}
