// Results of a simulation as data: JSON (for the kiosk, the slip and other programs) and text (for a
// person at a terminal). Also the trace behind each amount: the rules, parameters and answers used.
#pragma once

#include "borne/engine/evaluator.hpp"
#include "borne/engine/formatter.hpp"
#include "borne/engine/next_question.hpp"

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace borne::engine {

struct TraceRule {
    std::string id;
    std::string label;
    std::string person;  // "" for the household
    std::string value;
    std::string where;   // file:line of the rule
};

struct TraceParameter {
    std::string id;
    std::string label;
    std::string value;
    std::string since;   // date the value is in force from
    std::string source;
    std::string link;
};

struct TraceInput {
    std::string id;
    std::string person;
    std::string value;
};

struct Trace {
    std::vector<TraceRule> rules;
    std::vector<TraceParameter> parameters;
    std::vector<TraceInput> inputs;
};

/// What produced an aid's result, read from the evaluation's cache (so evaluate the aid first).
Trace trace_aid(Evaluation& evaluation, int aid);

struct ResultsOptions {
    bool with_trace = false;
    const std::vector<RankedQuestion>* next_questions = nullptr;
    /// The language of the texts (reasons, explanations, questions, amounts); the trace stays French.
    const Formatter* formatter = &french();
};

nlohmann::json results_to_json(Evaluation& evaluation, const std::vector<AidResult>& results, const ResultsOptions& options);
std::string results_to_text(Evaluation& evaluation, const std::vector<AidResult>& results, const ResultsOptions& options);

/// One ranked question as JSON: id, person, path, text, help, type, allowed answers.
nlohmann::json question_to_json(const RuleSet& rules, const Situation& situation, const RankedQuestion& q, const Formatter& formatter = french());

std::string_view periodicity_name(Periodicity p);

}  // namespace borne::engine
