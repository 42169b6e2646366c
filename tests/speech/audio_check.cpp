#include "audio_check.hpp"

#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <fstream>

namespace borne::test {

Loudness loudness(const speech::Pcm& pcm) {
    Loudness l;
    l.seconds = pcm.seconds();
    const std::size_t frame = static_cast<std::size_t>(pcm.sample_rate / 50);
    if (frame == 0 || pcm.samples.empty()) return l;
    std::size_t frames = 0, loud = 0;
    double total = 0;
    for (std::size_t start = 0; start + frame <= pcm.samples.size(); start += frame) {
        double sum = 0;
        for (std::size_t k = start; k < start + frame; ++k) {
            double s = pcm.samples[k];
            sum += s * s;
            l.peak = std::max(l.peak, std::abs(static_cast<int>(pcm.samples[k])));
        }
        total += sum;
        ++frames;
        if (std::sqrt(sum / static_cast<double>(frame)) > 327.67) ++loud;
    }
    l.voiced = frames ? static_cast<double>(loud) / static_cast<double>(frames) : 0;
    l.rms = frames ? std::sqrt(total / static_cast<double>(frames * frame)) : 0;
    return l;
}

namespace {
void put(std::ofstream& out, std::uint32_t v, int bytes) {
    for (int k = 0; k < bytes; ++k) out.put(static_cast<char>((v >> (8 * k)) & 0xFF));
}
}  // namespace

bool write_wav(const std::string& path, const speech::Pcm& pcm) {
    std::ofstream out(path, std::ios::binary);
    const auto data = static_cast<std::uint32_t>(pcm.samples.size() * 2);
    const auto rate = static_cast<std::uint32_t>(pcm.sample_rate);
    out.write("RIFF", 4);
    put(out, 36 + data, 4);
    out.write("WAVEfmt ", 8);
    put(out, 16, 4);
    put(out, 1, 2);  // PCM
    put(out, 1, 2);  // mono
    put(out, rate, 4);
    put(out, rate * 2, 4);
    put(out, 2, 2);
    put(out, 16, 2);
    out.write("data", 4);
    put(out, data, 4);
    for (std::int16_t s : pcm.samples) put(out, static_cast<std::uint16_t>(s), 2);
    return static_cast<bool>(out);
}

}  // namespace borne::test
