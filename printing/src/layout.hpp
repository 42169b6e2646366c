// The slip as a column of blocks (paragraphs, QR codes, rules, space), in points, before any drawing.
// Private to the printing library: render.cpp draws these blocks on a PDF page or a raster.
#pragma once

#include "borne/printing/ticket.hpp"

#include <string>
#include <string_view>
#include <vector>

namespace borne::printing::detail {

struct Style {
    double body = 11;      // points
    double small = 9.5;
    double heading = 14;
    double title = 16;
    double amount = 14;
    double paragraph_gap = 0.2;  // space after a paragraph, in ems
    double qr_module = 6 * 72.0 / 203;  // 6 dots of a 203 dpi head: an exact number of dots on paper
    std::string font = "DejaVu Sans";  // the Latin face (a language with its own script names its face in the catalogue)
    /// A receipt: the same content told shorter, so that the slip stays a slip: how to claim and the
    /// conditions left to the organisation in one sentence each, the claim beside its QR code with no
    /// address written out, each office once at the end of the aids.
    bool compact = false;
};

struct Block {
    enum class Kind { Text, Qr, Rule, Space };
    Kind kind = Kind::Text;
    std::string markup;  // pango markup (text escaped by the layout); for a Qr block, the text beside the code
    double size = 11;    // font size in points; the height for Space
    bool center = false;
    double indent = 0;   // points from the left margin
    std::string qr;      // the address a Qr block encodes
    bool keep_with_next = false;  // headings stay with what follows (A4 pages)
    /// A text block's other form, drawn when `markup` takes more than one line (a bilingual receipt's
    /// document: on one line with its French when both fit, else one above the other).
    std::string stacked;
};

std::vector<Block> lay_out(const Ticket& ticket, const Style& style);

/// "caf.fr" for "https://wwwd.caf.fr/wps/…": a site as a person reads it aloud or types it (the
/// receipt's claim line and the slip's spoken text).
std::string site_of(std::string_view address);

}  // namespace borne::printing::detail
