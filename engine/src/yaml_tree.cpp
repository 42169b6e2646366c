#include "yaml_tree.hpp"

#include <yaml-cpp/yaml.h>
#include <yaml.h>

#include <algorithm>

namespace borne::engine::yaml {

const std::string& Node::Scalar() const {
    static const std::string none;
    return IsScalar() ? data().scalar : none;
}

std::size_t Node::size() const {
    if (IsMap()) return data().children.size() / 2;
    if (IsSequence()) return data().children.size();
    return 0;
}

Node Node::operator[](std::size_t k) const { return IsSequence() && k < size() ? child(k) : Node(); }

Node Node::operator[](std::string_view key) const {
    if (!IsMap()) return {};
    for (std::size_t k = 0; k < data().children.size(); k += 2)
        if (child(k).IsScalar() && child(k).Scalar() == key) return child(k + 1);
    return {};
}

Node::iterator Node::begin() const { return {*this, 0}; }
Node::iterator Node::end() const { return {*this, IsMap() || IsSequence() ? data().children.size() : 0}; }

void Node::iterator::load() {
    if (m_position >= m_parent.size() * (m_parent.IsMap() ? 2 : 1)) return;
    if (m_parent.IsMap()) {
        m_entry.first = m_parent.child(m_position);
        m_entry.second = m_parent.child(m_position + 1);
    } else {
        static_cast<Node&>(m_entry) = m_parent.child(m_position);
    }
}

namespace {

// Deeper than this, yaml-cpp reads the text: it refuses nesting past 2000 with its own message.
constexpr std::size_t max_depth = 200;

bool is_null_word(std::string_view s) { return s.empty() || s == "~" || s == "null" || s == "Null" || s == "NULL"; }

/// Positions as yaml-cpp gives them, from libyaml's: libyaml counts columns in characters, yaml-cpp
/// (and the diagnostics) in bytes.
class Positions {
public:
    explicit Positions(std::string_view text) : m_text(text) {
        m_line_starts.push_back(0);
        for (std::size_t i = 0; i < text.size(); ++i)
            if (text[i] == '\n') m_line_starts.push_back(i + 1);
    }
    std::size_t offset(const yaml_mark_t& m) const {
        if (m.line >= m_line_starts.size()) return m_text.size();
        std::size_t pos = m_line_starts[m.line];
        for (std::size_t c = 0; c < m.column && pos < m_text.size(); ++c) pos += utf8_width(static_cast<unsigned char>(m_text[pos]));
        return pos;
    }
    Mark at(std::size_t offset) const {
        auto line = static_cast<std::size_t>(std::upper_bound(m_line_starts.begin(), m_line_starts.end(), offset) - m_line_starts.begin() - 1);
        return {static_cast<int>(line), static_cast<int>(offset - m_line_starts[line])};
    }
    Mark at(const yaml_mark_t& m) const { return at(offset(m)); }
    /// Where yaml-cpp places an absent value (« clé: » or « - » with nothing after): at the next token,
    /// past blanks, line breaks and comments; libyaml places it right after the « : » or the « - ».
    Mark absent_value_at(const yaml_mark_t& m) const {
        std::size_t pos = offset(m);
        while (pos < m_text.size() && (m_text[pos] == ' ' || m_text[pos] == '\n' || m_text[pos] == '#')) {
            if (m_text[pos] == '#') pos = m_text.find('\n', pos);
            else ++pos;
        }
        return at(pos);
    }

private:
    static std::size_t utf8_width(unsigned char lead) { return lead < 0x80 ? 1 : lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4; }
    std::string_view m_text;
    std::vector<std::size_t> m_line_starts;
};

/// What libyaml and yaml-cpp could place or read differently: other line breaks, tabs, a byte-order
/// mark, a last line without its line break, explicit keys (« ? »).
bool outside_common_ground(std::string_view text) {
    if (text.empty() || text.back() != '\n') return true;
    for (std::string_view odd : {"\r", "\t", "\xC2\x85", "\xE2\x80\xA8", "\xE2\x80\xA9", "\xEF\xBB\xBF"})
        if (text.find(odd) != std::string_view::npos) return true;
    for (std::size_t line = 0; line < text.size(); line = text.find('\n', line) + 1) {
        std::size_t first = text.find_first_not_of(" -", line);
        if (first != std::string_view::npos && text[first] == '?' && (text[first + 1] == ' ' || text[first + 1] == '\n')) return true;
    }
    return false;
}

/// Reading with libyaml: nothing when libyaml refuses the text, when the text is outside the two
/// parsers' common ground, when it has anchors, tags, unusual keys or deep nesting, or when the
/// document is empty. yaml-cpp then reads it.
std::optional<Document> parse_with_libyaml(const std::string& text) {
    if (outside_common_ground(text)) return std::nullopt;
    yaml_parser_t parser;
    if (!yaml_parser_initialize(&parser)) return std::nullopt;
    struct ParserOwner {
        yaml_parser_t* p;
        ~ParserOwner() { yaml_parser_delete(p); }
    } owner{&parser};
    yaml_parser_set_input_string(&parser, reinterpret_cast<const unsigned char*>(text.data()), text.size());

    Positions positions(text);
    Document doc;
    std::vector<std::uint32_t> open;  // collections being read, innermost last
    auto add = [&](NodeData n) {
        auto index = static_cast<std::uint32_t>(doc.nodes.size());
        if (!open.empty()) doc.nodes[open.back()].children.push_back(index);
        doc.nodes.push_back(std::move(n));
        return index;
    };
    // Keys that are empty, on several lines or not texts: libyaml takes some that yaml-cpp refuses.
    auto key_position = [&] {
        return !open.empty() && doc.nodes[open.back()].type == Type::Map && doc.nodes[open.back()].children.size() % 2 == 0;
    };
    for (bool done = false; !done;) {
        yaml_event_t event;
        if (!yaml_parser_parse(&parser, &event)) return std::nullopt;
        struct EventOwner {
            yaml_event_t* e;
            ~EventOwner() { yaml_event_delete(e); }
        } event_owner{&event};
        NodeData n;
        n.mark = positions.at(event.start_mark);
        switch (event.type) {
            case YAML_STREAM_START_EVENT:
            case YAML_DOCUMENT_END_EVENT:
            case YAML_NO_EVENT: break;
            // libyaml reads to the end of the text, where yaml-cpp's Load stops after the first document
            // and could refuse what libyaml takes for the start of another one: several documents go to yaml-cpp.
            case YAML_DOCUMENT_START_EVENT:
                if (!doc.nodes.empty()) return std::nullopt;
                break;
            case YAML_STREAM_END_EVENT: done = true; break;
            case YAML_ALIAS_EVENT: return std::nullopt;
            case YAML_SCALAR_EVENT: {
                const auto& s = event.data.scalar;
                if (s.anchor || s.tag) return std::nullopt;
                std::string_view value(reinterpret_cast<const char*>(s.value), s.length);
                if (key_position() && (value.empty() || event.end_mark.line != event.start_mark.line)) return std::nullopt;
                if (s.style == YAML_PLAIN_SCALAR_STYLE && is_null_word(value)) {
                    if (value.empty()) n.mark = positions.absent_value_at(event.start_mark);
                } else {
                    n.type = Type::Scalar;
                    n.scalar = value;
                }
                add(std::move(n));
                break;
            }
            case YAML_SEQUENCE_START_EVENT:
            case YAML_MAPPING_START_EVENT: {
                bool map = event.type == YAML_MAPPING_START_EVENT;
                if (map ? event.data.mapping_start.anchor || event.data.mapping_start.tag
                        : event.data.sequence_start.anchor || event.data.sequence_start.tag)
                    return std::nullopt;
                if (key_position()) return std::nullopt;
                n.type = map ? Type::Map : Type::Sequence;
                n.flow = map ? event.data.mapping_start.style == YAML_FLOW_MAPPING_STYLE
                             : event.data.sequence_start.style == YAML_FLOW_SEQUENCE_STYLE;
                open.push_back(add(std::move(n)));
                if (open.size() > max_depth) return std::nullopt;
                break;
            }
            case YAML_SEQUENCE_END_EVENT:
            case YAML_MAPPING_END_EVENT: open.pop_back(); break;
        }
    }
    if (doc.nodes.empty() || doc.nodes.front().type == Type::Null) return std::nullopt;
    return doc;
}

void copy_from_yaml_cpp(const YAML::Node& node, Document& doc, std::optional<std::uint32_t> parent) {
    NodeData n;
    if (YAML::Mark m = node.Mark(); !m.is_null()) n.mark = {m.line, m.column};
    n.type = node.IsMap() ? Type::Map : node.IsSequence() ? Type::Sequence : node.IsScalar() ? Type::Scalar : Type::Null;
    n.flow = (node.IsMap() || node.IsSequence()) && node.Style() == YAML::EmitterStyle::Flow;
    if (node.IsScalar()) n.scalar = node.Scalar();
    auto index = static_cast<std::uint32_t>(doc.nodes.size());
    if (parent) doc.nodes[*parent].children.push_back(index);
    doc.nodes.push_back(std::move(n));
    if (node.IsMap()) {
        for (auto it = node.begin(); it != node.end(); ++it) {
            copy_from_yaml_cpp(it->first, doc, index);
            copy_from_yaml_cpp(it->second, doc, index);
        }
    } else if (node.IsSequence()) {
        for (const auto& item : node) copy_from_yaml_cpp(item, doc, index);
    }
}

}  // namespace

std::optional<Document> parse(const std::string& text, ParseError& error) {
    if (auto doc = parse_with_libyaml(text)) return doc;
    YAML::Node root;
    try {
        root = YAML::Load(text);
    } catch (const YAML::Exception& e) {
        error = {{e.mark.line, e.mark.column}, e.msg};
        return std::nullopt;
    }
    Document doc;
    copy_from_yaml_cpp(root, doc, std::nullopt);
    return doc;
}

}  // namespace borne::engine::yaml
