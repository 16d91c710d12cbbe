#pragma once

// Private to initscope_torch: the AVX2+FMA kernels of random_kernels_avx2.cpp (compiled with
// -mavx2 -mfma) and their AVX-512F twins in random_kernels_avx512.cpp (compiled with -mavx512f).
// Each function computes exactly the same bits as the scalar code in torch_generator.cpp /
// random_kernels.cpp; only call an _avx2 function when CpuFeatures::active().avx2_fma() and an
// _avx512 one when CpuFeatures::active().avx512f (core/torch/cpu_features.h) is true.

#include <cstddef>
#include <cstdint>

namespace initscope::detail {

/// One MT19937 twist of the 624-word state in place (same result as the scalar twist).
void mt_twist_avx2(uint32_t* state);

/// out[i] = fmaf(float(temper(words[i]) & 0xFFFFFF) * 2^-24, range, from) for i < n (fma flavour
/// uniform_, torch-parity.md section 3); with `fused` false: x*range + from, two roundings
/// (portable flavour).
void uniform_from_words_avx2(const uint32_t* words, float* out, std::size_t n, float from,
                             float range, bool fused);

/// The fma flavour's fill16 (PyTorch's normal_fill_16_AVX2 with log256_ps/sincos256_ps and
/// GCC's contractions) on `blocks` consecutive blocks of 16 floats starting at data.
void normal_fill16_fma_avx2(float* data, std::size_t blocks, float mean, float stddev);

/// ATen's calc_erfinv in place on values[0, n), the same bits as the scalar erfinv of
/// random_kernels.cpp (which calls glibc's erff/expf/logf; replicated here as glibc 2.36 computes
/// them on an AVX2+FMA CPU). Groups it cannot do exactly (|y| >= 1, NaN, huge iterates) and the
/// last n % 8 values go to fallback_erfinv. Returns how many values were done by the vector code.
/// Only call it when erfinv_avx2_matches_libm() is true.
std::size_t erfinv_avx2(float* values, std::size_t n, bool fused, float two_over_sqrt_pi);

/// The scalar erfinv on values[0, n) (defined in random_kernels.cpp, compiled without AVX2).
void fallback_erfinv(float* values, std::size_t n, bool fused);

/// The AVX-512F twins of the functions above: the same contracts, sixteen lanes at a time (the
/// erfinv tail of n % 16 values in masked lanes instead of the scalar code).
void mt_twist_avx512(uint32_t* state);
void uniform_from_words_avx512(const uint32_t* words, float* out, std::size_t n, float from,
                               float range, bool fused);
void normal_fill16_fma_avx512(float* data, std::size_t blocks, float mean, float stddev);
std::size_t erfinv_avx512(float* values, std::size_t n, bool fused, float two_over_sqrt_pi);

/// True when the CPU has AVX2+FMA (CpuFeatures::detected()) and erfinv_avx2 agrees bit for bit with
/// the scalar code (which calls the C library) on a fixed set of probe values covering every
/// branch; evaluated once. Guards against a C library whose erff/expf/logf differ from
/// glibc 2.36's.
bool erfinv_avx2_matches_libm();
/// The same check for erfinv_avx512 (CpuFeatures::detected().avx512f).
bool erfinv_avx512_matches_libm();

}  // namespace initscope::detail
