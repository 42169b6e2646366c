// Writing messages (message.hpp) in one language: money, dates, ordinals, plurals, persons. Every
// screen, slip and command line formats through a Formatter, so « 1 368,55 € par mois » is written in
// one place, for every language.
//
// A language is a TextSource: the translation of the engine's own templates (french_texts.cpp, each
// with its id and its French, the plural forms from the language's rule) and of the rules' texts (by
// their French, as rules/ writes them). The engine has no catalogue of its own: the kiosk gives it a
// source backed by its gettext catalogues (borne::i18n), and without one the formatter writes French.
// Everything else (separators of numbers, ordinals, dates, money) is composed here from those texts,
// the same code for every language.
#pragma once

#include "borne/engine/message.hpp"

#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace borne::engine {

/// Where a formatter finds the words of one language.
class TextSource {
public:
    virtual ~TextSource() = default;
    /// The engine's own template `id` in this language; `french` is its French (the msgid).
    virtual std::string engine_text(std::string_view id, std::string_view french) const = 0;
    /// The form of the engine's template `id` that `n` takes in this language's plural rule.
    virtual std::string engine_plural(std::string_view id, std::string_view singular, std::string_view plural, long n) const = 0;
    /// A rules text (a question, an explanation template, an aid's name…) in this language; `french` as
    /// rules/ writes it. The French itself when the language has no translation of it.
    virtual std::string rules_text(std::string_view french) const = 0;
    /// The CLDR ordinal category of `n` in this language ("one", "two", "few", "many", "zero", "other"):
    /// which « ordinal.<category> » template writes the rank. French by default: « 1er », then « 2e ».
    virtual std::string ordinal_category(long n) const { return n == 1 ? "one" : "other"; }
};

class Formatter {
public:
    /// French from the engine's own table, the rules' texts as written; with a source, its language.
    explicit Formatter(const TextSource* source = nullptr) : m_source(source) {}

    /// The template of a message: the translation of `source` when it is a rules text (its id then
    /// says where it comes from), else the formatter's own text for `id` (the id itself when it has none).
    std::string text(std::string_view id, std::string_view source = {}) const;
    /// A rules text in this language (an aid's name, a document, a next step): the French without a source.
    std::string rules(std::string_view french) const;
    /// The template of `id` in the plural form `n` takes in this language ("{n} an", "{n} ans").
    std::string plural(std::string_view id, Decimal n) const;
    /// A number with at most `decimals` places (all of them, or with `trim` no trailing zeros), with
    /// this language's decimal and thousands separators.
    std::string number(Decimal d, int decimals, bool trim = false) const;
    /// A date in full, as a letter writes it ("1er avril 2026").
    std::string date(Date d) const;
    /// A rank ("1er", "2e").
    std::string ordinal(int n) const;

    /// The message in this language: its template with every {name} filled from its arguments.
    std::string format(const Message& m) const;
    /// An assumption (Evaluation::assumption) in this language: its template, and the value assumed
    /// (a choice's label, a text of the rules) in this language too.
    std::string assumption(const Message& m) const;
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

private:
    const TextSource* m_source;
};

/// The French of the kiosk and the slip, byte for byte what they printed before there was a formatter.
const Formatter& french();

/// One of the engine's own templates: its id (the catalogue's msgctxt), its French (the msgid) and,
/// for a count, its French plural (msgid_plural). i18n/catalogues extracts them from french_texts.cpp.
struct EngineText {
    std::string_view id;
    std::string_view french;
    std::string_view french_plural;  // empty: no plural form
};

/// The engine's own words: every id with its French template.
std::span<const EngineText> french_texts();

}  // namespace borne::engine
