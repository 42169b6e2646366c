// QR codes for the slip (libqrencode): the modules of a code, for any renderer to draw.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

namespace borne::printing {

/// A square of modules, row by row, without the quiet zone (renderers add 4 modules around it).
struct QrCode {
    int size = 0;
    std::vector<std::uint8_t> dark;  // size × size, 1 = dark
    bool at(int x, int y) const { return dark[static_cast<std::size_t>(y * size + x)] != 0; }
};

/// Encodes `text` (an address) at error correction level M, or nothing when it is too long.
std::optional<QrCode> encode_qr(std::string_view text);

}  // namespace borne::printing
