#include "borne/i18n/catalogue.hpp"

#include <boost/locale/generator.hpp>
#include <boost/locale/message.hpp>

#include <unicode/locid.h>
#include <unicode/plurrule.h>
#include <unicode/unistr.h>

#include <cstdlib>
#include <filesystem>
#include <memory>

namespace borne::i18n {

std::string Catalogue::tr(const char* ctx, const char* msgid) const {
    if (!m_messages) return msgid;
    return boost::locale::pgettext(ctx, msgid, *m_messages);
}

std::string Catalogue::ordinal_category(long n) const {
    UErrorCode status = U_ZERO_ERROR;
    std::unique_ptr<icu::PluralRules> rules(icu::PluralRules::forLocale(icu::Locale(m_code.c_str()), UPLURAL_TYPE_ORDINAL, status));
    if (U_FAILURE(status) || !rules) return "other";  // every language has « other »
    std::string category;
    rules->select(static_cast<int32_t>(n)).toUTF8String(category);
    return category;
}

std::string Catalogue::spoken(const std::string& written) const {
    if (!m_messages || written.empty()) return written;  // an empty msgid would return the PO header
    return boost::locale::dgettext(spoken_domain, written.c_str(), *m_messages);
}

std::string Catalogue::tr_n(const char* ctx, const char* singular, const char* plural, long n) const {
    // French without a catalogue: its own rule (0 and 1 are singular), not gettext's English default.
    if (!m_messages) return n > 1 ? plural : singular;
    return boost::locale::npgettext(ctx, singular, plural, static_cast<int>(n), *m_messages);
}

std::string Catalogue::rules_text(std::string_view french) const {
    if (!m_messages || french.empty()) return std::string(french);
    // The extractor keeps a text without the final newline of a folded YAML block: the same key here.
    std::string_view key = french;
    while (!key.empty() && (key.back() == '\n' || key.back() == ' ')) key.remove_suffix(1);
    std::string found = boost::locale::dgettext(rules_domain, std::string(key).c_str(), *m_messages);
    return found == key ? std::string(french) : found;
}

std::string Catalogue::name() const {
    // TRANSLATORS: the name of this catalogue's language, written in itself (« English », « العربية »): the welcome screen's language button.
    return tr("nom de la langue", "Français");
}

bool Catalogue::rtl() const {
    // TRANSLATORS: "rtl" for a language written right to left, else "ltr" (not shown: sets the layout's direction).
    return tr("direction", "ltr") == "rtl";
}

std::string Catalogue::fill(const std::string& text, const char* french, fmt::format_args args) {
    try {
        return fmt::vformat(text, args);
    } catch (const fmt::format_error&) {
        // A translation with a placeholder the code does not give: the French, whose placeholders the
        // tests check, rather than an exception in the screen's thread.
        try {
            return fmt::vformat(french, args);
        } catch (const fmt::format_error&) {
            return french;
        }
    }
}

Catalogues::Catalogues() : m_languages{Catalogue{}} {}

Catalogues Catalogues::load(const std::string& dir, const std::vector<std::string>& codes, std::vector<LoadError>& errors,
                            const char* domain) {
    Catalogues out;
    boost::locale::generator gen;
    gen.add_messages_path(dir);
    gen.add_messages_domain(domain);          // the first added is the default one (tr)
    gen.add_messages_domain(rules_domain);
    gen.add_messages_domain(spoken_domain);   // a language without parole.mo has no spoken variants
    for (const auto& code : codes) {
        if (code.empty()) continue;
        std::filesystem::path mo = std::filesystem::path(dir) / code / "LC_MESSAGES" / (std::string(domain) + ".mo");
        if (!std::filesystem::exists(mo)) {
            if (code != "fr") errors.push_back({code, "catalogue introuvable : " + mo.string()});  // French reads its msgids
            continue;
        }
        try {
            Catalogue c{code, gen(code + ".UTF-8")};
            if (code == "fr") out.m_languages.front() = std::move(c);  // its Plural-Forms header, and still first
            else out.m_languages.push_back(std::move(c));
        } catch (const std::exception& e) {
            errors.push_back({code, mo.string() + " : " + e.what()});
        }
    }
    return out;
}

const Catalogue& Catalogues::get(std::string_view code) const {
    for (const auto& c : m_languages)
        if (c.code() == code) return c;
    return french();
}

std::string default_locale_dir() {
    if (const char* env = std::getenv("BORNE_LOCALE"); env && *env) return env;
    return BORNE_DEFAULT_LOCALE_DIR;
}

}  // namespace borne::i18n
