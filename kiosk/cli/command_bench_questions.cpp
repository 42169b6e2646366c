// borne bench --questions: how many screens a household answers at the kiosk. Every public reference
// household and every persona is played through the kiosk's flow by the headless player, as a visitor
// would (kiosk/flow visit_play.hpp), and its question screens counted. Goal (issue 16): a median of at
// most 12 screens, no household over 25, a family of five under 20. Figures printed, not a timed test.
#include "cli_common.hpp"
#include "commands.hpp"

#include "borne/runtime/paths.hpp"
#include "borne/engine/communes.hpp"
#include "borne/engine/reference_case.hpp"
#include "borne/kiosk/visit_play.hpp"

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <set>
#include <fmt/format.h>
#include <nlohmann/json.hpp>

namespace borne::cli {

namespace {

namespace fs = std::filesystem;

constexpr int seconds_a_screen = 10;  // a visitor who reads slowly (issue 16)
constexpr double goal_median = 12;
constexpr int goal_max = 25, goal_family_of_five = 20;

struct Household {
    std::string name;  // the reference case's file name, or « persona NAME »
    engine::Situation situation;
};

struct Played {
    std::string name;
    int persons = 0;
    kiosk::PlayedVisit visit;
};

/// The households in `folder` (*.json, sorted by name): read by `read`, which says on standard error
/// why a file is refused.
template <class Read>
std::vector<Household> households_in(const std::string& folder, const std::string& prefix, Read read) {
    std::vector<fs::path> files;
    std::error_code ec;
    for (const auto& e : fs::directory_iterator(folder, ec))
        if (e.path().extension() == ".json") files.push_back(e.path());
    std::sort(files.begin(), files.end());
    std::vector<Household> out;
    for (const auto& f : files)
        if (auto s = read(f)) out.push_back({prefix + f.stem().string(), std::move(*s)});
    return out;
}

std::optional<engine::Situation> reference_household(const fs::path& file, const engine::RuleSet& rules) {
    auto text = read_file(file.string());
    auto doc = text ? nlohmann::json::parse(*text, nullptr, false) : nlohmann::json();
    if (doc.is_discarded() || doc.is_null()) {
        fmt::print(stderr, "{} : JSON illisible\n", file.string());
        return std::nullopt;
    }
    auto imported = engine::import_reference_case(doc);
    if (!imported.reference) {
        fmt::print(stderr, "{} : {}\n", file.string(), imported.error);
        return std::nullopt;
    }
    auto parsed = engine::parse_situation_document(imported.reference->situation, rules, today());
    for (const auto& e : parsed.errors) fmt::print(stderr, "{} : {}{}\n", file.string(), e.path.empty() ? "" : e.path + " : ", e.message);
    return std::move(parsed.situation);
}

std::optional<engine::Situation> persona(const fs::path& file, const engine::RuleSet& rules) {
    auto text = read_file(file.string());
    if (!text) {
        fmt::print(stderr, "{} : illisible\n", file.string());
        return std::nullopt;
    }
    auto parsed = engine::parse_situation(*text, rules, today());
    for (const auto& e : parsed.errors) fmt::print(stderr, "{} : {}{}\n", file.string(), e.path.empty() ? "" : e.path + " : ", e.message);
    return std::move(parsed.situation);
}

/// The middle value (the mean of the two middle ones for an even count) and the 90th percentile (nearest rank).
double median(std::vector<int> v) {
    std::sort(v.begin(), v.end());
    std::size_t n = v.size();
    return n == 0 ? 0 : n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2.0;
}
int percentile_90(std::vector<int> v) {
    std::sort(v.begin(), v.end());
    return v.empty() ? 0 : v[(v.size() * 9 + 9) / 10 - 1];
}

std::string duration(double screens) {
    int s = static_cast<int>(screens * seconds_a_screen + 0.5);
    return fmt::format("{} min {:02} s", s / 60, s % 60);
}

/// « median 21   p90 38   max 54   (3 min 30 s, …) » for the screens of `played`.
std::string figures(const std::vector<const Played*>& played) {
    std::vector<int> screens;
    for (const Played* p : played) screens.push_back(p->visit.answer_screens);
    double m = median(screens);
    int p90 = percentile_90(screens), max = screens.empty() ? 0 : *std::max_element(screens.begin(), screens.end());
    return fmt::format("median {:>4}   p90 {:>3}   max {:>3}   at {} s a screen: {} / {} / {}", fmt::format("{:g}", m), p90, max,
                       seconds_a_screen, duration(m), duration(p90), duration(max));
}

std::string size_label(int persons) { return persons >= 6 ? "6+ persons" : persons == 1 ? "1 person" : fmt::format("{} persons", persons); }

std::vector<Played> play_all(const std::shared_ptr<const engine::RuleSet>& rules, const engine::CommuneDirectory* communes,
                             std::vector<Household> households) {
    std::vector<Played> out;
    for (auto& h : households)
        out.push_back({h.name, static_cast<int>(h.situation.persons.size()), kiosk::play_visit(rules, communes, h.situation)});
    return out;
}

struct Inputs {
    std::shared_ptr<const engine::RuleSet> rules;
    std::optional<engine::CommuneDirectory> communes;
    std::vector<Household> households;
};

/// The rules, the communes and the households of --cases and --personas; empty rules when refused (said).
Inputs read_inputs(const Args& args) {
    Inputs in;
    in.rules = load_rules_or_report(args);
    if (!in.rules) return in;
    std::string communes_file = runtime::communes();
    if (const char* env = std::getenv("BORNE_COMMUNES"); env && *env) communes_file = env;
    std::string error;
    in.communes = engine::CommuneDirectory::load(communes_file, error);
    if (!in.communes) {
        fmt::print(stderr, "{}\n", error);
        in.rules = nullptr;
        return in;
    }
    const std::string source = std::string(runtime::rules_dir()) + "/..";
    std::string cases = args.value("--cases").value_or(source + "/../shared/reference-cases");
    std::string personas = args.value("--personas").value_or(source + "/tests/personas");
    const engine::RuleSet& R = *in.rules;
    in.households = households_in(cases, "", [&](const fs::path& f) { return reference_household(f, R); });
    auto more = households_in(personas, "persona ", [&](const fs::path& f) { return persona(f, R); });
    std::move(more.begin(), more.end(), std::back_inserter(in.households));
    if (in.households.empty()) {
        fmt::print(stderr, "borne bench : aucun foyer lisible dans {} ni dans {}\n", cases, personas);
        in.rules = nullptr;
    }
    return in;
}

/// The question a screen label names, without its person (« personne.handicap (personne 2) » → « personne.handicap »).
std::string question_of(const std::string& label) { return label.substr(0, label.find(" (")); }

/// --list: each household's screens in the order asked, then each question with the households that
/// saw it and the screens it cost: where the screens go, to see which ones most households could be spared.
void print_screens(const std::vector<Played>& played) {
    std::map<std::string, std::pair<int, int>> tally;  // question → households, screens
    for (const auto& p : played) {
        fmt::print("{} ({} persons, {} screens)\n", p.name, p.persons, p.visit.answer_screens);
        std::set<std::string> seen;
        for (std::size_t i = 0; i < p.visit.screens.size(); ++i) {
            fmt::print("  {:>2}. {}\n", i + 1, p.visit.screens[i]);
            auto& t = tally[question_of(p.visit.screens[i])];
            ++t.second;
            if (seen.insert(question_of(p.visit.screens[i])).second) ++t.first;
        }
    }
    std::vector<std::pair<std::string, std::pair<int, int>>> rows(tally.begin(), tally.end());
    std::stable_sort(rows.begin(), rows.end(), [](const auto& a, const auto& b) { return a.second.second > b.second.second; });
    fmt::print("Screens by question ({} households): households that saw it, screens\n", played.size());
    for (const auto& [question, t] : rows) fmt::print("  {:<40} {:>3} {:>4}\n", question, t.first, t.second);
}

}  // namespace

std::optional<std::string> question_screens_line(const Args& args) {
    Inputs in = read_inputs(args);
    if (!in.rules) return std::nullopt;
    auto played = play_all(in.rules, &*in.communes, std::move(in.households));
    std::vector<const Played*> all;
    for (const auto& p : played) all.push_back(&p);
    return fmt::format("question screens      {}   ({} households; borne bench --questions)", figures(all), all.size());
}

int command_bench_questions(const Args& args) {
    Inputs in = read_inputs(args);
    if (!in.rules) return exit_bad_input;
    auto played = play_all(in.rules, &*in.communes, std::move(in.households));
    if (args.has("--list")) print_screens(played);

    std::vector<const Played*> all, over, five, unfinished;
    std::vector<std::vector<const Played*>> by_size(7);
    for (const auto& p : played) {
        if (!p.visit.reached_results) unfinished.push_back(&p);
        all.push_back(&p);
        by_size[static_cast<std::size_t>(std::clamp(p.persons, 1, 6))].push_back(&p);
        if (p.visit.answer_screens > goal_max) over.push_back(&p);
        if (p.persons == 5) five.push_back(&p);
    }
    fmt::print("Question screens, each household played through the kiosk as a visitor answers "
               "(question and communes screens; a screen of several answers counts once)\n");
    fmt::print("  all             {:>3} households   {}\n", all.size(), figures(all));
    for (int size = 1; size <= 6; ++size) {
        const auto& group = by_size[static_cast<std::size_t>(size)];
        if (group.empty()) fmt::print("  {:<15} none\n", size_label(size));
        else fmt::print("  {:<15} {:>3} households   {}\n", size_label(size), group.size(), figures(group));
    }
    auto list = [](const std::vector<const Played*>& v) {
        std::string s;
        for (const Played* p : v) s += fmt::format("{}{} ({} persons) {}", s.empty() ? "" : ", ", p->name, p->persons, p->visit.answer_screens);
        return s.empty() ? std::string("none") : s;
    };
    fmt::print("over {} screens: {}\n", goal_max, list(over));
    fmt::print("families of five: {}\n", list(five));
    for (const auto& p : played)
        for (const auto& note : p.visit.dont_know) fmt::print("{} : {}\n", p.name, note);

    std::vector<int> screens;
    int family_max = 0;
    for (const Played* p : all) screens.push_back(p->visit.answer_screens);
    for (const Played* p : five) family_max = std::max(family_max, p->visit.answer_screens);
    double m = median(screens);
    auto met = [](bool ok) { return ok ? "met" : "NOT met"; };
    fmt::print("goal: median ≤ {:g}: {} ({:g}); none over {}: {} ({} over); a family of five under {}: {} ({})\n", goal_median,
               met(m <= goal_median), m, goal_max, met(over.empty()), over.size(), goal_family_of_five,
               met(!five.empty() && family_max < goal_family_of_five), five.empty() ? std::string("no household of five") : fmt::format("at most {}", family_max));
    for (const Played* p : unfinished) fmt::print(stderr, "{} : résultats non atteints : {}\n", p->name, p->visit.problem);
    return unfinished.empty() ? exit_ok : exit_failed;
}

}  // namespace borne::cli
