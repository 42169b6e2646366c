// Parser of the French expression language written inside rules files (internal to the engine).
//
// Hand-written recursive descent: the grammar is small (rules/LANGAGE.md), and a hand parser gives
// maintainers errors that point at the character and say what was expected.
#pragma once

#include "borne/engine/rules.hpp"

#include <string>
#include <string_view>

namespace borne::engine {

struct ParseError {
    std::uint32_t offset = 0;
    std::string message;
};

/// Parses `text` and appends its nodes to `rules`. On success returns the root node index.
/// On failure returns false and fills `error`; nodes already appended are left unused.
bool parse_expression(std::string_view text, RuleSet& rules, std::uint32_t& root, ParseError& error);

/// Identifiers are compared without accents or case: "âge" and "age" name the same thing, so a
/// maintainer's keyboard cannot break a rule.
std::string fold_name(std::string_view name);

}  // namespace borne::engine
