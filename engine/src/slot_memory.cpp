#include "borne/engine/slot_memory.hpp"

#include <new>
#include <tuple>
#include <utility>
#include <vector>

namespace borne::engine {

namespace {

/// The blocks this thread has given back, freed when it ends. A household's evaluation holds about
/// a dozen at once (its months and their probes); more than this many kept would only hold memory.
struct Kept {
    static constexpr std::size_t most = 32;
    std::vector<std::pair<void*, std::size_t>> blocks;
    Kept();
    ~Kept();
};

// Whether this thread's Kept still exists: an evaluation destroyed after it (one held by a static
// object) frees its block itself. A plain bool, readable at any time.
thread_local bool kept_alive = false;
thread_local Kept kept;

Kept::Kept() {
    blocks.reserve(most);
    kept_alive = true;
}

Kept::~Kept() {
    kept_alive = false;
    for (auto [data, size] : blocks) ::operator delete(data);  // unsized: clang 14 has no sized delete by default
}

}  // namespace

SlotMemory::SlotMemory(std::size_t bytes) {
    // The last block given back that is large enough (all are the same size for one rule set).
    for (std::size_t k = kept.blocks.size(); k-- > 0;) {
        if (kept.blocks[k].second < bytes) continue;
        std::tie(m_data, m_size) = kept.blocks[k];
        kept.blocks.erase(kept.blocks.begin() + static_cast<std::ptrdiff_t>(k));
        return;
    }
    m_data = ::operator new(bytes);
    m_size = bytes;
}

SlotMemory::~SlotMemory() {
    if (kept_alive && kept.blocks.size() < Kept::most) kept.blocks.emplace_back(m_data, m_size);
    else ::operator delete(m_data);
}

}  // namespace borne::engine
