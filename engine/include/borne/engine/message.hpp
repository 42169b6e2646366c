// What the engine says to a visitor, as data: a message is a template id and typed values (amounts,
// dates, persons…), never a French sentence. A Formatter (formatter.hpp) writes it in a language: the
// same result reads « votre 2e enfant » in French and "your 2nd child" in English, and a translator
// can reorder the values since each has a name.
#pragma once

#include "borne/engine/date.hpp"
#include "borne/engine/decimal.hpp"
#include "borne/engine/rules.hpp"

#include <optional>
#include <string>
#include <variant>
#include <vector>

namespace borne::engine {

/// A sum of money: an amount paid (or, for a right in kind, what the household pays for it) and how
/// often. No periodicity: a plain amount, as in an explanation's figures.
struct Money {
    Decimal amount;
    std::optional<Periodicity> periodicity;
    bool in_kind = false;  // a right (free care): the amount is a cost to the household, not a sum received
    friend bool operator==(const Money&, const Money&) = default;
};

/// A number with its unit, other than money: years, months, days, a rate, a count (Unit::None).
struct Measure {
    Decimal value;
    Unit unit = Unit::None;
    friend bool operator==(const Measure&, const Measure&) = default;
};

/// A month of a year ("avril 2026").
struct Month {
    int year = 0;
    int month = 0;
    friend bool operator==(const Month&, const Month&) = default;
};

/// A person of the household as questions and explanations name them: the formatter says « vous »,
/// « votre conjoint », « votre 2e enfant » (an ordinal: in Arabic it agrees in gender, so it is no
/// number pasted into a sentence).
struct PersonRef {
    enum class Role : std::uint8_t { Household, Claimant, Partner, Child };
    Role role = Role::Household;
    int ordinal = 0;  // a child's rank among the children, from 1
    friend bool operator==(const PersonRef&, const PersonRef&) = default;
};

/// A value the evaluation does not have: unknown, not applicable, an error in the rules, or of no kind.
enum class NoValue : std::uint8_t { Unknown, NotApplicable, Error, Invalid };

/// A word or phrase of the formatter's own table, by id ("(début non précisé)").
struct TextId {
    std::string id;
    friend bool operator==(const TextId&, const TextId&) = default;
};

/// One value of a message. A std::string is a text from the rules (a choice's label, a commune), shown as is.
using ArgValue = std::variant<std::string, Money, Measure, Date, Month, PersonRef, bool, TextId, NoValue>;

struct Arg {
    std::string name;  // the placeholder it fills: {montant} is filled by the argument named "montant"
    ArgValue value;
    friend bool operator==(const Arg&, const Arg&) = default;
};

/// A text for the visitor: `id` names it for good (a catalogue's key), `text` is its French template
/// when it comes from the rules (a question, an explanation, a « si_non »), empty when it is one of the
/// engine's own (the formatter's table holds it). Placeholders are `{name}`, filled from `args`.
struct Message {
    std::string id;
    std::string text;
    std::vector<Arg> args;
    bool empty() const { return id.empty() && text.empty(); }
    friend bool operator==(const Message&, const Message&) = default;
};

}  // namespace borne::engine
