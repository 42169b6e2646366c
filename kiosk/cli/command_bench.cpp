// borne bench: the speed and memory figures of the engine, printed (targets in the issue tracker:
// load < 50 ms, all aids < 50 µs median, next question < 2 ms, a whole `borne simulate` < 100 ms).
#include "cli_common.hpp"
#include "commands.hpp"

#include "borne/runtime/paths.hpp"
#include "borne/engine/evaluator.hpp"
#include "borne/engine/next_question.hpp"
#include "borne/engine/reference_case.hpp"

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fcntl.h>
#include <fmt/format.h>
#include <nlohmann/json.hpp>
#include <spawn.h>
#include <sys/resource.h>
#include <sys/wait.h>

extern char** environ;

namespace borne::cli {

namespace {

using Clock = std::chrono::steady_clock;

double micros(Clock::duration d) { return std::chrono::duration<double, std::micro>(d).count(); }

/// Wall time of one `borne simulate --from-reference` process, output discarded.
double time_process(const char* self, const std::string& rules, const std::string& case_path) {
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0);
    std::vector<std::string> words{self, "simulate", "--from-reference", case_path, "--rules", rules};
    std::vector<char*> argv;
    for (auto& w : words) argv.push_back(w.data());
    argv.push_back(nullptr);
    auto start = Clock::now();
    pid_t pid = 0;
    if (posix_spawn(&pid, self, &actions, nullptr, argv.data(), environ) != 0) return -1;
    int status = 0;
    waitpid(pid, &status, 0);
    posix_spawn_file_actions_destroy(&actions);
    return micros(Clock::now() - start) / 1000.0;
}

// The two measured tasks, each in a function of its own that is never inlined, so that an instruction
// count can be taken of them alone, steadier than wall time on a shared machine:
//   valgrind --tool=callgrind --toggle-collect='*bench_all_aids*' borne bench --iterations 10
// (engine/tools/count-instructions does it for both).

[[gnu::noinline]] std::size_t bench_all_aids(const engine::RuleSet& rules, const engine::Situation& household) {
    engine::Evaluation e(rules, household);
    auto results = e.all_aids();
    return static_cast<std::size_t>(std::count_if(results.begin(), results.end(), [](const auto& r) { return r.status == engine::AidStatus::Eligible; }));
}

[[gnu::noinline]] std::size_t bench_next_question(const engine::RuleSet& rules, const engine::Situation& partial) {
    return engine::rank_questions(rules, partial).size();
}

}  // namespace

int command_bench(const Args& args, const char* self) {
    if (args.has("--printing")) return command_bench_printing(args);
    if (args.has("--questions")) return command_bench_questions(args);
    namespace fs = std::filesystem;
    std::string cases_dir = args.value("--cases").value_or(std::string(runtime::rules_dir()) + "/../../shared/reference-cases");
    int iterations = std::max(1, std::atoi(args.value("--iterations").value_or("2000").c_str()));
    std::string folder = args.value("--rules").value_or(runtime::rules_dir());

    // What the kiosk loads (no tests), and what `borne rules test` loads.
    std::vector<double> loads, loads_with_tests;
    std::shared_ptr<const engine::RuleSet> rules;
    for (int k = 0; k < 15; ++k) {
        auto start = Clock::now();
        auto result = engine::load_rules(folder, {.tests = false});
        loads.push_back(micros(Clock::now() - start) / 1000.0);
        rules = result.rules;
        if (!rules) return usage_error("règles refusées : lancez borne rules check");
        start = Clock::now();
        auto full = engine::load_rules(folder, {.tests = true});
        loads_with_tests.push_back(micros(Clock::now() - start) / 1000.0);
    }

    std::vector<engine::Situation> households;
    std::vector<std::string> case_paths;
    std::error_code ec;
    for (const auto& entry : fs::directory_iterator(cases_dir, ec)) {
        if (entry.path().extension() != ".json") continue;
        auto text = read_file(entry.path().string());
        if (!text) continue;
        auto doc = nlohmann::json::parse(*text, nullptr, false);
        if (doc.is_discarded()) continue;
        auto imported = engine::import_reference_case(doc);
        if (!imported.reference) continue;
        auto parsed = engine::parse_situation_document(imported.reference->situation, *rules, engine::Date::from_ymd(2026, 5, 1));
        if (!parsed.situation) continue;
        households.push_back(std::move(*parsed.situation));
        case_paths.push_back(entry.path().string());
    }
    if (households.empty()) return usage_error(fmt::format("aucun cas de référence lisible dans {}", cases_dir));

    std::vector<double> evals;
    std::size_t eligible = 0;
    for (int k = 0; k < iterations; ++k) {
        for (const auto& h : households) {
            auto start = Clock::now();
            eligible += bench_all_aids(*rules, h);
            evals.push_back(micros(Clock::now() - start));
        }
    }

    // Next question on partial households: nothing known, then all but the housing and the resources.
    std::vector<engine::Situation> partial;
    partial.push_back(engine::Situation::empty(*rules, engine::Date::from_ymd(2026, 5, 1)));
    for (const auto& h : households) {
        engine::Situation s = h;
        for (std::size_t i = 0; i < rules->inputs.size(); ++i) {
            const auto& in = rules->inputs[i];
            if (in.group == "logement") s.household[i] = {};
            if (in.input_type == engine::InputType::Amount)
                for (auto& p : s.persons) p[i] = {};
        }
        partial.push_back(std::move(s));
    }
    std::vector<double> nexts;
    int next_rounds = std::max(1, iterations / 50);
    for (int k = 0; k < next_rounds; ++k) {
        for (const auto& s : partial) {
            auto start = Clock::now();
            bench_next_question(*rules, s);
            nexts.push_back(micros(Clock::now() - start));
        }
    }

    // The kiosk's « Encore environ N questions »: each reference household played as the kiosk asks,
    // the estimate at each question compared with the questions that really remained.
    engine::EstimateAccuracy progress = engine::estimate_accuracy(*rules, households);
    Figures progress_time = figures(progress.estimate_ms);

    std::vector<double> processes;
    for (int k = 0; k < 10; ++k) processes.push_back(time_process(self, folder, case_paths[static_cast<std::size_t>(k) % case_paths.size()]));

    struct rusage usage {};
    getrusage(RUSAGE_SELF, &usage);
    Figures load = figures(loads), load_full = figures(loads_with_tests), eval = figures(evals), next = figures(nexts), proc = figures(processes);
    fmt::print("rules load            median {:8.2f} ms   p99 {:8.2f} ms   (target < 50 ms; {} aids, {} rules, {} parameters)\n", load.median, load.p99,
               rules->aids.size(), rules->rules.size(), rules->parameters.size());
    fmt::print("  with the tests      median {:8.2f} ms   (borne rules test)\n", load_full.median);
    fmt::print("all aids, 1 household median {:8.2f} µs   p99 {:8.2f} µs   (target < 50 µs; {} households × {} runs, {} aids)\n", eval.median,
               eval.p99, households.size(), iterations, rules->aids.size());
    fmt::print("next question         median {:8.2f} µs   p99 {:8.2f} µs   (target < 2 ms; {} partial households)\n", next.median, next.p99, partial.size());
    fmt::print("questions left        estimate off by {:.1f} on average ({:.0f} % of what remained), within 25 %: {:.0f} % of {} questions; "
               "counting every question still possible: off by {:.1f} ({:.0f} %)\n",
               progress.mean_error, 100 * progress.mean_relative_error, 100 * progress.within_quarter, progress.questions,
               progress.former_mean_error, 100 * progress.former_mean_relative_error);
    fmt::print("  estimate time       median {:8.2f} ms   p99 {:8.2f} ms   (once per answer; {} households played, {} to the end)\n",
               progress_time.median, progress_time.p99, households.size(), progress.complete);
    fmt::print("borne simulate process median {:7.2f} ms   p99 {:8.2f} ms   (target < 100 ms)\n", proc.median, proc.p99);
    fmt::print("peak resident memory  {:8.1f} MiB\n", static_cast<double>(usage.ru_maxrss) / 1024.0);
    if (auto screens = question_screens_line(args)) fmt::print("{}\n", *screens);
    fmt::print("(eligible results counted: {})\n", eligible);
    return exit_ok;
}

}  // namespace borne::cli
