// borne-speech-bench: figures, not assertions. The delay from a screen's texts to the first audio
// sample (goal under 150 ms), measured twice over every screen of a persona: up to espeak-ng's first
// chunk (its synchronous callback), and up to SDL's audio callback taking the first sample (SDL's
// dummy driver unless SDL_AUDIODRIVER says otherwise); then the synthesis real-time factor per language;
// then the slip heard from the results: the touch's time on the screen's thread, and up to the first sample.
#include "borne/engine/files.hpp"
#include "borne/engine/loader.hpp"
#include "borne/speech/espeak.hpp"
#include "borne/speech/persona_screens.hpp"
#include "borne/speech/screen_text.hpp"
#include "borne/speech/speaker.hpp"

#include <SDL.h>

#include <algorithm>
#include <cstdlib>
#include <fmt/format.h>
#include <thread>

using namespace borne;
using Clock = std::chrono::steady_clock;

namespace {

double ms_since(Clock::time_point t0, Clock::time_point t1) { return std::chrono::duration<double, std::milli>(t1 - t0).count(); }

struct Figures {
    std::vector<double> values;
    std::string summary() const {
        if (values.empty()) return "aucune mesure";
        auto v = values;
        std::sort(v.begin(), v.end());
        return fmt::format("médiane {:.1f} ms, 90e centile {:.1f} ms, max {:.1f} ms ({} écrans)", v[v.size() / 2], v[v.size() * 9 / 10], v.back(), v.size());
    }
};

speech::Normaliser normaliser(const std::string& code) {
    auto [n, errors] = speech::Normaliser::read(std::string(BORNE_SPEECH_DIR) + "/" + code + ".yaml");
    for (const auto& e : errors) fmt::print(stderr, "{}\n", e.to_string());
    if (!n) std::exit(2);
    return std::move(*n);
}

}  // namespace

int main(int argc, char** argv) {
    std::string persona_file = argc > 1 ? argv[1] : BORNE_SOURCE_DIR "/tests/personas/parent-isole.json";
    setenv("SDL_AUDIODRIVER", "dummy", 0);  // no sound card needed; an explicit driver wins

    auto loaded = engine::load_rules(BORNE_RULES_DIR, {.tests = false});
    if (!loaded.rules) return fmt::print(stderr, "règles refusées\n"), 2;
    std::string error;
    auto communes = engine::CommuneDirectory::load(BORNE_COMMUNES_CSV, error);
    auto text = engine::read_file(persona_file);
    if (!text) return fmt::print(stderr, "{} illisible ou absent\n", persona_file), 2;
    auto parsed = engine::parse_situation(*text, *loaded.rules, engine::Date::from_ymd(2026, 11, 1));
    if (!parsed.situation) return fmt::print(stderr, "{} refusé\n", persona_file), 2;
    kiosk::Config config;
    config.month = parsed.situation->month;
    kiosk::Flow flow(loaded.rules, communes ? &*communes : nullptr, config);
    auto screens = speech::persona_screens(flow, *parsed.situation, communes ? &*communes : nullptr);
    if (!screens.error.empty()) return fmt::print(stderr, "{}\n", screens.error), 1;

    auto t_open = Clock::now();
    auto espeak = speech::EspeakSynthesiser::open({}, error);
    if (!espeak) return fmt::print(stderr, "{}\n", error), 1;
    fmt::print("espeak-ng : démarrage {:.1f} ms, {} Hz\n", ms_since(t_open, Clock::now()), espeak->sample_rate());
    auto fr = normaliser("fr");

    // 1. A screen's texts → its first text normalised → espeak's first chunk (the Speaker speaks a
    // screen text by text, so the first sound waits for the title only). Beside it, normalising the
    // whole screen at once, which the Speaker does not wait for.
    Figures to_chunk, whole_normalised;
    for (const auto& v : screens.views) {
        auto t0 = Clock::now();
        auto texts = speech::screen_texts(v);
        std::string first_text = speech::spoken_utterance({texts.front()}, &fr);
        std::optional<Clock::time_point> first;
        espeak->synthesise(first_text, speech::Language::French, [&](std::span<const std::int16_t>) {
            first = Clock::now();
            return false;  // only the first chunk matters here
        });
        if (first) to_chunk.values.push_back(ms_since(t0, *first));
        auto t1 = Clock::now();
        speech::spoken_utterance(texts, &fr);
        whole_normalised.values.push_back(ms_since(t1, Clock::now()));
    }
    fmt::print("texte d'un écran → premier échantillon d'espeak-ng (rappel synchrone) : {}\n", to_chunk.summary());
    fmt::print("normalisation d'un écran entier (pour mémoire) : {}\n", whole_normalised.summary());

    // 2. Real-time factor: synthesis time over the speech's duration, per language.
    std::string french_all;
    for (const auto& v : screens.views) french_all += speech::spoken_utterance(speech::screen_texts(v), &fr) + " ";
    const std::pair<speech::Language, std::string> samples[] = {
        {speech::Language::French, french_all},
        {speech::Language::English, "Your results. You are likely entitled to three aids. Housing benefit: 312 euros a month. "
                                    "Bring your last three payslips and your rent receipt to the desk."},
        // Fully vowelled (tashkil): espeak-ng guesses the vowels of bare Arabic wrongly (inclusion.md §C.1).
        {speech::Language::Arabic, "مَرْحَبًا بِكُمْ فِي مَكْتَبِ الخَدَمَاتِ. هَلْ لَدَيْكَ أَطْفَالٌ؟ أَحْضِرْ كَشْفَ رَاتِبِكَ الأَخِيرَ."},
    };
    for (const auto& [language, text] : samples) {
        auto t0 = Clock::now();
        auto r = espeak->synthesise(text, language);
        double took = ms_since(t0, Clock::now());
        if (!r.pcm) return fmt::print(stderr, "{}\n", r.error), 1;
        fmt::print("facteur temps réel, {} : {:.4f} ({:.1f} s de parole en {:.1f} ms, {} caractères)\n", speech::language_code(language),
                   took / 1000 / r.pcm->seconds(), r.pcm->seconds(), took, text.size());
    }

    // 3. The same through the kiosk's speaker: worker thread, SDL's audio callback taking the first sample.
    std::map<speech::Language, speech::Normaliser> normalisers;
    normalisers.emplace(speech::Language::French, fr);
    normalisers.emplace(speech::Language::English, normaliser("en"));
    normalisers.emplace(speech::Language::Arabic, normaliser("ar"));
    auto playback = speech::Playback::open({{}, 70, espeak->sample_rate()}, error);
    if (!playback) return fmt::print(stderr, "{}\n", error), 1;
    std::string driver = SDL_GetCurrentAudioDriver() ? SDL_GetCurrentAudioDriver() : "?";
    speech::Speaker speaker(std::move(espeak), std::move(normalisers), std::move(playback));
    Figures to_device;
    for (const auto& v : screens.views) {
        auto t0 = Clock::now();
        speaker.say(speech::screen_texts(v), speech::Language::French);
        std::optional<Clock::time_point> out;
        while (!(out = speaker.playback().first_sample_out()) && Clock::now() - t0 < std::chrono::seconds(2))
            std::this_thread::sleep_for(std::chrono::microseconds(200));
        if (out) to_device.values.push_back(ms_since(t0, *out));
    }
    speaker.stop();
    fmt::print("texte d'un écran → premier échantillon pris par le rappel audio SDL (pilote {}) : {}\n", driver, to_device.summary());

    // 4. The kiosk's own path in audio mode, per language: the persona's journey tapped through a flow
    // (its SpeechCue), the ScreenReader told of each new screen as the main loop tells it right after
    // drawing the screen's first frame, up to SDL's audio callback taking the first sample. The frame's
    // drawing itself is borne-kiosk-bench's figure, not counted here.
    std::vector<i18n::LoadError> problems;
    auto languages = std::make_shared<const i18n::Catalogues>(i18n::Catalogues::load(BORNE_LOCALE_DIR, {"fr", "en", "ar"}, problems));
    for (const auto& p : problems) fmt::print(stderr, "langue {} : {}\n", p.language, p.message);
    for (const char* code : {"fr", "en", "ar"}) {
        kiosk::Config lang_config;
        lang_config.month = parsed.situation->month;
        lang_config.languages = languages;
        kiosk::Flow audio_flow(loaded.rules, communes ? &*communes : nullptr, lang_config);
        speech::ScreenReader reader(speaker, languages);
        audio_flow.tap(std::string("langue:") + code, Clock::now());
        auto journey = speech::persona_screens(audio_flow, *parsed.situation, communes ? &*communes : nullptr);
        if (!journey.error.empty()) return fmt::print(stderr, "{}\n", journey.error), 1;
        Figures frame_to_sound;
        for (auto v : journey.views) {
            speaker.stop();
            // Each new screen with the cue the audio mode gives it (access.cpp): read it.
            v.speech.kind = kiosk::SpeechCue::Kind::Screen;
            v.speech.serial = frame_to_sound.values.size() + 1000;
            auto t0 = Clock::now();
            reader.on_view(v);
            std::optional<Clock::time_point> out;
            while (!(out = speaker.playback().first_sample_out()) && Clock::now() - t0 < std::chrono::seconds(2))
                std::this_thread::sleep_for(std::chrono::microseconds(200));
            if (out) frame_to_sound.values.push_back(ms_since(t0, *out));
        }
        speaker.stop();
        fmt::print("mode audio, {} : première image d'un écran → premier échantillon pris par le rappel audio SDL : {} (objectif < 150 ms)\n", code,
                   frame_to_sound.summary());

        // 5. The slip heard from the results (« Écouter » on its line): the touch's time on the screen's
        // thread (the slip's texts are built on a worker), and from the touch to the first sample, with
        // the main loop's part done here as it does it (tick, then the reader told of the view).
        audio_flow.tap("retour", Clock::now());  // persona_screens left it on an aid's explanation
        if (audio_flow.view().screen != kiosk::Screen::Results) return fmt::print(stderr, "pas de résultats ({})\n", code), 1;
        Figures on_screen_thread, touch_to_sound;
        for (int k = 0; k < 5; ++k) {
            speaker.stop();
            auto t0 = Clock::now();
            audio_flow.tap("ecouter_ticket", t0);
            on_screen_thread.values.push_back(ms_since(t0, Clock::now()));
            reader.on_view(audio_flow.view());
            std::optional<Clock::time_point> out;
            while (!(out = speaker.playback().first_sample_out()) && Clock::now() - t0 < std::chrono::seconds(5)) {
                std::this_thread::sleep_for(std::chrono::milliseconds(1));
                audio_flow.tick(Clock::now());
                reader.on_view(audio_flow.view());
            }
            if (out) touch_to_sound.values.push_back(ms_since(t0, *out));
        }
        speaker.stop();
        fmt::print("ticket lu à voix haute, {} : le toucher sur le fil de l'écran {} ; du toucher au premier échantillon {}\n", code,
                   on_screen_thread.summary(), touch_to_sound.summary());
    }
    return 0;
}
