#include "borne/speech/espeak.hpp"

#include <espeak-ng/speak_lib.h>

#include <atomic>
#include <string>

namespace borne::speech {

namespace {

std::atomic<bool> alive{false};  // espeak-ng's state is global: one synthesiser per process at a time

/// What espeak_Synth's callback needs: where the samples go, and whether the sink asked to stop.
struct Utterance {
    const ChunkSink* sink = nullptr;
    bool stopped = false;
};

/// espeak-ng calls this during espeak_Synth with each chunk (synchronous mode); returning 1 aborts.
int on_samples(short* wav, int count, espeak_EVENT* events) {
    auto* u = events ? static_cast<Utterance*>(events->user_data) : nullptr;
    if (!u || u->stopped) return 1;
    if (wav && count > 0 && !(*u->sink)(std::span<const std::int16_t>(wav, static_cast<std::size_t>(count)))) u->stopped = true;
    return u->stopped ? 1 : 0;
}

std::string espeak_problem(espeak_ERROR e) {
    switch (e) {
    case EE_OK: return {};
    case EE_BUFFER_FULL: return "espeak-ng : tampon plein";
    case EE_NOT_FOUND: return "espeak-ng : voix introuvable";
    default: return "espeak-ng : erreur interne";
    }
}

}  // namespace

const char* EspeakSynthesiser::voice_name(Language language) {
    // espeak-ng names its voices by the language's code; language_code() returns literals (NUL-terminated).
    return language_code(language).data();
}

std::unique_ptr<EspeakSynthesiser> EspeakSynthesiser::open(const EspeakSettings& settings, std::string& error) {
    if (alive.exchange(true)) {
        error = "espeak-ng est déjà ouvert dans ce processus";
        return nullptr;
    }
    // 200 ms chunks: the first one arrives after a fraction of that (platform.md §4.1: 0.3 ms).
    int rate = espeak_Initialize(AUDIO_OUTPUT_SYNCHRONOUS, 200, settings.data_path.empty() ? nullptr : settings.data_path.c_str(),
                                 espeakINITIALIZE_DONT_EXIT);
    if (rate <= 0) {
        alive = false;
        error = "espeak-ng ne démarre pas (données espeak-ng-data absentes ?)";
        return nullptr;
    }
    std::unique_ptr<EspeakSynthesiser> s(new EspeakSynthesiser());
    s->m_sample_rate = rate;
    s->m_rate_wpm = settings.rate_wpm;
    espeak_SetSynthCallback(on_samples);
    return s;
}

EspeakSynthesiser::~EspeakSynthesiser() {
    espeak_Terminate();
    alive = false;
}

std::optional<std::string> EspeakSynthesiser::synthesise(std::string_view text, Language language, const ChunkSink& sink) {
    std::lock_guard lock(m_mutex);
    if (m_voice != language) {
        if (auto e = espeak_problem(espeak_SetVoiceByName(voice_name(language))); !e.empty())
            return e + " (" + voice_name(language) + ")";
        // A new voice resets the rate to its own.
        espeak_SetParameter(espeakRATE, m_rate_wpm, 0);
        m_voice = language;
    }
    std::string copy(text);  // espeak wants a terminated string
    Utterance u{&sink, false};
    espeak_ERROR e = espeak_Synth(copy.c_str(), copy.size() + 1, 0, POS_CHARACTER, 0, espeakCHARS_UTF8, nullptr, &u);
    if (e != EE_OK) return espeak_problem(e);
    return std::nullopt;
}

}  // namespace borne::speech
