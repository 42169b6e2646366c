// Read aloud and the display modes as the flow decides them (kiosk/flow/src/access.cpp), headless:
// « Écouter » on every screen, the audio mode's first touch that reads and second that presses, the
// volume, the high contrast and the larger text, a new screen that stops speech, the wipe that ends it all.
#include "borne/kiosk/persona.hpp"
#include "support.hpp"

#include "borne/engine/typography.hpp"
#include "borne/i18n/catalogue.hpp"

#include <catch2/catch.hpp>
#include <algorithm>

using namespace borne;
using kiosk::Screen;
using Kind = kiosk::SpeechCue::Kind;

namespace {

auto t0 = kiosk::Clock::time_point{} + std::chrono::hours(1000);

bool offers(const kiosk::View& v, const std::string& id) {
    auto a = v.actions();
    return std::find(a.begin(), a.end(), id) != a.end();
}

std::unique_ptr<kiosk::Flow> flow_with_volume(int volume) {
    kiosk::Config config;
    config.month = engine::Date::from_ymd(2026, 11, 1);
    config.volume = volume;
    return std::make_unique<kiosk::Flow>(test::bundled_rules(), &test::communes(), config);
}

}  // namespace

TEST_CASE("« Écouter » is on every screen of a persona's journey and asks for the whole screen", "[kiosk][access]") {
    const auto persona = test::read_persona(test::personas().front());
    auto flow = test::make_flow(persona.month);
    kiosk::PersonaPlayer player(persona, &test::communes());
    auto now = t0;
    int screens = 0;
    for (int k = 0; k < 500; ++k) {
        const kiosk::View& v = flow->view();
        INFO(kiosk::screen_name(v.screen) << " " << v.title);
        REQUIRE(v.listen.id == "ecouter");
        CHECK(!v.listen.label.empty());
        CHECK(offers(v, "ecouter"));
        auto serial = v.speech.serial;
        flow->tap("ecouter", now);
        CHECK(flow->view().speech.kind == Kind::Screen);
        CHECK(flow->view().speech.serial == serial + 1);
        CHECK(flow->view().screen == v.screen);  // it presses nothing else
        ++screens;
        auto next = player.next(*flow);
        REQUIRE(next.step != kiosk::PersonaPlayer::Step::Stuck);
        if (next.step == kiosk::PersonaPlayer::Step::Done) break;
        now += std::chrono::seconds(2);
        flow->tap(next.tap, now);
    }
    CHECK(flow->view().screen == Screen::Results);
    CHECK(screens > 5);
}

TEST_CASE("outside audio mode a new screen stops speech and a touch presses at once", "[kiosk][access]") {
    auto flow = test::make_flow(engine::Date::from_ymd(2026, 11, 1));
    flow->tap("ecouter", t0);
    REQUIRE(flow->view().speech.kind == Kind::Screen);
    auto serial = flow->view().speech.serial;
    flow->tap("commencer", t0);
    CHECK(flow->view().screen == Screen::LifeEvent);
    CHECK(flow->view().speech.kind == Kind::Stop);
    CHECK(flow->view().speech.serial > serial);
    // The same screen drawn again (a tick) asks nothing new.
    serial = flow->view().speech.serial;
    flow->tick(t0 + std::chrono::seconds(1));
    CHECK(flow->view().speech.serial == serial);
}

TEST_CASE("audio mode: chosen on the welcome screen, each new screen is read, a first touch reads and a second presses", "[kiosk][access]") {
    auto flow = test::make_flow(engine::Date::from_ymd(2026, 11, 1));
    REQUIRE(flow->view().modes.size() == 3);
    CHECK_FALSE(flow->view().access.audio_mode);
    flow->tap("mode:audio", t0);
    CHECK(flow->view().access.audio_mode);
    CHECK(flow->view().speech.kind == Kind::Screen);
    auto mode = std::find_if(flow->view().modes.begin(), flow->view().modes.end(), [](const auto& b) { return b.id == "mode:audio"; });
    CHECK(mode->primary);  // drawn as on
    CHECK_FALSE(flow->view().volume.empty());  // speech is in use: its volume is on screen

    flow->tap("commencer", t0);
    CHECK(flow->view().screen == Screen::Welcome);  // read only
    CHECK(flow->view().speech.kind == Kind::Button);
    CHECK(flow->view().speech.button == "commencer");
    flow->tap("commencer", t0);
    CHECK(flow->view().screen == Screen::LifeEvent);  // the second touch presses
    CHECK(flow->view().speech.kind == Kind::Screen);   // and the new screen is read by itself

    flow->tap("evenement:toutes", t0);
    CHECK(flow->view().screen == Screen::LifeEvent);
    flow->tap("retour", t0);  // another button: read first, and the first one is forgotten
    CHECK(flow->view().speech.button == "retour");
    flow->tap("evenement:toutes", t0);
    CHECK(flow->view().screen == Screen::LifeEvent);
    flow->tap("evenement:toutes", t0);
    CHECK(flow->view().screen == Screen::Question);

    // « Écouter » and the volume act at once, even in audio mode.
    flow->tap("ecouter", t0);
    CHECK(flow->view().speech.kind == Kind::Screen);
    CHECK(flow->view().screen == Screen::Question);
}

TEST_CASE("the volume starts at the site's, moves by steps within 0..100, and the wipe ends every mode", "[kiosk][access]") {
    auto flow = flow_with_volume(90);
    CHECK(flow->view().access.volume == 90);
    CHECK(flow->view().volume.empty());  // nobody asked for speech yet
    flow->tap("ecouter", t0);
    REQUIRE(offers(flow->view(), "volume:plus"));
    flow->tap("volume:plus", t0);
    CHECK(flow->view().access.volume == 100);
    CHECK(flow->view().speech.kind == Kind::Button);  // said at the new volume
    flow->tap("volume:plus", t0);
    CHECK(flow->view().access.volume == 100);
    for (int k = 0; k < 12; ++k) flow->tap("volume:moins", t0);
    CHECK(flow->view().access.volume == 0);

    flow->tap("mode:contraste", t0);
    flow->tap("mode:grand_texte", t0);
    flow->tap("mode:audio", t0);
    CHECK(flow->view().access.high_contrast);
    CHECK(flow->view().access.large_text);
    CHECK(flow->view().access.audio_mode);
    // Kept for the visit: through the screens.
    flow->tap("commencer", t0);
    flow->tap("commencer", t0);
    REQUIRE(flow->view().screen == Screen::LifeEvent);
    CHECK(flow->view().access.high_contrast);
    CHECK(flow->view().access.large_text);
    CHECK(flow->view().modes.empty());  // chosen on the welcome screen only
    // Nobody there: the idle warning, then the wipe.
    flow->tick(t0 + std::chrono::seconds(91));
    CHECK(flow->view().idle_warning);
    CHECK(flow->view().speech.kind == Kind::Screen);  // the warning is read in audio mode
    flow->tick(t0 + std::chrono::seconds(91 + 31));
    const kiosk::View& v = flow->view();
    CHECK(v.screen == Screen::Welcome);
    CHECK_FALSE(v.access.audio_mode);
    CHECK_FALSE(v.access.high_contrast);
    CHECK_FALSE(v.access.large_text);
    CHECK(v.access.volume == 90);
    CHECK(v.speech.kind == Kind::Stop);
    CHECK(v.volume.empty());
}

TEST_CASE("« Écouter » on the slip screen reads the slip: each aid with its amount and claim, the documents, in the visit's language", "[kiosk][access]") {
    std::vector<i18n::LoadError> errors;
    kiosk::Config config;
    config.month = engine::Date::from_ymd(2026, 11, 1);
    config.languages = std::make_shared<const i18n::Catalogues>(i18n::Catalogues::load(BORNE_LOCALE_DIR, {"fr", "en"}, errors));
    REQUIRE(errors.empty());
    const i18n::Catalogue& english = config.languages->get("en");
    auto no_printer = [](const kiosk::SlipRequest& r) { return kiosk::ready_outcome({false, r.language.tr("ticket", "Aucune imprimante n'est configurée sur cette borne."), {}}); };
    kiosk::Flow flow(test::bundled_rules(), &test::communes(), config, no_printer);
    auto now = t0;
    flow.tap("langue:en", now);
    const auto persona = test::read_persona(std::filesystem::path(BORNE_SOURCE_DIR) / "tests/personas/parent-isole.json");
    kiosk::PersonaPlayer player(persona, &test::communes());  // it keeps a reference
    for (int k = 0; k < 500; ++k) {
        auto next = player.next(flow);
        REQUIRE(next.step != kiosk::PersonaPlayer::Step::Stuck);
        if (next.step == kiosk::PersonaPlayer::Step::Done) break;
        flow.tap(next.tap, now += std::chrono::seconds(2));
    }
    REQUIRE(flow.view().screen == Screen::Results);
    std::vector<std::string> aids;  // the aids obtained, as the results screen names them
    for (const auto& l : flow.view().lines)
        if (l.style == kiosk::LineStyle::Amount) aids.push_back(l.text);
    REQUIRE(aids.size() >= 5);
    flow.tap("ecouter", now += std::chrono::seconds(2));
    CHECK(flow.view().speech.kind == Kind::Screen);  // elsewhere, « Écouter » reads the screen

    flow.tap("imprimer", now += std::chrono::seconds(2));
    flow.tick(now);
    const kiosk::View& slip = flow.view();
    REQUIRE(slip.screen == Screen::Slip);
    REQUIRE(offers(slip, "ecouter"));
    const std::string title = slip.title;
    const auto serial = slip.speech.serial;
    flow.tap("ecouter", now += std::chrono::seconds(2));
    REQUIRE(test::wait_for_slip_speech(flow, now));  // told off the screen's thread
    const kiosk::View& v = flow.view();
    CHECK(v.screen == Screen::Slip);  // it presses nothing else
    REQUIRE(v.speech.kind == Kind::Texts);
    CHECK(v.speech.serial > serial);
    std::string said;
    for (const auto& t : v.speech.texts) said += t + "\n";
    INFO(said);
    REQUIRE(v.speech.texts.size() > 3);
    CHECK(v.speech.texts[0] == title);  // what the screen says of the print, then the slip
    const std::string count = english.trf_n("ticket parlé", "Votre ticket : {n} aide probable.", "Votre ticket : {n} aides probables.", static_cast<long>(aids.size()));
    CHECK(std::find(v.speech.texts.begin(), v.speech.texts.end(), count) != v.speech.texts.end());
    for (const auto& name : aids) CHECK(said.find(name.substr(0, name.find(" ("))) != std::string::npos);
    CHECK(said.find("Apply online at caf.fr.") != std::string::npos);
    CHECK(said.find(english.tr("ticket parlé", "Papiers à apporter :")) != std::string::npos);
    CHECK(said.find("Papiers à apporter") == std::string::npos);  // in the visit's language only
    CHECK(said.find("€") != std::string::npos);                 // the amounts (the speaker's normaliser says « euros »)

    // Leaving the screen stops it.
    flow.tap("retour", now += std::chrono::seconds(2));
    CHECK(flow.view().speech.kind == Kind::Stop);
}

namespace {

/// Plays `persona` through `flow` up to its results (the player answers every screen; in audio mode each
/// button is touched twice: the first touch reads it).
void play_to_results(kiosk::Flow& flow, const engine::Situation& persona, kiosk::Clock::time_point& now) {
    kiosk::PersonaPlayer player(persona, &test::communes());  // it keeps a reference
    for (int k = 0; k < 500; ++k) {
        auto next = player.next(flow);
        INFO(next.problem);
        REQUIRE(next.step != kiosk::PersonaPlayer::Step::Stuck);
        if (next.step == kiosk::PersonaPlayer::Step::Done) break;
        flow.tap(next.tap, now += std::chrono::seconds(2));
        if (flow.view().access.audio_mode) flow.tap(next.tap, now += std::chrono::seconds(1));
    }
    REQUIRE(flow.view().screen == Screen::Results);
}

}  // namespace

TEST_CASE("on the results, before printing, the slip is heard: its aids, claims, documents and assumptions, in the visit's language, in every mode", "[kiosk][access]") {
    const auto languages = test::shipped_languages();
    const auto persona = test::read_persona(std::filesystem::path(BORNE_SOURCE_DIR) / "tests/personas/parent-isole.json");
    for (const char* code : {"fr", "en", "ar"})
        for (bool audio : {false, true}) {
            INFO(code << (audio ? ", audio mode" : ""));
            kiosk::Config config;
            config.month = persona.month;
            config.languages = languages;
            int prints = 0;
            auto printer = [&](const kiosk::SlipRequest&) {
                ++prints;
                return kiosk::ready_outcome({true, "", {}});
            };
            kiosk::Flow flow(test::bundled_rules(), &test::communes(), config, printer);
            auto now = t0;
            flow.tap(std::string("langue:") + code, now);
            if (audio) flow.tap("mode:audio", now), flow.tap("mode:audio", now);  // read, then pressed
            REQUIRE(flow.view().access.audio_mode == audio);
            play_to_results(flow, persona, now);
            const i18n::Catalogue& T = languages->get(code);
            const kiosk::View& results = flow.view();
            // The offer comes first, so that the audio mode says it before the aids.
            REQUIRE_FALSE(results.lines.empty());
            CHECK(results.lines.front().button == "ecouter_ticket");
            // French typography on a French screen (« l’imprimer »).
            auto typeset = [&](const std::string& text) { return std::string(code) == "fr" ? engine::french_typography(text) : text; };
            CHECK(results.lines.front().text == typeset(T.tr("résultats", "Écoutez votre récapitulatif avant de l'imprimer.")));
            CHECK(results.lines.front().button_label == T.tr("bouton", "Écouter"));
            std::vector<std::string> aids;
            for (const auto& l : results.lines)
                if (l.style == kiosk::LineStyle::Amount) aids.push_back(l.text);
            REQUIRE(aids.size() >= 5);

            flow.tap("ecouter_ticket", now += std::chrono::seconds(2));  // the first touch, even in audio mode
            REQUIRE(test::wait_for_slip_speech(flow, now));
            const kiosk::View& v = flow.view();
            CHECK(v.screen == Screen::Results);
            CHECK(prints == 0);  // heard, not printed
            REQUIRE(v.speech.kind == Kind::Texts);
            std::string said;
            for (const auto& t : v.speech.texts) said += t + "\n";
            INFO(said);
            CHECK(v.speech.texts.front() == T.trf_n("ticket parlé", "Votre ticket : {n} aide probable.", "Votre ticket : {n} aides probables.", static_cast<long>(aids.size())));
            for (const auto& name : aids) CHECK(typeset(said).find(name.substr(0, name.find(" ("))) != std::string::npos);
            CHECK(said.find(T.tr("ticket parlé", "Papiers à apporter :")) != std::string::npos);
            CHECK(said.find(T.tr("ticket parlé", "Ensuite :")) != std::string::npos);
            if (std::string(code) != "fr") CHECK(said.find("Papiers à apporter") == std::string::npos);  // the visit's language only

            // Printing afterwards still prints.
            flow.tap("imprimer", now += std::chrono::seconds(2));
            if (audio) flow.tap("imprimer", now);
            flow.tick(now);
            CHECK(prints == 1);
        }
}

TEST_CASE("the slip told aloud is prepared off the screen's thread: what was said stops at once, the screen answers meanwhile, and a slip no longer wanted is not said", "[kiosk][access]") {
    const auto persona = test::read_persona(std::filesystem::path(BORNE_SOURCE_DIR) / "tests/personas/parent-isole.json");
    kiosk::Config config;
    config.month = persona.month;
    config.languages = test::shipped_languages();
    auto printer = [](const kiosk::SlipRequest&) { return kiosk::ready_outcome({true, "", {}}); };
    kiosk::Flow flow(test::bundled_rules(), &test::communes(), config, printer);
    auto now = t0;
    play_to_results(flow, persona, now);
    flow.tap("ecouter", now += std::chrono::seconds(2));
    REQUIRE(flow.view().speech.kind == Kind::Screen);  // the results being read

    // « Écouter » on the slip's line: the reading stops at once, the tap returns before the slip is built
    // (nothing collects it until the next tick), and the texts come with a later tick.
    flow.tap("ecouter_ticket", now += std::chrono::seconds(2));
    CHECK(flow.view().speech.kind == Kind::Stop);
    CHECK(flow.preparing_slip_speech());
    REQUIRE(test::wait_for_slip_speech(flow, now));
    CHECK(flow.view().speech.kind == Kind::Texts);
    CHECK(flow.view().screen == Screen::Results);

    // Touched again, then the visitor goes on at once: the screen answers, and the slip, ready after the
    // screen changed, is never said over the next one.
    flow.tap("ecouter_ticket", now += std::chrono::seconds(2));
    REQUIRE(flow.preparing_slip_speech());
    const auto serial = flow.view().speech.serial;
    flow.tap("imprimer", now += std::chrono::seconds(2));
    CHECK(flow.view().screen == Screen::Slip);
    CHECK(flow.view().speech.serial > serial);
    REQUIRE(test::wait_for_slip_speech(flow, now));
    CHECK(flow.view().speech.kind != Kind::Texts);
}

TEST_CASE("audio mode on a « Qui ? » screen: each toggle is heard with its state, the screen says how many are ticked", "[kiosk][access][groups]") {
    const auto languages = test::shipped_languages();
    const auto persona = test::read_persona(std::filesystem::path(BORNE_SOURCE_DIR) / "tests/personas/couple-trois-enfants.json");
    for (const char* code : {"fr", "en", "ar"}) {
        INFO(code);
        kiosk::Config config;
        config.month = persona.month;
        config.languages = languages;
        kiosk::Flow flow(test::bundled_rules(), &test::communes(), config);
        auto now = t0;
        flow.tap(std::string("langue:") + code, now);
        flow.tap("mode:audio", now);
        flow.tap("mode:audio", now);
        REQUIRE(flow.view().access.audio_mode);
        // The player answers (each tap twice: the audio mode reads first) until the first group screen.
        kiosk::PersonaPlayer player(persona, &test::communes());
        for (int k = 0; k < 500 && flow.view().screen != Screen::Group; ++k) {
            auto next = player.next(flow);
            REQUIRE(next.step == kiosk::PersonaPlayer::Step::Tap);
            flow.tap(next.tap, now += std::chrono::seconds(1));
            flow.tap(next.tap, now += std::chrono::seconds(1));
        }
        REQUIRE(flow.view().screen == Screen::Group);
        const i18n::Catalogue& T = languages->get(code);
        std::vector<const kiosk::Button*> toggles;
        for (const auto& b : flow.view().choices)
            if (b.toggle) toggles.push_back(&b);
        REQUIRE(toggles.size() >= 2);
        for (const auto* b : toggles) {
            INFO(b->label);
            CHECK(b->spoken.find(b->label) != std::string::npos);  // its name, then its state
            CHECK(b->spoken == (b->ticked ? T.trf("lu à voix haute", "{choix}, coché", fmt::arg("choix", b->label))
                                          : T.trf("lu à voix haute", "{choix}, pas coché", fmt::arg("choix", b->label))));
        }
        if (std::string(code) == "fr") CHECK(toggles[0]->spoken == toggles[0]->label + (toggles[0]->ticked ? ", coché" : ", pas coché"));
        if (std::string(code) != "fr") CHECK(toggles[0]->spoken.find("coché") == std::string::npos);  // translated
        const std::string first = toggles[0]->id, label = toggles[0]->label;
        const bool was = toggles[0]->ticked;
        long ticked = 0;
        for (const auto* b : toggles) ticked += b->ticked;
        const long total = static_cast<long>(toggles.size());
        auto count_said = [&](long n) { return T.trf_n("lu à voix haute", "{n} coché sur {total}.", "{n} cochés sur {total}.", n, fmt::arg("total", total)); };
        CHECK(flow.view().spoken_status == count_said(ticked));
        if (std::string(code) == "fr") CHECK(flow.view().spoken_status == fmt::format("{} coché{} sur {}.", ticked, ticked > 1 ? "s" : "", total));

        // First touch: heard, with its state; nothing ticked.
        flow.tap(first, now += std::chrono::seconds(1));
        CHECK(flow.view().speech.kind == Kind::Button);
        CHECK(flow.view().speech.button == first);
        CHECK(flow.view().choices[0].ticked == was);
        // Second touch: ticked (or unticked), and its new state is heard.
        const auto serial = flow.view().speech.serial;
        flow.tap(first, now += std::chrono::seconds(1));
        REQUIRE(flow.view().screen == Screen::Group);
        CHECK(flow.view().choices[0].ticked == !was);
        CHECK(flow.view().speech.kind == Kind::Button);
        CHECK(flow.view().speech.button == first);
        CHECK(flow.view().speech.serial > serial);
        CHECK(flow.view().choices[0].spoken == (!was ? T.trf("lu à voix haute", "{choix}, coché", fmt::arg("choix", label))
                                                     : T.trf("lu à voix haute", "{choix}, pas coché", fmt::arg("choix", label))));
        CHECK(flow.view().spoken_status == count_said(ticked + (was ? -1 : 1)));
    }
}
