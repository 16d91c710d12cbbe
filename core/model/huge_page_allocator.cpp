#include "core/model/huge_page_allocator.h"

#include <sys/mman.h>

#include <cstdlib>

namespace initscope {

void* HugePageMemory::allocate(std::size_t bytes) {
    if (bytes < kHugeThreshold) return ::operator new(bytes);
    const std::size_t rounded = (bytes + kHugePage - 1) / kHugePage * kHugePage;
    void* p = std::aligned_alloc(kHugePage, rounded);
    if (p == nullptr) throw std::bad_alloc();
#ifdef MADV_HUGEPAGE
    madvise(p, rounded, MADV_HUGEPAGE);  // advice only: a refusal leaves ordinary pages
#endif
    return p;
}

void HugePageMemory::deallocate(void* p, std::size_t bytes) noexcept {
    if (bytes < kHugeThreshold)
        ::operator delete(p);
    else
        std::free(p);
}

}  // namespace initscope
