// Strict reading of rules files (internal to the engine): the house subset of YAML, keys checked
// against what each kind of file allows, every problem reported with file, line and field.
#pragma once

#include "borne/engine/diagnostic.hpp"

#include <optional>
#include <set>
#include <string>
#include <vector>
#include <yaml-cpp/yaml.h>

namespace borne::engine {

struct YamlFile {
    std::string path;  // as shown in diagnostics
    std::string text;
    YAML::Node root;
};

/// Offset of the first byte of `text` that is not valid UTF-8, or npos.
std::size_t invalid_utf8_at(std::string_view text);

/// Reads and parses a file; on failure reports R001 (syntax) or R002 (constructs outside the house style)
/// and returns nothing.
std::optional<YamlFile> read_yaml_file(const std::string& full_path, const std::string& shown_path, Diagnostics& diags);

SourceLocation location_of(const YamlFile& file, const YAML::Node& node);

/// Reads one mapping, remembering which keys were asked for, so that `finish()` can report
/// every other key as unknown (R003): a misspelt key must never be silently ignored.
class MapReader {
public:
    MapReader(const YamlFile& file, const YAML::Node& map, Diagnostics& diags, std::string context);

    bool valid() const { return m_valid; }
    /// The node under `key` (keys compare without accents), or an undefined node.
    YAML::Node get(std::string_view key);
    std::optional<std::string> text(std::string_view key, bool required = false);
    std::vector<std::string> text_list(std::string_view key);
    bool has(std::string_view key) const;
    SourceLocation where() const { return location_of(m_file, m_map); }
    SourceLocation where(std::string_view key);
    std::string field(std::string_view key) const { return m_context.empty() ? std::string(key) : m_context + "." + std::string(key); }
    void finish();

private:
    const YamlFile& m_file;
    YAML::Node m_map;
    Diagnostics& m_diags;
    std::string m_context;
    std::set<std::string> m_asked;
    bool m_valid = true;
};

/// Scalar text of a node, or nothing (with R010) when the node is a map or a list.
std::optional<std::string> scalar_text(const YamlFile& file, const YAML::Node& node, Diagnostics& diags,
                                       const std::string& field);

}  // namespace borne::engine
