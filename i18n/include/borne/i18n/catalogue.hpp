// The visitor's texts in each shipped language: gettext catalogues (assets/locale/<lang>/borne.po,
// compiled to .mo at build time) read through Boost.Locale. French is the msgid: a language without its
// catalogue, or a text without its translation, reads French. No UI, printer or database here: the kiosk
// and the slip both use it.
#pragma once

#include <fmt/format.h>

#include <locale>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace borne::i18n {

/// Marks a text for extraction (i18n/catalogues) where it is defined; it is translated where it is
/// shown, with tr(context, text).
constexpr const char* N_(const char* /*context*/, const char* text) { return text; }

/// The gettext domain of the kiosk's own texts (assets/locale/*/borne.po), with the engine's.
inline constexpr const char* kiosk_domain = "borne";
/// The gettext domain of the spoken variants (assets/locale/*/parole.po, optional per language).
inline constexpr const char* spoken_domain = "parole";
/// The gettext domain of the rules' texts (assets/locale/*/borne-regles.po, i18n/rules-texts), compiled
/// without their context: a rules text is found by its French.
inline constexpr const char* rules_domain = "borne-regles";

/// One language's messages. Cheap to copy (the catalogue itself is shared).
class Catalogue {
public:
    /// French from the msgids themselves (no file needed).
    Catalogue() = default;
    Catalogue(std::string code, std::locale messages) : m_code(std::move(code)), m_messages(std::move(messages)) {}

    /// "fr", "en", "ar".
    const std::string& code() const { return m_code; }
    /// The language named in itself (« Français », « English », « العربية »): an entry of its own catalogue.
    std::string name() const;
    /// Written right to left: the catalogue says so (msgctxt "direction", msgid "ltr" → "rtl").
    bool rtl() const;

    /// The text in this language (msgctxt `ctx`, msgid the French text).
    std::string tr(const char* ctx, const char* msgid) const;
    /// How a text of this language is said aloud: its spoken variant when the language has one for it
    /// (assets/locale/<code>/parole.po, domain « parole »: msgid the text as written in borne.po,
    /// msgstr the text to give the synthesiser: Arabic vowelled where the written text is not), else
    /// the text itself. A whole text only: a text with an amount filled in is said as written.
    std::string spoken(const std::string& written) const;
    /// The form of `n` this language's plural rule picks (the PO header's Plural-Forms).
    std::string tr_n(const char* ctx, const char* singular, const char* plural, long n) const;

    /// The CLDR ordinal category of `n` in this language (ICU's ordinal plural rules): "one", "two",
    /// "few", "many", "zero" or "other". English: 1st, 2nd, 3rd, 4th, 11th, 21st; French: 1er, 2e.
    /// gettext's plural forms count things and cannot say it (« 21st » but « 11th »).
    std::string ordinal_category(long n) const;

    /// A rules text (a question, an aid's name, a reason…) in this language, found by its French as
    /// rules/ writes it; the French itself when this language has not translated it (or not since it changed).
    std::string rules_text(std::string_view french) const;

    /// tr, then its named placeholders (« Votre code : {code} ») filled: fmt::arg("code", …). A
    /// translation whose placeholders do not match the French falls back to the French text rather
    /// than throwing at the screen.
    template <class... Args>
    std::string trf(const char* ctx, const char* msgid, const Args&... args) const {
        return fill(tr(ctx, msgid), msgid, fmt::make_format_args(args...));
    }
    /// tr_n with its placeholders; `{n}` is the count.
    template <class... Args>
    std::string trf_n(const char* ctx, const char* singular, const char* plural, long n, const Args&... args) const {
        auto count = fmt::arg("n", n);
        return fill(tr_n(ctx, singular, plural, n), n > 1 ? plural : singular, fmt::make_format_args(count, args...));
    }

private:
    std::string m_code = "fr";
    std::optional<std::locale> m_messages;  // none: the msgids (French)

    static std::string fill(const std::string& text, const char* french, fmt::format_args args);
};

struct LoadError {
    std::string language;
    std::string message;  // names the file
};

/// The shipped languages, each with its catalogue; the first is the default (French).
class Catalogues {
public:
    /// Only French, from the msgids.
    Catalogues();
    /// Each language's `dir/<code>/LC_MESSAGES/<domain>.mo` ("fr" needs none). A language whose file
    /// is missing is left out and reported in `errors`; French is always there.
    static Catalogues load(const std::string& dir, const std::vector<std::string>& codes, std::vector<LoadError>& errors,
                           const char* domain = kiosk_domain);

    const std::vector<Catalogue>& languages() const { return m_languages; }
    /// The catalogue of `code`, or French when that language is not shipped.
    const Catalogue& get(std::string_view code) const;
    const Catalogue& french() const { return m_languages.front(); }

private:
    std::vector<Catalogue> m_languages;
};

/// Where the compiled catalogues are: $BORNE_LOCALE, else the build's own (set by CMake).
std::string default_locale_dir();

}  // namespace borne::i18n
