// An ESC/POS printer's own status, asked on its serial or USB printer port with DLE EOT (« real-time status
// transmission », Epson's ESC/POS reference; TM-T20/T88 and compatibles answer it): one byte each for the printer
// (n = 1), the cause of being offline (n = 2) and the roll-paper sensor (n = 4). CUPS's raw queue passes no answer
// back, so its printer-state-reasons never say « paper out » for these printers; the kiosk's gauges ask the printer
// itself, between slips (kiosk/fleet, `borne fleet gauges --escpos DEVICE`).
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace borne::printing {

struct EscposStatus {
    bool offline = false;         // n=1 bit 3
    bool cover_open = false;      // n=2 bit 2
    bool paper_out = false;       // n=4 bits 5-6 (roll paper end), or n=2 bit 5 (stopped for want of paper)
    bool paper_near_end = false;  // n=4 bits 2-3
    bool error = false;           // n=2 bit 6 (an error: cutter, head temperature…)
};

/// The three answers in order (DLE EOT 1, 2, 4). Nothing when a byte is not a status byte (bits 0, 1, 4, 7 must
/// read 0, 1, 1, 0): an answer from something else on the port is not taken for a status.
std::optional<EscposStatus> decode_escpos_status(std::uint8_t printer, std::uint8_t offline_cause, std::uint8_t paper);

/// The status in the words CUPS uses for the same conditions (printer-state-reasons keywords: media-empty,
/// media-low, cover-open, offline, other), so that one alert reads either source.
std::vector<std::string> escpos_problems(const EscposStatus& status);

/// The query bytes: DLE EOT 1, DLE EOT 2, DLE EOT 4.
std::string escpos_status_query();

/// Asks the printer on `device` (/dev/ttyUSB0, /dev/usb/lp0…; a terminal is put in raw mode, its speed kept) and
/// reads the three answers, each within `timeout`. Nothing when the port cannot be opened or the printer does not
/// answer (switched off, unplugged): `error` says which.
std::optional<EscposStatus> read_escpos_status(const std::string& device, std::chrono::milliseconds timeout, std::string* error = nullptr);

}  // namespace borne::printing
