// What the kiosk holds: the database if it opened, and what agent mode must be told about it. Every
// call works without a database (it reports why instead), so a visitor is never blocked by storage:
// a full disk stops the statistics, not the simulation.
#pragma once

#include "borne/storage/appointments.hpp"
#include "borne/storage/corrections.hpp"
#include "borne/storage/database.hpp"
#include "borne/storage/sessions.hpp"
#include "borne/storage/site_config.hpp"
#include "borne/storage/statistics.hpp"

#include <memory>
#include <string>
#include <vector>

namespace borne::storage {

struct StorageSettings {
    std::string site_name;  // recorded with each correction
    int saves_days = 30;
    Retention retention;
    RateLimit rate_limit;
    std::vector<SlotTemplate> slots;
    int booking_days_ahead = 14;
    OpenOptions open;

    static StorageSettings from(const SiteConfig& config);
};

class Storage {
public:
    /// Opens the database at `path` and purges what has expired. Never fails: see available() and status().
    static Storage open(const std::string& path, UnixTime now, StorageSettings settings = {});
    /// No database at all (no --config, no path): every call says storage is off.
    static Storage none(std::string why);

    bool available() const { return m_db != nullptr; }
    const Database* database() const { return m_db.get(); }
    const StorageSettings& settings() const { return m_settings; }

    /// For agent mode: the file, whether statistics are being recorded, what happened at start.
    std::vector<std::string> status() const;
    /// Empty while statistics are recorded; otherwise why not (disque plein…).
    const std::string& statistics_problem() const { return m_statistics_problem; }

    /// Records a visit; a failure is remembered for status() and never reaches the visitor.
    void record_visit(const Visit& visit);
    Result<SavedSession> save(const std::string& situation_json, UnixTime now);
    OpenOutcomeSession open_saved(const std::string& typed_code, UnixTime now);
    Result<std::vector<Slot>> free_slots(engine::Date today, const std::string& not_before) const;
    Status book(const Slot& slot, const std::vector<unsigned char>& session_lookup, UnixTime now);
    Result<std::vector<Booking>> bookings_of_day(engine::Date day) const;
    Status report_correction(const Correction& c, UnixTime now);
    Result<PurgeReport> purge(UnixTime now);
    /// Purges when the last purge is more than an hour old: a kiosk that runs for months without a
    /// restart still forgets expired saves on time (called after each visit).
    void purge_if_due(UnixTime now);

private:
    std::unique_ptr<Database> m_db;
    StorageSettings m_settings;
    std::string m_path;
    std::vector<std::string> m_notices;
    std::string m_unavailable;  // why there is no database
    std::string m_statistics_problem;
    UnixTime m_last_purge = 0;
};

}  // namespace borne::storage
