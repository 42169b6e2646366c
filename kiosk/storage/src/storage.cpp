#include "borne/storage/storage.hpp"

#include <fmt/format.h>

namespace borne::storage {

StorageSettings StorageSettings::from(const SiteConfig& c) {
    StorageSettings s;
    s.site_name = c.site_name;
    s.saves_days = c.saves_days;
    s.retention.statistics_days = c.statistics_days;
    s.retention.corrections_days = c.corrections_days;
    s.slots = c.slots;
    s.booking_days_ahead = c.booking_days_ahead;
    return s;
}

Storage Storage::open(const std::string& path, UnixTime now, StorageSettings settings) {
    Storage s;
    s.m_settings = std::move(settings);
    s.m_path = path;
    OpenOutcome o = open_database(path, now, s.m_settings.open);
    s.m_db = std::move(o.database);
    s.m_notices = std::move(o.notices);
    s.m_unavailable = o.error;
    if (s.m_db) {
        auto purged = purge_expired(*s.m_db, now, s.m_settings.retention);
        if (!purged.ok()) s.m_notices.push_back(purged.error);
        s.m_last_purge = now;
    }
    return s;
}

Storage Storage::none(std::string why) {
    Storage s;
    s.m_unavailable = std::move(why);
    return s;
}

std::vector<std::string> Storage::status() const {
    std::vector<std::string> lines;
    if (!m_db) lines.push_back(fmt::format("Stockage indisponible : {}. La borne fonctionne sans statistiques ni sauvegardes.", m_unavailable));
    else lines.push_back(fmt::format("Base : {} (schéma {}).", m_path, m_db->schema_version()));
    if (m_db)
        lines.push_back(m_statistics_problem.empty() ? "Statistiques : enregistrées."
                                                     : fmt::format("Statistiques : NON enregistrées ({}).", m_statistics_problem));
    lines.insert(lines.end(), m_notices.begin(), m_notices.end());
    return lines;
}

void Storage::record_visit(const Visit& visit) {
    if (!m_db) return;
    Status st = storage::record_visit(*m_db, visit);
    m_statistics_problem = st.error;  // cleared again once the disk has room
}

Result<SavedSession> Storage::save(const std::string& situation_json, UnixTime now) {
    if (!m_db) return Result<SavedSession>::failure("les sauvegardes sont indisponibles sur cette borne");
    return save_session(*m_db, situation_json, now, m_settings.saves_days);
}

OpenOutcomeSession Storage::open_saved(const std::string& typed_code, UnixTime now) {
    if (!m_db) return {std::nullopt, OpenFailure::Storage, "Les sauvegardes sont indisponibles sur cette borne.", 0};
    return open_session(*m_db, typed_code, now, m_settings.rate_limit);
}

Result<std::vector<Slot>> Storage::free_slots(engine::Date today, const std::string& not_before) const {
    if (!m_db) return Result<std::vector<Slot>>::failure("les rendez-vous sont indisponibles sur cette borne");
    return storage::free_slots(*m_db, m_settings.slots, today, m_settings.booking_days_ahead, not_before);
}

Status Storage::book(const Slot& slot, const std::vector<unsigned char>& session_lookup, UnixTime now) {
    if (!m_db) return Status::failure("les rendez-vous sont indisponibles sur cette borne");
    return book_slot(*m_db, m_settings.slots, slot, session_lookup, now);
}

Result<std::vector<Booking>> Storage::bookings_of_day(engine::Date day) const {
    if (!m_db) return Result<std::vector<Booking>>::failure("les rendez-vous sont indisponibles sur cette borne");
    return storage::bookings_of_day(*m_db, day);
}

Status Storage::report_correction(const Correction& c, UnixTime now) {
    if (!m_db) return Status::failure("le signalement ne peut pas être enregistré : stockage indisponible");
    return record_correction(*m_db, c, now, m_settings.retention.corrections_days);
}

Result<PurgeReport> Storage::purge(UnixTime now) {
    if (!m_db) return Result<PurgeReport>::failure("stockage indisponible");
    m_last_purge = now;
    return purge_expired(*m_db, now, m_settings.retention);
}

void Storage::purge_if_due(UnixTime now) {
    if (m_db && now - m_last_purge >= 3600) purge(now);
}

}  // namespace borne::storage
