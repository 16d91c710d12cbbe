// AVX-512F versions of the MT19937 twist, uniform_ and the normal_ fill16 (compiled with
// -mavx512f; see core/torch/CMakeLists.txt), sixteen lanes where random_kernels_avx2.cpp has
// eight; erfinv_avx512.cpp has the erfinv kernel. Contract: every function gives exactly the bits
// of the scalar code it replaces, lane by lane: the same IEEE operations in the same order, each
// fused multiply-add written as an explicit _mm512_fmadd_* (the project compiles with
// -ffp-contract=off). Only called when CpuFeatures::active().avx512f. Float bitwise operations go
// through the integer forms (AVX-512F has no vandps); shifts, extracts, inserts, square roots and
// conversions use their maskz_ forms with every lane on (GCC 12 warns of an uninitialized source
// in the unmasked ones); full vectors are stored unmasked (masked stores are slow on some CPUs).
// This file uses no inline functions from other headers besides the intrinsics and
// avx512_lanes.h (see random_kernels_avx2.cpp).

#include "core/torch/avx512_lanes.h"
#include "core/torch/random_simd.h"

namespace initscope::detail {

namespace {

constexpr int kN = 624;
constexpr int kM = 397;

// ---- MT19937 -----------------------------------------------------------------------------------

inline __m512i twist16(const uint32_t* cur, const uint32_t* far) {
    const __m512i y =
        _mm512_or_epi32(_mm512_and_epi32(_mm512_loadu_si512(cur), set1i(0x80000000U)),
                        _mm512_and_epi32(_mm512_loadu_si512(cur + 1), set1i(0x7fffffffU)));
    const __mmask16 odd = _mm512_test_epi32_mask(y, set1i(1));
    const __m512i r =
        _mm512_xor_epi32(_mm512_loadu_si512(far), _mm512_maskz_srli_epi32(kAll, y, 1));
    return _mm512_mask_xor_epi32(r, odd, r, set1i(0x9908b0dfU));
}

inline uint32_t twist1(uint32_t cur, uint32_t next, uint32_t far) {
    const uint32_t y = (cur & 0x80000000U) | (next & 0x7fffffffU);
    return far ^ (y >> 1) ^ ((y & 1U) ? 0x9908b0dfU : 0U);
}

inline __m512i temper16(__m512i y) {
    y = _mm512_xor_epi32(y, _mm512_maskz_srli_epi32(kAll, y, 11));
    y = _mm512_xor_epi32(y,
                         _mm512_and_epi32(_mm512_maskz_slli_epi32(kAll, y, 7), set1i(0x9d2c5680U)));
    y = _mm512_xor_epi32(
        y, _mm512_and_epi32(_mm512_maskz_slli_epi32(kAll, y, 15), set1i(0xefc60000U)));
    return _mm512_xor_epi32(y, _mm512_maskz_srli_epi32(kAll, y, 18));
}

// ---- log256_ps / sincos256_ps (avx_mathfun.h) with GCC's contractions, sixteen lanes ----------
// The same operations as log8/sincos8 of random_kernels_avx2.cpp and cephes::log_fma/sincos_fma.

inline __m512 log16(__m512 x) {
    const __m512 one = set16(1.0f);
    __m512 e = _mm512_maskz_cvtepi32_ps(
        kAll, _mm512_sub_epi32(_mm512_maskz_srli_epi32(kAll, bits(x), 23), _mm512_set1_epi32(127)));
    e = _mm512_add_ps(e, one);
    x = from_bits(
        _mm512_or_epi32(_mm512_and_epi32(bits(x), set1i(~0x7f800000U)), bits(set16(0.5f))));
    const __mmask16 mask = _mm512_cmp_ps_mask(x, set16(0.707106781186547524f), _CMP_LT_OS);
    const __m512 tmp = _mm512_maskz_mov_ps(mask, x);
    x = _mm512_sub_ps(x, one);
    e = _mm512_sub_ps(e, _mm512_maskz_mov_ps(mask, one));
    x = _mm512_add_ps(x, tmp);
    const __m512 z = _mm512_mul_ps(x, x);
    __m512 y = set16(7.0376836292E-2f);
    y = _mm512_fmadd_ps(y, x, set16(-1.1514610310E-1f));
    y = _mm512_fmadd_ps(y, x, set16(1.1676998740E-1f));
    y = _mm512_fmadd_ps(y, x, set16(-1.2420140846E-1f));
    y = _mm512_fmadd_ps(y, x, set16(1.4249322787E-1f));
    y = _mm512_fmadd_ps(y, x, set16(-1.6668057665E-1f));
    y = _mm512_fmadd_ps(y, x, set16(2.0000714765E-1f));
    y = _mm512_fmadd_ps(y, x, set16(-2.4999993993E-1f));
    y = _mm512_fmadd_ps(y, x, set16(3.3333331174E-1f));
    y = _mm512_mul_ps(y, x);
    y = _mm512_fmadd_ps(y, z, _mm512_mul_ps(e, set16(-2.12194440e-4f)));
    y = _mm512_sub_ps(y, _mm512_mul_ps(z, set16(0.5f)));
    x = _mm512_add_ps(x, y);
    return _mm512_fmadd_ps(e, set16(0.693359375f), x);
}

inline void sincos16(__m512 v, __m512* s, __m512* c) {
    const __m512i sign_bit = set1i(0x80000000U);
    __m512i sign_sin = _mm512_and_epi32(bits(v), sign_bit);
    __m512 x = abs16(v);
    __m512i j = _mm512_maskz_cvttps_epi32(kAll, _mm512_mul_ps(x, set16(1.27323954473516f)));
    j = _mm512_and_epi32(_mm512_add_epi32(j, _mm512_set1_epi32(1)), _mm512_set1_epi32(~1));
    const __m512 y = _mm512_maskz_cvtepi32_ps(kAll, j);
    const __m512i four = _mm512_set1_epi32(4);
    const __m512i swap = _mm512_maskz_slli_epi32(kAll, _mm512_and_epi32(j, four), 29);
    const __mmask16 poly = _mm512_testn_epi32_mask(j, _mm512_set1_epi32(2));  // (j & 2) == 0
    x = _mm512_fmadd_ps(y, set16(-0.78515625f), x);
    x = _mm512_fmadd_ps(y, set16(-2.4187564849853515625e-4f), x);
    x = _mm512_fmadd_ps(y, set16(-3.77489497744594108e-8f), x);
    const __m512i sign_cos = _mm512_maskz_slli_epi32(
        kAll, _mm512_maskz_andnot_epi32(kAll, _mm512_sub_epi32(j, _mm512_set1_epi32(2)), four), 29);
    sign_sin = _mm512_xor_epi32(sign_sin, swap);
    const __m512 z = _mm512_mul_ps(x, x);
    __m512 yc = _mm512_fmadd_ps(
        _mm512_fmadd_ps(set16(2.443315711809948E-5f), z, set16(-1.388731625493765E-3f)), z,
        set16(4.166664568298827E-2f));
    yc = _mm512_mul_ps(yc, z);
    yc = _mm512_fmsub_ps(yc, z, _mm512_mul_ps(z, set16(0.5f)));
    yc = _mm512_add_ps(yc, set16(1.0f));
    __m512 ys =
        _mm512_fmadd_ps(_mm512_fmadd_ps(set16(-1.9515295891E-4f), z, set16(8.3321608736E-3f)), z,
                        set16(-1.6666654611E-1f));
    ys = _mm512_mul_ps(ys, z);
    ys = _mm512_fmadd_ps(x, ys, x);
    const __m512 ys2 = _mm512_maskz_mov_ps(poly, ys);
    const __m512 ys1 = _mm512_maskz_mov_ps(static_cast<__mmask16>(~poly), yc);
    *s = from_bits(_mm512_xor_epi32(bits(_mm512_add_ps(ys1, ys2)), sign_sin));
    *c = from_bits(_mm512_xor_epi32(
        bits(_mm512_add_ps(_mm512_sub_ps(yc, ys1), _mm512_sub_ps(ys, ys2))), sign_cos));
}

}  // namespace

void mt_twist_avx512(uint32_t* s) {
    // As mt_twist_avx2, sixteen words at a time: 0..223 read only old words; from 227 on the far
    // word s[i-227] is already new, 227 >= 16 behind.
    int i = 0;
    for (; i + 16 <= kN - kM; i += 16) _mm512_storeu_si512(s + i, twist16(s + i, s + i + kM));
    for (; i < kN - kM; ++i) s[i] = twist1(s[i], s[i + 1], s[i + kM]);  // 224..226
    for (; i + 16 <= kN - 1; i += 16) _mm512_storeu_si512(s + i, twist16(s + i, s + i + kM - kN));
    for (; i < kN; ++i) s[i] = twist1(s[i], s[(i + 1) % kN], s[i + kM - kN]);
}

void uniform_from_words_avx512(const uint32_t* words, float* out, std::size_t n, float from,
                               float range, bool fused) {
    const __m512 scale = set16(0x1p-24f);
    const __m512 vfrom = set16(from);
    const __m512 vrange = set16(range);
    auto uniform16 = [&](__m512i w) {
        const __m512i r = _mm512_and_epi32(temper16(w), set1i(0xFFFFFFU));
        const __m512 x = _mm512_mul_ps(_mm512_maskz_cvtepi32_ps(kAll, r), scale);
        return fused ? _mm512_fmadd_ps(x, vrange, vfrom)
                     : _mm512_add_ps(_mm512_mul_ps(x, vrange), vfrom);
    };
    std::size_t i = 0;
    for (; i + 16 <= n; i += 16)
        _mm512_storeu_ps(out + i, uniform16(_mm512_loadu_si512(words + i)));
    if (i < n) {  // masked stores are slow on some CPUs: only for the last n % 16
        const __mmask16 lanes = static_cast<__mmask16>((1U << (n - i)) - 1U);
        _mm512_mask_storeu_ps(out + i, lanes,
                              uniform16(_mm512_maskz_loadu_epi32(lanes, words + i)));
    }
}

void normal_fill16_fma_avx512(float* data, std::size_t blocks, float mean, float stddev) {
    // Two blocks per step: u1 = 1 − (first halves), u2 = second halves, in lanes 0–7 (block b)
    // and 8–15 (block b+1); an odd last block is paired with itself and stored once.
    const __m512i first_halves =
        _mm512_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7, 16, 17, 18, 19, 20, 21, 22, 23);
    const __m512i second_halves =
        _mm512_setr_epi32(8, 9, 10, 11, 12, 13, 14, 15, 24, 25, 26, 27, 28, 29, 30, 31);
    const __m512 one = set16(1.0f);
    const __m512 vmean = set16(mean);
    const __m512 vstd = set16(stddev);
    for (std::size_t b = 0; b < blocks; b += 2) {
        float* d = data + 16 * b;
        const bool pair = b + 1 < blocks;
        const __m512 first = _mm512_loadu_ps(d);
        const __m512 second = pair ? _mm512_loadu_ps(d + 16) : first;
        const __m512 u1 = _mm512_sub_ps(one, _mm512_permutex2var_ps(first, first_halves, second));
        const __m512 u2 = _mm512_permutex2var_ps(first, second_halves, second);
        const __m512 radius = _mm512_maskz_sqrt_ps(kAll, _mm512_mul_ps(set16(-2.0f), log16(u1)));
        const __m512 theta = _mm512_mul_ps(set16(6.2831855f), u2);
        __m512 sin_t;
        __m512 cos_t;
        sincos16(theta, &sin_t, &cos_t);
        const __m512 c = _mm512_fmadd_ps(_mm512_mul_ps(radius, cos_t), vstd, vmean);
        const __m512 s = _mm512_fmadd_ps(_mm512_mul_ps(radius, sin_t), vstd, vmean);
        _mm512_storeu_ps(d, _mm512_permutex2var_ps(c, first_halves, s));
        if (pair) _mm512_storeu_ps(d + 16, _mm512_permutex2var_ps(c, second_halves, s));
    }
}

}  // namespace initscope::detail
