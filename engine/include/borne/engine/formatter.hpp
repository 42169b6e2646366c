// Writing messages (message.hpp) in one language: money, dates, ordinals, plurals, persons. Every
// screen, slip and command line formats through a Formatter, so « 1 368,55 € par mois » is written in
// one place, and a language is one more implementation of five functions.
//
// A language provides its words (text(), plural()) and its ways with numbers, dates and ordinals; the
// rest (money, persons, units, filling a template) is composed here from those, the same for all.
// french() is today's French, its words in one table (french_texts.cpp): a formatter reading a gettext
// catalogue implements text() with pgettext(id, French template) and plural() with npgettext, and the
// French table is then the catalogue's source.
#pragma once

#include "borne/engine/message.hpp"

#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace borne::engine {

class Formatter {
public:
    virtual ~Formatter() = default;

    // -- what a language provides ------------------------------------------------------------

    /// The template of a message: the translation of `source` when it is a rules text (its id then
    /// says where it comes from), else the formatter's own text for `id` (the id itself when it has none).
    virtual std::string_view text(std::string_view id, std::string_view source = {}) const = 0;
    /// The template of `id` in the plural form `n` takes in this language ("{n} an", "{n} ans").
    virtual std::string_view plural(std::string_view id, Decimal n) const = 0;
    /// A number with at most `decimals` places (all of them, or with `trim` no trailing zeros).
    virtual std::string number(Decimal d, int decimals, bool trim = false) const = 0;
    /// A date in full, as a letter writes it ("1er avril 2026").
    virtual std::string date(Date d) const = 0;
    /// A rank ("1er", "2e").
    virtual std::string ordinal(int n) const = 0;

    // -- the same for every language ---------------------------------------------------------

    /// The message in this language: its template with every {name} filled from its arguments.
    std::string format(const Message& m) const;
    /// `tmpl` with every {name} filled from `args` (a placeholder without its argument stays as written).
    std::string fill(std::string_view tmpl, const std::vector<Arg>& args) const;
    std::string value(const ArgValue& v) const;
    /// "1 368,55 €".
    std::string amount(Decimal d) const;
    /// "par mois", "par an", "une fois".
    std::string periodicity(Periodicity p) const;
    /// "153,01 € par mois"; a plain amount without periodicity.
    std::string money(const Money& m) const;
    /// The short way, for a QR code that holds few bytes: "153,01 €/mois".
    std::string money_short(const Money& m) const;
    /// "25 ans", "16,5 %", "3 mois".
    std::string measure(const Measure& m) const;
    /// "avril 2026".
    std::string month(Month m) const;
    /// "vous", "votre conjoint", "votre 2e enfant", "votre foyer".
    std::string person(const PersonRef& p) const;
    std::string no_value(NoValue v) const;
};

/// The French of the kiosk and the slip, byte for byte what they printed before there was a formatter.
const Formatter& french();

/// french()'s own words: every id with its French template, the source a catalogue's template (.pot)
/// is extracted from (msgctxt the id, msgid the French).
std::span<const std::pair<std::string_view, std::string_view>> french_texts();

}  // namespace borne::engine
