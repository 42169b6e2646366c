// The kiosk's one SQLite file: opened in WAL mode with full syncs (a save the visitor was told about
// survives a power cut), its schema brought up to date by numbered migrations, checked at every start.
// A file that fails the check is moved aside and a new one created; the caller reports it in agent mode.
#pragma once

#include "borne/storage/result.hpp"

#include <memory>
#include <string>
#include <vector>

struct sqlite3;

namespace borne::storage {

/// Cost of deriving a saved simulation's key from its code (libsodium crypto_pwhash, Argon2id). Fixed for
/// a database when it is created (every lookup needs the same derivation); STOCKAGE.md explains the choice.
struct KdfCost {
    unsigned long long opslimit = 3;
    std::size_t memlimit = 64u << 20;  // 64 MiB
};

struct OpenOptions {
    KdfCost kdf;           // used only when the file is created
    bool create = true;
    /// The saves' secret key (32 random bytes, mode 0600), kept outside the database so that a copy of
    /// the database alone gives nothing to guess codes against. Empty: the database path + ".cle".
    std::string key_file;
};

class Database {
public:
    ~Database();
    Database(const Database&) = delete;
    Database& operator=(const Database&) = delete;

    sqlite3* handle() const { return m_db; }
    const std::string& path() const { return m_path; }
    /// The random salt of this database's code derivations, and their cost.
    const std::vector<unsigned char>& kdf_salt() const { return m_salt; }
    const KdfCost& kdf_cost() const { return m_kdf; }
    /// The key read from OpenOptions::key_file; empty when it could not be read (saves then refused).
    const std::vector<unsigned char>& save_key() const { return m_key; }
    int schema_version() const { return m_schema_version; }

    /// "ok", or what PRAGMA integrity_check found.
    std::string integrity_check() const;
    /// Copies the WAL into the file and truncates it, so deleted rows leave no copy behind.
    Status checkpoint() const;

private:
    friend struct DatabaseOpener;
    Database() = default;
    sqlite3* m_db = nullptr;
    std::string m_path;
    std::vector<unsigned char> m_salt;
    KdfCost m_kdf;
    std::vector<unsigned char> m_key;
    int m_schema_version = 0;
};

struct OpenOutcome {
    std::unique_ptr<Database> database;  // null when storage is unavailable
    std::vector<std::string> notices;    // e.g. a corrupt file moved aside (said in agent mode)
    std::string error;                   // why there is no database
};

/// The schema version this program writes.
int current_schema_version();

/// Opens (or creates) the database at `path`. A corrupt or unreadable file, or one that fails the
/// integrity check, is renamed to PATH.illisible-<now> (with its -wal and -shm) and a new one is created.
/// A key file that is missing or not the one the saves were made with is replaced, and the saves it
/// opened (unreadable from now on) are deleted; a key file that cannot be written leaves saves off.
OpenOutcome open_database(const std::string& path, UnixTime now, const OpenOptions& options = {});

}  // namespace borne::storage
