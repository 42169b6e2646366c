// The statistics' way out: each closed week's counts become numbered JSON lines appended to an outbox
// file that rsyslog reads (imfile) and forwards to the hub over RELP with a disk-assisted queue
// (image/hub/kiosk-rsyslog.conf). The kiosk never talks to the network itself.
//
// Exactly once: a record is (kiosk, seq), and the hub inserts it with ON CONFLICT DO NOTHING. The state
// (next seq, weeks done) is written after the lines reach the disk; a crash in between makes the next run
// append the same records with the same numbers (closed weeks do not change), which the hub ignores.
#pragma once

#include "borne/fleet/aggregates.hpp"

#include <optional>
#include <string>

namespace borne::fleet {

/// A kiosk's id in the fleet: the common name of its TLS certificate too. 1 to 63 of a-z 0-9 -.
bool valid_kiosk_id(const std::string& id);

struct ExportState {
    std::optional<engine::Date> exported_before;  // the Monday before which every week was exported
    long long next_seq = 1;
};

/// The state beside the outbox (`<outbox>.state`); a missing file is the initial state.
storage::Result<ExportState> read_export_state(const std::string& path);

/// One record as a JSON line (no newline): {"v":1,"kiosk":…,"seq":…,"week":…,"metric":…,"key":…,"count":…}.
std::string record_line(const std::string& kiosk, long long seq, const WeeklyCount& c);

struct ExportOutcome {
    int records = 0;
    long long first_seq = 0, last_seq = 0;  // 0 when nothing was exported
    std::optional<engine::Date> from, before;
};

/// Appends the records of every week closed by `today` and not yet exported; then advances the state.
storage::Result<ExportOutcome> export_closed_weeks(const storage::Database& db, const std::string& kiosk, engine::Date today,
                                                   const std::string& outbox_path);

}  // namespace borne::fleet
