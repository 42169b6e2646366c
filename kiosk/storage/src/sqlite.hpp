// A thin RAII layer over the SQLite C API: prepared statements with typed binds, and errors that keep
// SQLite's code (the caller tells a full disk from a corrupt file) and its message.
#pragma once

#include <sqlite3.h>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace borne::storage::sql {

using Bytes = std::vector<unsigned char>;

/// The outcome of a step or an exec: SQLITE_OK, SQLITE_ROW, SQLITE_DONE, or an error code with its text.
struct Outcome {
    int code = SQLITE_OK;
    std::string message;
    bool ok() const { return code == SQLITE_OK || code == SQLITE_ROW || code == SQLITE_DONE; }
};

/// "disque plein", "base corrompue", … then SQLite's own words.
std::string describe(const Outcome& o);
bool is_corruption(int code);
bool is_disk_full(int code);

class Statement {
public:
    Statement(sqlite3* db, std::string_view text);
    ~Statement();
    Statement(const Statement&) = delete;
    Statement& operator=(const Statement&) = delete;

    bool prepared() const { return m_stmt != nullptr; }
    const Outcome& prepare_outcome() const { return m_prepare; }

    Statement& bind(int index, long long value);
    Statement& bind(int index, std::string_view text);
    Statement& bind(int index, const Bytes& blob);
    Statement& bind_null(int index);

    /// SQLITE_ROW while rows come, SQLITE_DONE at the end, or an error.
    Outcome step();
    /// Steps to the end (statements without rows).
    Outcome run();
    void reset();

    long long integer(int column) const;
    std::string text(int column) const;
    Bytes blob(int column) const;
    bool is_null(int column) const;

private:
    sqlite3* m_db = nullptr;
    sqlite3_stmt* m_stmt = nullptr;
    Outcome m_prepare;
};

/// Runs statements with no results (schema, pragmas, BEGIN/COMMIT).
Outcome exec(sqlite3* db, const std::string& text);
/// The first column of the first row as text (pragmas that answer), or nothing with the outcome set.
std::optional<std::string> scalar_text(sqlite3* db, const std::string& text, Outcome& outcome);

/// BEGIN IMMEDIATE … COMMIT, rolled back if `commit()` was not reached.
class Transaction {
public:
    explicit Transaction(sqlite3* db);
    ~Transaction();
    Transaction(const Transaction&) = delete;
    Transaction& operator=(const Transaction&) = delete;
    const Outcome& begin_outcome() const { return m_begin; }
    Outcome commit();

private:
    sqlite3* m_db;
    Outcome m_begin;
    bool m_open = false;
};

}  // namespace borne::storage::sql
