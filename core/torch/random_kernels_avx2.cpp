// AVX2+FMA versions of the hot loops (compiled with -mavx2 -mfma; see core/torch/CMakeLists.txt).
// Contract: every function gives exactly the bits of the scalar code it replaces, lane by lane:
// the same IEEE operations in the same order, each fused multiply-add written as an explicit
// _mm256_fmadd_ps / std::fmaf (the project compiles with -ffp-contract=off). Only called when
// CpuFeatures::active().avx2_fma() (core/torch/cpu_features.h). This file uses no inline functions
// from other headers besides the intrinsics, so no AVX2 copy of a shared inline function can leak
// into the scalar code.

#include "core/torch/random_simd.h"

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
    __m256 e =
        _mm256_cvtepi32_ps(_mm256_sub_epi32(_mm256_srli_epi32(bits, 23), _mm256_set1_epi32(127)));
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
    const __m256 poly = _mm256_castsi256_ps(
        _mm256_cmpeq_epi32(_mm256_and_si256(j, _mm256_set1_epi32(2)), _mm256_setzero_si256()));
    x = _mm256_fmadd_ps(y, _mm256_set1_ps(-0.78515625f), x);
    x = _mm256_fmadd_ps(y, _mm256_set1_ps(-2.4187564849853515625e-4f), x);
    x = _mm256_fmadd_ps(y, _mm256_set1_ps(-3.77489497744594108e-8f), x);
    const __m256 sign_cos = _mm256_castsi256_ps(_mm256_slli_epi32(
        _mm256_andnot_si256(_mm256_sub_epi32(j, _mm256_set1_epi32(2)), four), 29));
    sign_sin = _mm256_xor_ps(sign_sin, swap);
    const __m256 z = _mm256_mul_ps(x, x);
    __m256 yc = _mm256_fmadd_ps(_mm256_fmadd_ps(_mm256_set1_ps(2.443315711809948E-5f), z,
                                                _mm256_set1_ps(-1.388731625493765E-3f)),
                                z, _mm256_set1_ps(4.166664568298827E-2f));
    yc = _mm256_mul_ps(yc, z);
    yc = _mm256_fmsub_ps(yc, z, _mm256_mul_ps(z, _mm256_set1_ps(0.5f)));
    yc = _mm256_add_ps(yc, _mm256_set1_ps(1.0f));
    __m256 ys = _mm256_fmadd_ps(
        _mm256_fmadd_ps(_mm256_set1_ps(-1.9515295891E-4f), z, _mm256_set1_ps(8.3321608736E-3f)), z,
        _mm256_set1_ps(-1.6666654611E-1f));
    ys = _mm256_mul_ps(ys, z);
    ys = _mm256_fmadd_ps(x, ys, x);
    const __m256 ys2 = _mm256_and_ps(poly, ys);
    const __m256 ys1 = _mm256_andnot_ps(poly, yc);
    *s = _mm256_xor_ps(_mm256_add_ps(ys1, ys2), sign_sin);
    *c = _mm256_xor_ps(_mm256_add_ps(_mm256_sub_ps(yc, ys1), _mm256_sub_ps(ys, ys2)), sign_cos);
}

// ---- glibc 2.36's expf, logf and erff (x86_64, the FMA ifunc variants), eight lanes at a time
// ---- The scalar erfinv (ATen's calc_erfinv) calls glibc's erff/expf/logf; these replicas perform
// the same IEEE operations in the same order (sysdeps/ieee754/flt-32/e_expf.c, e_logf.c, s_erff.c),
// with the contractions GCC made when it built the __expf_fma/__logf_fma variants that glibc
// selects on CPUs with AVX2+FMA. Checked against glibc 2.36 (Debian 12): expf over every float in
// [-103.9, -0], logf over every float in [2^-126, 1), and erfinv_avx2 against the scalar erfinv
// over every float in (-1, 1) (fma flavour; every third float for the portable one): no
// difference. erfinv_avx2 only feeds them arguments of those kinds (other groups go to the scalar
// code), and erfinv_avx2_matches_libm() re-checks probes at run time against the C library.

alignas(32) constexpr uint64_t kExp2fTab[32] = {
    0x3ff0000000000000, 0x3fefd9b0d3158574, 0x3fefb5586cf9890f, 0x3fef9301d0125b51,
    0x3fef72b83c7d517b, 0x3fef54873168b9aa, 0x3fef387a6e756238, 0x3fef1e9df51fdee1,
    0x3fef06fe0a31b715, 0x3feef1a7373aa9cb, 0x3feedea64c123422, 0x3feece086061892d,
    0x3feebfdad5362a27, 0x3feeb42b569d4f82, 0x3feeab07dd485429, 0x3feea47eb03a5585,
    0x3feea09e667f3bcd, 0x3fee9f75e8ec5f74, 0x3feea11473eb0187, 0x3feea589994cce13,
    0x3feeace5422aa0db, 0x3feeb737b0cdc5e5, 0x3feec49182a3f090, 0x3feed503b23e255d,
    0x3feee89f995ad3ad, 0x3feeff76f2fb5e47, 0x3fef199bdd85529c, 0x3fef3720dcef9069,
    0x3fef5818dcfba487, 0x3fef7c97337b9b5f, 0x3fefa4afa2a490da, 0x3fefd0765b6e4540};

// expf of four floats in (-88, 88) (no special cases).
inline __m128 expf4(__m128 x) {
    const __m256d xd = _mm256_cvtps_pd(x);
    const __m256d inv_ln2_n = _mm256_set1_pd(0x1.71547652b82fep+0 * 32);
    const __m256d shift = _mm256_set1_pd(0x1.8p+52);
    // z = InvLn2N*xd; kd = z + SHIFT; r = z - (kd - SHIFT): GCC fused both uses of z.
    __m256d kd = _mm256_fmadd_pd(inv_ln2_n, xd, shift);
    const __m256i ki = _mm256_castpd_si256(kd);
    kd = _mm256_sub_pd(kd, shift);
    const __m256d r = _mm256_fmsub_pd(inv_ln2_n, xd, kd);
    const __m256i index = _mm256_and_si256(ki, _mm256_set1_epi64x(31));
    __m256i t = _mm256_mask_i64gather_epi64(_mm256_setzero_si256(),
                                            reinterpret_cast<const long long*>(kExp2fTab), index,
                                            _mm256_set1_epi64x(-1), 8);
    t = _mm256_add_epi64(t, _mm256_slli_epi64(ki, 47));
    const __m256d s = _mm256_castsi256_pd(t);
    const __m256d z = _mm256_fmadd_pd(_mm256_set1_pd(0x1.c6af84b912394p-5 / 32 / 32 / 32), r,
                                      _mm256_set1_pd(0x1.ebfce50fac4f3p-3 / 32 / 32));
    const __m256d r2 = _mm256_mul_pd(r, r);
    __m256d y = _mm256_fmadd_pd(_mm256_set1_pd(0x1.62e42ff0c52d6p-1 / 32), r, _mm256_set1_pd(1.0));
    y = _mm256_fmadd_pd(z, r2, y);
    return _mm256_cvtpd_ps(_mm256_mul_pd(y, s));
}

inline __m256 expf8(__m256 x) {
    const __m128 lo = expf4(_mm256_castps256_ps128(x));
    const __m128 hi = expf4(_mm256_extractf128_ps(x, 1));
    return _mm256_insertf128_ps(_mm256_castps128_ps256(lo), hi, 1);
}

alignas(32) constexpr double kLogfInvc[16] = {0x1.661ec79f8f3bep+0, 0x1.571ed4aaf883dp+0,
                                              0x1.49539f0f010bp+0,  0x1.3c995b0b80385p+0,
                                              0x1.30d190c8864a5p+0, 0x1.25e227b0b8eap+0,
                                              0x1.1bb4a4a1a343fp+0, 0x1.12358f08ae5bap+0,
                                              0x1.0953f419900a7p+0, 0x1p+0,
                                              0x1.e608cfd9a47acp-1, 0x1.ca4b31f026aap-1,
                                              0x1.b2036576afce6p-1, 0x1.9c2d163a1aa2dp-1,
                                              0x1.886e6037841edp-1, 0x1.767dcf5534862p-1};
alignas(32) constexpr double kLogfLogc[16] = {-0x1.57bf7808caadep-2, -0x1.2bef0a7c06ddbp-2,
                                              -0x1.01eae7f513a67p-2, -0x1.b31d8a68224e9p-3,
                                              -0x1.6574f0ac07758p-3, -0x1.1aa2bc79c81p-3,
                                              -0x1.a4e76ce8c0e5ep-4, -0x1.1973c5a611cccp-4,
                                              -0x1.252f438e10c1ep-5, 0x0p+0,
                                              0x1.aa5aa5df25984p-5,  0x1.c5e53aa362eb4p-4,
                                              0x1.526e57720db08p-3,  0x1.bc2860d22477p-3,
                                              0x1.1058bc8a07ee1p-2,  0x1.4043057b6ee09p-2};

// logf of eight normal positive floats other than 1 (no special cases).
inline __m256 logf8(__m256 x) {
    const __m256i ix = _mm256_castps_si256(x);
    const __m256i tmp = _mm256_sub_epi32(ix, _mm256_set1_epi32(0x3f330000));
    const __m256i i = _mm256_and_si256(_mm256_srli_epi32(tmp, 19), _mm256_set1_epi32(15));
    const __m256i k = _mm256_srai_epi32(tmp, 23);
    const __m256i iz = _mm256_sub_epi32(
        ix, _mm256_and_si256(tmp, _mm256_set1_epi32(static_cast<int>(0xff800000U))));
    const __m256 zf = _mm256_castsi256_ps(iz);
    __m128 half[2];
    for (int h = 0; h < 2; ++h) {
        const __m128i ih = h ? _mm256_extracti128_si256(i, 1) : _mm256_castsi256_si128(i);
        const __m128i kh = h ? _mm256_extracti128_si256(k, 1) : _mm256_castsi256_si128(k);
        const __m128 zh = h ? _mm256_extractf128_ps(zf, 1) : _mm256_castps256_ps128(zf);
        // Masked gathers with a zero source: the plain intrinsic reads an undefined register.
        const __m256d all = _mm256_castsi256_pd(_mm256_set1_epi64x(-1));
        const __m256d invc = _mm256_mask_i32gather_pd(_mm256_setzero_pd(), kLogfInvc, ih, all, 8);
        const __m256d logc = _mm256_mask_i32gather_pd(_mm256_setzero_pd(), kLogfLogc, ih, all, 8);
        const __m256d z = _mm256_cvtps_pd(zh);
        const __m256d r = _mm256_fmsub_pd(z, invc, _mm256_set1_pd(1.0));
        const __m256d y0 =
            _mm256_fmadd_pd(_mm256_cvtepi32_pd(kh), _mm256_set1_pd(0x1.62e42fefa39efp-1), logc);
        const __m256d r2 = _mm256_mul_pd(r, r);
        __m256d y = _mm256_fmadd_pd(_mm256_set1_pd(0x1.5575b0be00b6ap-2), r,
                                    _mm256_set1_pd(-0x1.ffffef20a4123p-2));
        y = _mm256_fmadd_pd(_mm256_set1_pd(-0x1.00ea348b88334p-2), r2, y);
        y = _mm256_fmadd_pd(y, r2, _mm256_add_pd(y0, r));
        half[h] = _mm256_cvtpd_ps(y);
    }
    return _mm256_insertf128_ps(_mm256_castps128_ps256(half[0]), half[1], 1);
}

inline __m256 set8(float v) {
    return _mm256_set1_ps(v);
}
inline __m256 madd_plain(__m256 a, __m256 b, __m256 c) {
    return _mm256_add_ps(_mm256_mul_ps(a, b), c);
}
// c + s*(rest): the fdlibm Horner step, unfused (s_erff.c is built without FMA).
inline __m256 horner(__m256 c, __m256 s, __m256 rest) {
    return madd_plain(s, rest, c);
}
inline bool any(__m256 mask) {
    return _mm256_movemask_ps(mask) != 0;
}
inline __m256 blend(__m256 a, __m256 b, __m256 mask) {
    return _mm256_blendv_ps(a, b, mask);
}

// glibc's erff (fdlibm's s_erff.c) for eight finite floats.
inline __m256 erff8(__m256 x) {
    const __m256 sign_mask = _mm256_castsi256_ps(_mm256_set1_epi32(INT32_MIN));
    const __m256 sign = _mm256_and_ps(x, sign_mask);
    const __m256 ax = _mm256_andnot_ps(sign_mask, x);
    const __m256i ix = _mm256_castps_si256(ax);
    const __m256 one = set8(1.0f);
    auto below = [ix](int32_t bound) {
        return _mm256_castsi256_ps(_mm256_cmpgt_epi32(_mm256_set1_epi32(bound), ix));
    };
    // |x| < 0.84375: x + x*(r/s); |x| < 2^-28: x + efx*x; |x| < 2^-119: 0.0625*(16x + 16efx*x).
    const __m256 in_a = below(0x3f580000);
    __m256 result = set8(1.0f);  // |x| >= 6: one - tiny == 1 (sign applied below)
    if (any(in_a)) {
        const __m256 z = _mm256_mul_ps(x, x);
        __m256 r = horner(set8(-5.7702702470e-03f), z, set8(-2.3763017452e-05f));
        r = horner(set8(-2.8481749818e-02f), z, r);
        r = horner(set8(-3.2504209876e-01f), z, r);
        r = horner(set8(1.2837916613e-01f), z, r);
        __m256 s = horner(set8(1.3249473704e-04f), z, set8(-3.9602282413e-06f));
        s = horner(set8(5.0813062117e-03f), z, s);
        s = horner(set8(6.5022252500e-02f), z, s);
        s = horner(set8(3.9791721106e-01f), z, s);
        s = horner(one, z, s);
        const __m256 y = _mm256_div_ps(r, s);
        __m256 ra = _mm256_add_ps(x, _mm256_mul_ps(x, y));
        const __m256 tiny = below(0x31800000);
        if (any(tiny)) {
            const __m256 efx = set8(1.2837916613e-01f);
            const __m256 small = _mm256_add_ps(x, _mm256_mul_ps(efx, x));
            const __m256 smallest = _mm256_mul_ps(
                set8(0.0625f), _mm256_add_ps(_mm256_mul_ps(set8(16.0f), x),
                                             _mm256_mul_ps(set8(16.0f * 1.2837916613e-01f), x)));
            ra = blend(ra, blend(small, smallest, below(0x04000000)), tiny);
        }
        result = blend(result, _mm256_andnot_ps(sign_mask, ra), in_a);  // sign re-applied below
    }
    // 0.84375 <= |x| < 1.25: ±(erx + P/Q).
    const __m256 in_b = _mm256_andnot_ps(in_a, below(0x3fa00000));
    if (any(in_b)) {
        const __m256 s = _mm256_sub_ps(ax, one);
        __m256 p = horner(set8(3.5478305072e-02f), s, set8(-2.1663755178e-03f));
        p = horner(set8(-1.1089469492e-01f), s, p);
        p = horner(set8(3.1834661961e-01f), s, p);
        p = horner(set8(-3.7220788002e-01f), s, p);
        p = horner(set8(4.1485610604e-01f), s, p);
        p = horner(set8(-2.3621185683e-03f), s, p);
        __m256 q = horner(set8(1.3637083583e-02f), s, set8(1.1984500103e-02f));
        q = horner(set8(1.2617121637e-01f), s, q);
        q = horner(set8(7.1828655899e-02f), s, q);
        q = horner(set8(5.4039794207e-01f), s, q);
        q = horner(set8(1.0642088205e-01f), s, q);
        q = horner(one, s, q);
        const __m256 rb = _mm256_add_ps(set8(8.4506291151e-01f), _mm256_div_ps(p, q));
        result = blend(result, rb, in_b);
    }
    // 1.25 <= |x| < 6: ±(1 − expf(−z²−0.5625)·expf((z−x)(z+x) + R/S)/x), z = x with 12 bits cut.
    const __m256 in_c = _mm256_andnot_ps(_mm256_or_ps(in_a, in_b), below(0x40c00000));
    if (any(in_c)) {
        const __m256 s = _mm256_div_ps(one, _mm256_mul_ps(ax, ax));
        const __m256 near = below(0x4036DB6E);  // |x| < 1/0.35: ra/sa, else rb/sb
        auto pick = [near](float a, float b) { return blend(set8(b), set8(a), near); };
        // rb/sb have one coefficient fewer: a leading 0 gives the same bits (c + s*0 == c).
        __m256 r =
            horner(pick(-8.1287437439e+01f, -4.8351919556e+02f), s, pick(-9.8143291473e+00f, 0.0f));
        r = horner(pick(-1.8460508728e+02f, -1.0250950928e+03f), s, r);
        r = horner(pick(-1.6239666748e+02f, -6.3756646729e+02f), s, r);
        r = horner(pick(-6.2375331879e+01f, -1.6063638306e+02f), s, r);
        r = horner(pick(-1.0558626175e+01f, -1.7757955551e+01f), s, r);
        r = horner(pick(-6.9385856390e-01f, -7.9928326607e-01f), s, r);
        r = horner(pick(-9.8649440333e-03f, -9.8649431020e-03f), s, r);
        __m256 q =
            horner(pick(6.5702495575e+00f, -2.2440952301e+01f), s, pick(-6.0424413532e-02f, 0.0f));
        q = horner(pick(1.0863500214e+02f, 4.7452853394e+02f), s, q);
        q = horner(pick(4.2900814819e+02f, 2.5530502930e+03f), s, q);
        q = horner(pick(6.4538726807e+02f, 3.1998581543e+03f), s, q);
        q = horner(pick(4.3456588745e+02f, 1.5367296143e+03f), s, q);
        q = horner(pick(1.3765776062e+02f, 3.2579251099e+02f), s, q);
        q = horner(pick(1.9651271820e+01f, 3.0338060379e+01f), s, q);
        q = horner(one, s, q);
        const __m256 z = _mm256_castsi256_ps(
            _mm256_and_si256(ix, _mm256_set1_epi32(static_cast<int>(0xfffff000U))));
        const __m256 minus_z = _mm256_xor_ps(z, sign_mask);
        const __m256 e1 = expf8(_mm256_sub_ps(_mm256_mul_ps(minus_z, z), set8(0.5625f)));
        const __m256 e2 = expf8(_mm256_add_ps(
            _mm256_mul_ps(_mm256_sub_ps(z, ax), _mm256_add_ps(z, ax)), _mm256_div_ps(r, q)));
        const __m256 rr = _mm256_mul_ps(e1, e2);
        const __m256 rc = _mm256_sub_ps(one, _mm256_div_ps(rr, ax));
        result = blend(result, rc, in_c);
    }
    // Each branch is odd in x with round-to-nearest (−a − b == −(a + b)): apply the sign last.
    return _mm256_or_ps(result, sign);
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

std::size_t erfinv_avx2(float* values, std::size_t n, bool fused, float two_over_sqrt_pi) {
    // Mirrors the scalar erfinv of random_kernels.cpp lane by lane. A group of eight is done here
    // only when every |y| < 1 and every Newton iterate stays below 9 in magnitude (so expf(−x²) and
    // erff never see their special cases); otherwise the group is left for the scalar code.
    const __m256 sign_mask = _mm256_castsi256_ps(_mm256_set1_epi32(INT32_MIN));
    const __m256 one = set8(1.0f);
    auto madd = [fused](__m256 a, __m256 b, __m256 c) {
        return fused ? _mm256_fmadd_ps(a, b, c) : _mm256_add_ps(_mm256_mul_ps(a, b), c);
    };
    std::size_t done = 0;
    std::size_t i = 0;
    for (; i + 8 <= n; i += 8) {
        const __m256 y = _mm256_loadu_ps(values + i);
        const __m256 y_abs = _mm256_andnot_ps(sign_mask, y);
        if (_mm256_movemask_ps(_mm256_cmp_ps(y_abs, one, _CMP_LT_OQ)) != 0xff) {
            fallback_erfinv(values + i, 8, fused);
            continue;
        }
        const __m256 z = _mm256_mul_ps(y, y);
        __m256 num =
            madd(madd(madd(set8(-0.140543331f), z, set8(0.914624893f)), z, set8(-1.645349621f)), z,
                 set8(0.886226899f));
        __m256 dem =
            madd(madd(madd(madd(set8(0.012229801f), z, set8(-0.329097515f)), z, set8(1.442710462f)),
                      z, set8(-2.118377725f)),
                 z, one);
        __m256 x = _mm256_div_ps(_mm256_mul_ps(y, num), dem);
        const __m256 tail = _mm256_cmp_ps(y_abs, set8(0.7f), _CMP_GT_OQ);
        if (any(tail)) {
            const __m256 w = _mm256_div_ps(_mm256_sub_ps(one, y_abs), set8(2.0f));
            const __m256 t = _mm256_sqrt_ps(_mm256_xor_ps(logf8(w), sign_mask));
            num =
                madd(madd(madd(set8(1.641345311f), t, set8(3.429567803f)), t, set8(-1.624906493f)),
                     t, set8(-1.970840454f));
            dem = madd(madd(set8(1.637067800f), t, set8(3.543889200f)), t, one);
            const __m256 signed_num =
                _mm256_or_ps(_mm256_andnot_ps(sign_mask, num), _mm256_and_ps(y, sign_mask));
            x = blend(x, _mm256_div_ps(signed_num, dem), tail);
        }
        const __m256 k = set8(two_over_sqrt_pi);
        bool ok = true;
        for (int step = 0; step < 2 && ok; ++step) {
            const __m256 x_abs = _mm256_andnot_ps(sign_mask, x);
            if (_mm256_movemask_ps(_mm256_cmp_ps(x_abs, set8(9.0f), _CMP_LT_OQ)) != 0xff) {
                ok = false;
                break;
            }
            const __m256 e = expf8(_mm256_mul_ps(_mm256_xor_ps(x, sign_mask), x));
            x = _mm256_sub_ps(x, _mm256_div_ps(_mm256_sub_ps(erff8(x), y), _mm256_mul_ps(k, e)));
        }
        if (!ok) {
            fallback_erfinv(values + i, 8, fused);
            continue;
        }
        _mm256_storeu_ps(values + i, x);
        done += 8;
    }
    if (i < n) fallback_erfinv(values + i, n - i, fused);
    return done;
}

}  // namespace initscope::detail
