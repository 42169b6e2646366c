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

/// Error correction: M (15 % of the code may be damaged) for paper, which gets creased; L (7 %) for
/// a screen, where nothing is damaged and the lower level buys larger modules.
enum class QrCorrection { L, M };

/// The version of a code: 1 (21 modules) to 40 (177), four modules more at each.
inline int qr_version(const QrCode& code) { return (code.size - 17) / 4; }

/// Encodes `text` (an address, a short summary), or nothing when it is too long.
std::optional<QrCode> encode_qr(std::string_view text, QrCorrection correction = QrCorrection::M);

}  // namespace borne::printing
