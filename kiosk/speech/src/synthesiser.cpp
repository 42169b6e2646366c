#include "borne/speech/synthesiser.hpp"

namespace borne::speech {

std::string_view language_code(Language language) {
    switch (language) {
    case Language::French: return "fr";
    case Language::English: return "en";
    case Language::Arabic: return "ar";
    }
    return "fr";
}

std::optional<Language> language_of_code(std::string_view code) {
    for (Language l : {Language::French, Language::English, Language::Arabic})
        if (language_code(l) == code) return l;
    return std::nullopt;
}

Synthesiser::Result Synthesiser::synthesise(std::string_view text, Language language) {
    Pcm pcm;
    pcm.sample_rate = sample_rate();
    auto error = synthesise(text, language, [&](std::span<const std::int16_t> chunk) {
        pcm.samples.insert(pcm.samples.end(), chunk.begin(), chunk.end());
        return true;
    });
    if (error) return {std::nullopt, *error};
    return {std::move(pcm), {}};
}

}  // namespace borne::speech
