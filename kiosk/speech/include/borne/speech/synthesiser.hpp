// Text to speech behind one interface: a synthesiser turns a text in a language into 16-bit mono PCM,
// synchronously, chunk by chunk. espeak-ng is the engine Debian ships (espeak.hpp); another engine (a
// neural voice, if one is ever cleared) would be another implementation of this interface.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace borne::speech {

enum class Language { French, English, Arabic };

/// "fr", "en", "ar" (the codes of the catalogues and of assets/speech/*.yaml).
std::string_view language_code(Language language);
std::optional<Language> language_of_code(std::string_view code);

/// Sound as the synthesiser made it: signed 16-bit mono samples.
struct Pcm {
    int sample_rate = 0;
    std::vector<std::int16_t> samples;
    double seconds() const { return sample_rate > 0 ? static_cast<double>(samples.size()) / sample_rate : 0; }
};

/// Receives the samples as they are made; returning false stops the synthesis there.
using ChunkSink = std::function<bool(std::span<const std::int16_t> samples)>;

class Synthesiser {
public:
    virtual ~Synthesiser() = default;
    /// Samples per second of everything this synthesiser makes.
    virtual int sample_rate() const = 0;
    /// Speaks `text` (UTF-8, already normalised: normaliser.hpp) in `language`, handing each chunk to
    /// `sink` before it returns. The error, when there is one, says what failed in plain words.
    virtual std::optional<std::string> synthesise(std::string_view text, Language language, const ChunkSink& sink) = 0;

    /// The whole utterance in one buffer (or the error).
    struct Result {
        std::optional<Pcm> pcm;
        std::string error;
    };
    Result synthesise(std::string_view text, Language language);
};

}  // namespace borne::speech
