// The engine's formatter in the visitor's language: a TextSource backed by the kiosk's gettext
// catalogues (borne::i18n), so the engine itself stays free of them (arrows: engine ← kiosk). The
// engine's own templates are entries of the kiosk's catalogue (msgctxt their id); the rules' texts are
// the borne-regles domain, found by their French.
#pragma once

#include "borne/engine/formatter.hpp"
#include "borne/i18n/catalogue.hpp"

#include <string>

namespace borne::kiosk {

class CatalogueTexts final : public engine::TextSource {
public:
    explicit CatalogueTexts(const i18n::Catalogue& catalogue) : m_catalogue(catalogue) {}
    std::string engine_text(std::string_view id, std::string_view french) const override {
        return m_catalogue.tr(std::string(id).c_str(), std::string(french).c_str());
    }
    std::string engine_plural(std::string_view id, std::string_view singular, std::string_view plural, long n) const override {
        return m_catalogue.tr_n(std::string(id).c_str(), std::string(singular).c_str(), std::string(plural).c_str(), n);
    }
    std::string rules_text(std::string_view french) const override { return m_catalogue.rules_text(french); }
    std::string ordinal_category(long n) const override { return m_catalogue.ordinal_category(n); }

private:
    const i18n::Catalogue& m_catalogue;
};

/// A formatter that writes in one catalogue's language (it holds its text source).
class LanguageFormatter {
public:
    explicit LanguageFormatter(const i18n::Catalogue& catalogue) : m_texts(catalogue), m_formatter(&m_texts) {}
    LanguageFormatter(const LanguageFormatter&) = delete;
    LanguageFormatter& operator=(const LanguageFormatter&) = delete;
    const engine::Formatter& operator*() const { return m_formatter; }
    const engine::Formatter* operator->() const { return &m_formatter; }

private:
    CatalogueTexts m_texts;
    engine::Formatter m_formatter;
};

}  // namespace borne::kiosk
