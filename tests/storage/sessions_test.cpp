// Saves by code: encrypted in the file, reopened only by their code, rate-limited, expired and purged
// from the file's bytes.
#include "support.hpp"

#include "borne/storage/resume_code.hpp"
#include "borne/storage/sessions.hpp"
#include "borne/storage/storage.hpp"

#include <catch2/catch.hpp>

#include <sqlite3.h>

using namespace borne;
using namespace borne::storage;

namespace {
constexpr UnixTime t0 = 1'780'000'000;
const std::string situation = R"({"version":1,"mois":"2026-05","demandeur":{"date_naissance":"1992-10-17","salaire_net":1700},"logement":{"commune":"93066"}})";

std::vector<unsigned char> ciphertext_of(const std::string& path, const std::vector<unsigned char>& lookup) {
    sqlite3* db = nullptr;
    sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr);
    sqlite3_stmt* s = nullptr;
    sqlite3_prepare_v2(db, "SELECT ciphertext FROM sessions WHERE lookup = ?1", -1, &s, nullptr);
    sqlite3_bind_blob(s, 1, lookup.data(), static_cast<int>(lookup.size()), SQLITE_TRANSIENT);
    std::vector<unsigned char> out;
    if (sqlite3_step(s) == SQLITE_ROW) {
        auto* b = static_cast<const unsigned char*>(sqlite3_column_blob(s, 0));
        out.assign(b, b + sqlite3_column_bytes(s, 0));
    }
    sqlite3_finalize(s);
    sqlite3_close(db);
    return out;
}
}  // namespace

TEST_CASE("a save reopens with its code, typed any way, and with no other", "[sessions]") {
    test::TempDir dir;
    auto db = test::open_test_database(dir.file("b.sqlite"));
    auto saved = save_session(*db, situation, t0);
    REQUIRE(saved.ok());
    CHECK(saved.value->expires_at == t0 + 30 * 86400);
    std::string typed = display_code(saved.value->code);
    typed[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(typed[0])));
    auto opened = open_session(*db, typed, t0 + 60);
    REQUIRE(opened.session);
    CHECK(opened.session->situation_json == situation);

    std::string other;
    do other = new_resume_code();
    while (other == saved.value->code);
    auto wrong = open_session(*db, other, t0 + 60);
    CHECK_FALSE(wrong.session);
    CHECK(wrong.failure == OpenFailure::Unknown);
}

TEST_CASE("nothing of the answers or the code is readable in the file", "[sessions][privacy]") {
    test::TempDir dir;
    std::string path = dir.file("b.sqlite");
    auto db = test::open_test_database(path);
    auto saved = save_session(*db, situation, t0);
    REQUIRE(saved.ok());
    REQUIRE(db->checkpoint().ok());
    auto bytes = test::file_bytes(path);
    CHECK_FALSE(test::contains(bytes, "1992-10-17"));
    CHECK_FALSE(test::contains(bytes, "93066"));
    CHECK_FALSE(test::contains(bytes, "date_naissance"));
    CHECK_FALSE(test::contains(bytes, saved.value->code));
    CHECK(test::contains(bytes, ciphertext_of(path, session_lookup(*db, saved.value->code))));
}

TEST_CASE("wrong codes are rate-limited for the whole kiosk, typos are not counted", "[sessions]") {
    test::TempDir dir;
    auto db = test::open_test_database(dir.file("b.sqlite"));
    auto saved = save_session(*db, situation, t0);
    REQUIRE(saved.ok());
    RateLimit limit{3, 600};
    std::string bad = saved.value->code;
    bad[0] = bad[0] == 'A' ? 'B' : 'A';
    for (int i = 0; i < 10; ++i) CHECK(open_session(*db, bad, t0 + i, limit).failure == OpenFailure::Typo);
    for (int i = 0; i < 3; ++i) {
        std::string unknown = new_resume_code();
        if (unknown == saved.value->code) continue;
        CHECK(open_session(*db, unknown, t0 + 10 + i, limit).failure == OpenFailure::Unknown);
    }
    // Even the right code waits: an attacker cannot tell a hit from the rate limit.
    auto limited = open_session(*db, saved.value->code, t0 + 20, limit);
    CHECK(limited.failure == OpenFailure::RateLimited);
    CHECK(limited.retry_after > 0);
    CHECK(limited.retry_after <= 600);
    CHECK_THAT(limited.message, Catch::Contains("minute"));
    // Once the window has passed, the right code opens.
    auto later = open_session(*db, saved.value->code, t0 + 10 + 601, limit);
    REQUIRE(later.session);
}

TEST_CASE("an expired save no longer opens and the purge removes it from the file's bytes", "[sessions][privacy]") {
    test::TempDir dir;
    std::string path = dir.file("b.sqlite");
    auto db = test::open_test_database(path);
    auto kept = save_session(*db, situation, t0, 30);
    auto expiring = save_session(*db, situation + " ", t0, 2);
    REQUIRE(kept.ok());
    REQUIRE(expiring.ok());
    auto lookup = session_lookup(*db, expiring.value->code);
    auto cipher = ciphertext_of(path, lookup);
    REQUIRE(cipher.size() > 100);
    // Before the purge, the ciphertext is in the WAL or the file.
    auto before = test::file_bytes(path), before_wal = test::file_bytes(path + "-wal");
    REQUIRE((test::contains(before, cipher) || test::contains(before_wal, cipher)));
    REQUIRE((test::contains(before_wal, lookup) || test::contains(before, lookup)));

    UnixTime after = t0 + 3 * 86400;
    CHECK(open_session(*db, expiring.value->code, after).failure == OpenFailure::Unknown);
    auto purged = purge_expired(*db, after);
    REQUIRE(purged.ok());
    CHECK(purged.value->sessions == 1);
    for (const std::string& file : {path, path + "-wal"}) {
        auto bytes = test::file_bytes(file);
        INFO(file);
        CHECK_FALSE(test::contains(bytes, cipher));
        CHECK_FALSE(test::contains(bytes, lookup));
    }
    REQUIRE(open_session(*db, kept.value->code, after).session);
    CHECK(db->integrity_check() == "ok");
}

TEST_CASE("the default key derivation is the documented Argon2id cost", "[sessions]") {
    test::TempDir dir;
    auto opened = open_database(dir.file("b.sqlite"), t0);
    REQUIRE(opened.database);
    CHECK(opened.database->kdf_cost().opslimit == 3);
    CHECK(opened.database->kdf_cost().memlimit == 64u << 20);
    auto saved = save_session(*opened.database, situation, t0);
    REQUIRE(saved.ok());
    CHECK(open_session(*opened.database, saved.value->code, t0).session);
}

TEST_CASE("the saves' key lives outside the database: a copy of the database alone opens nothing", "[sessions][privacy]") {
    test::TempDir dir;
    std::string path = dir.file("b.sqlite");
    std::string code;
    {
        auto db = test::open_test_database(path);
        auto saved = save_session(*db, situation, t0);
        REQUIRE(saved.ok());
        code = saved.value->code;
        REQUIRE(db->checkpoint().ok());
    }
    auto key = std::filesystem::status(path + ".cle");
    REQUIRE(std::filesystem::exists(key));
    CHECK((key.permissions() & std::filesystem::perms::all) == (std::filesystem::perms::owner_read | std::filesystem::perms::owner_write));
    CHECK(std::filesystem::file_size(path + ".cle") == 32);

    // The database copied elsewhere, without its key: the right code finds nothing, and a notice says why.
    std::string copy = dir.file("copie.sqlite");
    std::filesystem::copy_file(path, copy);
    auto stolen = open_database(copy, t0, test::fast_kdf());
    REQUIRE(stolen.database);
    REQUIRE(stolen.notices.size() == 1);
    CHECK_THAT(stolen.notices[0], Catch::Contains("effacées"));
    CHECK(open_session(*stolen.database, code, t0 + 1).failure == OpenFailure::Unknown);

    // With its key, the same file opens the save.
    auto kept = open_database(path, t0, test::fast_kdf());
    REQUIRE(kept.database);
    CHECK(kept.notices.empty());
    CHECK(open_session(*kept.database, code, t0 + 1).session);

    // A key that cannot be read leaves saves off, with the reason, and nothing else broken.
    std::filesystem::resize_file(path + ".cle", 5);
    auto damaged = open_database(path, t0, test::fast_kdf());
    REQUIRE(damaged.database);
    REQUIRE(damaged.notices.size() == 1);
    CHECK_THAT(damaged.notices[0], Catch::Contains("abîmée"));
    auto refused = save_session(*damaged.database, situation, t0);
    CHECK_THAT(refused.error, Catch::Contains("clé des sauvegardes indisponible"));
}

TEST_CASE("a kiosk that never restarts still purges expired saves", "[sessions][privacy]") {
    test::TempDir dir;
    StorageSettings settings;
    settings.open = test::fast_kdf();
    settings.saves_days = 1;
    Storage store = Storage::open(dir.file("b.sqlite"), t0, settings);
    auto saved = store.save(situation, t0);
    REQUIRE(saved.ok());
    auto count = [&] {
        sqlite3_stmt* s = nullptr;
        sqlite3_prepare_v2(store.database()->handle(), "SELECT count(*) FROM sessions", -1, &s, nullptr);
        sqlite3_step(s);
        int n = sqlite3_column_int(s, 0);
        sqlite3_finalize(s);
        return n;
    };
    store.purge_if_due(t0 + 600);  // too soon after the start's purge: nothing to do anyway
    CHECK(count() == 1);
    store.purge_if_due(t0 + 2 * 86400);
    CHECK(count() == 0);
}
