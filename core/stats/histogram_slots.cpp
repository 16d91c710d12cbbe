// Exact histogram slots with one float guess per value and, almost always, no check.
//
// Notation: a = lo = edges[0], b = hi = edges[bins] (doubles), S = bins/(b − a) (real), σ = the
// double scale, l = fl32(a), c = fl32(σ), and for a float x the guess
//     t = fl32(fl32(x − l)·c),  u = fl32(clamp(t, −1, bins) + 1),  s = trunc(u),  f = u − s
// (f is exact: u ≥ 0 and s is a multiple of ulp(u)). The exact position is τ = (x − a)·S.
//
// Claim. Let E = 2^−21·(bins + 2 + S·|a|) + 2^−50·S·(|a| + |b|). If t is finite and either
// f ∈ [E, 1 − E], or t ≤ −E, or t ≥ bins + E, then s is x's exact slot.
//
// Proof. (1) Rounding of t. With |ε_k| ≤ 2^−24 (float roundings, also of l and c) and
// |ε_σ| ≤ 2^−52 (σ = fl64(bins/fl64(b − a))): t = (x − l)·S·(1+ε1)(1+ε2)(1+ε_σ)(1+ε3), and
// x − l = (x − a) + (a − l), |a − l| ≤ 2^−24·|a|. So t = (τ + δ_l)(1 + η) with |δ_l| ≤
// 2^−24·S·|a| and |η| ≤ 3.01·2^−24. (Subnormal results add at most 2^−149 absolutely.)
// (2) Where |t| ≤ bins + 2: |τ + δ_l| ≤ (bins + 2)(1 + 4η), so |t − τ| ≤ 3.02·2^−24·(bins + 2)
// + 2^−24·S·|a|, and |u − (t + 1)| ≤ 2^−24·(bins + 1) when t is not clamped. Hence
// |u − (τ + 1)| ≤ 4.03·2^−24·(bins + 2) + 2^−24·S·|a|.
// (3) The edges. edges[i] = fl64(fl64(i·step) + a), step = fl64((b − a)/bins), so
// |edges[i] − (a + i·(b − a)/bins)| ≤ 3·2^−53·i·(b − a)/bins + 2^−53·(|a| + |b|); in units of
// τ that is δ_e ≤ 3·2^−53·bins + 2^−53·S·(|a| + |b|).
// (4) E ≥ 4.03·2^−24·(bins + 2) + 2^−24·S·|a| + δ_e (2^−21 = 8·2^−24 covers the first two
// and 3·2^−53·bins; 2^−50 covers 2^−53·S(|a|+|b|)). If f ∈ [E, 1 − E], then τ + 1 lies in
// (s, s + 1) at distance > δ_e from both ends, so edges[s−1] ≤ x < edges[s] (edges[−1] = −∞,
// edges[bins+1] = +∞ read as the below/above slots): x's slot is s. For s = bins the closed
// last bin changes nothing, since x < edges[bins] there. If t ≤ −E, then by (1) τ + δ_l ≤ −E/(1+η)
// so τ < −E/(1+η) + 2^−24·S·|a| < 0: x < a, slot 0 = s (u ≤ 1 − E). If t ≥ bins + E, then
// τ ≥ (bins + E)/(1+η) − 2^−24·S·|a| > bins + δ_e: x > b, slot bins + 1 = s (u = bins + 1). ∎
//
// The fast path needs l finite and c a normal float (so the relative bounds hold; a subnormal l
// is off by at most 2^−150, S·2^−150 < 2^−21) and
// E < 1/4; otherwise, and for the rare unsure lanes, the thresholds decide (walk()): lower[s] is
// the smallest float ≥ edges[s−1], and for a float x, x ≥ edges[s−1] ⟺ x ≥ lower[s].
// tests/core/tst_histogram_slots checks every path against a brute-force reference at and next
// to every edge.
#include "core/stats/histogram_slots.h"

#include "core/torch/cpu_features.h"

#include <immintrin.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>

namespace initscope {

namespace {

constexpr float kMaxF = std::numeric_limits<float>::max();
constexpr float kInf = std::numeric_limits<float>::infinity();

/// Smallest float f with f ≥ e (+inf above FLT_MAX).
float float_at_or_above(double e) {
    float f = static_cast<float>(e);
    if (static_cast<double>(f) < e) f = std::nextafter(f, kInf);
    return f;
}

/// Largest float f with f ≤ e.
float float_at_or_below(double e) {
    float f = static_cast<float>(e);
    if (static_cast<double>(f) > e) f = std::nextafter(f, -kInf);
    return f;
}

/// Smallest float f with f > e.
float float_above(double e) {
    float f = float_at_or_above(e);
    if (static_cast<double>(f) == e) f = std::nextafter(f, kInf);
    return f;
}

using f8 = float __attribute__((vector_size(32)));
using i8 = int32_t __attribute__((vector_size(32)));

/// The fast path's float constants, shared by the AVX2 and AVX-512 copies.
struct FastConstants {
    float lo, scale, top, margin, one_minus_margin, minus_margin, top_plus_margin;
};

}  // namespace

HistogramSlots::HistogramSlots(const std::vector<double>& edges)
    : bins_(static_cast<int>(edges.size()) - 1) {
    const double a = edges.front(), b = edges.back();
    lo_ = a;
    scale_ = bins_ / (b - a);
    lo_f_ = static_cast<float>(lo_);
    scale_f_ = static_cast<float>(scale_);
    float_ok_ = (std::fabs(a) + std::fabs(b)) * scale_ * 0x1p-22 + (bins_ + 2) * 0x1p-21 < 0.5 &&
                std::isfinite(scale_f_) && scale_f_ > 0;
    const double margin = 0x1p-21 * (bins_ + 2 + scale_ * std::fabs(a)) +
                          0x1p-50 * scale_ * (std::fabs(a) + std::fabs(b));
    margin_ = float_at_or_above(margin);
    fast_ = float_ok_ && margin < 0x1p-10 && std::isfinite(lo_f_) && std::isnormal(scale_f_);
    // The double guess: no rounding of lo, and 2^−53 instead of 2^−24 per operation.
    const double margin_double = 0x1p-49 * (bins_ + 2 + scale_ * (std::fabs(a) + std::fabs(b)));
    margin_double_ = margin_double;
    fast_double_ = !fast_ && margin_double < 0.25 && std::fabs(a) <= 0x1p1000 &&
                   std::fabs(b) <= 0x1p1000 && std::isnormal(scale_);
    const float nan = std::numeric_limits<float>::quiet_NaN();
    lower_.assign(static_cast<size_t>(bins_) + 3, nan);
    upper_.assign(static_cast<size_t>(bins_) + 3, nan);
    lower_[0] = -kInf;
    for (int s = 1; s <= bins_; ++s)
        lower_[static_cast<size_t>(s)] = float_at_or_above(edges[static_cast<size_t>(s) - 1]);
    lower_[static_cast<size_t>(bins_) + 1] = float_above(b);
    for (int s = 0; s <= bins_; ++s)
        upper_[static_cast<size_t>(s)] = lower_[static_cast<size_t>(s) + 1];
    upper_[static_cast<size_t>(bins_) + 1] = kInf;
}

void HistogramSlots::slots_of(const float* p, size_t count, int32_t* out) const {
    const CpuFeatures cpu = CpuFeatures::active();
    if (fast_ && cpu.avx512f)
        slots_avx512(p, count, out);
    else if (fast_double_ && cpu.avx512f)
        slots_avx512_double(p, count, out);
    else if (fast_ && cpu.avx2)
        slots_avx2(p, count, out);
    else if (fast_double_ && cpu.avx2)
        slots_avx2_double(p, count, out);
    else
        slots_scalar(p, count, out);
}

/// Baseline: the clamped guess (float when float_ok_, else double), then the walk.
void HistogramSlots::slots_scalar(const float* p, size_t count, int32_t* out) const {
    const int32_t nf = bins_ + 2;
    const float top = static_cast<float>(bins_);
    size_t i = 0;
    if (float_ok_) {
        for (; i + 8 <= count; i += 8) {  // the guesses, 8 at a time (GCC/Clang vectors)
            f8 x;
            std::memcpy(&x, p + i, sizeof x);
            const i8 fin = reinterpret_cast<f8>(reinterpret_cast<i8>(x) & 0x7fffffff) <= kMaxF;
            f8 t = (x - lo_f_) * scale_f_;
            t = reinterpret_cast<f8>(reinterpret_cast<i8>(t) & fin);  // non-finite lanes → 0
            const i8 under = t<-1.0f, over = t> top;
            t = reinterpret_cast<f8>((reinterpret_cast<i8>(t) & ~(under | over)) |
                                     (reinterpret_cast<i8>(f8{} - 1.0f) & under) |
                                     (reinterpret_cast<i8>(f8{} + top) & over));
            const i8 s = __builtin_convertvector(t + 1.0f, i8);
            const i8 slot = (s & fin) | (nf & ~fin);
            std::memcpy(out + i, &slot, sizeof slot);
        }
        for (size_t k = 0; k < i; ++k)
            if (out[k] != nf) out[k] = walk(p[k], out[k]);
    }
    for (; i < count; ++i) {
        const float x = p[i];
        if (!(std::fabs(x) <= kMaxF)) {
            out[i] = nf;
            continue;
        }
        const int32_t guess =
            float_ok_ ? static_cast<int32_t>(std::clamp((x - lo_f_) * scale_f_, -1.0f, top) + 1.0f)
                      : static_cast<int32_t>(std::clamp((static_cast<double>(x) - lo_) * scale_,
                                                        -1.0, double(bins_)) +
                                             1.0);
        out[i] = walk(x, guess);
    }
}

// The two vector copies compute exactly the same float operations lane by lane (sub, mul, max,
// min, add, truncate; no fused multiply-add) and fall back to walk() for the same lanes.

INITSCOPE_TARGET_AVX2 void HistogramSlots::slots_avx2(const float* p, size_t count,
                                                      int32_t* out) const {
    const __m256 lo = _mm256_set1_ps(lo_f_), scale = _mm256_set1_ps(scale_f_);
    const __m256 top = _mm256_set1_ps(static_cast<float>(bins_));
    const __m256 minus_one = _mm256_set1_ps(-1.0f), one = _mm256_set1_ps(1.0f);
    const __m256 max_f = _mm256_set1_ps(kMaxF);
    const __m256 abs_mask = _mm256_castsi256_ps(_mm256_set1_epi32(0x7fffffff));
    const __m256 margin = _mm256_set1_ps(margin_);
    const __m256 one_minus_margin = _mm256_set1_ps(float_at_or_below(1.0 - margin_));
    const __m256 minus_margin = _mm256_set1_ps(-margin_);
    const __m256 top_plus_margin = _mm256_set1_ps(float_at_or_above(bins_ + double(margin_)));
    const __m256i nf = _mm256_set1_epi32(bins_ + 2);
    const float* lower = lower_.data();
    const float* upper = upper_.data();
    size_t i = 0;
    for (; i + 8 <= count; i += 8) {
        const __m256 x = _mm256_loadu_ps(p + i);
        const __m256 fin = _mm256_cmp_ps(_mm256_and_ps(x, abs_mask), max_f, _CMP_LE_OQ);
        const __m256 t = _mm256_and_ps(_mm256_mul_ps(_mm256_sub_ps(x, lo), scale), fin);
        const __m256 u = _mm256_add_ps(_mm256_min_ps(_mm256_max_ps(t, minus_one), top), one);
        const __m256i s = _mm256_cvttps_epi32(u);
        const __m256 f = _mm256_sub_ps(u, _mm256_cvtepi32_ps(s));
        const __m256 inside = _mm256_and_ps(_mm256_cmp_ps(f, margin, _CMP_GE_OQ),
                                            _mm256_cmp_ps(f, one_minus_margin, _CMP_LE_OQ));
        const __m256 beyond = _mm256_or_ps(_mm256_cmp_ps(t, minus_margin, _CMP_LE_OQ),
                                           _mm256_cmp_ps(t, top_plus_margin, _CMP_GE_OQ));
        const __m256 t_finite = _mm256_cmp_ps(_mm256_and_ps(t, abs_mask), max_f, _CMP_LE_OQ);
        const __m256 sure = _mm256_and_ps(_mm256_or_ps(inside, beyond), t_finite);
        _mm256_storeu_si256(reinterpret_cast<__m256i*>(out + i),
                            _mm256_blendv_epi8(nf, s, _mm256_castps_si256(fin)));
        const int unsure = _mm256_movemask_ps(_mm256_andnot_ps(sure, fin));
        if (unsure == 0) [[likely]]
            continue;
        // One step against the gathered thresholds (fixes a guess off by one), then the walk
        // for any lane still outside its slot.
        __m256i slot = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(out + i));
        const __m256 below = _mm256_cmp_ps(x, _mm256_i32gather_ps(lower, slot, 4), _CMP_LT_OQ);
        const __m256 above = _mm256_cmp_ps(x, _mm256_i32gather_ps(upper, slot, 4), _CMP_GE_OQ);
        slot = _mm256_sub_epi32(_mm256_add_epi32(slot, _mm256_castps_si256(below)),
                                _mm256_castps_si256(above));  // masks are −1 where true
        const __m256 ok =
            _mm256_and_ps(_mm256_cmp_ps(_mm256_i32gather_ps(lower, slot, 4), x, _CMP_LE_OQ),
                          _mm256_cmp_ps(x, _mm256_i32gather_ps(upper, slot, 4), _CMP_LT_OQ));
        _mm256_storeu_si256(reinterpret_cast<__m256i*>(out + i), slot);
        const int bad = _mm256_movemask_ps(_mm256_andnot_ps(ok, fin));
        if (bad != 0) [[unlikely]]
            for (int k = 0; k < 8; ++k)
                if (bad & (1 << k)) out[i + k] = walk(p[i + k], out[i + k]);
    }
    if (i < count) slots_scalar(p + i, count - i, out + i);
}

INITSCOPE_TARGET_AVX512 void HistogramSlots::slots_avx512(const float* p, size_t count,
                                                          int32_t* out) const {
    const __m512 lo = _mm512_set1_ps(lo_f_), scale = _mm512_set1_ps(scale_f_);
    const __m512 top = _mm512_set1_ps(static_cast<float>(bins_));
    const __m512 minus_one = _mm512_set1_ps(-1.0f), one = _mm512_set1_ps(1.0f);
    const __m512 max_f = _mm512_set1_ps(kMaxF);
    const __m512 margin = _mm512_set1_ps(margin_);
    const __m512 one_minus_margin = _mm512_set1_ps(float_at_or_below(1.0 - margin_));
    const __m512 minus_margin = _mm512_set1_ps(-margin_);
    const __m512 top_plus_margin = _mm512_set1_ps(float_at_or_above(bins_ + double(margin_)));
    const __m512i nf = _mm512_set1_epi32(bins_ + 2);
    const __m512 zero = _mm512_setzero_ps();
    // maskz forms with every lane on: GCC 12's plain forms warn of an uninitialized source
    constexpr __mmask16 kAll = 0xffff;
    const __m512i one_i = _mm512_set1_epi32(1);
    const float* lower = lower_.data();
    const float* upper = upper_.data();
    size_t i = 0;
    for (; i + 16 <= count; i += 16) {
        const __m512 x = _mm512_loadu_ps(p + i);
        const __mmask16 fin = _mm512_cmp_ps_mask(_mm512_abs_ps(x), max_f, _CMP_LE_OQ);
        const __m512 t = _mm512_mask_mul_ps(zero, fin, _mm512_sub_ps(x, lo), scale);
        const __m512 u = _mm512_add_ps(
            _mm512_maskz_min_ps(kAll, _mm512_maskz_max_ps(kAll, t, minus_one), top), one);
        const __m512i s = _mm512_maskz_cvttps_epi32(kAll, u);
        const __m512 f = _mm512_sub_ps(u, _mm512_maskz_cvtepi32_ps(kAll, s));
        const __mmask16 inside = _mm512_cmp_ps_mask(f, margin, _CMP_GE_OQ) &
                                 _mm512_cmp_ps_mask(f, one_minus_margin, _CMP_LE_OQ);
        const __mmask16 beyond = _mm512_cmp_ps_mask(t, minus_margin, _CMP_LE_OQ) |
                                 _mm512_cmp_ps_mask(t, top_plus_margin, _CMP_GE_OQ);
        const __mmask16 t_finite = _mm512_cmp_ps_mask(_mm512_abs_ps(t), max_f, _CMP_LE_OQ);
        _mm512_storeu_si512(out + i, _mm512_mask_blend_epi32(fin, nf, s));
        const __mmask16 unsure = fin & ~((inside | beyond) & t_finite);
        if (unsure == 0) [[likely]]
            continue;
        __m512i slot = _mm512_loadu_si512(out + i);
        const __mmask16 below =
            _mm512_cmp_ps_mask(x, _mm512_mask_i32gather_ps(zero, kAll, slot, lower, 4), _CMP_LT_OQ);
        const __mmask16 above =
            _mm512_cmp_ps_mask(x, _mm512_mask_i32gather_ps(zero, kAll, slot, upper, 4), _CMP_GE_OQ);
        slot = _mm512_mask_sub_epi32(slot, below, slot, one_i);
        slot = _mm512_mask_add_epi32(slot, above, slot, one_i);
        const __mmask16 ok =
            _mm512_cmp_ps_mask(_mm512_mask_i32gather_ps(zero, kAll, slot, lower, 4), x,
                               _CMP_LE_OQ) &
            _mm512_cmp_ps_mask(x, _mm512_mask_i32gather_ps(zero, kAll, slot, upper, 4), _CMP_LT_OQ);
        _mm512_storeu_si512(out + i, slot);
        const unsigned bad = fin & ~ok & 0xffffU;
        if (bad != 0) [[unlikely]]
            for (int k = 0; k < 16; ++k)
                if (bad & (1U << k)) out[i + k] = walk(p[i + k], out[i + k]);
    }
    if (i < count) slots_scalar(p + i, count - i, out + i);
}

}  // namespace initscope

namespace initscope {

// The double guesses: the same steps as the float ones with x, lo, scale and u in double. The
// claim holds with E_d = 2^−49·(bins + 2 + S·(|a| + |b|)): the roundings of x − a, σ, the product
// and u give at most 6.02·2^−53·(bins + 2), the edges 3·2^−53·bins + 2^−53·S(|a| + |b|), and
// there is no rounding of lo; |a|, |b| ≤ 2^1000 keep x − a finite.

INITSCOPE_TARGET_AVX2 void HistogramSlots::slots_avx2_double(const float* p, size_t count,
                                                             int32_t* out) const {
    const __m256d lo = _mm256_set1_pd(lo_), scale = _mm256_set1_pd(scale_);
    const __m256d top = _mm256_set1_pd(bins_), minus_one = _mm256_set1_pd(-1.0);
    const __m256d one = _mm256_set1_pd(1.0), max_f = _mm256_set1_pd(kMaxF);
    const __m256d abs_mask = _mm256_castsi256_pd(_mm256_set1_epi64x(0x7fffffffffffffff));
    const __m256d margin = _mm256_set1_pd(margin_double_);
    const __m256d one_minus_margin = _mm256_set1_pd(1.0 - margin_double_);
    const __m256d minus_margin = _mm256_set1_pd(-margin_double_);
    const __m256d top_plus_margin = _mm256_set1_pd(bins_ + margin_double_);
    const __m128i nf = _mm_set1_epi32(bins_ + 2);
    size_t i = 0;
    for (; i + 4 <= count; i += 4) {
        const __m256d x = _mm256_cvtps_pd(_mm_loadu_ps(p + i));
        const __m256d fin = _mm256_cmp_pd(_mm256_and_pd(x, abs_mask), max_f, _CMP_LE_OQ);
        const __m256d t = _mm256_and_pd(_mm256_mul_pd(_mm256_sub_pd(x, lo), scale), fin);
        const __m256d u = _mm256_add_pd(_mm256_min_pd(_mm256_max_pd(t, minus_one), top), one);
        const __m128i s = _mm256_cvttpd_epi32(u);
        const __m256d f = _mm256_sub_pd(u, _mm256_cvtepi32_pd(s));
        const __m256d inside = _mm256_and_pd(_mm256_cmp_pd(f, margin, _CMP_GE_OQ),
                                             _mm256_cmp_pd(f, one_minus_margin, _CMP_LE_OQ));
        const __m256d beyond = _mm256_or_pd(_mm256_cmp_pd(t, minus_margin, _CMP_LE_OQ),
                                            _mm256_cmp_pd(t, top_plus_margin, _CMP_GE_OQ));
        // 64-bit lane masks narrowed to 32 bits (the low half of each mask is all ones or zeros)
        const __m128i fin32 = _mm256_cvtpd_epi32(_mm256_and_pd(fin, one));
        _mm_storeu_si128(reinterpret_cast<__m128i*>(out + i),
                         _mm_blendv_epi8(nf, s, _mm_cmpeq_epi32(fin32, _mm_set1_epi32(1))));
        const int unsure = _mm256_movemask_pd(_mm256_andnot_pd(_mm256_or_pd(inside, beyond), fin));
        if (unsure != 0) [[unlikely]]
            for (int k = 0; k < 4; ++k)
                if (unsure & (1 << k)) out[i + k] = walk(p[i + k], out[i + k]);
    }
    if (i < count) slots_scalar(p + i, count - i, out + i);
}

INITSCOPE_TARGET_AVX512 void HistogramSlots::slots_avx512_double(const float* p, size_t count,
                                                                 int32_t* out) const {
    const __m512d lo = _mm512_set1_pd(lo_), scale = _mm512_set1_pd(scale_);
    const __m512d top = _mm512_set1_pd(bins_), minus_one = _mm512_set1_pd(-1.0);
    const __m512d one = _mm512_set1_pd(1.0), max_f = _mm512_set1_pd(kMaxF);
    const __m512d margin = _mm512_set1_pd(margin_double_);
    const __m512d one_minus_margin = _mm512_set1_pd(1.0 - margin_double_);
    const __m512d minus_margin = _mm512_set1_pd(-margin_double_);
    const __m512d top_plus_margin = _mm512_set1_pd(bins_ + margin_double_);
    const __m256i nf = _mm256_set1_epi32(bins_ + 2);
    constexpr __mmask8 kAll = 0xff;  // maskz forms: see slots_avx512
    size_t i = 0;
    for (; i + 8 <= count; i += 8) {
        const __m512d x = _mm512_maskz_cvtps_pd(kAll, _mm256_loadu_ps(p + i));
        const __mmask8 fin = _mm512_cmp_pd_mask(_mm512_abs_pd(x), max_f, _CMP_LE_OQ);
        const __m512d t = _mm512_maskz_mul_pd(fin, _mm512_sub_pd(x, lo), scale);
        const __m512d u = _mm512_add_pd(
            _mm512_maskz_min_pd(kAll, _mm512_maskz_max_pd(kAll, t, minus_one), top), one);
        const __m256i s = _mm512_mask_cvttpd_epi32(nf, fin, u);
        const __m512d f = _mm512_sub_pd(u, _mm512_maskz_cvtepi32_pd(kAll, s));
        const __mmask8 inside = _mm512_cmp_pd_mask(f, margin, _CMP_GE_OQ) &
                                _mm512_cmp_pd_mask(f, one_minus_margin, _CMP_LE_OQ);
        const __mmask8 beyond = _mm512_cmp_pd_mask(t, minus_margin, _CMP_LE_OQ) |
                                _mm512_cmp_pd_mask(t, top_plus_margin, _CMP_GE_OQ);
        _mm256_storeu_si256(reinterpret_cast<__m256i*>(out + i), s);
        const unsigned unsure = fin & ~(inside | beyond) & 0xffU;
        if (unsure != 0) [[unlikely]]
            for (int k = 0; k < 8; ++k)
                if (unsure & (1U << k)) out[i + k] = walk(p[i + k], out[i + k]);
    }
    if (i < count) slots_scalar(p + i, count - i, out + i);
}

}  // namespace initscope
