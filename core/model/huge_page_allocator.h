#pragma once

#include <cstddef>
#include <new>

namespace initscope {

/// Raw memory for big arrays: blocks of at least kHugeThreshold bytes are aligned to 2 MiB and
/// advised to the kernel as transparent huge pages (madvise MADV_HUGEPAGE, which Debian's default
/// "madvise" THP mode needs), so that filling a 64 MiB tensor takes 32 page faults instead of
/// 16,384. Smaller blocks come from operator new. Where the advice is refused (no THP) the
/// memory is ordinary memory; nothing else changes.
class HugePageMemory {
public:
    static constexpr std::size_t kHugeThreshold = std::size_t{4} << 20;
    static constexpr std::size_t kHugePage = std::size_t{2} << 20;

    /// Throws std::bad_alloc when the memory cannot be had.
    static void* allocate(std::size_t bytes);
    /// Frees a block of allocate(bytes).
    static void deallocate(void* p, std::size_t bytes) noexcept;
};

/// A std::allocator-compatible allocator on HugePageMemory (for std::vector of floats).
template <typename T>
struct HugePageAllocator {
    using value_type = T;

    HugePageAllocator() noexcept = default;
    template <typename U>
    HugePageAllocator(const HugePageAllocator<U>&) noexcept {}

    T* allocate(std::size_t n) {
        if (n > static_cast<std::size_t>(-1) / sizeof(T)) throw std::bad_array_new_length();
        return static_cast<T*>(HugePageMemory::allocate(n * sizeof(T)));
    }
    void deallocate(T* p, std::size_t n) noexcept { HugePageMemory::deallocate(p, n * sizeof(T)); }

    template <typename U>
    bool operator==(const HugePageAllocator<U>&) const noexcept {
        return true;
    }
};

}  // namespace initscope
