// Shared pieces of the `borne` command line: arguments, loading rules and files, errors.
#pragma once

#include "borne/engine/files.hpp"
#include "borne/engine/loader.hpp"
#include "borne/engine/situation.hpp"

#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace borne::cli {

/// Command-line words after the command name: positional arguments and --options (with or without value).
class Args {
public:
    Args(int argc, char** argv, int first, std::vector<std::string> flags_with_value);
    const std::vector<std::string>& positional() const { return m_positional; }
    std::optional<std::string> value(const std::string& flag) const;
    bool has(const std::string& flag) const;
    /// Unknown options, reported as usage errors.
    const std::vector<std::string>& unknown() const { return m_unknown; }

private:
    std::vector<std::string> m_positional, m_unknown;
    std::vector<std::pair<std::string, std::string>> m_options;
};

/// Exit codes: 0 done, 1 a check or test failed, 2 bad input or usage.
inline constexpr int exit_ok = 0, exit_failed = 1, exit_bad_input = 2;

/// Loads the rules named by --rules, $BORNE_RULES, the data folder's rules pack (--data, $BORNE_DATA; said on
/// standard error), or the bundled folder; prints diagnostics on failure.
std::shared_ptr<const engine::RuleSet> load_rules_or_report(const Args& args, bool with_tests = false);
using engine::read_file;
/// The kiosk's data folder (installed rules packs): --data, else $BORNE_DATA.
std::optional<std::string> data_dir(const Args& args);
/// The update CA that signs rules packs: --cert, else $BORNE_UPDATE_CA, else the one built in.
std::string update_ca(const Args& args);
/// The current month, or --month.
std::optional<engine::Date> month_option(const Args& args);
/// Today, or --today (AAAA-MM-JJ, or AAAA-MM for its first day); nothing when --today is not a date.
std::optional<engine::Date> today_option(const Args& args);
engine::Date today();

/// A benchmark's figures: the median and the 99th percentile of its timings.
struct Figures {
    double median = 0, p99 = 0;
};
Figures figures(std::vector<double> timings);

int usage_error(const std::string& message);

}  // namespace borne::cli
