#include "support.hpp"

#include <catch2/catch.hpp>

#include <sodium.h>

#include <array>
#include <cstdio>
#include <fstream>
#include <iterator>
#include <random>
#include <sys/wait.h>

namespace borne::test {

TempDir::TempDir() {
    std::random_device rd;
    m_path = std::filesystem::temp_directory_path() / ("borne-storage-" + std::to_string(rd()) + "-" + std::to_string(rd()));
    std::filesystem::create_directories(m_path);
}

TempDir::~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(m_path, ec);
}

storage::OpenOptions fast_kdf() {
    storage::OpenOptions o;
    o.kdf.opslimit = crypto_pwhash_OPSLIMIT_MIN;
    o.kdf.memlimit = 1u << 20;  // 1 MiB
    return o;
}

std::unique_ptr<storage::Database> open_test_database(const std::string& path, storage::UnixTime now) {
    auto opened = storage::open_database(path, now, fast_kdf());
    INFO(opened.error);
    REQUIRE(opened.database);
    REQUIRE(opened.notices.empty());
    return std::move(opened.database);
}

std::vector<unsigned char> file_bytes(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

bool contains(const std::vector<unsigned char>& haystack, const std::vector<unsigned char>& needle) {
    return !needle.empty() && std::search(haystack.begin(), haystack.end(), needle.begin(), needle.end()) != haystack.end();
}

bool contains(const std::vector<unsigned char>& haystack, const std::string& needle) {
    return contains(haystack, std::vector<unsigned char>(needle.begin(), needle.end()));
}

Run run(const std::string& command_line) {
    TempDir dir;
    std::string err_file = dir.file("stderr");
    Run r;
    FILE* pipe = popen((command_line + " 2>" + err_file).c_str(), "r");
    if (!pipe) return r;
    std::array<char, 4096> buffer{};
    std::size_t n;
    while ((n = fread(buffer.data(), 1, buffer.size(), pipe)) > 0) r.out.append(buffer.data(), n);
    int status = pclose(pipe);
    r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    auto e = file_bytes(err_file);
    r.err.assign(e.begin(), e.end());
    return r;
}

std::string borne_exe() { return BORNE_EXE; }
std::string helper_exe() { return BORNE_STORAGE_HELPER; }
std::string source_dir() { return BORNE_SOURCE_DIR; }

}  // namespace borne::test
