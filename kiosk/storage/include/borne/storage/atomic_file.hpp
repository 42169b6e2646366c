// Files the kiosk rewrites whole (the site file, the fleet's gauges and states, the last slip's outcome): a reader
// (the kiosk at its start, node-exporter every scrape, the next export) and a power cut see the old file or the
// new one, never half of one.
#pragma once

#include <string>
#include <sys/types.h>

namespace borne::storage {

/// Writes `text` to `path` through a file of its own beside it (a unique name, so that two writers at once never
/// write into the same one: the rules and software pollers both rewrite the gauges when they end), flushed to the
/// disk, renamed over `path`, the folder flushed. Empty when written, else the path and the system's reason; no
/// temporary file is left either way. `mode`: the file's permissions (0644 for what another user reads).
std::string write_file_atomically(const std::string& path, const std::string& text, mode_t mode = 0640);

}  // namespace borne::storage
