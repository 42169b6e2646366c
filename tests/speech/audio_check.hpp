// What the speech tests measure on sound: whether it is speech (loud frames, a peak) and a WAV file of
// it to listen to.
#pragma once

#include "borne/speech/synthesiser.hpp"

#include <string>

namespace borne::test {

struct Loudness {
    double seconds = 0;
    double voiced = 0;  // share of 20 ms frames whose RMS is above a whisper (1 % of full scale)
    int peak = 0;       // largest absolute sample
    double rms = 0;     // over the whole utterance
};
Loudness loudness(const speech::Pcm& pcm);

/// 16-bit mono PCM WAV.
bool write_wav(const std::string& path, const speech::Pcm& pcm);

}  // namespace borne::test
