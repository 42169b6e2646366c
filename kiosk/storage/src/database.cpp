#include "borne/storage/database.hpp"

#include "sqlite.hpp"

#include <sodium.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fcntl.h>
#include <unistd.h>
#include <ctime>
#include <filesystem>
#include <fmt/format.h>
#include <system_error>

namespace borne::storage {

namespace {

// One entry per schema version; never edit a migration that has shipped, add the next one.
const char* const migrations[] = {
    // 1: statistics, saved simulations, appointments, corrections.
    R"sql(
CREATE TABLE meta (key TEXT PRIMARY KEY, value ANY NOT NULL) STRICT;
-- One row per visit, written when the visit ends (completed or abandoned). No name, no date of birth, no
-- free text, no time of day: the day, the duration and coarse categories only.
CREATE TABLE visits (
  id INTEGER PRIMARY KEY,
  day TEXT NOT NULL,                 -- AAAA-MM-JJ
  duration_s INTEGER NOT NULL,
  age_band TEXT NOT NULL,            -- moins_25, 25_39, 40_59, 60_plus, inconnu
  household TEXT NOT NULL,           -- seul, seul_avec_enfants, couple, couple_avec_enfants, inconnu
  children TEXT NOT NULL,            -- 0, 1, 2, 3+, inconnu
  housing TEXT NOT NULL,             -- a choice of logement.statut, or inconnu
  commune TEXT NOT NULL,             -- INSEE code, or inconnu
  life_event TEXT NOT NULL,          -- the « moment de vie » chosen at the start, or aucun
  questions_answered INTEGER NOT NULL,
  completed INTEGER NOT NULL,        -- 1: the results were shown
  abandoned_at TEXT NOT NULL,        -- the screen or question left, empty when completed
  aids_found TEXT NOT NULL,          -- aid ids obtained, comma-separated
  aid_count INTEGER NOT NULL,
  slip_printed INTEGER NOT NULL
) STRICT;
CREATE INDEX visits_by_day ON visits (day);
-- Saved simulations: the situation JSON encrypted with a key derived from the code, found by a lookup
-- derived from the same code. The code itself is never stored.
CREATE TABLE sessions (
  lookup BLOB PRIMARY KEY,
  nonce BLOB NOT NULL,
  ciphertext BLOB NOT NULL,
  created_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL
) STRICT;
CREATE INDEX sessions_by_expiry ON sessions (expires_at);
-- Wrong codes tried, for the rate limit (times only).
CREATE TABLE failed_opens (at INTEGER NOT NULL) STRICT;
CREATE TABLE bookings (
  day TEXT NOT NULL, time TEXT NOT NULL, desk TEXT NOT NULL,
  session BLOB NOT NULL REFERENCES sessions (lookup) ON DELETE CASCADE,
  booked_at INTEGER NOT NULL,
  PRIMARY KEY (day, time, desk)
) STRICT;
CREATE INDEX bookings_by_session ON bookings (session);
-- « Ce résultat me semble faux »: an anonymised situation, what the agent expected, their comment.
CREATE TABLE corrections (
  id INTEGER PRIMARY KEY,
  reported_on TEXT NOT NULL,
  site TEXT NOT NULL,
  situation TEXT NOT NULL,
  aid TEXT NOT NULL,
  expected_amount TEXT NOT NULL,
  computed_amount TEXT NOT NULL,
  comment TEXT NOT NULL,
  expires_at INTEGER NOT NULL
) STRICT;
)sql",
    // 2: the language of each visit (its catalogue's code: fr, en, ar…), for the fleet's counts per language.
    // Visits recorded before were all in French: the kiosk spoke nothing else.
    R"sql(
ALTER TABLE visits ADD COLUMN language TEXT NOT NULL DEFAULT 'fr';
)sql",
};

constexpr int migration_count = static_cast<int>(sizeof migrations / sizeof migrations[0]);

std::string timestamp(UnixTime now) {
    std::time_t t = static_cast<std::time_t>(now);
    std::tm tm{};
    gmtime_r(&t, &tm);
    char out[32];
    std::strftime(out, sizeof out, "%Y%m%d-%H%M%S", &tm);
    return out;
}

/// Reads the 32-byte key, or creates it (O_EXCL, 0600, synced) when there is none.
bool load_or_create_key(const std::string& path, std::vector<unsigned char>& key, bool& created, std::string& error) {
    key.assign(crypto_generichash_KEYBYTES, 0);
    created = false;
    int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0 && errno == ENOENT) {
        fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
        if (fd < 0) {
            error = fmt::format("clé des sauvegardes {} impossible à créer ({})", path, std::strerror(errno));
            return false;
        }
        randombytes_buf(key.data(), key.size());
        bool written = ::write(fd, key.data(), key.size()) == static_cast<ssize_t>(key.size()) && ::fsync(fd) == 0;
        ::close(fd);
        if (!written) {
            ::unlink(path.c_str());
            error = fmt::format("clé des sauvegardes {} impossible à écrire", path);
            return false;
        }
        created = true;
        return true;
    }
    if (fd < 0) {
        error = fmt::format("clé des sauvegardes {} illisible ({})", path, std::strerror(errno));
        return false;
    }
    unsigned char extra;
    bool read_whole = ::read(fd, key.data(), key.size()) == static_cast<ssize_t>(key.size()) && ::read(fd, &extra, 1) == 0;
    ::close(fd);
    if (!read_whole) {
        error = fmt::format("clé des sauvegardes {} abîmée (32 octets attendus)", path);
        return false;
    }
    return true;
}

/// What went wrong opening: corrupt files are moved aside, anything else leaves storage off.
struct Failure {
    bool corrupt = false;
    std::string message;
};

}  // namespace

struct DatabaseOpener {
    static std::unique_ptr<Database> open(const std::string& path, const OpenOptions& options, Failure& failure) {
        std::unique_ptr<Database> d(new Database());
        d->m_path = path;
        int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_FULLMUTEX | (options.create ? SQLITE_OPEN_CREATE : 0);
        int rc = sqlite3_open_v2(path.c_str(), &d->m_db, flags, nullptr);
        if (rc != SQLITE_OK) {
            failure = {sql::is_corruption(rc), sql::describe({rc, d->m_db ? sqlite3_errmsg(d->m_db) : ""})};
            return nullptr;
        }
        sqlite3_extended_result_codes(d->m_db, 1);
        sqlite3_busy_timeout(d->m_db, 2000);

        sql::Outcome o;
        // Reading the schema is the first thing that touches the file: a file that is not a database fails here.
        auto version = sql::scalar_text(d->m_db, "PRAGMA user_version", o);
        if (!version) return fail(failure, o);
        auto mode = sql::scalar_text(d->m_db, "PRAGMA journal_mode=WAL", o);
        if (!mode) return fail(failure, o);
        if (*mode != "wal") {
            failure = {false, fmt::format("le mode WAL est refusé (journal « {} »)", *mode)};
            return nullptr;
        }
        // FULL: a commit is on disk when it returns, so a code printed on a slip is never lost.
        // secure_delete: a purged save is overwritten with zeros, not only unlinked from the b-tree.
        o = sql::exec(d->m_db, "PRAGMA synchronous=FULL; PRAGMA secure_delete=ON; PRAGMA foreign_keys=ON");
        if (!o.ok()) return fail(failure, o);

        auto check = sql::scalar_text(d->m_db, "PRAGMA integrity_check(20)", o);
        if (!check) return fail(failure, o);
        if (*check != "ok") {
            failure = {true, fmt::format("contrôle d'intégrité en échec : {}", *check)};
            return nullptr;
        }

        int from = std::atoi(version->c_str());
        if (from > migration_count) {
            failure = {false, fmt::format("base écrite par une version plus récente de Borne (schéma {}, celle-ci connaît {})", from,
                                          migration_count)};
            return nullptr;
        }
        for (int v = from; v < migration_count; ++v) {
            sql::Transaction t(d->m_db);
            o = t.begin_outcome();
            if (o.ok()) o = sql::exec(d->m_db, migrations[v]);
            if (o.ok()) o = sql::exec(d->m_db, fmt::format("PRAGMA user_version={}", v + 1));
            if (o.ok() && v == 0) o = write_kdf_settings(*d, options.kdf);
            if (o.ok()) o = t.commit();
            if (!o.ok()) {
                failure = {false, fmt::format("mise à jour du schéma {} → {} impossible : {}", v, v + 1, sql::describe(o))};
                return nullptr;
            }
        }
        d->m_schema_version = migration_count;
        if (!read_kdf_settings(*d, failure)) return nullptr;
        return d;
    }

    /// Keeps the key's fingerprint in the database: a different key means the saves can no longer be
    /// opened, so they are deleted rather than left as undecryptable rows.
    static void attach_key(Database& d, const std::string& key_path, std::vector<std::string>& notices) {
        std::vector<unsigned char> key;
        bool created = false;
        std::string error;
        if (!load_or_create_key(key_path, key, created, error)) {
            notices.push_back(error + " : les sauvegardes sont désactivées");
            return;
        }
        static constexpr char label[] = "borne : empreinte de la clé des sauvegardes";
        sql::Bytes fingerprint(32);
        crypto_generichash(fingerprint.data(), fingerprint.size(), reinterpret_cast<const unsigned char*>(label), sizeof label - 1, key.data(), key.size());
        sql::Statement read(d.m_db, "SELECT value FROM meta WHERE key = 'key_fingerprint'");
        sql::Outcome o = read.step();
        bool known = o.code == SQLITE_ROW;
        if (known && read.blob(0) == fingerprint) {
            d.m_key = std::move(key);
            return;
        }
        sql::Transaction t(d.m_db);
        if (known) o = sql::exec(d.m_db, "DELETE FROM sessions");
        sql::Statement write(d.m_db, "INSERT OR REPLACE INTO meta (key, value) VALUES ('key_fingerprint', ?1)");
        write.bind(1, fingerprint);
        if (o.ok()) o = write.run();
        if (o.ok()) o = t.commit();
        if (!o.ok()) {
            notices.push_back(fmt::format("clé des sauvegardes non enregistrée ({}) : les sauvegardes sont désactivées", sql::describe(o)));
            return;
        }
        if (known)
            notices.push_back(fmt::format("La clé des sauvegardes ({}) n'est plus celle de la base{} : les sauvegardes précédentes, "
                                          "illisibles désormais, sont effacées.",
                                          key_path, created ? " (fichier absent, recréé)" : ""));
        d.m_key = std::move(key);
    }

    static std::unique_ptr<Database> fail(Failure& failure, const sql::Outcome& o) {
        failure = {sql::is_corruption(o.code), sql::describe(o)};
        return nullptr;
    }

    static sql::Outcome write_kdf_settings(Database& d, const KdfCost& cost) {
        if (sodium_init() < 0) return {SQLITE_ERROR, "libsodium ne démarre pas"};
        sql::Bytes salt(crypto_pwhash_SALTBYTES);
        randombytes_buf(salt.data(), salt.size());
        sql::Statement s(d.m_db, "INSERT INTO meta (key, value) VALUES ('kdf_salt', ?1), ('kdf_opslimit', ?2), ('kdf_memlimit', ?3)");
        s.bind(1, salt).bind(2, static_cast<long long>(cost.opslimit)).bind(3, static_cast<long long>(cost.memlimit));
        return s.run();
    }

    static bool read_kdf_settings(Database& d, Failure& failure) {
        sql::Statement s(d.m_db, "SELECT key, value FROM meta WHERE key LIKE 'kdf_%'");
        sql::Outcome o;
        int found = 0;
        while ((o = s.step()).code == SQLITE_ROW) {
            std::string key = s.text(0);
            if (key == "kdf_salt") d.m_salt = s.blob(1), ++found;
            if (key == "kdf_opslimit") d.m_kdf.opslimit = static_cast<unsigned long long>(s.integer(1)), ++found;
            if (key == "kdf_memlimit") d.m_kdf.memlimit = static_cast<std::size_t>(s.integer(1)), ++found;
        }
        if (!o.ok() || found != 3 || d.m_salt.size() != crypto_pwhash_SALTBYTES) {
            failure = {true, "réglages de chiffrement des sauvegardes absents ou abîmés"};
            return false;
        }
        return true;
    }
};

Database::~Database() {
    if (m_db) sqlite3_close_v2(m_db);
}

std::string Database::integrity_check() const {
    sql::Outcome o;
    auto r = sql::scalar_text(m_db, "PRAGMA integrity_check(20)", o);
    return r ? *r : sql::describe(o);
}

Status Database::checkpoint() const {
    int log = 0, done = 0;
    int rc = sqlite3_wal_checkpoint_v2(m_db, nullptr, SQLITE_CHECKPOINT_TRUNCATE, &log, &done);
    if (rc != SQLITE_OK) return Status::failure(sql::describe({rc, sqlite3_errmsg(m_db)}));
    return Status::success();
}

int current_schema_version() { return migration_count; }

OpenOutcome open_database_file(const std::string& path, UnixTime now, const OpenOptions& options);

OpenOutcome open_database(const std::string& path, UnixTime now, const OpenOptions& options) {
    OpenOutcome out = open_database_file(path, now, options);
    if (out.database) DatabaseOpener::attach_key(*out.database, options.key_file.empty() ? path + ".cle" : options.key_file, out.notices);
    return out;
}

OpenOutcome open_database_file(const std::string& path, UnixTime now, const OpenOptions& options) {
    OpenOutcome out;
    Failure failure;
    out.database = DatabaseOpener::open(path, options, failure);
    if (out.database) return out;
    if (!failure.corrupt) {
        out.error = fmt::format("{} : {}", path, failure.message);
        return out;
    }
    // Moved aside, not deleted: a maintainer may still want to look at it. Statistics restart from zero.
    std::string aside = fmt::format("{}.illisible-{}", path, timestamp(now));
    std::error_code ec;
    std::filesystem::rename(path, aside, ec);
    if (ec) {
        out.error = fmt::format("{} : {} ; impossible de la mettre de côté ({})", path, failure.message, ec.message());
        return out;
    }
    for (const char* suffix : {"-wal", "-shm"}) {
        std::error_code ignored;
        if (std::filesystem::exists(path + suffix, ignored)) std::filesystem::rename(path + suffix, aside + suffix, ignored);
    }
    out.notices.push_back(fmt::format("Base illisible ({}) mise de côté sous {} ; une base neuve est créée : les statistiques "
                                      "et les sauvegardes précédentes ne sont plus accessibles.",
                                      failure.message, aside));
    Failure second;
    out.database = DatabaseOpener::open(path, options, second);
    if (!out.database) out.error = fmt::format("{} : {}", path, second.message);
    return out;
}

}  // namespace borne::storage
