#include "support.hpp"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <sys/wait.h>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <thread>

namespace borne::test {

std::shared_ptr<const engine::RuleSet> bundled_rules() {
    static auto rules = [] {
        auto loaded = engine::load_rules(BORNE_SOURCE_DIR "/rules", {.tests = false});
        if (!loaded.rules) throw std::runtime_error("bundled rules refused");
        return loaded.rules;
    }();
    return rules;
}

const engine::CommuneDirectory& communes() {
    static auto directory = [] {
        std::string error;
        auto d = engine::CommuneDirectory::load(BORNE_COMMUNES_CSV, error);
        if (!d) throw std::runtime_error(error);
        return std::move(*d);
    }();
    return directory;
}

std::shared_ptr<const i18n::Catalogues> shipped_languages() {
    std::vector<i18n::LoadError> errors;
    auto languages = std::make_shared<const i18n::Catalogues>(i18n::Catalogues::load(BORNE_LOCALE_DIR, {"fr", "en", "ar"}, errors));
    if (!errors.empty()) throw std::runtime_error("catalogue refused: " + errors.front().message);  // the message names the file
    return languages;
}

std::vector<std::filesystem::path> personas() {
    std::vector<std::filesystem::path> files;
    for (const auto& e : std::filesystem::directory_iterator(BORNE_SOURCE_DIR "/tests/personas")) files.push_back(e.path());
    std::sort(files.begin(), files.end());
    return files;
}

engine::Situation read_persona(const std::filesystem::path& file) {
    std::ifstream in(file);
    std::stringstream text;
    text << in.rdbuf();
    auto parsed = engine::parse_situation(text.str(), *bundled_rules(), engine::Date::from_ymd(2026, 11, 1));
    if (!parsed.situation) throw std::runtime_error("persona refused: " + file.string());
    return std::move(*parsed.situation);
}

const std::string& agent_pin_hash() {
    static const std::string hash = kiosk::hash_pin("2468");
    return hash;
}

std::unique_ptr<kiosk::Flow> make_flow(engine::Date month, kiosk::SlipPrinter printer) {
    kiosk::Config config;
    config.site_name = "CAF de test";
    config.month = month;
    config.agent_pin_hash = agent_pin_hash();
    return std::make_unique<kiosk::Flow>(bundled_rules(), &communes(), config, std::move(printer));
}

Run run(const std::string& command) {
    Run r;
    FILE* pipe = popen((command + " 2>&1").c_str(), "r");
    if (!pipe) return r;
    char buffer[4096];
    while (std::size_t n = fread(buffer, 1, sizeof buffer, pipe)) r.output.append(buffer, n);
    int status = pclose(pipe);
    r.status = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    return r;
}

nlohmann::json comparable_results(nlohmann::json results) {
    // The kiosk does not ask what the rules can assume (a child's schooling from the year of birth): it
    // says so in « hypotheses », which a situation file that gives the answer has not. Statuses and
    // amounts are compared, the assumptions have tests of their own (amounts_assumptions_test.cpp).
    for (auto& aid : results["aides"]) aid.erase("hypotheses");
    for (auto& aid : results["aides"])
        if (aid["statut"] == "non_eligible") aid.erase("raison");
    return results;
}

std::string pdf_text_on_one_line(const std::string& pdf) {
    std::string text = run("pdftotext -enc UTF-8 " + pdf + " -").output, out;
    for (std::size_t k = 0; k < text.size(); ++k) {
        bool nbsp = text.compare(k, 2, "\u00A0") == 0, narrow = text.compare(k, 3, "\u202F") == 0;
        bool space = nbsp || narrow || text[k] == '\n' || text[k] == ' ';
        if (space && !out.empty() && out.back() != ' ') out += ' ';
        if (!space) out += text[k];
        k += narrow ? 2 : nbsp ? 1 : 0;
    }
    return out;
}

void open_agent_tools(kiosk::Flow& flow, kiosk::Clock::time_point& now) {
    for (int k = 0; k < 5; ++k) flow.corner_tap(now += std::chrono::milliseconds(300));
    for (char c : std::string("2468")) flow.tap(std::string("key:") + c, now);
    flow.tap("valider", now);
}

std::string printer_line(const kiosk::Flow& flow) {
    for (const auto& l : flow.view().lines)
        if (l.button == "etat_imprimante") return l.text;
    return {};
}

bool wait_for_slip_speech(kiosk::Flow& flow, kiosk::Clock::time_point now) {
    const auto give_up = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    while (flow.preparing_slip_speech() && std::chrono::steady_clock::now() < give_up) {
        std::this_thread::sleep_for(std::chrono::milliseconds(2));
        flow.tick(now);
    }
    return !flow.preparing_slip_speech();
}

}  // namespace borne::test
