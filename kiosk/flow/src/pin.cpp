// Agent PINs are stored as libsodium password hashes (Argon2id): a stolen configuration file does not
// give the PIN away, and checking one costs enough to make guessing slow on top of the lockout.
#include "borne/kiosk/flow.hpp"

#include <sodium.h>

namespace borne::kiosk {

namespace {
bool sodium_ready() {
    static const bool ready = sodium_init() >= 0;
    return ready;
}
}  // namespace

std::string hash_pin(const std::string& pin) {
    if (!sodium_ready()) return {};
    char out[crypto_pwhash_STRBYTES];
    if (crypto_pwhash_str(out, pin.c_str(), pin.size(), crypto_pwhash_OPSLIMIT_INTERACTIVE, crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0)
        return {};
    return out;
}

bool pin_matches(const std::string& hash, const std::string& pin) {
    if (!sodium_ready() || hash.empty()) return false;
    return crypto_pwhash_str_verify(hash.c_str(), pin.c_str(), pin.size()) == 0;
}

}  // namespace borne::kiosk
