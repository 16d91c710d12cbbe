// AVX2+FMA versions of the hot loops (compiled with -mavx2 -mfma; see core/CMakeLists.txt).
// Contract: every function gives exactly the bits of the scalar code it replaces, lane by lane:
// the same IEEE operations in the same order, each fused multiply-add written as an explicit
// _mm256_fmadd_ps / std::fmaf (the project compiles with -ffp-contract=off). Only called after
// detail::cpu_has_avx2_fma(). This file uses no inline functions from other headers besides the
// intrinsics, so no AVX2 copy of a shared inline function can leak into the scalar code.

#include "random_simd.h"

#include <immintrin.h>

namespace initscope::detail {

namespace {

constexpr int kN = 624;
constexpr int kM = 397;

inline __m256i twist8(__m256i cur, __m256i next, __m256i far) {
    const __m256i y = _mm256_or_si256(_mm256_and_si256(cur, _mm256_set1_epi32(INT32_MIN)),
                                      _mm256_and_si256(next, _mm256_set1_epi32(0x7fffffff)));
    const __m256i odd = _mm256_and_si256(y, _mm256_set1_epi32(1));
    const __m256i mag = _mm256_and_si256(_mm256_sub_epi32(_mm256_setzero_si256(), odd),
                                         _mm256_set1_epi32(static_cast<int>(0x9908b0dfU)));
    return _mm256_xor_si256(_mm256_xor_si256(far, _mm256_srli_epi32(y, 1)), mag);
}

inline uint32_t twist1(uint32_t cur, uint32_t next, uint32_t far) {
    const uint32_t y = (cur & 0x80000000U) | (next & 0x7fffffffU);
    return far ^ (y >> 1) ^ ((y & 1U) ? 0x9908b0dfU : 0U);
}

inline __m256i load8(const uint32_t* p) {
    return _mm256_loadu_si256(reinterpret_cast<const __m256i*>(p));
}

inline __m256i temper8(__m256i y) {
    y = _mm256_xor_si256(y, _mm256_srli_epi32(y, 11));
    y = _mm256_xor_si256(y, _mm256_and_si256(_mm256_slli_epi32(y, 7),
                                             _mm256_set1_epi32(static_cast<int>(0x9d2c5680U))));
    y = _mm256_xor_si256(y, _mm256_and_si256(_mm256_slli_epi32(y, 15),
                                             _mm256_set1_epi32(static_cast<int>(0xefc60000U))));
    return _mm256_xor_si256(y, _mm256_srli_epi32(y, 18));
}

inline uint32_t temper1(uint32_t y) {
    y ^= (y >> 11);
    y ^= (y << 7) & 0x9d2c5680U;
    y ^= (y << 15) & 0xefc60000U;
    return y ^ (y >> 18);
}

// log256_ps (avx_mathfun.h) with GCC's contractions; see cephes::log_fma for the scalar twin.
inline __m256 log8(__m256 x) {
    const __m256 one = _mm256_set1_ps(1.0f);
    const __m256i bits = _mm256_castps_si256(x);
    __m256 e = _mm256_cvtepi32_ps(_mm256_sub_epi32(_mm256_srli_epi32(bits, 23),
                                                   _mm256_set1_epi32(127)));
    e = _mm256_add_ps(e, one);
    x = _mm256_and_ps(x, _mm256_castsi256_ps(_mm256_set1_epi32(~0x7f800000)));
    x = _mm256_or_ps(x, _mm256_set1_ps(0.5f));
    const __m256 mask = _mm256_cmp_ps(x, _mm256_set1_ps(0.707106781186547524f), _CMP_LT_OS);
    const __m256 tmp = _mm256_and_ps(x, mask);
    x = _mm256_sub_ps(x, one);
    e = _mm256_sub_ps(e, _mm256_and_ps(one, mask));
    x = _mm256_add_ps(x, tmp);
    const __m256 z = _mm256_mul_ps(x, x);
    __m256 y = _mm256_set1_ps(7.0376836292E-2f);
    y = _mm256_fmadd_ps(y, x, _mm256_set1_ps(-1.1514610310E-1f));
    y = _mm256_fmadd_ps(y, x, _mm256_set1_ps(1.1676998740E-1f));
    y = _mm256_fmadd_ps(y, x, _mm256_set1_ps(-1.2420140846E-1f));
    y = _mm256_fmadd_ps(y, x, _mm256_set1_ps(1.4249322787E-1f));
    y = _mm256_fmadd_ps(y, x, _mm256_set1_ps(-1.6668057665E-1f));
    y = _mm256_fmadd_ps(y, x, _mm256_set1_ps(2.0000714765E-1f));
    y = _mm256_fmadd_ps(y, x, _mm256_set1_ps(-2.4999993993E-1f));
    y = _mm256_fmadd_ps(y, x, _mm256_set1_ps(3.3333331174E-1f));
    y = _mm256_mul_ps(y, x);
    y = _mm256_fmadd_ps(y, z, _mm256_mul_ps(e, _mm256_set1_ps(-2.12194440e-4f)));
    y = _mm256_sub_ps(y, _mm256_mul_ps(z, _mm256_set1_ps(0.5f)));
    x = _mm256_add_ps(x, y);
    return _mm256_fmadd_ps(e, _mm256_set1_ps(0.693359375f), x);
}

// sincos256_ps (avx_mathfun.h) with GCC's contractions; see cephes::sincos_fma.
inline void sincos8(__m256 v, __m256* s, __m256* c) {
    const __m256 sign_mask = _mm256_castsi256_ps(_mm256_set1_epi32(INT32_MIN));
    __m256 sign_sin = _mm256_and_ps(v, sign_mask);
    __m256 x = _mm256_andnot_ps(sign_mask, v);
    __m256i j = _mm256_cvttps_epi32(_mm256_mul_ps(x, _mm256_set1_ps(1.27323954473516f)));
    j = _mm256_and_si256(_mm256_add_epi32(j, _mm256_set1_epi32(1)), _mm256_set1_epi32(~1));
    const __m256 y = _mm256_cvtepi32_ps(j);
    const __m256i four = _mm256_set1_epi32(4);
    const __m256 swap = _mm256_castsi256_ps(_mm256_slli_epi32(_mm256_and_si256(j, four), 29));
    const __m256 poly = _mm256_castsi256_ps(_mm256_cmpeq_epi32(
        _mm256_and_si256(j, _mm256_set1_epi32(2)), _mm256_setzero_si256()));
    x = _mm256_fmadd_ps(y, _mm256_set1_ps(-0.78515625f), x);
    x = _mm256_fmadd_ps(y, _mm256_set1_ps(-2.4187564849853515625e-4f), x);
    x = _mm256_fmadd_ps(y, _mm256_set1_ps(-3.77489497744594108e-8f), x);
    const __m256 sign_cos = _mm256_castsi256_ps(_mm256_slli_epi32(
        _mm256_andnot_si256(_mm256_sub_epi32(j, _mm256_set1_epi32(2)), four), 29));
    sign_sin = _mm256_xor_ps(sign_sin, swap);
    const __m256 z = _mm256_mul_ps(x, x);
    __m256 yc = _mm256_fmadd_ps(
        _mm256_fmadd_ps(_mm256_set1_ps(2.443315711809948E-5f), z,
                        _mm256_set1_ps(-1.388731625493765E-3f)),
        z, _mm256_set1_ps(4.166664568298827E-2f));
    yc = _mm256_mul_ps(yc, z);
    yc = _mm256_fmsub_ps(yc, z, _mm256_mul_ps(z, _mm256_set1_ps(0.5f)));
    yc = _mm256_add_ps(yc, _mm256_set1_ps(1.0f));
    __m256 ys = _mm256_fmadd_ps(
        _mm256_fmadd_ps(_mm256_set1_ps(-1.9515295891E-4f), z, _mm256_set1_ps(8.3321608736E-3f)),
        z, _mm256_set1_ps(-1.6666654611E-1f));
    ys = _mm256_mul_ps(ys, z);
    ys = _mm256_fmadd_ps(x, ys, x);
    const __m256 ys2 = _mm256_and_ps(poly, ys);
    const __m256 ys1 = _mm256_andnot_ps(poly, yc);
    *s = _mm256_xor_ps(_mm256_add_ps(ys1, ys2), sign_sin);
    *c = _mm256_xor_ps(_mm256_add_ps(_mm256_sub_ps(yc, ys1), _mm256_sub_ps(ys, ys2)), sign_cos);
}

}  // namespace

void mt_twist_avx2(uint32_t* s) {
    // In-place recurrence s[i] = twist(s[i], s[i+1], s[i+397]) with indices mod 624; eight words
    // at a time wherever all eight read only words that the scalar order would also see.
    int i = 0;
    for (; i + 8 <= kN - kM; i += 8) {  // 0..223: s[i+1], s[i+397] still old
        const __m256i r = twist8(load8(s + i), load8(s + i + 1), load8(s + i + kM));
        _mm256_storeu_si256(reinterpret_cast<__m256i*>(s + i), r);
    }
    for (; i < kN - kM; ++i) s[i] = twist1(s[i], s[i + 1], s[i + kM]);  // 224..226
    for (; i + 8 <= kN - 1; i += 8) {  // 227..618: s[i-227] already new, 227 >= 8 behind
        const __m256i r = twist8(load8(s + i), load8(s + i + 1), load8(s + i + kM - kN));
        _mm256_storeu_si256(reinterpret_cast<__m256i*>(s + i), r);
    }
    for (; i < kN; ++i) s[i] = twist1(s[i], s[(i + 1) % kN], s[i + kM - kN]);
}

void uniform_from_words_avx2(const uint32_t* words, float* out, std::size_t n, float from,
                             float range, bool fused) {
    const __m256i mask = _mm256_set1_epi32(0xFFFFFF);
    const __m256 scale = _mm256_set1_ps(0x1p-24f);
    const __m256 vfrom = _mm256_set1_ps(from);
    const __m256 vrange = _mm256_set1_ps(range);
    std::size_t i = 0;
    for (; i + 8 <= n; i += 8) {
        const __m256i r = _mm256_and_si256(temper8(load8(words + i)), mask);
        const __m256 x = _mm256_mul_ps(_mm256_cvtepi32_ps(r), scale);
        const __m256 v = fused ? _mm256_fmadd_ps(x, vrange, vfrom)
                               : _mm256_add_ps(_mm256_mul_ps(x, vrange), vfrom);
        _mm256_storeu_ps(out + i, v);
    }
    for (; i < n; ++i) {
        const float x = static_cast<float>(temper1(words[i]) & 0xFFFFFFU) * 0x1p-24f;
        out[i] = fused ? __builtin_fmaf(x, range, from) : x * range + from;
    }
}

void normal_fill16_fma_avx2(float* data, std::size_t blocks, float mean, float stddev) {
    const __m256 one = _mm256_set1_ps(1.0f);
    const __m256 minus_two = _mm256_set1_ps(-2.0f);
    const __m256 two_pi = _mm256_set1_ps(6.2831855f);
    const __m256 vmean = _mm256_set1_ps(mean);
    const __m256 vstd = _mm256_set1_ps(stddev);
    for (std::size_t b = 0; b < blocks; ++b) {
        float* d = data + 16 * b;
        const __m256 u1 = _mm256_sub_ps(one, _mm256_loadu_ps(d));
        const __m256 u2 = _mm256_loadu_ps(d + 8);
        const __m256 radius = _mm256_sqrt_ps(_mm256_mul_ps(minus_two, log8(u1)));
        const __m256 theta = _mm256_mul_ps(two_pi, u2);
        __m256 sin_t;
        __m256 cos_t;
        sincos8(theta, &sin_t, &cos_t);
        _mm256_storeu_ps(d, _mm256_fmadd_ps(_mm256_mul_ps(radius, cos_t), vstd, vmean));
        _mm256_storeu_ps(d + 8, _mm256_fmadd_ps(_mm256_mul_ps(radius, sin_t), vstd, vmean));
    }
}

}  // namespace initscope::detail
