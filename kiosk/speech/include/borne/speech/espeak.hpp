// The espeak-ng voices from Debian (fr, en, ar), in-process and synchronous: no audio device and no
// thread of espeak's own; the samples come back through a callback during espeak_Synth. espeak-ng
// keeps its state in globals, so there is one such synthesiser at a time in a process.
#pragma once

#include "borne/speech/synthesiser.hpp"

#include <memory>
#include <mutex>

namespace borne::speech {

struct EspeakSettings {
    /// Words per minute. espeak's default (175) is brisk for a public counter; platform.md §4.1
    /// found 140 to 150 comfortable.
    int rate_wpm = 150;
    /// espeak-ng's data folder; empty: the one Debian installs (espeak-ng-data).
    std::string data_path;
};

class EspeakSynthesiser final : public Synthesiser {
public:
    /// Starts espeak-ng. Null with the reason in `error` when its data is missing, or when another
    /// EspeakSynthesiser is alive in this process.
    static std::unique_ptr<EspeakSynthesiser> open(const EspeakSettings& settings, std::string& error);
    ~EspeakSynthesiser() override;
    EspeakSynthesiser(const EspeakSynthesiser&) = delete;
    EspeakSynthesiser& operator=(const EspeakSynthesiser&) = delete;

    int sample_rate() const override { return m_sample_rate; }
    using Synthesiser::synthesise;
    std::optional<std::string> synthesise(std::string_view text, Language language, const ChunkSink& sink) override;

    /// The espeak-ng voice used for a language ("fr", "en", "ar").
    static const char* voice_name(Language language);

private:
    EspeakSynthesiser() = default;
    int m_sample_rate = 0;
    int m_rate_wpm = 150;
    std::optional<Language> m_voice;  // the voice espeak has loaded
    std::mutex m_mutex;               // espeak's globals: one utterance at a time
};

}  // namespace borne::speech
