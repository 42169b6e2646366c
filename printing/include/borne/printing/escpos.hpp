// ESC/POS for 80 mm receipt printers without a CUPS driver (Epson TM-T20/T88 and compatibles): the
// slip as raster graphics (GS v 0), blank stretches as paper feeds, then a cut. The bytes go to a raw
// queue unchanged; what they mean is printed by describe_escpos, for tests and for curious readers.
#pragma once

#include "borne/printing/render.hpp"

#include <string>

namespace borne::printing {

/// Initialise, the raster in bands of at most 256 rows (printers' buffers are small), blank runs of
/// rows as feeds (ESC J), then feed past the cutter and cut (GS V 66).
std::string encode_escpos(const Raster& raster);

/// One line per command ("GS v 0 72x256 fnv1a=…" for a band, its data summarised by a hash): a
/// readable and reviewable form of a stream for approval tests. Unknown bytes are listed as such.
std::string describe_escpos(std::string_view bytes);

}  // namespace borne::printing
