// fdlibm's tanhf (tanh(x) = 1 − 2/(expm1(2|x|) + 2) for |x| ≥ 1, −t/(t + 2) with
// t = expm1(−2|x|) below, ±1 from 22 on, x·(1 + x) below 2^−55) and its expm1f (reduction by
// k·ln2 in two parts, the rational approximation of the primary range, and the reconstruction for
// each k), as glibc's sysdeps/ieee754/flt-32 has them. Every branch is computed for every lane and
// the lane's own is selected, in the order of the scalar code; -ffp-contract=off keeps each
// multiply and add separately rounded.
#include "core/model/tanh_kernel.h"

#include "core/torch/cpu_features.h"

#include <algorithm>
#include <cstdint>
#include <cstring>

namespace initscope {

namespace {

/// The float, int32 and uint32 vectors of kLanes lanes the kernel is written in.
template <int kLanes>
struct Lanes {
    typedef float F __attribute__((vector_size(4 * kLanes)));
    typedef int32_t I __attribute__((vector_size(4 * kLanes)));
    typedef uint32_t U __attribute__((vector_size(4 * kLanes)));
};

/// v·2^k for the lanes where that stays a normal float: k added to the exponent field, in
/// unsigned arithmetic (fdlibm's SET_FLOAT_WORD(y, i + (k << 23))).
template <class f8, class i8, class u8>
[[gnu::always_inline]] inline void scale_by_power_of_two(f8& v, const i8& k) {
    v = reinterpret_cast<f8>(reinterpret_cast<u8>(v) + (reinterpret_cast<u8>(k) << 23));
}

/// fdlibm's expm1f(u) for the arguments tanhf passes: u = 2|x| ∈ [2, 44) (`positive`) or
/// u = −2|x| ∈ (−2, 0); hu is the bit pattern of |u|. (Vectors by reference: no vector ABI.)
template <class L, class f8 = typename L::F, class i8 = typename L::I>
[[gnu::always_inline]] inline void expm1_lanes(const f8& u, const i8& hu, const i8& positive,
                                               f8& expm1) {
    using u8 = typename L::U;
    const f8 zero{};
    const f8 ln2_hi = zero + 6.9313812256e-01f, ln2_lo = zero + 9.0580006145e-06f;
    // Argument reduction: u = k·ln2 + r, r = hi − lo, c the rounding error of r.
    const i8 k_general =
        __builtin_convertvector(u * 1.4426950216e+00f + (positive ? zero + 0.5f : zero - 0.5f), i8);
    const f8 t_general = __builtin_convertvector(k_general, f8);
    const i8 one_ln2 = hu < 0x3F851592;  // 0.5·ln2 < |u| < 1.5·ln2: k = ±1
    const f8 hi = one_ln2 ? (positive ? u - ln2_hi : u + ln2_hi) : u - t_general * ln2_hi;
    const f8 lo = one_ln2 ? (positive ? ln2_lo : zero - ln2_lo) : t_general * ln2_lo;
    const i8 reduced = hu > 0x3eb17218;
    const i8 k = reduced ? (one_ln2 ? (positive ? i8{} + 1 : i8{} - 1) : k_general) : i8{};
    const f8 r = reduced ? hi - lo : u;
    const f8 c = reduced ? (hi - r) - lo : zero;
    // The primary range.
    const f8 hfx = r * 0.5f;
    const f8 hxs = r * hfx;
    const f8 r1 =
        1.0f + hxs * (-3.3333335072e-02f +
                      hxs * (1.5873016091e-03f +
                             hxs * (-7.9365076090e-05f +
                                    hxs * (4.0082177293e-06f + hxs * -2.0109921195e-07f))));
    const f8 t = 3.0f - r1 * hfx;
    f8 e = hxs * ((r1 - t) / (6.0f - r * t));
    const f8 k0 = r - (r * e - hxs);
    e = r * (e - c) - c;
    e -= hxs;
    const f8 k_minus_1 = (r - e) * 0.5f - 0.5f;
    // k ≤ −2 or k > 56: 2^k·(1 − (e − r)) − 1.
    f8 far = 1.0f - (e - r);
    scale_by_power_of_two<f8, i8, u8>(far, k);
    far -= 1.0f;
    // 2 ≤ k < 23: 2^k·((1 − 2^−k) − (e − r)).
    const f8 small_t = reinterpret_cast<f8>(0x3f800000 - (0x1000000 >> (k & 31)));
    f8 small = small_t - (e - r);
    scale_by_power_of_two<f8, i8, u8>(small, k);
    // 23 ≤ k ≤ 56: 2^k·((r − (e + 2^−k)) + 1).
    f8 large = r - (e + reinterpret_cast<f8>((0x7f - k) << 23));
    large += 1.0f;
    scale_by_power_of_two<f8, i8, u8>(large, k);
    // k ≤ −2 or k > 56, as one unsigned compare (k + 1 ∉ [0, 57]); GCC 12 splits the two
    // signed compares into scalar code for 16 lanes.
    const i8 far_k = reinterpret_cast<u8>(k + 1) > 57U;
    const f8 result =
        k == 0 ? k0 : (k == -1 ? k_minus_1 : (far_k ? far : (k < 23 ? small : large)));
    expm1 = hu < 0x33000000 ? u : result;  // |u| < 2^−25: u itself
}

template <class L, class f8 = typename L::F, class i8 = typename L::I>
[[gnu::always_inline]] inline void tanh_lanes(const f8& x, f8& tanh) {
    const i8 jx = reinterpret_cast<i8>(x);
    const i8 ix = jx & 0x7fffffff;
    const f8 ax = reinterpret_cast<f8>(ix);
    const i8 big = ix >= 0x3f800000;  // |x| ≥ 1
    // expm1 only matters below |x| = 22; other lanes (±1, inf, NaN) run it on 0, so that every
    // integer below stays in range: k ∈ [−3, 63].
    const f8 ax_used = ix < 0x41b00000 ? ax : f8{};
    const f8 u = big ? ax_used * 2.0f : -(ax_used * 2.0f);
    f8 t;
    expm1_lanes<L>(u, reinterpret_cast<i8>(u) & 0x7fffffff, big, t);
    // 1 − 2/(t + 2) or −t/(t + 2): one division of the lane's own numerator.
    const f8 quotient = (big ? f8{} + 2.0f : -t) / (t + 2.0f);
    f8 z = big ? 1.0f - quotient : quotient;
    z = ix >= 0x41b00000 ? f8{} + (1.0f - 1.0e-30f) : z;  // |x| ≥ 22: 1
    z = ix < 0x24000000 ? ax * (1.0f + ax) : z;           // |x| < 2^−55
    f8 out = jx >= 0 ? z : -z;
    out = ix == 0 ? x : out;  // ±0
    const f8 special = jx >= 0 ? 1.0f / x + 1.0f : 1.0f / x - 1.0f;
    tanh = ix >= 0x7f800000 ? special : out;  // ±inf: ±1; NaN: NaN
}

template <int kLanes>
[[gnu::always_inline]] inline void tanh_span(const float* in, float* out, size_t n) {
    using L = Lanes<kLanes>;
    using f8 = typename L::F;
    size_t i = 0;
    for (; i + kLanes <= n; i += kLanes) {
        f8 v;
        std::memcpy(&v, in + i, sizeof(v));
        f8 y;
        tanh_lanes<L>(v, y);
        std::memcpy(out + i, &y, sizeof(y));
    }
    if (i == n) return;
    float tail[kLanes] = {};
    std::copy(in + i, in + n, tail);
    f8 v;
    std::memcpy(&v, tail, sizeof(v));
    f8 y;
    tanh_lanes<L>(v, y);
    std::memcpy(tail, &y, sizeof(y));
    std::copy(tail, tail + (n - i), out + i);
}

INITSCOPE_TARGET_AVX512 void tanh_span_avx512(const float* in, float* out, size_t n) {
    tanh_span<16>(in, out, n);
}
INITSCOPE_TARGET_AVX2 void tanh_span_avx2(const float* in, float* out, size_t n) {
    tanh_span<8>(in, out, n);
}
void tanh_span_baseline(const float* in, float* out, size_t n) {
    tanh_span<8>(in, out, n);
}

}  // namespace

float TanhKernel::value(float x) {
    float y;
    tanh_span_baseline(&x, &y, 1);
    return y;
}

void TanhKernel::values(std::span<const float> in, std::span<float> out) {
    const size_t n = std::min(in.size(), out.size());
    const CpuFeatures features = CpuFeatures::active();
    (features.avx512f ? tanh_span_avx512 : (features.avx2 ? tanh_span_avx2 : tanh_span_baseline))(
        in.data(), out.data(), n);
}

}  // namespace initscope
