#include "cli_common.hpp"

#include "borne/runtime/paths.hpp"
#include "borne/packs/rules_pack.hpp"

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <fmt/format.h>
#include <fstream>
#include <sstream>

namespace borne::cli {

Args::Args(int argc, char** argv, int first, std::vector<std::string> flags_with_value) {
    for (int i = first; i < argc; ++i) {
        std::string a = argv[i];
        if (a.starts_with("--")) {
            std::string flag = a, value;
            if (auto eq = a.find('='); eq != std::string::npos) {
                flag = a.substr(0, eq);
                value = a.substr(eq + 1);
            } else if (std::find(flags_with_value.begin(), flags_with_value.end(), a) != flags_with_value.end()) {
                if (i + 1 >= argc) {
                    m_unknown.push_back(a + " (valeur manquante)");
                    continue;
                }
                value = argv[++i];
            }
            m_options.emplace_back(flag, value);
        } else {
            m_positional.push_back(a);
        }
    }
}

std::optional<std::string> Args::value(const std::string& flag) const {
    for (const auto& [f, v] : m_options)
        if (f == flag) return v;
    return std::nullopt;
}

bool Args::has(const std::string& flag) const { return value(flag).has_value(); }

int usage_error(const std::string& message) {
    fmt::print(stderr, "borne : {}\n(borne --help pour l'aide)\n", message);
    return exit_bad_input;
}

std::optional<std::string> data_dir(const Args& args) {
    if (auto d = args.value("--data")) return *d;
    if (const char* env = std::getenv("BORNE_DATA"); env && *env) return std::string(env);
    return std::nullopt;
}

std::string update_ca(const Args& args) {
    if (auto c = args.value("--cert")) return *c;
    return runtime::update_ca();
}

std::shared_ptr<const engine::RuleSet> load_rules_or_report(const Args& args, bool with_tests) {
    std::string folder = runtime::rules_dir();
    const char* env = std::getenv("BORNE_RULES");
    if (env && *env) folder = env;
    if (auto r = args.value("--rules")) folder = *r;
    engine::LoadResult result;
    // Local packs and aids are judged on the day given (borne rules check --today) or today: an expired one is left out.
    engine::Date on = today_option(args).value_or(today());  // a --today not a date is the command's to refuse
    engine::LocalChoice local;
    local.today = on;
    auto data = data_dir(args);
    if (data && !args.has("--rules") && !(env && *env)) {
        // An installed rules pack wins over the bundled rules when it still verifies (image/UPDATES.md).
        auto chosen = packs::load_rules_preferring_pack(*data, folder, update_ca(args), on, {.tests = with_tests}, local);
        fmt::print(stderr, "borne : {}\n", chosen.message);
        result = std::move(chosen.loaded);
    } else {
        result = engine::load_rules(folder, {.tests = with_tests}, local);
    }
    for (const auto& d : result.diagnostics.items())
        if (!result.rules || d.severity == engine::Severity::Error || d.code == "R032") fmt::print(stderr, "{}\n", d.to_string());
    if (!result.rules) fmt::print(stderr, "borne : règles refusées ({} erreur(s)) : rien n'est calculé sur des règles incomplètes\n", result.diagnostics.error_count());
    return result.rules;
}


engine::Date today() {
    auto now = std::chrono::system_clock::now();
    auto days = std::chrono::floor<std::chrono::days>(now);
    std::chrono::year_month_day ymd{days};
    return engine::Date::from_ymd(static_cast<int>(ymd.year()), static_cast<int>(static_cast<unsigned>(ymd.month())),
                                  static_cast<int>(static_cast<unsigned>(ymd.day())));
}

std::optional<engine::Date> today_option(const Args& args) {
    auto t = args.value("--today");
    if (!t) return today();
    return engine::Date::parse(*t, true);
}

Figures figures(std::vector<double> timings) {
    if (timings.empty()) return {};
    std::sort(timings.begin(), timings.end());
    return {timings[timings.size() / 2], timings[std::min(timings.size() - 1, timings.size() * 99 / 100)]};
}

std::optional<engine::Date> month_option(const Args& args) {
    auto m = args.value("--month");
    if (!m) return today().first_of_month();
    return engine::Date::parse(*m, true);
}

}  // namespace borne::cli
