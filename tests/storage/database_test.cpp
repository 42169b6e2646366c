// The file itself: WAL, the schema version, a corrupt or unreadable file moved aside, a newer one refused.
#include "support.hpp"

#include "borne/storage/database.hpp"
#include "borne/storage/sessions.hpp"

#include <catch2/catch.hpp>

#include <sqlite3.h>

#include <fstream>

using namespace borne;
using namespace borne::storage;

namespace {

int pragma_int(const std::string& path, const char* pragma) {
    sqlite3* db = nullptr;
    sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr);
    sqlite3_stmt* s = nullptr;
    sqlite3_prepare_v2(db, pragma, -1, &s, nullptr);
    int value = sqlite3_step(s) == SQLITE_ROW ? sqlite3_column_int(s, 0) : -1;
    sqlite3_finalize(s);
    sqlite3_close(db);
    return value;
}

std::vector<std::filesystem::path> set_aside(const test::TempDir& dir) {
    std::vector<std::filesystem::path> out;
    for (const auto& e : std::filesystem::directory_iterator(dir.path()))
        if (e.path().filename().string().find(".illisible-") != std::string::npos) out.push_back(e.path());
    return out;
}

}  // namespace

TEST_CASE("a new database is in WAL mode at the current schema version, and opens again", "[database]") {
    test::TempDir dir;
    std::string path = dir.file("borne.sqlite");
    {
        auto db = test::open_test_database(path);
        CHECK(db->schema_version() == current_schema_version());
        CHECK(db->integrity_check() == "ok");
        CHECK(db->kdf_salt().size() == 16);
        CHECK(std::filesystem::exists(path + "-wal"));
    }
    CHECK(pragma_int(path, "PRAGMA user_version") == current_schema_version());
    auto again = open_database(path, 1'780'000'000, {});
    REQUIRE(again.database);
    CHECK(again.notices.empty());
    // The derivation settings are those of the creation, not of the second opening's options.
    CHECK(again.database->kdf_cost().memlimit == test::fast_kdf().kdf.memlimit);
}

TEST_CASE("a file that is not a database is moved aside and a new one created", "[database]") {
    test::TempDir dir;
    std::string path = dir.file("borne.sqlite");
    {
        std::ofstream garbage(path, std::ios::binary);
        for (int i = 0; i < 10000; ++i) garbage << static_cast<char>(i * 7919 % 251);
    }
    auto opened = open_database(path, 1'780'000'000, test::fast_kdf());
    INFO(opened.error);
    REQUIRE(opened.database);
    REQUIRE(opened.notices.size() == 1);
    CHECK_THAT(opened.notices[0], Catch::Contains("mise de côté"));
    auto aside = set_aside(dir);
    REQUIRE(aside.size() == 1);
    CHECK(std::filesystem::file_size(aside[0]) == 10000);
    CHECK(opened.database->integrity_check() == "ok");
}

TEST_CASE("a database damaged inside (a b-tree page overwritten) fails the check and is replaced", "[database]") {
    test::TempDir dir;
    std::string path = dir.file("borne.sqlite");
    std::string code;
    {
        auto db = test::open_test_database(path);
        for (int i = 0; i < 40; ++i) {
            auto saved = save_session(*db, std::string(3000, static_cast<char>('a' + i % 26)), 1'780'000'000);
            REQUIRE(saved.ok());
            code = saved.value->code;
        }
        REQUIRE(db->checkpoint().ok());
    }
    REQUIRE_FALSE(std::filesystem::exists(path + "-wal"));
    auto size = std::filesystem::file_size(path);
    REQUIRE(size > 8 * 4096);
    {
        // Page 4 onwards belongs to the tables; scribble over a page in the middle, header left intact.
        std::fstream f(path, std::ios::in | std::ios::out | std::ios::binary);
        f.seekp(static_cast<std::streamoff>(size / 2 / 4096 * 4096));
        for (int i = 0; i < 4096; ++i) f.put(static_cast<char>(0x5a ^ i));
    }
    auto opened = open_database(path, 1'780'000'000, test::fast_kdf());
    REQUIRE(opened.database);
    REQUIRE(opened.notices.size() == 1);
    CHECK(set_aside(dir).size() == 1);
    // A new file: the old saves are not there, and opening one is an ordinary unknown code.
    auto reopened = open_session(*opened.database, code, 1'780'000'100);
    CHECK(reopened.failure == OpenFailure::Unknown);
}

TEST_CASE("a database from a newer Borne is refused, never moved aside", "[database]") {
    test::TempDir dir;
    std::string path = dir.file("borne.sqlite");
    test::open_test_database(path);
    {
        sqlite3* db = nullptr;
        sqlite3_open(path.c_str(), &db);
        sqlite3_exec(db, ("PRAGMA user_version=" + std::to_string(current_schema_version() + 1)).c_str(), nullptr, nullptr, nullptr);
        sqlite3_close(db);
    }
    auto opened = open_database(path, 1'780'000'000, test::fast_kdf());
    CHECK_FALSE(opened.database);
    CHECK_THAT(opened.error, Catch::Contains("version plus récente"));
    CHECK(set_aside(dir).empty());
}

TEST_CASE("a directory that cannot hold a database is an error, not a crash", "[database]") {
    test::TempDir dir;
    auto opened = open_database(dir.file("absent/sous/dossier/borne.sqlite"), 1'780'000'000, test::fast_kdf());
    CHECK_FALSE(opened.database);
    CHECK_THAT(opened.error, Catch::Contains("impossible à ouvrir"));
}
