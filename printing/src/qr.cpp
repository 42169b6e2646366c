#include "borne/printing/qr.hpp"

#include <qrencode.h>
#include <string>

namespace borne::printing {

std::optional<QrCode> encode_qr(std::string_view text, QrCorrection correction) {
    std::string data(text);  // libqrencode wants a terminated string
    // 8-bit mode, case-sensitive: addresses keep their case; version 0 lets the library pick the smallest.
    QRcode* code = QRcode_encodeString(data.c_str(), 0, correction == QrCorrection::L ? QR_ECLEVEL_L : QR_ECLEVEL_M, QR_MODE_8, 1);
    if (!code) return std::nullopt;
    QrCode out;
    out.size = code->width;
    out.dark.resize(static_cast<std::size_t>(code->width * code->width));
    for (std::size_t k = 0; k < out.dark.size(); ++k) out.dark[k] = code->data[k] & 1;
    QRcode_free(code);
    return out;
}

}  // namespace borne::printing
