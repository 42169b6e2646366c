// What a screen says and what each button says, on views built as the flow builds them.
#include "borne/speech/screen_text.hpp"
#include "borne/speech/speaker.hpp"

#include <algorithm>
#include <fstream>

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
    // The idle warning hides the screen: its answers are not read to whoever is now at the kiosk, only
    // the warning itself.
    v.idle_warning = true;
    v.idle_title = "Êtes-vous toujours là ?";
    v.idle_text = "Sans réponse, vos réponses seront effacées dans 20 secondes.";
    v.idle_button = Button("je_suis_la", "Je suis là");
    CHECK(speech::screen_texts(v) == std::vector<std::string>{"Êtes-vous toujours là ?", "Sans réponse, vos réponses seront effacées dans 20 secondes.", "Je suis là"});
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

namespace {

/// The msgstr (or, with `ids`, the msgid) lines of a PO file written with --no-wrap, unescaped enough
/// for the texts these catalogues hold (no quotes or backslashes in them).
std::vector<std::string> po_texts(const std::string& file, bool ids) {
    std::ifstream in(file);
    std::vector<std::string> out;
    const std::string key = ids ? "msgid \"" : "msgstr \"";
    for (std::string line; std::getline(in, line);)
        if (line.rfind(key, 0) == 0 && line.size() > key.size() + 1) out.push_back(line.substr(key.size(), line.size() - key.size() - 1));
    return out;
}

}  // namespace

TEST_CASE("Arabic is said in its spoken (vowelled) variant where the catalogue has one, and every variant is of a current text", "[speech][screen][languages]") {
    std::vector<i18n::LoadError> errors;
    auto languages = i18n::Catalogues::load(BORNE_LOCALE_DIR, {"fr", "en", "ar"}, errors);
    REQUIRE(errors.empty());
    const i18n::Catalogue& ar = languages.get("ar");
    const std::string yes = ar.tr("bouton réponse", "Oui");
    CHECK(yes == "نعم");
    CHECK(ar.spoken(yes) == "نَعَمْ");
    CHECK(ar.spoken("نص بلا صيغة منطوقة") == "نص بلا صيغة منطوقة");  // none: said as written
    CHECK(languages.get("en").spoken("Yes") == "Yes");
    CHECK(languages.french().spoken("Oui") == "Oui");
    CHECK(ar.spoken("").empty());  // not the PO header

    // What the flow asks to be said goes through it: a yes/no question in Arabic.
    kiosk::View v;
    v.lang = "ar";
    v.title = "?";
    v.choices = {Button("oui", yes), Button("non", ar.tr("bouton réponse", "Non"))};
    v.speech.kind = kiosk::SpeechCue::Kind::Screen;
    CHECK(speech::cue_texts(v, ar) == std::vector<std::string>{"?", "نَعَمْ", "لا"});
    v.speech = {kiosk::SpeechCue::Kind::Button, "oui", 2, {}};
    CHECK(speech::cue_texts(v, ar) == std::vector<std::string>{"نَعَمْ"});
    v.speech = {kiosk::SpeechCue::Kind::Stop, "", 3, {}};
    CHECK(speech::cue_texts(v, ar).empty());
    // The slip told aloud: the flow's texts, each through the spoken variants too.
    v.speech = {kiosk::SpeechCue::Kind::Texts, "", 4, {yes, "نص بلا صيغة منطوقة"}};
    CHECK(speech::cue_texts(v, ar) == std::vector<std::string>{"نَعَمْ", "نص بلا صيغة منطوقة"});

    // A variant whose written text left borne.po would never be used again: each must still be there.
    auto written = po_texts(BORNE_LOCALE_SOURCE_DIR "/ar/borne.po", false);
    auto variants = po_texts(BORNE_LOCALE_SOURCE_DIR "/ar/parole.po", true);
    REQUIRE(variants.size() >= 5);
    for (const auto& w : variants) {
        INFO("parole.po: « " << w << " »");
        CHECK(std::find(written.begin(), written.end(), w) != written.end());
        CHECK(ar.spoken(w) != w);
    }
}
