// Speech to a real SDL audio device: the disk driver writes what the device plays to a file
// (SDL_DISKAUDIOFILE), so the tests read back what a visitor would hear: the utterance, its volume,
// the silence after stop(), a new screen cutting the last one.
#include "audio_check.hpp"
#include "borne/speech/playback.hpp"
#include "borne/speech/screen_text.hpp"
#include "borne/speech/speaker.hpp"
#include "speech_support.hpp"
#include "../kiosk/support.hpp"

#include <catch2/catch.hpp>

#include <SDL.h>

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <thread>

using namespace borne;
using namespace std::chrono_literals;

namespace {

/// A disk "device" writing to a file of its own; the file is read once the device is closed.
struct DiskDevice {
    std::string file;
    explicit DiskDevice(const std::string& name) : file((std::filesystem::path(BORNE_SPEECH_TEST_OUTPUT) / name).string()) {
        std::filesystem::create_directories(BORNE_SPEECH_TEST_OUTPUT);
        std::filesystem::remove(file);
        setenv("SDL_AUDIODRIVER", "disk", 1);
        setenv("SDL_DISKAUDIOFILE", file.c_str(), 1);
    }
    speech::Pcm heard(int rate) const {
        speech::Pcm pcm;
        pcm.sample_rate = rate;
        std::ifstream in(file, std::ios::binary);
        std::vector<char> bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
        pcm.samples.resize(bytes.size() / 2);
        std::memcpy(pcm.samples.data(), bytes.data(), pcm.samples.size() * 2);
        return pcm;
    }
};

speech::Pcm utterance(const std::string& text) {
    auto r = test::espeak().synthesise(test::french().spoken(text), speech::Language::French);
    REQUIRE(r.pcm);
    return std::move(*r.pcm);
}

void drain(const speech::Playback& p, std::chrono::milliseconds limit = 20s) {
    auto until = std::chrono::steady_clock::now() + limit;
    while (p.playing() && std::chrono::steady_clock::now() < until) std::this_thread::sleep_for(5ms);
}

/// The samples from the first non-zero one: what the device played of the utterance.
std::vector<std::int16_t> from_first_sound(const speech::Pcm& pcm) {
    auto first = std::find_if(pcm.samples.begin(), pcm.samples.end(), [](std::int16_t s) { return s != 0; });
    return {first, pcm.samples.end()};
}

}  // namespace

TEST_CASE("an utterance reaches the device whole, scaled by the volume", "[speech][playback]") {
    auto pcm = utterance("Avez-vous des enfants ?");
    for (int volume : {100, 50}) {
        DiskDevice disk("lecture-" + std::to_string(volume) + ".raw");
        {
            std::string error;
            auto p = speech::Playback::open({{}, volume, pcm.sample_rate}, error);
            INFO(error);
            REQUIRE(p);
            CHECK(p->volume() == volume);
            p->queue(pcm.samples);
            CHECK(p->playing());
            drain(*p);
            CHECK_FALSE(p->playing());
            CHECK(p->first_sample_out());
        }
        auto heard = from_first_sound(disk.heard(pcm.sample_rate));
        auto sent = from_first_sound(pcm);
        REQUIRE(heard.size() >= sent.size() - 1);
        // Sample for sample, at this volume (the first non-zero sample may have scaled to zero).
        std::size_t offset = heard.size() > 0 && sent.size() > 0 && heard[0] != sent[0] * volume / 100 ? 1 : 0;
        bool same = true;
        for (std::size_t k = 0; k + offset < sent.size() && k < heard.size(); ++k)
            if (heard[k] != static_cast<std::int16_t>(sent[k + offset] * volume / 100)) { same = false; break; }
        CHECK(same);
    }
}

TEST_CASE("the volume buttons step by ten and stay within 0 to 100", "[speech][playback]") {
    DiskDevice disk("volume.raw");
    std::string error;
    auto p = speech::Playback::open({{}, 95, 22050}, error);
    REQUIRE(p);
    p->louder();
    CHECK(p->volume() == 100);
    p->quieter();
    p->quieter();
    CHECK(p->volume() == 80);
    for (int k = 0; k < 12; ++k) p->quieter();
    CHECK(p->volume() == 0);
}

TEST_CASE("stop() silences at once", "[speech][playback]") {
    auto pcm = utterance("Vous avez probablement droit au revenu de solidarité active, 612,50 € par mois, et à l'APL.");
    DiskDevice disk("arret.raw");
    {
        std::string error;
        auto p = speech::Playback::open({{}, 100, pcm.sample_rate}, error);
        REQUIRE(p);
        p->queue(pcm.samples);
        std::this_thread::sleep_for(300ms);
        p->stop();
        CHECK_FALSE(p->playing());
        CHECK_FALSE(p->first_sample_out());
        std::this_thread::sleep_for(300ms);
    }
    auto l = test::loudness(disk.heard(pcm.sample_rate));
    INFO(l.seconds << " s written, utterance " << pcm.seconds() << " s");
    // About 0.3 s was heard of several seconds; the file goes on in silence.
    auto heard = from_first_sound(disk.heard(pcm.sample_rate));
    auto last_sound = std::find_if(heard.rbegin(), heard.rend(), [](std::int16_t s) { return s != 0; });
    double sounded = static_cast<double>(heard.rend() - last_sound) / pcm.sample_rate;
    CHECK(sounded < 1.0);
    CHECK(pcm.seconds() > 4.0);
}

TEST_CASE("an unknown device is refused with its name", "[speech][playback]") {
    setenv("SDL_AUDIODRIVER", "dummy", 1);
    std::string error;
    auto p = speech::Playback::open({"Casque qui n'existe pas", 70, 22050}, error);
    CHECK_FALSE(p);
    CHECK_THAT(error, Catch::Contains("Casque qui n'existe pas"));
}

TEST_CASE("the screen reader does what the flow's cues ask: « Écouter », a new screen that cuts speech, the audio mode", "[speech][playback]") {
    DiskDevice disk("lecteur.raw");
    std::string error;
    auto playback = speech::Playback::open({{}, 100, test::espeak().sample_rate()}, error);
    REQUIRE(playback);
    std::map<speech::Language, speech::Normaliser> normalisers{{speech::Language::French, test::french()}};
    speech::Speaker speaker(test::espeak_pointer(), normalisers, std::move(playback));
    kiosk::Config config;
    config.month = engine::Date::from_ymd(2026, 11, 1);
    config.volume = 40;
    kiosk::Flow flow(test::bundled_rules(), &test::communes(), config);
    speech::ScreenReader reader(speaker, config.languages);
    auto now = kiosk::Clock::now();

    auto wait_for_sound = [&] {
        auto until = std::chrono::steady_clock::now() + 5s;
        while (!speaker.playback().first_sample_out() && std::chrono::steady_clock::now() < until) std::this_thread::sleep_for(2ms);
        return speaker.playback().first_sample_out().has_value();
    };
    auto tap = [&](const char* id) {
        flow.tap(id, now);
        reader.on_view(flow.view());
    };

    reader.on_view(flow.view());
    CHECK(speaker.playback().volume() == 40);  // the site's volume
    SECTION("outside audio mode: silence until « Écouter », then a new screen stops it") {
        std::this_thread::sleep_for(100ms);
        CHECK_FALSE(speaker.playback().playing());
        tap("ecouter");
        CHECK(wait_for_sound());
        CHECK(speaker.playback().playing());
        reader.on_view(flow.view());  // the same screen drawn again: goes on
        CHECK(speaker.playback().playing());
        tap("commencer");
        CHECK(flow.view().screen == kiosk::Screen::LifeEvent);
        CHECK_FALSE(speaker.playback().playing());
        std::this_thread::sleep_for(100ms);
        CHECK_FALSE(speaker.playback().playing());
        tap("ecouter");
        tap("volume:plus");
        CHECK(speaker.playback().volume() == 50);
    }
    SECTION("audio mode: each new screen is read by itself; a first touch reads, a second presses") {
        tap("mode:audio");
        CHECK(wait_for_sound());
        auto started = *speaker.playback().first_sample_out();
        reader.on_view(flow.view());
        CHECK(*speaker.playback().first_sample_out() == started);
        tap("commencer");
        CHECK(flow.view().screen == kiosk::Screen::Welcome);
        CHECK(wait_for_sound());
        CHECK(speaker.playback().first_sample_out() != started);
        tap("commencer");
        CHECK(flow.view().screen == kiosk::Screen::LifeEvent);
        CHECK(wait_for_sound());
        CHECK(speaker.last_error().empty());
        CHECK(speaker.spoken(speech::cue_texts(flow.view(), config.languages->french()), speech::Language::French).rfind("Qu'est-ce qui vous amène ?", 0) == 0);
    }
}
