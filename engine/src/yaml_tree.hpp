// A parsed YAML document (internal to the engine): one flat array of nodes, read through small
// handles. libyaml builds it; yaml-cpp, many times slower, only takes over for what libyaml refuses
// or for constructs the rules never use, so that those keep exactly yaml-cpp's reading and messages.
// The handles keep the few yaml-cpp reading calls the loader uses (IsMap, Scalar, Mark, begin…).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace borne::engine::yaml {

enum class Type : std::uint8_t { Null, Scalar, Sequence, Map };

/// Where a node starts, as yaml-cpp counts: line and column from 0, the column in bytes.
struct Mark {
    int line = -1;
    int column = -1;
    bool is_null() const { return line < 0; }
};

struct NodeData {
    Type type = Type::Null;
    bool flow = false;  // written between brackets or braces
    Mark mark;
    std::string scalar;
    std::vector<std::uint32_t> children;  // a map alternates key and value
};

class Node {
public:
    Node() = default;  // undefined: what a lookup finds for a missing key
    Node(const NodeData* nodes, std::uint32_t index) : m_nodes(nodes), m_index(index) {}

    bool IsDefined() const { return m_nodes != nullptr; }
    bool IsNull() const { return m_nodes && data().type == Type::Null; }
    bool IsScalar() const { return m_nodes && data().type == Type::Scalar; }
    bool IsSequence() const { return m_nodes && data().type == Type::Sequence; }
    bool IsMap() const { return m_nodes && data().type == Type::Map; }
    bool IsFlow() const { return m_nodes && data().flow; }
    /// The text of a scalar; empty for anything else.
    const std::string& Scalar() const;
    Mark GetMark() const { return m_nodes ? data().mark : Mark{}; }
    /// Items of a sequence, entries of a map, 0 otherwise.
    std::size_t size() const;
    /// The item at `k` of a sequence, or undefined.
    Node operator[](std::size_t k) const;
    /// The value under the key written exactly `key` in a map, or undefined.
    Node operator[](std::string_view key) const;
    Node operator[](const char* key) const { return (*this)[std::string_view(key)]; }

    class iterator;
    iterator begin() const;
    iterator end() const;

private:
    const NodeData& data() const { return m_nodes[m_index]; }
    Node child(std::size_t k) const { return {m_nodes, data().children[k]}; }
    const NodeData* m_nodes = nullptr;
    std::uint32_t m_index = 0;
};

/// An entry met while iterating: the item of a sequence, or the key and value of a map.
struct Entry : Node {
    Node first, second;
};

class Node::iterator {
public:
    iterator(const Node& parent, std::size_t position) : m_parent(parent), m_position(position) { load(); }
    const Entry& operator*() const { return m_entry; }
    const Entry* operator->() const { return &m_entry; }
    iterator& operator++() {
        m_position += m_parent.IsMap() ? 2 : 1;
        load();
        return *this;
    }
    bool operator==(const iterator& other) const { return m_position == other.m_position; }

private:
    void load();
    Node m_parent;
    std::size_t m_position;
    Entry m_entry;
};

/// The nodes of one document; the root is node 0. Handles point into it: it moves, never copies.
struct Document {
    Document() = default;
    Document(Document&&) = default;
    Document& operator=(Document&&) = default;
    Document(const Document&) = delete;
    Document& operator=(const Document&) = delete;

    std::vector<NodeData> nodes;
    Node root() const { return {nodes.data(), 0}; }  // parse() always makes one, Null for an empty text
};

struct ParseError {
    Mark mark;
    std::string message;  // yaml-cpp's
};

/// Parses the first document of `text`; on failure, yaml-cpp's message and position.
std::optional<Document> parse(const std::string& text, ParseError& error);

}  // namespace borne::engine::yaml
