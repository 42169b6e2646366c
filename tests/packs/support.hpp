// What the packs' tests share: a private temporary folder, whole files read and written, and a second CA that
// the kiosk does not trust (made by the project's own script).
#pragma once
// Header-only: each test file of packs_tests includes it.

#include <catch2/catch.hpp>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>
#include <string>

namespace borne::test {

namespace fs = std::filesystem;

inline const std::string source = BORNE_SOURCE_DIR;
inline const std::string test_keys = source + "/image/keys/test";

class TempDir {
public:
    TempDir() {
        std::random_device r;
        m_path = fs::temp_directory_path() / ("borne-packs-" + std::to_string(r()));
        fs::create_directories(m_path);
    }
    ~TempDir() {
        std::error_code ec;
        fs::remove_all(m_path, ec);
    }
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;
    std::string operator/(const std::string& name) const { return (m_path / name).string(); }

private:
    fs::path m_path;
};

inline std::string slurp(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

inline void spit(const std::string& path, const std::string& content) {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out << content;
}

/// A second CA and signer, made once by the project's own script (a key the kiosk does not trust).
inline const std::string& other_keys() {
    static TempDir dir;
    static std::string keys = [] {
        std::string out = dir / "keys";
        std::string command = "BORNE_KEYS_NO_PASSPHRASE=1 " + source + "/image/keys/make-keys " + out + " 'Borne TEST other' >/dev/null 2>&1";
        REQUIRE(std::system(command.c_str()) == 0);
        return out;
    }();
    return keys;
}

}  // namespace borne::test
