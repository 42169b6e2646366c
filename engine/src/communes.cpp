#include "borne/engine/communes.hpp"

#include <fmt/format.h>
#include <fstream>

namespace borne::engine {

namespace {

/// Splits one CSV line; fields may be quoted with "" for a quote inside.
bool split_csv(const std::string& line, std::vector<std::string>& out) {
    out.clear();
    std::string field;
    bool quoted = false;
    for (std::size_t i = 0; i < line.size(); ++i) {
        char c = line[i];
        if (quoted) {
            if (c == '"' && i + 1 < line.size() && line[i + 1] == '"') {
                field += '"';
                ++i;
            } else if (c == '"') {
                quoted = false;
            } else {
                field += c;
            }
        } else if (c == '"') {
            quoted = true;
        } else if (c == ',') {
            out.push_back(std::move(field));
            field.clear();
        } else if (c != '\r') {
            field += c;
        }
    }
    out.push_back(std::move(field));
    return !quoted;
}

}  // namespace

std::optional<CommuneDirectory> CommuneDirectory::load(const std::string& path, std::string& error) {
    std::ifstream in(path);
    if (!in) {
        error = fmt::format("{} : fichier des communes illisible (construit à l'installation : .ci/install-deps puis la compilation)", path);
        return std::nullopt;
    }
    CommuneDirectory d;
    std::vector<std::string> cells;
    int line_no = 0;
    bool header = false;
    for (std::string line; std::getline(in, line);) {
        ++line_no;
        if (line.starts_with("# source:")) d.m_source = line.substr(10);
        if (line.empty() || line[0] == '#') continue;
        if (!split_csv(line, cells)) {
            error = fmt::format("{}:{} : guillemet non refermé", path, line_no);
            return std::nullopt;
        }
        if (!header) {
            if (cells != std::vector<std::string>{"commune", "nom", "departement", "commune_parente", "codes_postaux"}) {
                error = fmt::format("{}:{} : en-tête inattendu", path, line_no);
                return std::nullopt;
            }
            header = true;
            continue;
        }
        if (cells.size() != 5 || cells[0].size() != 5) {
            error = fmt::format("{}:{} : ligne invalide", path, line_no);
            return std::nullopt;
        }
        Commune c{cells[0], cells[1], cells[2], cells[3], {}};
        for (std::size_t start = 0; start < cells[4].size();) {
            std::size_t end = cells[4].find(' ', start);
            if (end == std::string::npos) end = cells[4].size();
            if (end > start) c.postal_codes.push_back(cells[4].substr(start, end - start));
            start = end + 1;
        }
        std::size_t index = d.m_communes.size();
        if (!d.m_by_insee.emplace(c.insee, index).second) {
            error = fmt::format("{}:{} : commune {} en double", path, line_no, c.insee);
            return std::nullopt;
        }
        if (c.parent.empty())
            for (const auto& p : c.postal_codes) d.m_by_postal_code[p].push_back(index);
        d.m_communes.push_back(std::move(c));
    }
    if (!header) {
        error = fmt::format("{} : fichier vide", path);
        return std::nullopt;
    }
    return d;
}

std::vector<const Commune*> CommuneDirectory::by_postal_code(std::string_view postal_code) const {
    std::vector<const Commune*> out;
    auto it = m_by_postal_code.find(std::string(postal_code));
    if (it == m_by_postal_code.end()) return out;
    for (std::size_t i : it->second) out.push_back(&m_communes[i]);
    return out;
}

const Commune* CommuneDirectory::by_insee(std::string_view insee) const {
    auto it = m_by_insee.find(std::string(insee));
    return it == m_by_insee.end() ? nullptr : &m_communes[it->second];
}

}  // namespace borne::engine
