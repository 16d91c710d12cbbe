// The AVX-512F erfinv (compiled with -mavx512f; see core/torch/CMakeLists.txt): ATen's
// calc_erfinv on glibc 2.36's erff/expf/logf, sixteen lanes at a time, the same bits as the scalar
// erfinv of random_kernels.cpp lane by lane (the contract of random_kernels_avx512.cpp: the same
// IEEE operations in the same order, explicit fused multiply-adds, maskz_ forms, no masked stores
// of full vectors). Only called when CpuFeatures::active().avx512f and
// erfinv_avx512_matches_libm().
//
// Speed: calc_erfinv and erff branch on the value. Instead of evaluating every branch that some
// lane of a group needs, erfinv_block runs each stage over a block of 512 values and packs the
// lanes of the rarer branches (|y| > 0.7 of the first estimate; 1.25 <= |x| < 6 of erff) densely
// (vcompressps), evaluates the branch on the packed lanes only and unpacks them (vexpandps): no
// data-dependent jumps, and full vectors on every branch. Which lanes take which formula is the
// same as in the scalar code, so the bits are too.

#include "core/torch/avx512_lanes.h"
#include "core/torch/random_simd.h"

namespace initscope::detail {

namespace {

// ---- glibc 2.36's expf, logf and erff (the FMA variants), sixteen lanes ------------------------
// The same operations as expf8/logf8/erff8 of random_kernels_avx2.cpp (see there for the sources
// and how they were checked); the tables are read by permutes of registers, not gathers.

alignas(64) constexpr uint64_t kExp2fTab[32] = {
    0x3ff0000000000000, 0x3fefd9b0d3158574, 0x3fefb5586cf9890f, 0x3fef9301d0125b51,
    0x3fef72b83c7d517b, 0x3fef54873168b9aa, 0x3fef387a6e756238, 0x3fef1e9df51fdee1,
    0x3fef06fe0a31b715, 0x3feef1a7373aa9cb, 0x3feedea64c123422, 0x3feece086061892d,
    0x3feebfdad5362a27, 0x3feeb42b569d4f82, 0x3feeab07dd485429, 0x3feea47eb03a5585,
    0x3feea09e667f3bcd, 0x3fee9f75e8ec5f74, 0x3feea11473eb0187, 0x3feea589994cce13,
    0x3feeace5422aa0db, 0x3feeb737b0cdc5e5, 0x3feec49182a3f090, 0x3feed503b23e255d,
    0x3feee89f995ad3ad, 0x3feeff76f2fb5e47, 0x3fef199bdd85529c, 0x3fef3720dcef9069,
    0x3fef5818dcfba487, 0x3fef7c97337b9b5f, 0x3fefa4afa2a490da, 0x3fefd0765b6e4540};

/// table[index & 15] in each double lane (table: 16 doubles, 64-byte aligned).
inline __m512d table16(const double* table, __m512i index) {
    return _mm512_permutex2var_pd(_mm512_load_pd(table), index, _mm512_load_pd(table + 8));
}
/// The same for a table of 16 bit patterns.
inline __m512i table16(const uint64_t* table, __m512i index) {
    return _mm512_permutex2var_epi64(_mm512_load_si512(table), index, _mm512_load_si512(table + 8));
}

// expf of eight floats in (-88, 88) (no special cases), in double lanes.
inline __m256 expf8(__m256 x) {
    const __m512d xd = _mm512_maskz_cvtps_pd(kAll8, x);
    const __m512d inv_ln2_n = _mm512_set1_pd(0x1.71547652b82fep+0 * 32);
    const __m512d shift = _mm512_set1_pd(0x1.8p+52);
    __m512d kd = _mm512_fmadd_pd(inv_ln2_n, xd, shift);
    const __m512i ki = _mm512_castpd_si512(kd);
    kd = _mm512_sub_pd(kd, shift);
    const __m512d r = _mm512_fmsub_pd(inv_ln2_n, xd, kd);
    const __m512i index = _mm512_and_epi64(ki, _mm512_set1_epi64(31));
    const __mmask8 upper = _mm512_test_epi64_mask(index, _mm512_set1_epi64(16));
    __m512i t =
        _mm512_mask_blend_epi64(upper, table16(kExp2fTab, index), table16(kExp2fTab + 16, index));
    t = _mm512_add_epi64(t, _mm512_maskz_slli_epi64(kAll8, ki, 47));
    const __m512d s = _mm512_castsi512_pd(t);
    const __m512d z = _mm512_fmadd_pd(_mm512_set1_pd(0x1.c6af84b912394p-5 / 32 / 32 / 32), r,
                                      _mm512_set1_pd(0x1.ebfce50fac4f3p-3 / 32 / 32));
    const __m512d r2 = _mm512_mul_pd(r, r);
    __m512d y = _mm512_fmadd_pd(_mm512_set1_pd(0x1.62e42ff0c52d6p-1 / 32), r, _mm512_set1_pd(1.0));
    y = _mm512_fmadd_pd(z, r2, y);
    return _mm512_maskz_cvtpd_ps(kAll8, _mm512_mul_pd(y, s));
}

inline __m512 expf16(__m512 x) {
    return join8(expf8(low8(x)), expf8(high8(x)));
}

alignas(64) constexpr double kLogfInvc[16] = {0x1.661ec79f8f3bep+0, 0x1.571ed4aaf883dp+0,
                                              0x1.49539f0f010bp+0,  0x1.3c995b0b80385p+0,
                                              0x1.30d190c8864a5p+0, 0x1.25e227b0b8eap+0,
                                              0x1.1bb4a4a1a343fp+0, 0x1.12358f08ae5bap+0,
                                              0x1.0953f419900a7p+0, 0x1p+0,
                                              0x1.e608cfd9a47acp-1, 0x1.ca4b31f026aap-1,
                                              0x1.b2036576afce6p-1, 0x1.9c2d163a1aa2dp-1,
                                              0x1.886e6037841edp-1, 0x1.767dcf5534862p-1};
alignas(64) constexpr double kLogfLogc[16] = {-0x1.57bf7808caadep-2, -0x1.2bef0a7c06ddbp-2,
                                              -0x1.01eae7f513a67p-2, -0x1.b31d8a68224e9p-3,
                                              -0x1.6574f0ac07758p-3, -0x1.1aa2bc79c81p-3,
                                              -0x1.a4e76ce8c0e5ep-4, -0x1.1973c5a611cccp-4,
                                              -0x1.252f438e10c1ep-5, 0x0p+0,
                                              0x1.aa5aa5df25984p-5,  0x1.c5e53aa362eb4p-4,
                                              0x1.526e57720db08p-3,  0x1.bc2860d22477p-3,
                                              0x1.1058bc8a07ee1p-2,  0x1.4043057b6ee09p-2};

// logf of eight normal positive floats other than 1, given i (table index), k (exponent) and z.
inline __m256 logf8(__m256i i, __m256i k, __m256 z) {
    const __m512i index = _mm512_maskz_cvtepu32_epi64(kAll8, i);
    const __m512d invc = table16(kLogfInvc, index);
    const __m512d logc = table16(kLogfLogc, index);
    const __m512d r = _mm512_fmsub_pd(_mm512_maskz_cvtps_pd(kAll8, z), invc, _mm512_set1_pd(1.0));
    const __m512d y0 = _mm512_fmadd_pd(_mm512_maskz_cvtepi32_pd(kAll8, k),
                                       _mm512_set1_pd(0x1.62e42fefa39efp-1), logc);
    const __m512d r2 = _mm512_mul_pd(r, r);
    __m512d y = _mm512_fmadd_pd(_mm512_set1_pd(0x1.5575b0be00b6ap-2), r,
                                _mm512_set1_pd(-0x1.ffffef20a4123p-2));
    y = _mm512_fmadd_pd(_mm512_set1_pd(-0x1.00ea348b88334p-2), r2, y);
    y = _mm512_fmadd_pd(y, r2, _mm512_add_pd(y0, r));
    return _mm512_maskz_cvtpd_ps(kAll8, y);
}

inline __m512 logf16(__m512 x) {
    const __m512i ix = bits(x);
    const __m512i tmp = _mm512_sub_epi32(ix, _mm512_set1_epi32(0x3f330000));
    const __m512i i =
        _mm512_and_epi32(_mm512_maskz_srli_epi32(kAll, tmp, 19), _mm512_set1_epi32(15));
    const __m512i k = _mm512_maskz_srai_epi32(kAll, tmp, 23);
    const __m512 z = from_bits(_mm512_sub_epi32(ix, _mm512_and_epi32(tmp, set1i(0xff800000U))));
    const __m256 lo = logf8(_mm512_maskz_extracti64x4_epi64(0xf, i, 0),
                            _mm512_maskz_extracti64x4_epi64(0xf, k, 0), low8(z));
    const __m256 hi = logf8(_mm512_maskz_extracti64x4_epi64(0xf, i, 1),
                            _mm512_maskz_extracti64x4_epi64(0xf, k, 1), high8(z));
    return join8(lo, hi);
}

// c + s*(rest): the fdlibm Horner step, unfused (s_erff.c is built without FMA).
inline __m512 horner(__m512 c, __m512 s, __m512 rest) {
    return _mm512_add_ps(_mm512_mul_ps(s, rest), c);
}

// glibc's erff (fdlibm's s_erff.c) for sixteen finite floats, in two parts: erff16_ab for the
// lanes with |x| < 1.25 or |x| >= 6 and erff16_c for those with 1.25 <= |x| < 6.

/// The lanes of x that erff16_c is for: 1.25 <= |x| < 6.
inline __mmask16 erff16_c_lanes(__m512 x) {
    const __m512i ix = bits(abs16(x));
    return static_cast<__mmask16>(_mm512_cmpgt_epi32_mask(ix, set1i(0x3f9fffffU)) &
                                  _mm512_cmpgt_epi32_mask(set1i(0x40c00000U), ix));
}

/// erff(x) in the lanes with |x| < 1.25 or |x| >= 6 (the others: 1 with the sign of x). The
/// branches |x| < 0.84375 (a) and 0.84375 <= |x| < 1.25 (b) share one rational evaluation with
/// per-lane coefficients: a's shorter polynomials get leading zeros, which give the same bits
/// (c + s*0 == c for finite s).
inline __m512 erff16_ab(__m512 x) {
    const __m512 ax = abs16(x);
    const __m512i ix = bits(ax);
    const __m512 one = set16(1.0f);
    auto below = [ix](uint32_t bound) { return _mm512_cmpgt_epi32_mask(set1i(bound), ix); };
    const __mmask16 in_a = below(0x3f580000);
    const __mmask16 in_b = static_cast<__mmask16>(~in_a & below(0x3fa00000));
    // a: x + x*(r/s) with r, s in z = x*x; b: erx + p/q with p, q in s = |x| - 1.
    const __m512 arg = _mm512_mask_blend_ps(in_b, _mm512_mul_ps(x, x), _mm512_sub_ps(ax, one));
    auto pick = [in_b](float a, float b) { return _mm512_mask_blend_ps(in_b, set16(a), set16(b)); };
    __m512 p = pick(0.0f, -2.1663755178e-03f);
    p = horner(pick(0.0f, 3.5478305072e-02f), arg, p);
    p = horner(pick(-2.3763017452e-05f, -1.1089469492e-01f), arg, p);
    p = horner(pick(-5.7702702470e-03f, 3.1834661961e-01f), arg, p);
    p = horner(pick(-2.8481749818e-02f, -3.7220788002e-01f), arg, p);
    p = horner(pick(-3.2504209876e-01f, 4.1485610604e-01f), arg, p);
    p = horner(pick(1.2837916613e-01f, -2.3621185683e-03f), arg, p);
    __m512 q = pick(0.0f, 1.1984500103e-02f);
    q = horner(pick(-3.9602282413e-06f, 1.3637083583e-02f), arg, q);
    q = horner(pick(1.3249473704e-04f, 1.2617121637e-01f), arg, q);
    q = horner(pick(5.0813062117e-03f, 7.1828655899e-02f), arg, q);
    q = horner(pick(6.5022252500e-02f, 5.4039794207e-01f), arg, q);
    q = horner(pick(3.9791721106e-01f, 1.0642088205e-01f), arg, q);
    q = horner(one, arg, q);
    const __m512 ratio = _mm512_div_ps(p, q);
    // |x| < 0.84375: x + x*y; |x| < 2^-28: x + efx*x; |x| < 2^-119: 0.0625*(16x + 16efx*x).
    __m512 ra = _mm512_add_ps(x, _mm512_mul_ps(x, ratio));
    const __mmask16 tiny = below(0x31800000);
    if (tiny != 0) {
        const __m512 efx = set16(1.2837916613e-01f);
        const __m512 small = _mm512_add_ps(x, _mm512_mul_ps(efx, x));
        const __m512 smallest = _mm512_mul_ps(
            set16(0.0625f), _mm512_add_ps(_mm512_mul_ps(set16(16.0f), x),
                                          _mm512_mul_ps(set16(16.0f * 1.2837916613e-01f), x)));
        ra = _mm512_mask_blend_ps(tiny, ra,
                                  _mm512_mask_blend_ps(below(0x04000000), small, smallest));
    }
    const __m512 rb = _mm512_add_ps(set16(8.4506291151e-01f), ratio);
    // |x| >= 6: one - tiny == 1. Each branch is odd in x with round-to-nearest (−a − b ==
    // −(a + b)): the sign is applied last.
    const __m512 result =
        _mm512_mask_blend_ps(in_a, _mm512_mask_blend_ps(in_b, one, rb), abs16(ra));
    return copy_sign(result, x);
}

/// erff(x) in the lanes with 1.25 <= |x| < 6 (the others: anything):
/// ±(1 − expf(−z²−0.5625)·expf((z−x)(z+x) + R/S)/x), z = x with 12 bits cut.
inline __m512 erff16_c(__m512 x) {
    const __m512 ax = abs16(x);
    const __m512i ix = bits(ax);
    const __m512 one = set16(1.0f);
    const __m512 s = _mm512_div_ps(one, _mm512_mul_ps(ax, ax));
    const __mmask16 near = _mm512_cmpgt_epi32_mask(set1i(0x4036DB6E), ix);  // |x| < 1/0.35
    auto pick = [near](float a, float b) { return _mm512_mask_blend_ps(near, set16(b), set16(a)); };
    // ra/sa for |x| < 1/0.35, else rb/sb, which have one coefficient fewer: a leading 0 gives
    // the same bits (c + s*0 == c).
    __m512 r =
        horner(pick(-8.1287437439e+01f, -4.8351919556e+02f), s, pick(-9.8143291473e+00f, 0.0f));
    r = horner(pick(-1.8460508728e+02f, -1.0250950928e+03f), s, r);
    r = horner(pick(-1.6239666748e+02f, -6.3756646729e+02f), s, r);
    r = horner(pick(-6.2375331879e+01f, -1.6063638306e+02f), s, r);
    r = horner(pick(-1.0558626175e+01f, -1.7757955551e+01f), s, r);
    r = horner(pick(-6.9385856390e-01f, -7.9928326607e-01f), s, r);
    r = horner(pick(-9.8649440333e-03f, -9.8649431020e-03f), s, r);
    __m512 q =
        horner(pick(6.5702495575e+00f, -2.2440952301e+01f), s, pick(-6.0424413532e-02f, 0.0f));
    q = horner(pick(1.0863500214e+02f, 4.7452853394e+02f), s, q);
    q = horner(pick(4.2900814819e+02f, 2.5530502930e+03f), s, q);
    q = horner(pick(6.4538726807e+02f, 3.1998581543e+03f), s, q);
    q = horner(pick(4.3456588745e+02f, 1.5367296143e+03f), s, q);
    q = horner(pick(1.3765776062e+02f, 3.2579251099e+02f), s, q);
    q = horner(pick(1.9651271820e+01f, 3.0338060379e+01f), s, q);
    q = horner(one, s, q);
    const __m512 z = from_bits(_mm512_and_epi32(ix, set1i(0xfffff000U)));
    const __m512 e1 = expf16(_mm512_sub_ps(_mm512_mul_ps(flip_sign(z), z), set16(0.5625f)));
    const __m512 e2 = expf16(_mm512_add_ps(
        _mm512_mul_ps(_mm512_sub_ps(z, ax), _mm512_add_ps(z, ax)), _mm512_div_ps(r, q)));
    return copy_sign(_mm512_sub_ps(one, _mm512_div_ps(_mm512_mul_ps(e1, e2), ax)), x);
}

// ---- ATen's calc_erfinv ----------------------------------------------------------------------

inline __m512 madd(bool fused, __m512 a, __m512 b, __m512 c) {
    return fused ? _mm512_fmadd_ps(a, b, c) : _mm512_add_ps(_mm512_mul_ps(a, b), c);
}

/// calc_erfinv's first estimate for |y| <= 0.7: y*num(z)/dem(z), z = y².
inline __m512 central_estimate(__m512 y, bool fused) {
    const __m512 z = _mm512_mul_ps(y, y);
    const __m512 num = madd(fused,
                            madd(fused, madd(fused, set16(-0.140543331f), z, set16(0.914624893f)),
                                 z, set16(-1.645349621f)),
                            z, set16(0.886226899f));
    const __m512 dem =
        madd(fused,
             madd(fused,
                  madd(fused, madd(fused, set16(0.012229801f), z, set16(-0.329097515f)), z,
                       set16(1.442710462f)),
                  z, set16(-2.118377725f)),
             z, set16(1.0f));
    return _mm512_div_ps(_mm512_mul_ps(y, num), dem);
}

/// calc_erfinv's first estimate for 0.7 < |y| < 1: copysign(num(t), y)/dem(t) with
/// t = sqrt(−log((1 − |y|)/2)); (1 − |y|)/2 as a product by 0.5 (1 − |y| >= 2^-24 is normal, so
/// both are exact).
inline __m512 tail_estimate(__m512 y, bool fused) {
    const __m512 one = set16(1.0f);
    const __m512 w = _mm512_mul_ps(_mm512_sub_ps(one, abs16(y)), set16(0.5f));
    const __m512 t = _mm512_maskz_sqrt_ps(kAll, flip_sign(logf16(w)));
    const __m512 num = madd(fused,
                            madd(fused, madd(fused, set16(1.641345311f), t, set16(3.429567803f)), t,
                                 set16(-1.624906493f)),
                            t, set16(-1.970840454f));
    const __m512 dem =
        madd(fused, madd(fused, set16(1.637067800f), t, set16(3.543889200f)), t, one);
    return _mm512_div_ps(copy_sign(num, y), dem);
}

/// One Newton step of calc_erfinv: x − (erff(x) − y)/(2/√π·expf(−x²)), slope = 2/√π·expf(−x²).
inline __m512 newton_step(__m512 x, __m512 y, __m512 erf, __m512 slope) {
    return _mm512_sub_ps(x, _mm512_div_ps(_mm512_sub_ps(erf, y), slope));
}

inline __m512 erfinv_slope(__m512 x, float two_over_sqrt_pi) {
    return _mm512_mul_ps(set16(two_over_sqrt_pi), expf16(_mm512_mul_ps(flip_sign(x), x)));
}

/// calc_erfinv of the `lanes` lanes of values (the others are not touched); false (nothing
/// written) when a lane needs the scalar code: |y| >= 1, NaN, or a Newton iterate of 9 or more.
bool erfinv16(float* values, __mmask16 lanes, bool fused, float two_over_sqrt_pi) {
    const __m512 y = lanes == kAll ? _mm512_loadu_ps(values)
                                   : _mm512_maskz_loadu_ps(lanes, values);  // unused lanes: 0
    const __m512 y_abs = abs16(y);
    if (_mm512_cmp_ps_mask(y_abs, set16(1.0f), _CMP_LT_OQ) != kAll) return false;
    __m512 x = central_estimate(y, fused);
    const __mmask16 tail = _mm512_cmp_ps_mask(y_abs, set16(0.7f), _CMP_GT_OQ);
    if (tail != 0) x = _mm512_mask_blend_ps(tail, x, tail_estimate(y, fused));
    for (int step = 0; step < 2; ++step) {
        if (_mm512_cmp_ps_mask(abs16(x), set16(9.0f), _CMP_LT_OQ) != kAll) return false;
        __m512 erf = erff16_ab(x);
        const __mmask16 c = erff16_c_lanes(x);
        if (c != 0) erf = _mm512_mask_blend_ps(c, erf, erff16_c(x));
        x = newton_step(x, y, erf, erfinv_slope(x, two_over_sqrt_pi));
    }
    if (lanes == kAll) {
        _mm512_storeu_ps(values, x);
    } else {
        _mm512_mask_storeu_ps(values, lanes, x);
    }
    return true;
}

constexpr std::size_t kBlock = 512;
constexpr std::size_t kGroups = kBlock / 16;

/// erfinv_block's working memory.
struct ErfinvBlock {
    alignas(64) float x[kBlock];            // the iterate
    alignas(64) float erf[kBlock];          // erff16_ab of the iterate
    alignas(64) float slope[kBlock];        // erfinv_slope of the iterate
    alignas(64) float packed[kBlock + 16];  // the lanes of a rarer branch, densely, then padding
    __mmask16 lanes[kGroups];               // which lanes of each group were packed
};

/// Appends the `lanes` of v to packed[count, …) (writing 16 floats there); the new count.
inline std::size_t pack(float* packed, std::size_t count, __mmask16 lanes, __m512 v) {
    _mm512_storeu_ps(packed + count, _mm512_maskz_compress_ps(lanes, v));
    return count + static_cast<std::size_t>(__builtin_popcount(lanes));
}

/// v with its `lanes` replaced, in order, by packed[pos, …); advances pos past them.
inline __m512 unpack(const float* packed, std::size_t& pos, __mmask16 lanes, __m512 v) {
    const __m512 r = _mm512_mask_expand_ps(v, lanes, _mm512_loadu_ps(packed + pos));
    pos += static_cast<std::size_t>(__builtin_popcount(lanes));
    return r;
}

/// erfinv16 on kBlock values, stage by stage (see the top of the file); false (nothing written)
/// when a lane needs the scalar code.
bool erfinv_block(float* values, bool fused, float two_over_sqrt_pi, ErfinvBlock& b) {
    // The first estimate: the central formula in every lane, the tail formula packed.
    std::size_t count = 0;
    for (std::size_t g = 0; g < kGroups; ++g) {
        const __m512 y = _mm512_loadu_ps(values + 16 * g);
        const __m512 y_abs = abs16(y);
        if (_mm512_cmp_ps_mask(y_abs, set16(1.0f), _CMP_LT_OQ) != kAll) return false;
        _mm512_store_ps(b.x + 16 * g, central_estimate(y, fused));
        b.lanes[g] = _mm512_cmp_ps_mask(y_abs, set16(0.7f), _CMP_GT_OQ);
        count = pack(b.packed, count, b.lanes[g], y);
    }
    _mm512_storeu_ps(b.packed + count, set16(0.75f));  // padding: a tail argument
    for (std::size_t j = 0; j < count; j += 16)
        _mm512_storeu_ps(b.packed + j, tail_estimate(_mm512_loadu_ps(b.packed + j), fused));
    std::size_t pos = 0;
    for (std::size_t g = 0; g < kGroups; ++g)
        _mm512_store_ps(b.x + 16 * g,
                        unpack(b.packed, pos, b.lanes[g], _mm512_load_ps(b.x + 16 * g)));
    // Two Newton steps: erff16_ab and the slope in every lane, erff16_c packed; the last step
    // writes values (every check has passed by then).
    for (int step = 0; step < 2; ++step) {
        count = 0;
        for (std::size_t g = 0; g < kGroups; ++g) {
            const __m512 x = _mm512_load_ps(b.x + 16 * g);
            if (_mm512_cmp_ps_mask(abs16(x), set16(9.0f), _CMP_LT_OQ) != kAll) return false;
            _mm512_store_ps(b.slope + 16 * g, erfinv_slope(x, two_over_sqrt_pi));
            _mm512_store_ps(b.erf + 16 * g, erff16_ab(x));
            b.lanes[g] = erff16_c_lanes(x);
            count = pack(b.packed, count, b.lanes[g], x);
        }
        _mm512_storeu_ps(b.packed + count, set16(2.0f));  // padding: an erff16_c argument
        for (std::size_t j = 0; j < count; j += 16)
            _mm512_storeu_ps(b.packed + j, erff16_c(_mm512_loadu_ps(b.packed + j)));
        pos = 0;
        float* out = step == 1 ? values : b.x;
        for (std::size_t g = 0; g < kGroups; ++g) {
            const __m512 erf = unpack(b.packed, pos, b.lanes[g], _mm512_load_ps(b.erf + 16 * g));
            const __m512 y = _mm512_loadu_ps(values + 16 * g);
            _mm512_storeu_ps(out + 16 * g, newton_step(_mm512_load_ps(b.x + 16 * g), y, erf,
                                                       _mm512_load_ps(b.slope + 16 * g)));
        }
    }
    return true;
}

/// erfinv16 on values[0, n), the last n % 16 in masked lanes; the groups it cannot do go to the
/// scalar code. How many values the vector code did.
std::size_t erfinv_groups(float* values, std::size_t n, bool fused, float two_over_sqrt_pi) {
    std::size_t done = 0;
    for (std::size_t i = 0; i < n; i += 16) {
        const std::size_t count = n - i < 16 ? n - i : 16;
        const __mmask16 lanes = count == 16 ? kAll : static_cast<__mmask16>((1U << count) - 1U);
        if (erfinv16(values + i, lanes, fused, two_over_sqrt_pi)) {
            done += count;
        } else {
            fallback_erfinv(values + i, count, fused);
        }
    }
    return done;
}

}  // namespace

std::size_t erfinv_avx512(float* values, std::size_t n, bool fused, float two_over_sqrt_pi) {
    ErfinvBlock block;
    std::size_t done = 0;
    std::size_t i = 0;
    for (; i + kBlock <= n; i += kBlock) {
        if (erfinv_block(values + i, fused, two_over_sqrt_pi, block)) {
            done += kBlock;
        } else {
            done += erfinv_groups(values + i, kBlock, fused, two_over_sqrt_pi);
        }
    }
    return done + erfinv_groups(values + i, n - i, fused, two_over_sqrt_pi);
}

}  // namespace initscope::detail
