#pragma once

// Private to initscope_core: the AVX2+FMA kernels of random_kernels_avx2.cpp (compiled with
// -mavx2 -mfma) and the runtime check that guards them. Each function computes exactly the same
// bits as the scalar code in torch_generator.cpp / random_kernels.cpp; only call it when
// cpu_has_avx2_fma() is true.

#include <cstddef>
#include <cstdint>

namespace initscope::detail {

/// __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma"), evaluated once.
bool cpu_has_avx2_fma();

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

}  // namespace initscope::detail
