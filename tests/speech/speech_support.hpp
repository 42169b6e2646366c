// The speech tests' shared parts: the one espeak-ng of the process, the normalisers of assets/speech.
#pragma once

#include "borne/speech/espeak.hpp"
#include "borne/speech/normaliser.hpp"

#include <memory>
#include <string>
#include <vector>

namespace borne::test {

std::shared_ptr<speech::EspeakSynthesiser> espeak_pointer();
inline speech::EspeakSynthesiser& espeak() { return *espeak_pointer(); }
const speech::Normaliser& french();
const speech::Normaliser& english();
const speech::Normaliser& arabic();

}  // namespace borne::test
