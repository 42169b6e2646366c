// Real espeak-ng: every screen of a persona's journey synthesised in French and checked to be speech
// (a duration that fits the text, loud frames, a peak), each written as a WAV with the text it speaks
// beside it (build/release/tests/speech/speech-output/); then a persona's screens in French, English and
// Arabic as « Écouter » says them (Arabic in its spoken variants); the English and Arabic voices on samples.
#include "../kiosk/support.hpp"
#include "audio_check.hpp"
#include "borne/speech/espeak.hpp"
#include "borne/speech/normaliser.hpp"
#include "borne/speech/persona_screens.hpp"
#include "borne/speech/screen_text.hpp"
#include "borne/speech/speaker.hpp"
#include "speech_support.hpp"

#include <catch2/catch.hpp>

#include <filesystem>
#include <fmt/format.h>
#include <fstream>
#include <map>
#include <regex>

using namespace borne;

namespace {

std::size_t characters(const std::string& utf8) {
    std::size_t n = 0;
    for (unsigned char c : utf8) n += (c & 0xC0) != 0x80;
    return n;
}

/// Speech, not silence nor a click: how long espeak-ng at 150 words a minute takes for this many
/// characters (about 16 a second, pauses included), and how much of it is voiced.
void check_speech(const speech::Pcm& pcm, const std::string& text) {
    auto l = test::loudness(pcm);
    double chars = static_cast<double>(characters(text));
    INFO(fmt::format("« {} »: {:.2f} s for {} characters, {:.0f} % voiced frames, peak {}, RMS {:.0f}", text, l.seconds, chars, 100 * l.voiced, l.peak, l.rms));
    CHECK(l.seconds >= chars / 30);
    CHECK(l.seconds <= chars / 6 + 1.0);
    CHECK(l.voiced >= 0.4);
    CHECK(l.peak >= 3000);
}

std::filesystem::path output_dir(const std::string& name) {
    auto dir = std::filesystem::path(BORNE_SPEECH_TEST_OUTPUT) / name;
    std::filesystem::remove_all(dir);
    std::filesystem::create_directories(dir);
    return dir;
}

void keep(const std::filesystem::path& dir, const std::string& stem, const speech::Pcm& pcm, const std::string& text) {
    REQUIRE(test::write_wav((dir / (stem + ".wav")).string(), pcm));
    std::ofstream((dir / (stem + ".txt")).string()) << text << "\n";
}

}  // namespace

TEST_CASE("every screen of a persona's journey, read aloud in French, is speech", "[speech][synthesis]") {
    auto persona = test::read_persona(BORNE_SOURCE_DIR "/tests/personas/parent-isole.json");
    auto flow = test::make_flow(persona.month);
    auto screens = speech::persona_screens(*flow, persona, &test::communes());
    INFO(screens.error);
    REQUIRE(screens.error.empty());
    // Welcome, life event, the questions, the recap, the results and an explanation.
    REQUIRE(screens.views.size() >= 10);
    CHECK(screens.views.front().screen == kiosk::Screen::Welcome);
    CHECK(screens.views.back().screen == kiosk::Screen::AidDetail);

    auto dir = output_dir("parent-isole");
    int k = 0;
    for (const auto& v : screens.views) {
        std::string text = speech::spoken_utterance(speech::screen_texts(v), &test::french());
        std::string stem = fmt::format("{:02}-{}", ++k, kiosk::screen_name(v.screen));
        INFO(stem);
        REQUIRE_FALSE(text.empty());
        auto r = test::espeak().synthesise(text, speech::Language::French);
        INFO(r.error);
        REQUIRE(r.pcm);
        check_speech(*r.pcm, text);
        keep(dir, stem, *r.pcm, text);
    }
}

TEST_CASE("every screen of a persona's journey is speech in French, English and Arabic, the texts written beside", "[speech][synthesis][languages]") {
    std::vector<i18n::LoadError> errors;
    auto languages = std::make_shared<const i18n::Catalogues>(i18n::Catalogues::load(BORNE_LOCALE_DIR, {"fr", "en", "ar"}, errors));
    REQUIRE(errors.empty());
    auto persona = test::read_persona(BORNE_SOURCE_DIR "/tests/personas/seul-sans-revenu.json");
    const std::map<speech::Language, const speech::Normaliser*> normalisers{
        {speech::Language::French, &test::french()}, {speech::Language::English, &test::english()}, {speech::Language::Arabic, &test::arabic()}};
    for (const auto& [language, normaliser] : normalisers) {
        const std::string code(speech::language_code(language));
        kiosk::Config config;
        config.month = persona.month;
        config.languages = languages;
        kiosk::Flow flow(test::bundled_rules(), &test::communes(), config);
        flow.tap("langue:" + code, kiosk::Clock::now());
        REQUIRE(flow.view().lang == code);
        auto screens = speech::persona_screens(flow, persona, &test::communes());
        INFO(code << ": " << screens.error);
        REQUIRE(screens.error.empty());
        REQUIRE(screens.views.size() >= 8);
        auto dir = output_dir("seul-sans-revenu-" + code);
        const i18n::Catalogue& catalogue = languages->get(code);
        int k = 0;
        for (auto v : screens.views) {
            REQUIRE(v.lang == code);
            // What « Écouter » says on this screen: the screen's texts in their spoken variants.
            v.speech.kind = kiosk::SpeechCue::Kind::Screen;
            std::string text = speech::spoken_utterance(speech::cue_texts(v, catalogue), normaliser);
            std::string stem = fmt::format("{:02}-{}", ++k, kiosk::screen_name(v.screen));
            INFO(code << " " << stem << ": " << text);
            REQUIRE_FALSE(text.empty());
            auto r = test::espeak().synthesise(text, language);
            INFO(r.error);
            REQUIRE(r.pcm);
            check_speech(*r.pcm, text);
            keep(dir, stem, *r.pcm, text);
        }
    }
}

TEST_CASE("the slip heard from the results before printing, in French, English and Arabic: its aids and amounts said as words, and speech", "[speech][synthesis][languages]") {
    std::vector<i18n::LoadError> errors;
    auto languages = std::make_shared<const i18n::Catalogues>(i18n::Catalogues::load(BORNE_LOCALE_DIR, {"fr", "en", "ar"}, errors));
    REQUIRE(errors.empty());
    auto persona = test::read_persona(BORNE_SOURCE_DIR "/tests/personas/parent-isole.json");
    // How each language says « 1 108,29 € » (the amounts are in French format in every language but
    // English, which writes « €1,108.29 »): the digits of the euros, then of the cents, as words around them.
    struct Way {
        speech::Language language;
        const speech::Normaliser* normaliser;
        std::string euros, with_cents;  // {e} the euros' digits, {c} the cents'
    };
    const std::vector<Way> ways{{speech::Language::French, &test::french(), "{e} euros", "{e} euros {c}"},
                                {speech::Language::English, &test::english(), "{e} euros", "{e} euros {c}"},
                                {speech::Language::Arabic, &test::arabic(), "{e} يورو", "{e} يورو و{c} سنتيم"}};
    for (const Way& way : ways) {
        const std::string code(speech::language_code(way.language));
        INFO(code);
        kiosk::Config config;
        config.month = persona.month;
        config.languages = languages;
        kiosk::Flow flow(test::bundled_rules(), &test::communes(), config);
        flow.tap("langue:" + code, kiosk::Clock::now());
        auto screens = speech::persona_screens(flow, persona, &test::communes());
        REQUIRE(screens.error.empty());
        const kiosk::View* results = nullptr;
        for (const auto& v : screens.views)
            if (v.screen == kiosk::Screen::Results) results = &v;
        REQUIRE(results);
        // The aids and their amounts as the results screen writes them.
        std::vector<std::pair<std::string, std::string>> aids;
        for (const auto& l : results->lines)
            if (l.style == kiosk::LineStyle::Amount) aids.emplace_back(l.text, l.detail);
        REQUIRE(aids.size() >= 3);
        flow.tap("retour", kiosk::Clock::now());  // persona_screens left it on an aid's explanation
        REQUIRE(flow.view().screen == kiosk::Screen::Results);
        flow.tap("ecouter_ticket", kiosk::Clock::now());
        REQUIRE(test::wait_for_slip_speech(flow, kiosk::Clock::now()));  // built off the screen's thread
        kiosk::View v = flow.view();
        REQUIRE(v.speech.kind == kiosk::SpeechCue::Kind::Texts);
        const auto texts = speech::cue_texts(v, languages->get(code));
        const std::string text = speech::spoken_utterance(texts, way.normaliser);
        INFO(text);
        CHECK(text.find("€") == std::string::npos);
        int amounts = 0;
        for (const auto& [name, amount] : aids) {
            INFO(name << " " << amount);
            // The aid's name (its acronym said its own way: the words before the bracket).
            CHECK(text.find(way.normaliser->spoken(name.substr(0, name.find(" (")))) != std::string::npos);
            // The amount's digits, euros then cents, the written « 1 108,29 » or « 1,108.29 » read back.
            std::smatch m;
            static const std::regex written(R"(([0-9][0-9 ,.\xE2\x80\xAF\xC2\xA0]*?)[,.]([0-9]{2})(?![0-9]))");
            if (!std::regex_search(amount, m, written)) continue;
            std::string euros;
            for (char c : m[1].str())
                if (c >= '0' && c <= '9') euros += c;
            const std::string cents = m[2].str();
            std::string said = cents == "00" ? way.euros : way.with_cents;
            said.replace(said.find("{e}"), 3, euros);
            if (auto c = said.find("{c}"); c != std::string::npos) said.replace(c, 3, cents);
            CHECK(text.find(said) != std::string::npos);
            ++amounts;
        }
        CHECK(amounts >= 2);
        auto r = test::espeak().synthesise(text, way.language);
        INFO(r.error);
        REQUIRE(r.pcm);
        check_speech(*r.pcm, text);
        keep(output_dir("ticket-" + code), "ticket", *r.pcm, text);
    }
}

TEST_CASE("the results screen says the amounts as amounts", "[speech][synthesis]") {
    auto persona = test::read_persona(BORNE_SOURCE_DIR "/tests/personas/parent-isole.json");
    auto flow = test::make_flow(persona.month);
    auto screens = speech::persona_screens(*flow, persona, &test::communes());
    REQUIRE(screens.error.empty());
    const kiosk::View* results = nullptr;
    for (const auto& v : screens.views)
        if (v.screen == kiosk::Screen::Results) results = &v;
    REQUIRE(results);
    std::string text = speech::spoken_utterance(speech::screen_texts(*results), &test::french());
    INFO(text);
    // The written amounts (« 612,50 € ») are gone, said in euros.
    CHECK(text.find("€") == std::string::npos);
    CHECK(text.find(" euros") != std::string::npos);
}

TEST_CASE("the English voice speaks a sample", "[speech][synthesis]") {
    std::string text = test::english().spoken("Your results. You are likely entitled to the RSA: €612.50/month from 01/12/2026.");
    CHECK(text == "Your results. You are likely entitled to the R S A: 612 euros 50 a month from 1 December 2026.");
    auto r = test::espeak().synthesise(text, speech::Language::English);
    REQUIRE(r.pcm);
    check_speech(*r.pcm, text);
    keep(output_dir("en"), "exemple", *r.pcm, text);
}

TEST_CASE("the Arabic voice speaks vowelled and bare text (the catalogue will carry the vowelled one)", "[speech][synthesis]") {
    // « Welcome to the services office », with full tashkil and without (inclusion.md §C.1: espeak-ng
    // guesses the vowels of bare text wrongly, so the spoken variant is vowelled).
    const std::string vowelled = "مَرْحَبًا بِكُمْ فِي مَكْتَبِ الخَدَمَاتِ. هَلْ لَدَيْكَ أَطْفَالٌ؟";
    const std::string bare = "مرحبا بكم في مكتب الخدمات. هل لديك أطفال؟";
    auto dir = output_dir("ar");
    std::vector<speech::Pcm> heard;
    for (const auto& [stem, text] : {std::pair{"voyelle", vowelled}, std::pair{"sans-voyelles", bare}}) {
        auto r = test::espeak().synthesise(text, speech::Language::Arabic);
        INFO(stem);
        REQUIRE(r.pcm);
        // Counted without the vowel marks, which lengthen the written text but not the speech.
        check_speech(*r.pcm, bare);
        keep(dir, stem, *r.pcm, text);
        heard.push_back(std::move(*r.pcm));
    }
    // The marks are read: the vowelled text is not spoken as the bare one.
    CHECK(heard[0].samples != heard[1].samples);
}

TEST_CASE("espeak-ng is one per process: a second one is refused with the reason", "[speech][synthesis]") {
    test::espeak();  // the tests' own is open
    std::string error;
    auto second = speech::EspeakSynthesiser::open({}, error);
    CHECK_FALSE(second);
    CHECK_THAT(error, Catch::Contains("déjà ouvert"));
}

TEST_CASE("a sink that says stop ends the synthesis there", "[speech][synthesis]") {
    std::size_t got = 0;
    int chunks = 0;
    auto error = test::espeak().synthesise(std::string(400, 'a') + " " + test::french().spoken("Revenu de solidarité active, 612,50 €."),
                                           speech::Language::French, [&](std::span<const std::int16_t> s) {
                                               got += s.size();
                                               return ++chunks < 2;
                                           });
    CHECK_FALSE(error);
    CHECK(chunks == 2);
    auto whole = test::espeak().synthesise("Revenu de solidarité active, 612,50 €.", speech::Language::French);
    REQUIRE(whole.pcm);
    CHECK(got < whole.pcm->samples.size());
}

TEST_CASE("the speech check tells silence and a click from speech", "[speech][synthesis]") {
    speech::Pcm silence{22050, std::vector<std::int16_t>(22050 * 3, 0)};
    auto s = test::loudness(silence);
    CHECK(s.seconds == Approx(3.0));
    CHECK(s.voiced == 0);
    CHECK(s.peak == 0);
    speech::Pcm click = silence;
    for (std::size_t k = 1000; k < 1100; ++k) click.samples[k] = 20000;  // 4.5 ms: loud, and one frame of 150
    auto c = test::loudness(click);
    CHECK(c.peak == 20000);
    CHECK(c.voiced < 0.4);
    auto r = test::espeak().synthesise("Bonjour.", speech::Language::French);
    REQUIRE(r.pcm);
    CHECK(test::loudness(*r.pcm).voiced >= 0.4);
}
