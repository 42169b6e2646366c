// The last software bundle the kiosk tried from the hub's rollout channel, as fleet-update --track software
// (image/rootfs/usr/lib/borne/fleet-update) records it in <data>/fleet/software.last: « VERSION installed|refused
// UNIX_TIME ». `borne fleet gauges` reports it back (borne_software_install), and hub-rollout --track software
// promotes or stops a rollout from it.
#pragma once

#include "borne/storage/result.hpp"

#include <optional>
#include <string>

namespace borne::fleet {

struct SoftwareInstall {
    std::string version;
    bool installed = false;  // false: refused (signature, hash, hardware, or the slot script)
    long long at = 0;        // unix time
};

/// `<data>/fleet/software.last`.
std::string software_install_path(const std::string& data_dir);

/// Nothing when no bundle was tried yet (no file); an error naming the file when it does not read as above.
storage::Result<std::optional<SoftwareInstall>> read_software_install(const std::string& path);

}  // namespace borne::fleet
