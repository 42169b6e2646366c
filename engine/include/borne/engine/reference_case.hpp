// Reference cases (../shared/reference-cases, FORMAT.md there): a household with the amounts the
// reference engine computes for it. We turn its household into our situation format, and our results
// into its output keys, so the two engines can be compared aid by aid.
#pragma once

#include "borne/engine/evaluator.hpp"

#include <nlohmann/json.hpp>
#include <string>

namespace borne::engine {

struct ReferenceCase {
    std::string name;
    nlohmann::json situation;  // in our situation format
    nlohmann::json expected;
};

struct ReferenceImport {
    std::optional<ReferenceCase> reference;
    std::string error;  // names the place in the file
};

ReferenceImport import_reference_case(const nlohmann::json& document);

/// One JSON object with exactly the keys of `expected`, computed through rules/references/:
/// euros rounded to the cent, choices as their value, null where not covered or not applicable.
nlohmann::json reference_outputs(Evaluation& evaluation, const nlohmann::json& expected);

}  // namespace borne::engine
