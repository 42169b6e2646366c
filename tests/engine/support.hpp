// Helpers shared by the engine tests: temporary rules folders built from the fixtures.
#pragma once

#include "borne/engine/loader.hpp"
#include "borne/engine/situation.hpp"

#include <filesystem>
#include <string>
#include <utility>
#include <vector>

namespace borne::test {

std::filesystem::path source_dir();
std::filesystem::path mini_rules();

/// A fresh copy of the mini fixture in a temporary folder; `file` (relative) is written with `text`.
class RulesFolder {
public:
    RulesFolder();
    ~RulesFolder();
    RulesFolder(const RulesFolder&) = delete;
    RulesFolder& operator=(const RulesFolder&) = delete;
    void write(const std::string& file, const std::string& text);
    void append(const std::string& file, const std::string& text);
    engine::LoadResult load() const;
    engine::LoadResult load(engine::LoadOptions options, const engine::LocalChoice& local = {}) const;
    const std::filesystem::path& path() const { return m_path; }

private:
    std::filesystem::path m_path;
};

/// The personas (tests/personas) and the public reference households (../shared/reference-cases), by name.
std::vector<std::pair<std::string, engine::Situation>> households(const engine::RuleSet& rules);

/// True when `result` holds a diagnostic with `code` at `line` of a file whose name ends with `file`.
bool has_diagnostic(const engine::Diagnostics& d, const std::string& code, const std::string& file, int line);

/// Every diagnostic of `d`, one a line (what a failing test shows).
std::string diagnostics_text(const engine::Diagnostics& d);

/// Checks that `folder` is refused whole, with a diagnostic `code` at `line` of `file` (all diagnostics shown on failure).
void expect_refused(const RulesFolder& folder, const std::string& code, const std::string& file, int line);

}  // namespace borne::test
