#include "support.hpp"

#include "borne/engine/reference_case.hpp"

#include <algorithm>
#include <catch2/catch.hpp>
#include <atomic>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <unistd.h>

namespace borne::test {

namespace fs = std::filesystem;

fs::path source_dir() { return BORNE_SOURCE_DIR; }
fs::path mini_rules() { return source_dir() / "tests/engine/fixtures/mini"; }

namespace {

std::string read(const fs::path& path) {
    std::ifstream in(path);
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
}

}  // namespace

std::vector<std::pair<std::string, engine::Situation>> households(const engine::RuleSet& rules) {
    using namespace engine;
    std::vector<std::pair<std::string, Situation>> out;
    for (const auto& entry : fs::directory_iterator(source_dir() / "tests/personas")) {
        auto parsed = parse_situation(read(entry.path()), rules, Date::from_ymd(2026, 5, 1));
        if (parsed.situation) out.emplace_back(entry.path().stem().string(), *parsed.situation);
    }
    fs::path cases = fs::path(BORNE_SHARED_DIR) / "reference-cases";
    for (const auto& entry : fs::directory_iterator(cases)) {
        if (entry.path().extension() != ".json") continue;
        auto imported = import_reference_case(nlohmann::json::parse(read(entry.path())));
        if (!imported.reference) continue;
        auto parsed = parse_situation_document(imported.reference->situation, rules, Date::from_ymd(2026, 5, 1));
        if (parsed.situation) out.emplace_back(entry.path().stem().string(), *parsed.situation);
    }
    std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
    return out;
}

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
engine::LoadResult RulesFolder::load(engine::LoadOptions options, const engine::LocalChoice& local) const {
    return engine::load_rules(m_path.string(), options, local);
}

bool has_diagnostic(const engine::Diagnostics& d, const std::string& code, const std::string& file, int line) {
    for (const auto& x : d.items())
        if (x.code == code && x.where.file.ends_with(file) && (line == 0 || x.where.line == line)) return true;
    return false;
}

std::string diagnostics_text(const engine::Diagnostics& d) {
    std::string all;
    for (const auto& x : d.items()) all += x.to_string() + "\n";
    return all;
}

void expect_refused(const RulesFolder& folder, const std::string& code, const std::string& file, int line) {
    auto result = folder.load();
    INFO(diagnostics_text(result.diagnostics));
    CHECK(result.rules == nullptr);
    CHECK(has_diagnostic(result.diagnostics, code, file, line));
}

}  // namespace borne::test
