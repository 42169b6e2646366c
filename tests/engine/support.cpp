#include "support.hpp"

#include <atomic>
#include <fstream>
#include <unistd.h>

namespace borne::test {

namespace fs = std::filesystem;

fs::path source_dir() { return BORNE_SOURCE_DIR; }
fs::path mini_rules() { return source_dir() / "tests/engine/fixtures/mini"; }

RulesFolder::RulesFolder() {
    static std::atomic<int> counter{0};
    m_path = fs::temp_directory_path() / ("borne-rules-" + std::to_string(getpid()) + "-" + std::to_string(counter++));
    fs::remove_all(m_path);
    fs::copy(mini_rules(), m_path, fs::copy_options::recursive);
}

RulesFolder::~RulesFolder() {
    std::error_code ec;
    fs::remove_all(m_path, ec);
}

void RulesFolder::write(const std::string& file, const std::string& text) {
    fs::create_directories((m_path / file).parent_path());
    std::ofstream(m_path / file) << text;
}

void RulesFolder::append(const std::string& file, const std::string& text) { std::ofstream(m_path / file, std::ios::app) << text; }

engine::LoadResult RulesFolder::load() const { return engine::load_rules(m_path.string()); }

bool has_diagnostic(const engine::Diagnostics& d, const std::string& code, const std::string& file, int line) {
    for (const auto& x : d.items())
        if (x.code == code && x.where.file.ends_with(file) && (line == 0 || x.where.line == line)) return true;
    return false;
}

}  // namespace borne::test
