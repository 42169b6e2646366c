// borne simulate | next-question | situation: evaluating a household read from a file.
#include "cli_common.hpp"
#include "commands.hpp"

#include "borne/engine/reference_case.hpp"
#include "borne/engine/results.hpp"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

namespace borne::cli {

using nlohmann::json;

namespace {

struct Loaded {
    std::optional<engine::Situation> situation;
    json expected;  // reference cases only
};

std::optional<json> read_json_file(const std::string& path) {
    auto text = read_file(path);
    if (!text) {
        fmt::print(stderr, "{} : fichier illisible\n", path);
        return std::nullopt;
    }
    try {
        return json::parse(*text);
    } catch (const json::exception& e) {  // parse errors, and numbers too large to hold
        fmt::print(stderr, "{} : JSON illisible : {}\n", path, e.what());
        return std::nullopt;
    }
}

/// Reads a situation file, or a reference case with --from-reference; reports every problem with its place.
Loaded load_situation(const Args& args, const engine::RuleSet& rules, const std::string& path) {
    Loaded out;
    auto doc = read_json_file(path);
    if (!doc) return out;
    json situation_doc = *doc;
    if (args.has("--from-reference")) {
        auto imported = engine::import_reference_case(*doc);
        if (!imported.reference) {
            fmt::print(stderr, "{} : {}\n", path, imported.error);
            return out;
        }
        situation_doc = imported.reference->situation;
        out.expected = imported.reference->expected;
    }
    auto month = month_option(args);
    if (!month) {
        fmt::print(stderr, "--month : mois illisible (attendu AAAA-MM)\n");
        return out;
    }
    auto parsed = engine::parse_situation_document(situation_doc, rules, *month);
    for (const auto& e : parsed.errors) fmt::print(stderr, "{} : {}{}\n", path, e.path.empty() ? "" : e.path + " : ", e.message);
    if (parsed.situation && args.has("--month")) parsed.situation->month = *month;
    out.situation = std::move(parsed.situation);
    return out;
}

}  // namespace

int command_simulate(const Args& args) {
    if (args.positional().size() != 1) return usage_error("simulate attend un fichier : borne simulate SITUATION.json [--month AAAA-MM] [--format text|json]");
    std::string format = args.value("--format").value_or("text");
    if (format != "text" && format != "json") return usage_error("--format : text ou json");
    auto rules = load_rules_or_report(args);
    if (!rules) return exit_failed;
    Loaded loaded = load_situation(args, *rules, args.positional()[0]);
    if (!loaded.situation) return exit_bad_input;
    engine::Evaluation evaluation(*rules, *loaded.situation);
    if (args.has("--from-reference")) {
        fmt::print("{}\n", engine::reference_outputs(evaluation, loaded.expected).dump(1));
        return exit_ok;
    }
    auto results = evaluation.all_aids();
    auto next = engine::rank_questions(*rules, *loaded.situation);
    engine::ResultsOptions options{args.has("--trace"), &next};
    if (format == "json") fmt::print("{}\n", engine::results_to_json(evaluation, results, options).dump(1));
    else fmt::print("{}", engine::results_to_text(evaluation, results, options));
    return exit_ok;
}

int command_next_question(const Args& args) {
    if (args.positional().size() != 1) return usage_error("next-question attend un fichier : borne next-question SITUATION.json");
    auto rules = load_rules_or_report(args);
    if (!rules) return exit_failed;
    Loaded loaded = load_situation(args, *rules, args.positional()[0]);
    if (!loaded.situation) return exit_bad_input;
    auto ranked = engine::rank_questions(*rules, *loaded.situation);
    if (args.value("--format").value_or("text") == "json") {
        json out = json::array();
        for (const auto& q : ranked) out.push_back(engine::question_to_json(*rules, *loaded.situation, q));
        fmt::print("{}\n", out.dump(1));
        return exit_ok;
    }
    if (ranked.empty()) fmt::print("Aucune question utile : chaque aide est décidée (ou attend une réponse « je ne sais pas »).\n");
    for (std::size_t k = 0; k < ranked.size(); ++k) {
        const auto& q = ranked[k];
        fmt::print("{:2}. {:<40} score {:6.2f}  ({} aide(s) en attente)  {}\n", k + 1,
                   engine::ranked_path(*rules, *loaded.situation, q), q.score, q.aids_waiting,
                   engine::french().format(engine::ranked_message(*rules, *loaded.situation, q)));
    }
    return exit_ok;
}

int command_situation(const Args& args) {
    if (args.positional().size() != 1 || !args.has("--from-reference"))
        return usage_error("usage : borne situation --from-reference CAS.json");
    auto rules = load_rules_or_report(args);
    if (!rules) return exit_failed;
    Loaded loaded = load_situation(args, *rules, args.positional()[0]);
    if (!loaded.situation) return exit_bad_input;
    fmt::print("{}\n", engine::situation_to_json(*loaded.situation, *rules).dump(1));
    return exit_ok;
}

}  // namespace borne::cli
