// What a text says aloud: a screen's written text rewritten for the synthesiser, from a data file per
// language (assets/speech/fr.yaml, en.yaml). espeak-ng reads « RSA » as a word, « n° » as « n »,
// « 01/04/2026 » digit by digit and « 2e » as « deux e » (platform.md §4.1); the file says how
// people say them, and this code only finds them in the text.
#pragma once

#include <map>
#include <memory>
#include <regex>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace borne::speech {

/// A mistake in a speech data file, with its place.
struct DataError {
    std::string file;
    int line = 0;       // 1-based; 0 when the file could not be read
    std::string field;  // "sigles.RSA"
    std::string message;
    std::string to_string() const;
};

/// The rules of one language, as its data file writes them.
struct SpeechRules {
    std::vector<std::pair<std::string, std::string>> characters;     // « ’ » → « ' », no-break spaces → space
    std::map<std::string, std::string> acronyms;                     // whole words: « RSA » → « èr-èss-a »
    std::vector<std::pair<std::string, std::string>> abbreviations;  // anywhere: « n° » → « numéro »
    std::string ordinal;                                             // « {n}ème » for « 2e »; empty: none
    std::string first_feminine;                                      // « première » for « 1re »
    std::string link;                                                // said instead of a web address; empty: read as written
    std::vector<std::string> months;                                 // twelve names, January first
    std::string first_day;                                           // day 1 in a date: « 1er »
    std::string date;                                                // « {jour} {mois} {annee} »
    std::string decimal_separator;                                   // « , »
    std::string thousands_separators;                                // characters grouping thousands (after `characters`)
    std::string currency;                                            // « € »
    std::string amount;                                              // « {euros} euros »
    std::string amount_with_cents;                                   // « {euros} euros {centimes} »
    std::string cents_only;                                          // « {centimes} centimes »
};

class Normaliser {
public:
    /// Reads a data file's text; `file` names it in the errors.
    static std::pair<std::optional<Normaliser>, std::vector<DataError>> parse(const std::string& yaml_text, const std::string& file);
    static std::pair<std::optional<Normaliser>, std::vector<DataError>> read(const std::string& path);

    /// The text as it should be said. In order: characters, web addresses, dates, amounts, abbreviations, whole
    /// words (acronyms, ordinals), then spaces collapsed. espeak-ng reads « 1 234 » and « 10 000 »
    /// right by itself.
    std::string spoken(std::string_view written) const;

    const SpeechRules& rules() const { return m_rules; }

private:
    explicit Normaliser(SpeechRules rules);
    SpeechRules m_rules;
    // The amount patterns depend on the file's separators and currency: compiled once (std::regex
    // takes longer to build than to run).
    std::shared_ptr<const std::regex> m_amount_after, m_amount_before;

    std::string links(std::string text) const;
    std::string dates(std::string text) const;
    std::string amounts(std::string text) const;
    std::string abbreviations(std::string text) const;
    std::string words(const std::string& text) const;
    std::string word(const std::string& w) const;
};

}  // namespace borne::speech
