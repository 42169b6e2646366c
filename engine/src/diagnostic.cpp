#include "borne/engine/diagnostic.hpp"

#include <algorithm>
#include <fmt/format.h>

namespace borne::engine {

std::string Diagnostic::to_string() const {
    std::string place = where.file;
    if (where.line > 0) place += fmt::format(":{}", where.line);
    if (where.line > 0 && where.column > 0) place += fmt::format(":{}", where.column);
    return fmt::format("{}: {} {}{}: {}", place, severity == Severity::Error ? "erreur" : "avertissement", code,
                       field.empty() ? "" : " [" + field + "]", message);
}

void Diagnostics::error(std::string code, SourceLocation where, std::string field, std::string message) {
    m_items.push_back({Severity::Error, std::move(code), std::move(where), std::move(field), std::move(message)});
}

void Diagnostics::warning(std::string code, SourceLocation where, std::string field, std::string message) {
    m_items.push_back({Severity::Warning, std::move(code), std::move(where), std::move(field), std::move(message)});
}

void Diagnostics::append(const Diagnostics& other) {
    m_items.insert(m_items.end(), other.m_items.begin(), other.m_items.end());
}

bool Diagnostics::has_errors() const { return error_count() > 0; }

std::size_t Diagnostics::error_count() const {
    return static_cast<std::size_t>(
        std::count_if(m_items.begin(), m_items.end(), [](const Diagnostic& d) { return d.severity == Severity::Error; }));
}

}  // namespace borne::engine
