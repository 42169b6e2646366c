// The last slip's outcome, kept where the gauges' timer can read it: the app writes it after each print (its
// printer worker, off the screen's thread) and `borne fleet gauges` turns it into borne_last_print_*. CUPS cannot
// tell it afterwards: the kiosk purges ended jobs (the slip is personal). One line, « RESULT UNIX_TIME »; no visit
// data in it.
#pragma once

#include "borne/printing/cups_client.hpp"
#include "borne/storage/result.hpp"

#include <optional>
#include <string>

namespace borne::fleet {

struct LastPrint {
    printing::PrintResult result = printing::PrintResult::NotSent;
    long long at = 0;  // unix time the print ended
};

/// `<data>/fleet/last-print`: on the data partition beside the fleet's other files.
std::string last_print_path(const std::string& data_dir);

/// Writes the line atomically (temp file, fsync, rename), making the folder if needed.
storage::Status record_last_print(const std::string& path, const LastPrint& last);

/// The recorded outcome; nothing when no slip was printed yet (no file). A file that does not read as
/// « RESULT UNIX_TIME » is an error naming it.
storage::Result<std::optional<LastPrint>> read_last_print(const std::string& path);

}  // namespace borne::fleet
