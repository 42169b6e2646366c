// The kiosk's gauges in Prometheus' text format, for prometheus-node-exporter's textfile collector
// (--collector.textfile.directory): the hub's Prometheus scrapes node-exporter, and its alert rules
// (image/hub/alerts.yml) read these names. A gauge the kiosk cannot know is left out, not guessed.
#pragma once

#include "borne/engine/date.hpp"
#include "borne/fleet/last_print.hpp"
#include "borne/fleet/software_install.hpp"
#include "borne/storage/site_config.hpp"

#include <optional>
#include <string>
#include <vector>

namespace borne::fleet {

struct PrinterGauge {
    bool reachable = false;               // CUPS answered for the queue
    std::string state;                    // idle, processing, stopped, unknown
    std::vector<std::string> reasons;     // printer-state-reasons as CUPS gives them
    std::vector<std::string> problems;    // what keeps paper from coming out (media-empty…), without suffix
};

/// An ESC/POS printer asked directly (printing/escpos_status.hpp): its raw CUPS queue reports nothing of its paper.
struct EscposGauge {
    bool reachable = false;             // the printer answered DLE EOT
    std::vector<std::string> problems;  // media-empty, media-low, cover-open, offline, other (CUPS's words)
};

struct RulesGauge {
    std::string version;        // the installed pack's, or "bundled"
    std::optional<engine::Date> valid_until;
    /// The last pack tried was refused (signature, files, dates, its own tests): its version. What a staged
    /// rollout counts as a failure (image/hub/hub-rollout).
    std::optional<std::string> refused_version;
};

struct ScreenConnector {
    std::string name;    // "HDMI-A-1", "DP-1" (the sysfs entry's name without its "cardN-")
    bool connected = false;
};

struct Gauges {
    std::optional<PrinterGauge> printer;
    std::optional<EscposGauge> escpos;
    std::optional<LastPrint> last_print;  // what the app recorded after its last slip (last_print.hpp)
    std::optional<RulesGauge> rules;
    std::optional<SoftwareInstall> software;  // the last bundle tried from the hub (software_install.hpp)
    /// The display connectors the kernel sees (DRM), each connected or not; empty when the kiosk cannot tell.
    std::vector<ScreenConnector> screens;
    std::optional<double> data_free_bytes, data_size_bytes;
    std::optional<bool> open_now;  // within the site file's opening hours
    engine::Date today;
    long long written_at = 0;      // unix time
};

/// The text node-exporter reads, with HELP and TYPE lines, labels escaped.
std::string exposition(const Gauges& g);

/// The connectors under a DRM sysfs folder (/sys/class/drm): each `cardN-NAME/status`, "connected" or not, by name.
/// A folder that is missing or holds no connector gives none. The kiosk app itself is watched by systemd (its
/// watchdog is pinged from the frame loop); this says whether a screen is there to show the frames.
std::vector<ScreenConnector> drm_connectors(const std::string& sysfs_drm);

/// Whether `minute` (0…1439) of `weekday` (0 Monday) is inside the site's opening hours ("08:30-12:00 13:30-16:30").
bool open_at(const std::vector<storage::OpeningHours>& hours, int weekday, int minute);

}  // namespace borne::fleet
