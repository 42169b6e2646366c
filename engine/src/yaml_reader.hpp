// Strict reading of rules files (internal to the engine): the house subset of YAML, keys checked
// against what each kind of file allows, every problem reported with file, line and field.
#pragma once

#include "borne/engine/diagnostic.hpp"
#include "yaml_tree.hpp"

#include <optional>
#include <string>
#include <vector>

namespace borne::engine {

using YamlNode = yaml::Node;

struct YamlFile {
    std::string path;  // as shown in diagnostics
    std::string text;
    yaml::Document document;
    YamlNode root;  // in `document`
};

/// Offset of the first byte of `text` that is not valid UTF-8, or npos.
std::size_t invalid_utf8_at(std::string_view text);

/// Reads and parses a file; on failure reports R001 (syntax) or R002 (constructs outside the house style)
/// and returns nothing.
std::optional<YamlFile> read_yaml_file(const std::string& full_path, const std::string& shown_path, Diagnostics& diags);

SourceLocation location_of(const YamlFile& file, const YamlNode& node);

/// Reads one mapping, remembering which keys were asked for, so that `finish()` can report
/// every other key as unknown (R003): a misspelt key must never be silently ignored.
class MapReader {
public:
    MapReader(const YamlFile& file, const YamlNode& map, Diagnostics& diags, std::string context);

    bool valid() const { return m_valid; }
    /// The node under `key` (keys compare without accents), or an undefined node.
    YamlNode get(std::string_view key);
    std::optional<std::string> text(std::string_view key, bool required = false);
    std::vector<std::string> text_list(std::string_view key);
    bool has(std::string_view key) const;
    SourceLocation where() const { return location_of(m_file, m_map); }
    SourceLocation where(std::string_view key);
    std::string field(std::string_view key) const { return m_context.empty() ? std::string(key) : m_context + "." + std::string(key); }
    void finish();

private:
    struct Entry {
        std::string folded_key;
        YamlNode key, value;
        bool asked = false;
    };
    /// The index in m_entries of the first key that folds to `folded`, or npos.
    std::size_t find(std::string_view folded) const;

    const YamlFile& m_file;
    YamlNode m_map;
    Diagnostics& m_diags;
    std::string m_context;
    std::vector<Entry> m_entries;  // keys folded once: a map is asked for each of its keys
    bool m_valid = true;
};

/// Scalar text of a node, or nothing (with R010) when the node is a map or a list.
std::optional<std::string> scalar_text(const YamlFile& file, const YamlNode& node, Diagnostics& diags,
                                       const std::string& field);

}  // namespace borne::engine
