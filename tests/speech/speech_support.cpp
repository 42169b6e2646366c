#include "speech_support.hpp"

#include <stdexcept>

namespace borne::test {

std::shared_ptr<speech::EspeakSynthesiser> espeak_pointer() {
    static std::shared_ptr<speech::EspeakSynthesiser> s = [] {
        std::string error;
        auto e = speech::EspeakSynthesiser::open({}, error);
        if (!e) throw std::runtime_error(error);
        return std::shared_ptr<speech::EspeakSynthesiser>(std::move(e));
    }();
    return s;
}

namespace {
speech::Normaliser load(const std::string& code) {
    auto [n, errors] = speech::Normaliser::read(BORNE_SPEECH_DIR "/" + code + ".yaml");
    if (!n) throw std::runtime_error(errors.at(0).to_string());
    return std::move(*n);
}
}  // namespace

const speech::Normaliser& french() {
    static const speech::Normaliser n = load("fr");
    return n;
}

const speech::Normaliser& english() {
    static const speech::Normaliser n = load("en");
    return n;
}

const speech::Normaliser& arabic() {
    static const speech::Normaliser n = load("ar");
    return n;
}

}  // namespace borne::test
