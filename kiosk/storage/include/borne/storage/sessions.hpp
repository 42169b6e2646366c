// Saved simulations: the visitor's answers (a situation JSON, rules/SITUATION.md) kept under a code.
// The code is never stored: Argon2id turns it (with the database's salt) into a lookup and a key; the
// answers are encrypted with XChaCha20-Poly1305 under that key. They expire (30 days by default) and
// are purged from the file. Wrong codes are rate-limited. STOCKAGE.md gives the reasoning and figures.
#pragma once

#include "borne/storage/database.hpp"
#include "borne/storage/result.hpp"

#include <string>

namespace borne::storage {

struct SavedSession {
    std::string code;        // 8 characters, without the dash
    UnixTime expires_at = 0;
};

struct RateLimit {
    int attempts = 5;            // wrong codes allowed…
    UnixTime window_s = 10 * 60; // …in this many seconds, for the whole kiosk
};

/// Encrypts and stores `situation_json`; returns the code once the row is committed to disk.
Result<SavedSession> save_session(const Database& db, const std::string& situation_json, UnixTime now, int retention_days = 30);

struct OpenedSession {
    std::string situation_json;
    UnixTime expires_at = 0;
    std::vector<unsigned char> lookup;  // identifies the save for a booking
};

enum class OpenFailure { None, Typo, Unknown, RateLimited, Storage };

struct OpenOutcomeSession {
    std::optional<OpenedSession> session;
    OpenFailure failure = OpenFailure::None;
    std::string message;  // plain French for the screen
    UnixTime retry_after = 0;  // RateLimited: seconds to wait
};

/// Reopens a save by its code (as typed). A code that is well formed but matches nothing counts
/// against the rate limit; expired saves do not open even before the purge has run.
OpenOutcomeSession open_session(const Database& db, const std::string& typed_code, UnixTime now, const RateLimit& limit = {});

/// The lookup of a code (for tests and bookings); empty if the derivation failed.
std::vector<unsigned char> session_lookup(const Database& db, const std::string& code);

struct PurgeReport {
    int sessions = 0, bookings = 0, visits = 0, corrections = 0, failed_opens = 0;
};

struct Retention {
    int statistics_days = 730;
    int corrections_days = 365;
};

/// Deletes expired saves (their bookings with them), past bookings, statistics and corrections older
/// than their retention, old failed attempts; then checkpoints the WAL so no copy stays in the files.
Result<PurgeReport> purge_expired(const Database& db, UnixTime now, const Retention& retention = {});

}  // namespace borne::storage
