// Drawing the slip: PDF (A4 for office printers, 80 mm roll for receipt printers that take PDF) and a
// 1-bit raster at a receipt printer's resolution (for ESC/POS). One layout for all three (layout.hpp),
// drawn with cairo and pango in DejaVu Sans, so the PDF and the paper roll say the same thing.
#pragma once

#include "borne/printing/ticket.hpp"

#include <cstdint>
#include <string>
#include <vector>

namespace borne::printing {

enum class PaperFormat { A4, Roll80 };

/// The PDF file of the slip, as bytes. A4 is paginated; the 80 mm roll is one page as long as the slip.
std::string render_pdf(const Ticket& ticket, PaperFormat format);

/// A 1-bit image, rows top to bottom, 8 pixels a byte, most significant bit leftmost, 1 = black (the
/// layout of ESC/POS raster data).
struct Raster {
    int width = 0;   // dots
    int height = 0;  // dots
    int stride = 0;  // bytes per row, width / 8 rounded up
    std::vector<std::uint8_t> bits;
    bool black(int x, int y) const { return (bits[static_cast<std::size_t>(y * stride + x / 8)] >> (7 - x % 8)) & 1; }
};

/// The slip as the receipt printer's head sees it: `width` dots wide (576 = 72 mm at 203 dpi).
Raster render_raster(const Ticket& ticket, int width = 576, double dpi = 203);

/// A PNG file of a raster (black on white), as bytes: for docs, golden tests and QR decoding.
std::string raster_to_png(const Raster& raster);

}  // namespace borne::printing
