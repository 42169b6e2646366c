// Problems found in rules files, situations and reference cases, each naming its place.
// Codes are stable (documented in rules/LANGAGE.md) so tests assert codes, never wording.
#pragma once

#include <string>
#include <vector>

namespace borne::engine {

struct SourceLocation {
    std::string file;  // relative to the rules folder, or the path given on the command line
    int line = 0;      // 1-based; 0 when unknown
    int column = 0;    // 1-based; 0 when unknown
};

enum class Severity { Error, Warning };

struct Diagnostic {
    Severity severity = Severity::Error;
    std::string code;     // "R021"
    SourceLocation where;
    std::string field;    // the key in the file ("valeurs", "formule", "étapes[2].formule")
    std::string message;  // plain French, for the maintainer

    /// "rules/aides/rsa.yaml:12:9: erreur R021 [formule] référence inconnue « foo »"
    std::string to_string() const;
};

class Diagnostics {
public:
    void error(std::string code, SourceLocation where, std::string field, std::string message);
    void warning(std::string code, SourceLocation where, std::string field, std::string message);
    void add(Diagnostic d) { m_items.push_back(std::move(d)); }
    void append(const Diagnostics& other);

    bool has_errors() const;
    std::size_t error_count() const;
    const std::vector<Diagnostic>& items() const { return m_items; }
    bool empty() const { return m_items.empty(); }

private:
    std::vector<Diagnostic> m_items;
};

}  // namespace borne::engine
