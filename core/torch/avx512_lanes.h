#pragma once

// Private to the AVX-512F kernel files of initscope_torch (random_kernels_avx512.cpp,
// erfinv_avx512.cpp), which are compiled with -mavx512f: lane helpers shared by them. Include it
// from no other file: its functions are in an unnamed namespace, so each of those files keeps its
// own AVX-512 copy and none can stand in for a baseline function of the same name.

#include <immintrin.h>

#include <cstdint>

namespace initscope::detail {
namespace {  // one copy per AVX-512 file, see above

constexpr __mmask16 kAll = 0xffff;
constexpr __mmask8 kAll8 = 0xff;

inline __m512i set1i(uint32_t v) {
    return _mm512_set1_epi32(static_cast<int>(v));
}
inline __m512 set16(float v) {
    return _mm512_set1_ps(v);
}
inline __m512i bits(__m512 v) {
    return _mm512_castps_si512(v);
}
inline __m512 from_bits(__m512i v) {
    return _mm512_castsi512_ps(v);
}
inline __m512 abs16(__m512 v) {
    return from_bits(_mm512_and_epi32(bits(v), set1i(0x7fffffffU)));
}
inline __m512 flip_sign(__m512 v) {
    return from_bits(_mm512_xor_epi32(bits(v), set1i(0x80000000U)));
}
/// |magnitude| with the sign of `sign`.
inline __m512 copy_sign(__m512 magnitude, __m512 sign) {
    return from_bits(_mm512_or_epi32(_mm512_and_epi32(bits(magnitude), set1i(0x7fffffffU)),
                                     _mm512_and_epi32(bits(sign), set1i(0x80000000U))));
}
/// The low and high eight floats of v.
inline __m256 low8(__m512 v) {
    return _mm256_castpd_ps(_mm512_maskz_extractf64x4_pd(0xf, _mm512_castps_pd(v), 0));
}
inline __m256 high8(__m512 v) {
    return _mm256_castpd_ps(_mm512_maskz_extractf64x4_pd(0xf, _mm512_castps_pd(v), 1));
}
inline __m512 join8(__m256 lo, __m256 hi) {
    const __m512d low =
        _mm512_maskz_insertf64x4(kAll8, _mm512_setzero_pd(), _mm256_castps_pd(lo), 0);
    return _mm512_castpd_ps(_mm512_maskz_insertf64x4(kAll8, low, _mm256_castps_pd(hi), 1));
}

}  // namespace
}  // namespace initscope::detail
