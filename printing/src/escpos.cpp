#include "borne/printing/escpos.hpp"

#include <algorithm>
#include <cstdint>
#include <fmt/format.h>

namespace borne::printing {

namespace {

constexpr char ESC = 0x1B, GS = 0x1D;
constexpr int max_band = 256;      // rows per GS v 0 command
constexpr int min_blank_feed = 24;  // shorter blank runs are sent as raster (fewer commands)

bool blank_row(const Raster& r, int y) {
    auto begin = r.bits.begin() + y * r.stride;
    return std::all_of(begin, begin + r.stride, [](std::uint8_t b) { return b == 0; });
}

void put16(std::string& out, int v) {
    out += static_cast<char>(v & 0xFF);
    out += static_cast<char>((v >> 8) & 0xFF);
}

void band(std::string& out, const Raster& r, int y, int rows) {
    out += GS;
    out += "v0";
    out += '\0';  // m = 0: normal density
    put16(out, r.stride);
    put16(out, rows);
    out.append(reinterpret_cast<const char*>(r.bits.data()) + y * r.stride, static_cast<std::size_t>(rows * r.stride));
}

void feed(std::string& out, int dots) {
    while (dots > 0) {
        int n = std::min(dots, 255);
        out += ESC;
        out += 'J';
        out += static_cast<char>(n);
        dots -= n;
    }
}

std::uint64_t fnv1a(std::string_view s) {
    std::uint64_t h = 1469598103934665603ull;
    for (unsigned char c : s) h = (h ^ c) * 1099511628211ull;
    return h;
}

}  // namespace

std::string encode_escpos(const Raster& r) {
    std::string out;
    out.reserve(r.bits.size() + 1024);
    out += ESC;
    out += '@';  // initialise: forget any mode left by a previous job
    int y = 0;
    while (y < r.height) {
        int blank = 0;
        while (y + blank < r.height && blank_row(r, y + blank)) ++blank;
        if (blank >= min_blank_feed || y + blank == r.height) {
            feed(out, blank);
            y += blank;
            continue;
        }
        // Ink: up to the next long blank run, at most one band.
        int rows = 0, run = 0;
        while (y + rows < r.height && rows < max_band) {
            run = blank_row(r, y + rows) ? run + 1 : 0;
            ++rows;
            if (run >= min_blank_feed) {
                rows -= run;
                break;
            }
        }
        band(out, r, y, rows);
        y += rows;
    }
    feed(out, 120);  // 15 mm at 203 dpi: the slip's end past the cutter
    out += GS;
    out += 'V';
    out += static_cast<char>(66);  // feed and partial cut (leaves a hinge, the slip does not fall)
    out += '\0';
    return out;
}

std::string describe_escpos(std::string_view s) {
    std::string out;
    std::size_t i = 0;
    auto byte = [&](std::size_t k) { return static_cast<unsigned char>(s[k]); };
    while (i < s.size()) {
        if (s[i] == ESC && i + 1 < s.size() && s[i + 1] == '@') {
            out += "ESC @ (initialise)\n";
            i += 2;
        } else if (s[i] == ESC && i + 2 < s.size() && s[i + 1] == 'J') {
            out += fmt::format("ESC J {} (feed {} dots)\n", byte(i + 2), byte(i + 2));
            i += 3;
        } else if (s[i] == GS && i + 3 < s.size() && s[i + 1] == 'V') {
            out += fmt::format("GS V {} {} (cut)\n", byte(i + 2), byte(i + 3));
            i += 4;
        } else if (s[i] == GS && i + 7 < s.size() && s[i + 1] == 'v' && s[i + 2] == '0') {
            std::size_t bytes_per_row = byte(i + 4) | (byte(i + 5) << 8), rows = byte(i + 6) | (byte(i + 7) << 8);
            std::size_t length = bytes_per_row * rows;
            std::string_view data = s.substr(std::min(s.size(), i + 8), length);
            out += fmt::format("GS v 0 m={} {} bytes x {} rows fnv1a={:016x}{}\n", byte(i + 3), bytes_per_row, rows, fnv1a(data),
                               data.size() < length ? " (TRUNCATED)" : "");
            i += 8 + length;
        } else {
            out += fmt::format("byte 0x{:02x} (unknown)\n", byte(i));
            ++i;
        }
    }
    return out;
}

}  // namespace borne::printing
