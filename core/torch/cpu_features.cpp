#include "core/torch/cpu_features.h"

#include <cpuid.h>

#include <atomic>
#include <cstdlib>
#include <cstring>

namespace initscope {

namespace {

constexpr unsigned kAvx2 = 1U, kFma = 2U, kAvx512f = 4U, kF16c = 8U;

unsigned bits_of(const CpuFeatures& f) {
    return (f.avx2 ? kAvx2 : 0U) | (f.fma ? kFma : 0U) | (f.avx512f ? kAvx512f : 0U) |
           (f.f16c ? kF16c : 0U);
}

CpuFeatures features_of(unsigned bits) {
    CpuFeatures f;
    f.avx2 = (bits & kAvx2) != 0;
    f.fma = (bits & kFma) != 0;
    f.avx512f = (bits & kAvx512f) != 0;
    f.f16c = (bits & kF16c) != 0;
    return f;
}

unsigned detected_bits() {
    static const unsigned bits = [] {
        __builtin_cpu_init();
        CpuFeatures f;
        f.avx2 = __builtin_cpu_supports("avx2") != 0;
        f.fma = __builtin_cpu_supports("fma") != 0;
        f.avx512f = __builtin_cpu_supports("avx512f") != 0;
        // F16C (CPUID.1:ECX bit 29; not every compiler's __builtin_cpu_supports knows it), and
        // AVX for its 256-bit form (__builtin_cpu_supports also checks the OS saves YMM state)
        unsigned eax = 0, ebx = 0, ecx = 0, edx = 0;
        f.f16c = __get_cpuid(1, &eax, &ebx, &ecx, &edx) != 0 && (ecx & (1U << 29)) != 0 &&
                 __builtin_cpu_supports("avx") != 0;
        return bits_of(f);
    }();
    return bits;
}

/// The active set, read on every fast-path choice (a relaxed load).
std::atomic<unsigned>& active_bits() {
    static std::atomic<unsigned> bits = [] {
        const char* simd = std::getenv("INITSCOPE_SIMD");
        return simd != nullptr && std::strcmp(simd, "off") == 0 ? 0U : detected_bits();
    }();
    return bits;
}

}  // namespace

CpuFeatures CpuFeatures::detected() {
    return features_of(detected_bits());
}

CpuFeatures CpuFeatures::active() {
    return features_of(active_bits().load(std::memory_order_relaxed));
}

void CpuFeatures::set_active(CpuFeatures features) {
    active_bits().store(bits_of(features) & detected_bits(), std::memory_order_relaxed);
}

}  // namespace initscope
