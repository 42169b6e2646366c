// Raw memory for an evaluation's cache, recycled within a thread.
//
// Why: an evaluation asks for some 30 kB of cache, and so does each other month it visits (a dozen per
// household). A request that large makes the C allocator first tidy every small block freed since the
// last one (malloc_consolidate), which cost a few percent of evaluating a household. Blocks given back
// are kept, a few per thread, for the next evaluation of that thread.
#pragma once

#include <cstddef>

namespace borne::engine {

class SlotMemory {
public:
    /// At least `bytes` bytes, aligned for any type, contents unspecified.
    explicit SlotMemory(std::size_t bytes);
    ~SlotMemory();
    SlotMemory(const SlotMemory&) = delete;
    SlotMemory& operator=(const SlotMemory&) = delete;

    void* data() const { return m_data; }

private:
    void* m_data = nullptr;
    std::size_t m_size = 0;
};

}  // namespace borne::engine
