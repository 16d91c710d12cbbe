// Descriptive statistics of a float32 sample, in one read of memory.
//
// The sample is cut into fixed blocks of kBlock values. Each block is summarised in one pass in
// double: count, min, max and the shifted sums S1 = Σ(x − K), S2 = Σ(x − K)² with K = the block's
// first finite value, so mean = K + S1/n and M2 = S2 − S1²/n. The shift keeps the cancellation
// small; when S2 > 16·M2 (K far from the block mean, e.g. an outlier first) the block is redone
// with the exact two-pass computation of Chan, Golub & LeVeque 1983 while it sits in the L1 cache.
// Blocks are then merged in a fixed pairwise tree with Chan et al.'s formula
//     n = na + nb, δ = mb − ma, mean = ma + δ·nb/n, M2 = M2a + M2b + δ²·na·nb/n,
// so the result does not depend on how many threads summarised the blocks, and the rounding error
// grows like log(n), not n. Inner loops use GCC/Clang vector extensions of 8 floats, compiled
// twice (baseline x86-64 and INITSCOPE_TARGET_AVX2, chosen by CpuFeatures::active()); the lane
// order is fixed, so both copies give identical bits.
#include "core/stats/sample_statistics.h"

#include "core/torch/cpu_features.h"
#include "core/torch/parallel_for.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>
#include <vector>

namespace initscope {

namespace {

constexpr size_t kBlock = 8192;  // 32 KiB of floats: fits L1 for the second pass
constexpr size_t kParallelMin = size_t{1} << 20;

using f8 = float __attribute__((vector_size(32)));
using i8 = int32_t __attribute__((vector_size(32)));
using d4 = double __attribute__((vector_size(32)));
using l4 = int64_t __attribute__((vector_size(32)));

/// Summary of one block: finite count, non-finite count, mean, sum of squared deviations, range.
struct Moments {
    int64_t n = 0, non_finite = 0;
    double mean = 0, m2 = 0;
    double min = std::numeric_limits<double>::infinity();
    double max = -std::numeric_limits<double>::infinity();
};

Moments merge_moments(const Moments& a, const Moments& b) {
    if (a.n == 0) return {b.n, a.non_finite + b.non_finite, b.mean, b.m2, b.min, b.max};
    if (b.n == 0) return {a.n, a.non_finite + b.non_finite, a.mean, a.m2, a.min, a.max};
    Moments m;
    m.n = a.n + b.n;
    m.non_finite = a.non_finite + b.non_finite;
    const double na = static_cast<double>(a.n), nb = static_cast<double>(b.n);
    const double n = static_cast<double>(m.n);
    const double delta = b.mean - a.mean;
    m.mean = a.mean + delta * (nb / n);
    m.m2 = a.m2 + b.m2 + delta * delta * (na * (nb / n));
    m.min = std::min(a.min, b.min);
    m.max = std::max(a.max, b.max);
    return m;
}

/// Loads 8 floats, or the `rem` < 8 remaining ones with a lane mask (other lanes are 0).
#define INITSCOPE_LOAD8(x, ok, p, rem)                     \
    do {                                                   \
        if ((rem) >= 8) {                                  \
            std::memcpy(&(x), (p), 32);                    \
            ok = ~i8{};                                    \
        } else {                                           \
            x = f8{};                                      \
            std::memcpy(&(x), (p), (rem) * sizeof(float)); \
            const i8 lanes = {0, 1, 2, 3, 4, 5, 6, 7};     \
            ok = lanes < static_cast<int32_t>(rem);        \
        }                                                  \
    } while (0)

#define INITSCOPE_SELECT(mask, a, b) \
    reinterpret_cast<f8>((reinterpret_cast<i8>(a) & (mask)) | (reinterpret_cast<i8>(b) & ~(mask)))

[[gnu::always_inline]] inline Moments block_moments_two_pass(const float* p, size_t count) {
    constexpr float kMaxF = std::numeric_limits<float>::max();
    const float inf = std::numeric_limits<float>::infinity();
    // Pass 1: finite count, sum (double), min, max.
    f8 mn = {inf, inf, inf, inf, inf, inf, inf, inf}, mx = -mn;
    i8 finite_count = {}, all_count = {};
    d4 s0 = {}, s1 = {};
    for (size_t i = 0; i < count; i += 8) {
        i8 ok;
        f8 x;
        INITSCOPE_LOAD8(x, ok, p + i, count - i);
        const i8 abs_bits = reinterpret_cast<i8>(x) & 0x7fffffff;
        const i8 fin = (reinterpret_cast<f8>(abs_bits) <= kMaxF) & ok;
        finite_count -= fin;
        all_count -= ok;
        const f8 xz = reinterpret_cast<f8>(reinterpret_cast<i8>(x) & fin);
        s0 += __builtin_convertvector(__builtin_shufflevector(xz, xz, 0, 1, 2, 3), d4);
        s1 += __builtin_convertvector(__builtin_shufflevector(xz, xz, 4, 5, 6, 7), d4);
        mn = INITSCOPE_SELECT(fin & (x < mn), x, mn);
        mx = INITSCOPE_SELECT(fin & (x > mx), x, mx);
    }
    Moments m;
    double sum = 0;
    for (int k = 0; k < 8; ++k) {
        m.n += finite_count[k];
        m.non_finite += all_count[k] - finite_count[k];
        m.min = std::min(m.min, static_cast<double>(mn[k]));
        m.max = std::max(m.max, static_cast<double>(mx[k]));
    }
    for (int k = 0; k < 4; ++k) sum += s0[k] + s1[k];
    if (m.n == 0) return m;
    const double mean = sum / static_cast<double>(m.n);
    // Pass 2: Σ(x − mean)² − (Σ(x − mean))²/n over the finite values.
    const d4 mean4 = {mean, mean, mean, mean};
    constexpr double kMaxD = std::numeric_limits<double>::max();
    d4 q0 = {}, q1 = {}, c0 = {}, c1 = {};
    for (size_t i = 0; i < count; i += 8) {
        i8 ok;
        f8 x;
        INITSCOPE_LOAD8(x, ok, p + i, count - i);
        const d4 lo = __builtin_convertvector(__builtin_shufflevector(x, x, 0, 1, 2, 3), d4);
        const d4 hi = __builtin_convertvector(__builtin_shufflevector(x, x, 4, 5, 6, 7), d4);
        const l4 ok_lo = __builtin_convertvector(__builtin_shufflevector(ok, ok, 0, 1, 2, 3), l4);
        const l4 ok_hi = __builtin_convertvector(__builtin_shufflevector(ok, ok, 4, 5, 6, 7), l4);
        const l4 fin_lo = ((lo <= kMaxD) & (lo >= -kMaxD)) & ok_lo;
        const l4 fin_hi = ((hi <= kMaxD) & (hi >= -kMaxD)) & ok_hi;
        const d4 dlo = reinterpret_cast<d4>(reinterpret_cast<l4>(lo - mean4) & fin_lo);
        const d4 dhi = reinterpret_cast<d4>(reinterpret_cast<l4>(hi - mean4) & fin_hi);
        c0 += dlo;
        c1 += dhi;
        q0 += dlo * dlo;
        q1 += dhi * dhi;
    }
    double c = 0, q = 0;
    for (int k = 0; k < 4; ++k) {
        c += c0[k] + c1[k];
        q += q0[k] + q1[k];
    }
    const double n = static_cast<double>(m.n);
    m.mean = mean + c / n;
    m.m2 = std::max(0.0, q - c * c / n);
    return m;
}

/// One pass over a block: the shifted sums (see the file comment); falls back to the two-pass
/// computation when the shift loses too much to cancellation.
[[gnu::always_inline]] inline Moments block_moments(const float* p, size_t count) {
    constexpr float kMaxF = std::numeric_limits<float>::max();
    size_t first = 0;
    while (first < count && !(std::fabs(p[first]) <= kMaxF)) ++first;
    if (first == count) return block_moments_two_pass(p, count);  // no finite value
    const float shift = p[first];
    const double shift_d = shift;
    const float inf = std::numeric_limits<float>::infinity();
    f8 mn = {inf, inf, inf, inf, inf, inf, inf, inf}, mx = -mn;
    i8 finite_count = {}, all_count = {};
    d4 s0 = {}, s1 = {}, q0 = {}, q1 = {};
    const d4 k4 = {shift_d, shift_d, shift_d, shift_d};
    auto step = [&](const f8& x, const i8& ok) {  // by reference: no vector ABI at the call
        const i8 abs_bits = reinterpret_cast<i8>(x) & 0x7fffffff;
        const i8 fin = (reinterpret_cast<f8>(abs_bits) <= kMaxF) & ok;
        finite_count -= fin;
        all_count -= ok;
        mn = INITSCOPE_SELECT(fin & (x < mn), x, mn);
        mx = INITSCOPE_SELECT(fin & (x > mx), x, mx);
        const f8 xs = INITSCOPE_SELECT(fin, x, (f8{} + shift));  // non-finite lanes → K: add 0
        const d4 lo = __builtin_convertvector(__builtin_shufflevector(xs, xs, 0, 1, 2, 3), d4) - k4;
        const d4 hi = __builtin_convertvector(__builtin_shufflevector(xs, xs, 4, 5, 6, 7), d4) - k4;
        s0 += lo;
        s1 += hi;
        q0 += lo * lo;
        q1 += hi * hi;
    };
    size_t i = 0;
    for (; i + 8 <= count; i += 8) {  // full vectors: every lane in the block
        f8 x;
        std::memcpy(&x, p + i, sizeof x);
        step(x, ~i8{});
    }
    if (i < count) {
        i8 ok;
        f8 x;
        INITSCOPE_LOAD8(x, ok, p + i, count - i);
        step(x, ok);
    }
    Moments m;
    double s = 0, q = 0;
    for (int k = 0; k < 8; ++k) {
        m.n += finite_count[k];
        m.non_finite += all_count[k] - finite_count[k];
        m.min = std::min(m.min, static_cast<double>(mn[k]));
        m.max = std::max(m.max, static_cast<double>(mx[k]));
    }
    for (int k = 0; k < 4; ++k) {
        s += s0[k] + s1[k];
        q += q0[k] + q1[k];
    }
    const double n = static_cast<double>(m.n);
    const double m2 = q - s * s / n;
    if (!(q <= 16 * m2) && q != 0) return block_moments_two_pass(p, count);
    m.mean = shift_d + s / n;
    m.m2 = std::max(0.0, m2);
    return m;
}

/// block_moments compiled for AVX2 (call only when CpuFeatures::active().avx2) and for the
/// baseline; the same bits.
INITSCOPE_TARGET_AVX2 Moments block_moments_avx2(const float* p, size_t count) {
    return block_moments(p, count);
}
Moments block_moments_baseline(const float* p, size_t count) {
    return block_moments(p, count);
}

/// Pairwise merge of blocks [lo, hi): a fixed tree, independent of the thread split.
Moments reduce(const std::vector<Moments>& blocks, size_t lo, size_t hi) {
    if (hi - lo == 1) return blocks[lo];
    const size_t mid = lo + (hi - lo) / 2;
    return merge_moments(reduce(blocks, lo, mid), reduce(blocks, mid, hi));
}

SampleStatistics to_statistics(const Moments& m) {
    SampleStatistics s;
    s.n = m.n;
    s.non_finite = m.non_finite;
    if (m.n == 0) {
        s.mean = s.variance = s.stddev = s.min = s.max = std::numeric_limits<double>::quiet_NaN();
        return s;
    }
    s.mean = m.mean;
    s.variance = m.m2 / static_cast<double>(m.n);
    s.stddev = std::sqrt(s.variance);
    s.min = m.min;
    s.max = m.max;
    return s;
}

}  // namespace

SampleStatistics SampleStatistics::of(std::span<const float> values) {
    const size_t n = values.size();
    if (n == 0) return to_statistics({});
    const size_t block_count = (n + kBlock - 1) / kBlock;
    std::vector<Moments> blocks(block_count);
    const auto moments = CpuFeatures::active().avx2 ? block_moments_avx2 : block_moments_baseline;
    parallel_for(block_count, parallel_threads(n, kParallelMin), 1, [&](size_t first, size_t last) {
        for (size_t b = first; b < last; ++b) {
            const size_t begin = b * kBlock;
            blocks[b] = moments(values.data() + begin, std::min(kBlock, n - begin));
        }
    });
    return to_statistics(reduce(blocks, 0, block_count));
}

SampleStatistics SampleStatistics::merge(const SampleStatistics& a, const SampleStatistics& b) {
    auto moments = [](const SampleStatistics& s) {
        Moments m;
        m.n = s.n;
        m.non_finite = s.non_finite;
        if (s.n > 0) {
            m.mean = s.mean;
            m.m2 = s.variance * static_cast<double>(s.n);
            m.min = s.min;
            m.max = s.max;
        }
        return m;
    };
    return to_statistics(merge_moments(moments(a), moments(b)));
}

}  // namespace initscope
