#pragma once

namespace initscope {

/// The x86-64 instruction-set extensions InitScope's fast paths may use, and the one place that
/// decides which fast paths run. Every fast path is chosen the same way: code compiled for an
/// extension (the -mavx2 -mfma file random_kernels_avx2.cpp, or a function marked
/// INITSCOPE_TARGET_AVX2) is only called when CpuFeatures::active() has that extension; otherwise
/// the baseline x86-64 code runs. Each fast path gives exactly the bits of its baseline code (the
/// project builds with -ffp-contract=off and writes every fused multiply-add explicitly), so the
/// choice changes the speed only; tests/core/tst_fast_paths compares both.
struct CpuFeatures {
    bool avx2 = false;
    bool fma = false;
    bool avx512f = false;  ///< AVX-512 Foundation: HistogramSlots, MatrixProduct, TanhKernel
    bool f16c = false;     ///< half ↔ float conversion (TensorDtypes::to_float of float16)

    /// AVX2 and FMA together: what random_kernels_avx2.cpp needs.
    bool avx2_fma() const { return avx2 && fma; }

    /// What this CPU supports (cpuid, through __builtin_cpu_supports), detected once.
    static CpuFeatures detected();
    /// What the fast paths use: detected(), or nothing when the environment variable
    /// INITSCOPE_SIMD is "off" at the first call, or what set_active() last set.
    static CpuFeatures active();
    /// Makes active() return `features` limited to detected(), for tests and benchmarks that
    /// compare the fast and baseline paths. Call it while no kernel runs on another thread.
    static void set_active(CpuFeatures features);
};

}  // namespace initscope

/// INITSCOPE_TARGET_AVX2: compiles a function for AVX2 (GCC/Clang on x86-64). Call it only when
/// CpuFeatures::active().avx2 is true. Mark the baseline code it shares [[gnu::always_inline]]
/// so that each copy gets its own inlined instance.
#define INITSCOPE_TARGET_AVX2 __attribute__((target("avx2")))

/// INITSCOPE_TARGET_AVX512: compiles a function for AVX-512 Foundation (GCC/Clang on x86-64).
/// Call it only when CpuFeatures::active().avx512f is true. GCC 12 warns of an uninitialized
/// source in the unmasked forms of some AVX-512 intrinsics (max, min, conversions, gathers):
/// use their maskz_/mask_ forms with every lane on.
#define INITSCOPE_TARGET_AVX512 __attribute__((target("avx512f")))
