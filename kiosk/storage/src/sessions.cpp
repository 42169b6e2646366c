#include "borne/storage/sessions.hpp"

#include "borne/storage/resume_code.hpp"
#include "sqlite.hpp"
#include "time_util.hpp"

#include <sodium.h>

#include <fmt/format.h>

namespace borne::storage {

namespace {

constexpr std::size_t lookup_bytes = 32;
constexpr std::size_t key_bytes = crypto_aead_xchacha20poly1305_ietf_KEYBYTES;
static_assert(key_bytes == 32);

/// One Argon2id run gives 64 bytes: the first half finds the row, the second half is the key. An attacker
/// must pay the whole derivation for every code tried, whether to find a row or to decrypt it.
/// The code is first keyed with the kiosk's secret key (kept outside the database): a copy of the
/// database alone gives no way to test a guess.
bool derive(const Database& db, const std::string& code, sql::Bytes& lookup, sql::Bytes& key) {
    if (sodium_init() < 0 || db.save_key().size() != crypto_generichash_KEYBYTES) return false;
    unsigned char keyed[32];
    crypto_generichash(keyed, sizeof keyed, reinterpret_cast<const unsigned char*>(code.data()), code.size(), db.save_key().data(),
                       db.save_key().size());
    unsigned char out[lookup_bytes + key_bytes];
    int rc = crypto_pwhash(out, sizeof out, reinterpret_cast<const char*>(keyed), sizeof keyed, db.kdf_salt().data(), db.kdf_cost().opslimit,
                           db.kdf_cost().memlimit, crypto_pwhash_ALG_ARGON2ID13);
    sodium_memzero(keyed, sizeof keyed);
    if (rc != 0) return false;
    lookup.assign(out, out + lookup_bytes);
    key.assign(out + lookup_bytes, out + sizeof out);
    sodium_memzero(out, sizeof out);
    return true;
}

}  // namespace

std::vector<unsigned char> session_lookup(const Database& db, const std::string& code) {
    sql::Bytes lookup, key;
    if (!derive(db, code, lookup, key)) return {};
    sodium_memzero(key.data(), key.size());
    return lookup;
}

Result<SavedSession> save_session(const Database& db, const std::string& situation_json, UnixTime now, int retention_days) {
    using R = Result<SavedSession>;
    if (sodium_init() < 0) return R::failure("libsodium ne démarre pas");
    // A fresh code collides with a live one about once in 34 billion / live saves; try again then.
    for (int attempt = 0; attempt < 4; ++attempt) {
        std::string code = new_resume_code();
        sql::Bytes lookup, key;
        if (!derive(db, code, lookup, key))
            return R::failure(db.save_key().empty() ? "sauvegardes désactivées : clé des sauvegardes indisponible"
                                                    : "dérivation de la clé impossible (mémoire insuffisante ?)");
        sql::Bytes nonce(crypto_aead_xchacha20poly1305_ietf_NPUBBYTES);
        randombytes_buf(nonce.data(), nonce.size());
        sql::Bytes cipher(situation_json.size() + crypto_aead_xchacha20poly1305_ietf_ABYTES);
        unsigned long long cipher_length = 0;
        // The lookup is the associated data: a ciphertext moved to another row does not decrypt.
        crypto_aead_xchacha20poly1305_ietf_encrypt(cipher.data(), &cipher_length, reinterpret_cast<const unsigned char*>(situation_json.data()),
                                                   situation_json.size(), lookup.data(), lookup.size(), nullptr, nonce.data(), key.data());
        sodium_memzero(key.data(), key.size());
        cipher.resize(static_cast<std::size_t>(cipher_length));

        UnixTime expires = now + static_cast<UnixTime>(retention_days) * 86400;
        sql::Statement s(db.handle(), "INSERT INTO sessions (lookup, nonce, ciphertext, created_at, expires_at) VALUES (?1, ?2, ?3, ?4, ?5)");
        s.bind(1, lookup).bind(2, nonce).bind(3, cipher).bind(4, now).bind(5, expires);
        sql::Outcome o = s.run();
        if (o.code == SQLITE_CONSTRAINT_PRIMARYKEY) continue;
        if (!o.ok()) return R::failure(fmt::format("sauvegarde impossible : {}", sql::describe(o)));
        // synchronous=FULL: the row is on disk now, the code may be printed.
        return R::success({code, expires});
    }
    return R::failure("sauvegarde impossible : aucun code libre trouvé");
}

OpenOutcomeSession open_session(const Database& db, const std::string& typed_code, UnixTime now, const RateLimit& limit) {
    OpenOutcomeSession out;
    auto code = normalise_code(typed_code);
    if (!code.ok()) {
        out.failure = OpenFailure::Typo;
        out.message = fmt::format("Code refusé : {}.", code.error);
        return out;
    }
    {
        sql::Statement recent(db.handle(), "SELECT count(*), min(at) FROM failed_opens WHERE at > ?1");
        recent.bind(1, now - limit.window_s);
        sql::Outcome o = recent.step();
        if (o.code != SQLITE_ROW) {
            out.failure = OpenFailure::Storage;
            out.message = fmt::format("Sauvegardes indisponibles : {}.", sql::describe(o));
            return out;
        }
        if (recent.integer(0) >= limit.attempts) {
            out.failure = OpenFailure::RateLimited;
            out.retry_after = recent.integer(1) + limit.window_s - now + 1;
            out.message = fmt::format("Trop de codes inconnus essayés : réessayez dans {} minute(s), ou demandez à un agent.",
                                      (out.retry_after + 59) / 60);
            return out;
        }
    }
    sql::Bytes lookup, key;
    if (!derive(db, *code.value, lookup, key)) {
        out.failure = OpenFailure::Storage;
        out.message = "Sauvegardes indisponibles : dérivation de la clé impossible.";
        return out;
    }
    sql::Statement s(db.handle(), "SELECT nonce, ciphertext, expires_at FROM sessions WHERE lookup = ?1 AND expires_at > ?2");
    s.bind(1, lookup).bind(2, now);
    sql::Outcome o = s.step();
    if (o.code == SQLITE_ROW) {
        sql::Bytes nonce = s.blob(0), cipher = s.blob(1);
        std::string plain(cipher.size(), '\0');
        unsigned long long plain_length = 0;
        bool opened = nonce.size() == crypto_aead_xchacha20poly1305_ietf_NPUBBYTES && cipher.size() >= crypto_aead_xchacha20poly1305_ietf_ABYTES &&
                      crypto_aead_xchacha20poly1305_ietf_decrypt(reinterpret_cast<unsigned char*>(plain.data()), &plain_length, nullptr, cipher.data(),
                                                                 cipher.size(), lookup.data(), lookup.size(), nonce.data(), key.data()) == 0;
        sodium_memzero(key.data(), key.size());
        if (!opened) {
            out.failure = OpenFailure::Storage;
            out.message = "Cette sauvegarde est abîmée et ne peut pas être relue.";
            return out;
        }
        plain.resize(static_cast<std::size_t>(plain_length));
        out.session = OpenedSession{std::move(plain), s.integer(2), lookup};
        return out;
    }
    sodium_memzero(key.data(), key.size());
    if (!o.ok()) {
        out.failure = OpenFailure::Storage;
        out.message = fmt::format("Sauvegardes indisponibles : {}.", sql::describe(o));
        return out;
    }
    sql::Statement failed(db.handle(), "INSERT INTO failed_opens (at) VALUES (?1)");
    failed.bind(1, now).run();
    out.failure = OpenFailure::Unknown;
    out.message = "Aucune simulation n'est enregistrée sous ce code (ou elle a expiré : les sauvegardes durent 30 jours).";
    return out;
}

Result<PurgeReport> purge_expired(const Database& db, UnixTime now, const Retention& retention) {
    using R = Result<PurgeReport>;
    PurgeReport report;
    sql::Transaction t(db.handle());
    if (!t.begin_outcome().ok()) return R::failure(fmt::format("purge impossible : {}", sql::describe(t.begin_outcome())));
    sql::Outcome failed;
    auto run = [&](const char* text, auto bind, int& count) {
        if (!failed.ok()) return;
        sql::Statement s(db.handle(), text);
        bind(s);
        sql::Outcome o = s.run();
        if (!o.ok()) failed = o;
        else count = sqlite3_changes(db.handle());
    };
    std::string today = day_of(now).iso();
    run("DELETE FROM bookings WHERE day < ?1", [&](sql::Statement& s) { s.bind(1, today); }, report.bookings);
    // The bookings of expired saves go with them (ON DELETE CASCADE).
    run("DELETE FROM sessions WHERE expires_at <= ?1", [&](sql::Statement& s) { s.bind(1, now); }, report.sessions);
    run("DELETE FROM failed_opens WHERE at <= ?1", [&](sql::Statement& s) { s.bind(1, now - 86400); }, report.failed_opens);
    std::string oldest_kept = day_of(now).plus_days(-retention.statistics_days).iso();
    run("DELETE FROM visits WHERE day < ?1", [&](sql::Statement& s) { s.bind(1, oldest_kept); }, report.visits);
    run("DELETE FROM corrections WHERE expires_at <= ?1", [&](sql::Statement& s) { s.bind(1, now); }, report.corrections);
    if (failed.ok()) failed = t.commit();
    if (!failed.ok()) return R::failure(fmt::format("purge impossible : {}", sql::describe(failed)));
    if (report.sessions + report.bookings + report.visits + report.corrections > 0) {
        // Without this the WAL would still hold the pages as they were before the delete.
        Status c = db.checkpoint();
        if (!c.ok()) return R::failure(fmt::format("purge faite, mais le journal en garde une copie jusqu'au prochain point de contrôle : {}", c.error));
    }
    return R::success(report);
}

}  // namespace borne::storage
