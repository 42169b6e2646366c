#include "yaml_reader.hpp"

#include "expr_parser.hpp"
#include "borne/engine/files.hpp"

#include <algorithm>
#include <fmt/format.h>
#include <fstream>
#include <sstream>

namespace borne::engine {

namespace {

// The house style forbids flow collections ("{a: 1}" splits "646,52 €" on its comma) except the empty
// map "{}", which tests use for an empty situation.
void check_style(const YamlFile& file, const YamlNode& node, Diagnostics& diags, int depth) {
    if (depth > 64) {
        diags.error("R002", location_of(file, node), "", "imbrication trop profonde");
        return;
    }
    if (node.IsMap() || node.IsSequence()) {
        if (node.IsFlow() && node.size() > 0) {
            diags.error("R002", location_of(file, node), "",
                        "écriture entre accolades ou crochets interdite : écrivez une clé ou un tiret par ligne");
            return;
        }
        if (node.IsMap()) {
            for (auto it = node.begin(); it != node.end(); ++it) {
                if (!it->first.IsScalar()) {
                    diags.error("R002", location_of(file, it->first), "", "une clé doit être un simple texte");
                    continue;
                }
                check_style(file, it->second, diags, depth + 1);
            }
        } else {
            for (const auto& item : node) check_style(file, item, diags, depth + 1);
        }
    }
}

}  // namespace

/// Offset of the first byte that is not valid UTF-8, or npos.
std::size_t invalid_utf8_at(std::string_view text) {
    std::size_t i = 0;
    while (i < text.size()) {
        auto c = static_cast<unsigned char>(text[i]);
        std::size_t len = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xE ? 3 : (c >> 3) == 0x1E ? 4 : 0;
        if (len == 0 || i + len > text.size()) return i;
        for (std::size_t k = 1; k < len; ++k)
            if ((static_cast<unsigned char>(text[i + k]) & 0xC0) != 0x80) return i;
        if (len == 2 && c < 0xC2) return i;  // overlong
        i += len;
    }
    return std::string_view::npos;
}

std::optional<YamlFile> read_yaml_file(const std::string& full_path, const std::string& shown_path, Diagnostics& diags) {
    auto text = read_file(full_path);
    if (!text) {
        diags.error("R001", {shown_path, 0, 0}, "", "fichier illisible");
        return std::nullopt;
    }
    YamlFile file{shown_path, std::move(*text), {}, {}};
    if (std::size_t bad = invalid_utf8_at(file.text); bad != std::string_view::npos) {
        int line = 1 + static_cast<int>(std::count(file.text.begin(), file.text.begin() + static_cast<std::ptrdiff_t>(bad), '\n'));
        diags.error("R001", {shown_path, line, 0}, "", "caractère invalide : le fichier doit être enregistré en UTF-8");
        return std::nullopt;
    }

    // Tabs and anchors are checked on the text: yaml-cpp expands aliases silently.
    int line = 1;
    bool ok = true;
    std::size_t line_start = 0;
    for (std::size_t i = 0; i <= file.text.size(); ++i) {
        if (i == file.text.size() || file.text[i] == '\n') {
            std::string_view l(file.text.data() + line_start, i - line_start);
            std::size_t tab = l.find('\t');
            if (tab != std::string_view::npos) {
                diags.error("R002", {shown_path, line, static_cast<int>(tab) + 1}, "", "tabulation interdite : indentez avec des espaces");
                ok = false;
            }
            std::size_t first = l.find_first_not_of(" -");
            if (first != std::string_view::npos && l[first] != '#') {
                std::size_t colon = l.find(": ");
                std::size_t value = colon == std::string_view::npos ? first : l.find_first_not_of(' ', colon + 2);
                if (value != std::string_view::npos && value < l.size() && (l[value] == '&' || l[value] == '*') &&
                    value + 1 < l.size() && l[value + 1] != ' ') {
                    diags.error("R002", {shown_path, line, static_cast<int>(value) + 1}, "",
                                "ancres et alias YAML (& et *) interdits : recopiez la valeur");
                    ok = false;
                }
            }
            ++line;
            line_start = i + 1;
        }
    }
    if (!ok) return std::nullopt;

    yaml::ParseError error;
    auto document = yaml::parse(file.text, error);
    if (!document) {
        diags.error("R001", {shown_path, error.mark.line + 1, error.mark.column + 1}, "", fmt::format("YAML illisible : {}", error.message));
        return std::nullopt;
    }
    file.document = std::move(*document);
    file.root = file.document.root();
    std::size_t before = diags.error_count();
    check_style(file, file.root, diags, 0);
    if (diags.error_count() != before) return std::nullopt;
    return file;
}

SourceLocation location_of(const YamlFile& file, const YamlNode& node) {
    yaml::Mark m = node.GetMark();
    if (m.is_null()) return {file.path, 0, 0};
    return {file.path, m.line + 1, m.column + 1};
}

std::optional<std::string> scalar_text(const YamlFile& file, const YamlNode& node, Diagnostics& diags,
                                       const std::string& field) {
    if (!node.IsDefined() || node.IsNull()) return std::string{};
    if (!node.IsScalar()) {
        // The usual cause in a sentence: « … compte : le montant … » reads as « clé: valeur ».
        bool sentence_cut = node.IsMap() && node.size() == 1 && node.begin()->first.IsScalar() &&
                            node.begin()->first.Scalar().find(' ') != std::string::npos;
        diags.error("R010", location_of(file, node), field,
                    sentence_cut ? "un texte est attendu ici, mais « : » suivi d'une espace coupe la phrase : "
                                   "écrivez « ; » ou mettez la phrase entre guillemets"
                                 : "un texte ou une valeur simple est attendu ici");
        return std::nullopt;
    }
    return node.Scalar();
}

MapReader::MapReader(const YamlFile& file, const YamlNode& map, Diagnostics& diags, std::string context)
    : m_file(file), m_map(map), m_diags(diags), m_context(std::move(context)) {
    if (!map.IsMap()) {
        m_valid = false;
        diags.error("R010", location_of(file, map), m_context, "une liste de clés (« clé: valeur ») est attendue ici");
        return;
    }
    m_entries.reserve(map.size());
    for (auto it = map.begin(); it != map.end(); ++it) {
        std::string key = fold_name(it->first.Scalar());
        if (find(key) != std::string::npos)
            diags.error("R005", location_of(file, it->first), field(it->first.Scalar()), "clé écrite deux fois");
        m_entries.push_back({std::move(key), it->first, it->second});
    }
}

std::size_t MapReader::find(std::string_view folded) const {
    for (std::size_t k = 0; k < m_entries.size(); ++k)
        if (m_entries[k].folded_key == folded) return k;
    return std::string::npos;
}

bool MapReader::has(std::string_view key) const { return find(fold_name(key)) != std::string::npos; }

YamlNode MapReader::get(std::string_view key) {
    std::string folded = fold_name(key);
    for (auto& e : m_entries)
        if (e.folded_key == folded) e.asked = true;
    std::size_t k = find(folded);
    return k == std::string::npos ? YamlNode() : m_entries[k].value;
}

SourceLocation MapReader::where(std::string_view key) {
    YamlNode n = get(key);
    return n.IsDefined() ? location_of(m_file, n) : where();
}

std::optional<std::string> MapReader::text(std::string_view key, bool required) {
    YamlNode n = get(key);
    if (!n.IsDefined() || n.IsNull()) {
        if (required && m_valid) m_diags.error("R004", where(), field(key), fmt::format("clé « {} » obligatoire", key));
        return std::nullopt;
    }
    return scalar_text(m_file, n, m_diags, field(key));
}

std::vector<std::string> MapReader::text_list(std::string_view key) {
    YamlNode n = get(key);
    std::vector<std::string> out;
    if (!n.IsDefined() || n.IsNull()) return out;
    if (n.IsScalar()) {
        out.push_back(n.Scalar());
        return out;
    }
    if (!n.IsSequence()) {
        m_diags.error("R010", location_of(m_file, n), field(key), "une liste (un tiret par ligne) est attendue");
        return out;
    }
    for (const auto& item : n)
        if (auto t = scalar_text(m_file, item, m_diags, field(key))) out.push_back(*t);
    return out;
}

void MapReader::finish() {
    for (const auto& e : m_entries)
        if (!e.asked)
            m_diags.error("R003", location_of(m_file, e.key), field(e.key.Scalar()), fmt::format("clé inconnue « {} »", e.key.Scalar()));
}

}  // namespace borne::engine
