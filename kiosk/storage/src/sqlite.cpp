#include "sqlite.hpp"

#include <fmt/format.h>

namespace borne::storage::sql {

namespace {
Outcome outcome_of(sqlite3* db, int code) {
    if (code == SQLITE_OK || code == SQLITE_ROW || code == SQLITE_DONE) return {code, {}};
    return {code, db ? sqlite3_errmsg(db) : sqlite3_errstr(code)};
}
}  // namespace

bool is_corruption(int code) {
    int primary = code & 0xff;
    return primary == SQLITE_CORRUPT || primary == SQLITE_NOTADB;
}

bool is_disk_full(int code) {
    int primary = code & 0xff;
    // A file-size limit (EFBIG) surfaces as an I/O error on write; SQLite's own page limit as SQLITE_FULL.
    return primary == SQLITE_FULL || code == SQLITE_IOERR_WRITE || code == SQLITE_IOERR_FSYNC || code == SQLITE_IOERR_TRUNCATE;
}

std::string describe(const Outcome& o) {
    if (o.ok()) return "ok";
    std::string what = is_disk_full(o.code)   ? "disque plein ou fichier trop grand"
                       : is_corruption(o.code) ? "base de données corrompue ou illisible"
                       : (o.code & 0xff) == SQLITE_BUSY || (o.code & 0xff) == SQLITE_LOCKED ? "base occupée par un autre programme"
                       : (o.code & 0xff) == SQLITE_CANTOPEN ? "fichier impossible à ouvrir"
                       : (o.code & 0xff) == SQLITE_READONLY ? "base en lecture seule"
                                                            : "erreur SQLite";
    return fmt::format("{} ({})", what, o.message.empty() ? sqlite3_errstr(o.code) : o.message);
}

Statement::Statement(sqlite3* db, std::string_view text) : m_db(db) {
    int rc = sqlite3_prepare_v2(db, text.data(), static_cast<int>(text.size()), &m_stmt, nullptr);
    m_prepare = outcome_of(db, rc);
    if (rc != SQLITE_OK) {
        sqlite3_finalize(m_stmt);
        m_stmt = nullptr;
    }
}

Statement::~Statement() { sqlite3_finalize(m_stmt); }

Statement& Statement::bind(int index, long long value) {
    if (m_stmt) sqlite3_bind_int64(m_stmt, index, value);
    return *this;
}
Statement& Statement::bind(int index, std::string_view text) {
    if (m_stmt) sqlite3_bind_text(m_stmt, index, text.data(), static_cast<int>(text.size()), SQLITE_TRANSIENT);
    return *this;
}
Statement& Statement::bind(int index, const Bytes& blob) {
    if (m_stmt) sqlite3_bind_blob(m_stmt, index, blob.data(), static_cast<int>(blob.size()), SQLITE_TRANSIENT);
    return *this;
}
Statement& Statement::bind_null(int index) {
    if (m_stmt) sqlite3_bind_null(m_stmt, index);
    return *this;
}

Outcome Statement::step() {
    if (!m_stmt) return m_prepare;
    return outcome_of(m_db, sqlite3_step(m_stmt));
}

Outcome Statement::run() {
    Outcome o;
    do o = step();
    while (o.code == SQLITE_ROW);
    return o;
}

void Statement::reset() {
    if (m_stmt) {
        sqlite3_reset(m_stmt);
        sqlite3_clear_bindings(m_stmt);
    }
}

long long Statement::integer(int column) const { return sqlite3_column_int64(m_stmt, column); }
std::string Statement::text(int column) const {
    const unsigned char* t = sqlite3_column_text(m_stmt, column);
    return t ? std::string(reinterpret_cast<const char*>(t), static_cast<std::size_t>(sqlite3_column_bytes(m_stmt, column))) : std::string();
}
Bytes Statement::blob(int column) const {
    const auto* b = static_cast<const unsigned char*>(sqlite3_column_blob(m_stmt, column));
    return b ? Bytes(b, b + sqlite3_column_bytes(m_stmt, column)) : Bytes();
}
bool Statement::is_null(int column) const { return sqlite3_column_type(m_stmt, column) == SQLITE_NULL; }

Outcome exec(sqlite3* db, const std::string& text) {
    char* message = nullptr;
    int rc = sqlite3_exec(db, text.c_str(), nullptr, nullptr, &message);
    Outcome o{rc, message ? message : std::string()};
    if (rc != SQLITE_OK && o.message.empty()) o.message = sqlite3_errmsg(db);
    sqlite3_free(message);
    return o;
}

std::optional<std::string> scalar_text(sqlite3* db, const std::string& text, Outcome& outcome) {
    Statement s(db, text);
    outcome = s.step();
    if (outcome.code != SQLITE_ROW) return std::nullopt;
    std::string value = s.text(0);
    outcome = {};
    return value;
}

Transaction::Transaction(sqlite3* db) : m_db(db) {
    m_begin = exec(db, "BEGIN IMMEDIATE");
    m_open = m_begin.ok();
}

Transaction::~Transaction() {
    if (m_open) exec(m_db, "ROLLBACK");
}

Outcome Transaction::commit() {
    if (!m_open) return m_begin;
    Outcome o = exec(m_db, "COMMIT");
    if (o.ok()) m_open = false;
    return o;
}

}  // namespace borne::storage::sql
