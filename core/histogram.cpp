// Equal-width histogram with numpy.histogram's conventions, exact with respect to the stored double
// edges, and fast enough for 10^8 floats.
//
// Edges are numpy.linspace's: edges[i] = i·step + lo, edges[bins] = hi, step = (hi − lo)/bins.
// Every value goes to one slot: 0 below, 1..bins the bins, bins+1 above, bins+2 non-finite.
// Because the values are floats, "x ≥ edge" equals "x ≥ the smallest float ≥ edge", so each slot s
// has float thresholds lower[s] ≤ x < upper[s]. A vectorized pass computes an approximate slot
// (float arithmetic, off by at most one bin in the well-conditioned case), and the scalar counting
// loop corrects it against the thresholds (two compares; rarely a step), then increments one of
// four partial count arrays (so consecutive equal slots do not wait on each other's stores).
// From 2^20 values on, the values are split between 2 threads; counts are exact either way.
#include "histogram.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>
#include <stdexcept>
#include <thread>

#if defined(__GNUC__) && !defined(__clang__) && defined(__x86_64__) && defined(__linux__)
#define INITSCOPE_CLONES __attribute__((target_clones("avx2", "default")))
#else
#define INITSCOPE_CLONES
#endif

namespace initscope {

namespace {

constexpr size_t kParallelMin = size_t{1} << 20;
constexpr size_t kChunk = 1024;  // values per approximate-slot buffer

using f8 = float __attribute__((vector_size(32)));
using i8 = int32_t __attribute__((vector_size(32)));

/// Smallest float f with f ≥ e (−FLT_MAX for e below it, +inf above FLT_MAX).
float float_at_or_above(double e) {
    float f = static_cast<float>(e);
    if (static_cast<double>(f) < e) f = std::nextafter(f, std::numeric_limits<float>::infinity());
    return f;
}

/// Smallest float f with f > e.
float float_above(double e) {
    float f = float_at_or_above(e);
    if (static_cast<double>(f) == e) f = std::nextafter(f, std::numeric_limits<float>::infinity());
    return f;
}

struct Slots {
    int bins = 0;
    double lo = 0, scale = 0;  // approximate slot: floor((x − lo)·scale) + 1
    float lo_f = 0, scale_f = 0;
    bool float_ok = true;  // float arithmetic is within one bin
    std::vector<float> lower, upper;

    Slots(const std::vector<double>& edges) : bins(static_cast<int>(edges.size()) - 1) {
        lo = edges.front();
        scale = bins / (edges.back() - edges.front());
        lo_f = static_cast<float>(lo);
        scale_f = static_cast<float>(scale);
        float_ok =
            (std::fabs(lo) + std::fabs(edges.back())) * scale * 0x1p-22 + (bins + 2) * 0x1p-21 <
                0.5 &&
            std::isfinite(scale_f) && scale_f > 0;
        const float nan = std::numeric_limits<float>::quiet_NaN();
        const float inf = std::numeric_limits<float>::infinity();
        lower.assign(static_cast<size_t>(bins) + 3, nan);
        upper.assign(static_cast<size_t>(bins) + 3, nan);
        lower[0] = -inf;
        for (int s = 1; s <= bins; ++s)
            lower[static_cast<size_t>(s)] = float_at_or_above(edges[static_cast<size_t>(s) - 1]);
        lower[static_cast<size_t>(bins) + 1] = float_above(edges.back());
        for (int s = 0; s <= bins; ++s)
            upper[static_cast<size_t>(s)] = lower[static_cast<size_t>(s) + 1];
        upper[static_cast<size_t>(bins) + 1] = inf;
    }
};

/// Approximate slots of count ≤ kChunk values (float path): clamp((x − lo)·scale, −1, bins) + 1,
/// non-finite → bins + 2.
INITSCOPE_CLONES void approximate_slots(const float* p, size_t count, const Slots& sl,
                                        int32_t* out) {
    constexpr float kMaxF = std::numeric_limits<float>::max();
    const float lo = sl.lo_f, scale = sl.scale_f, top = static_cast<float>(sl.bins);
    const int32_t nf = sl.bins + 2;
    size_t i = 0;
    for (; i + 8 <= count; i += 8) {
        f8 x;
        std::memcpy(&x, p + i, sizeof x);
        const i8 abs_bits = reinterpret_cast<i8>(x) & 0x7fffffff;
        const i8 fin = reinterpret_cast<f8>(abs_bits) <= kMaxF;
        f8 t = (x - lo) * scale;
        t = reinterpret_cast<f8>(reinterpret_cast<i8>(t) & fin);  // non-finite lanes → 0
        const i8 under = t<-1.0f, over = t> top;
        t = reinterpret_cast<f8>((reinterpret_cast<i8>(t) & ~(under | over)) |
                                 (reinterpret_cast<i8>(f8{} - 1.0f) & under) |
                                 (reinterpret_cast<i8>(f8{} + top) & over));
        const i8 s = __builtin_convertvector(t + 1.0f, i8);
        const i8 slot = (s & fin) | (nf & ~fin);
        std::memcpy(out + i, &slot, sizeof slot);
    }
    for (; i < count; ++i) {
        const float x = p[i];
        if (!std::isfinite(x)) {
            out[i] = nf;
            continue;
        }
        const float t = std::clamp((x - lo) * scale, -1.0f, top);
        out[i] = static_cast<int32_t>(t + 1.0f);
    }
}

/// Approximate slots in double, for ranges where float arithmetic is too coarse.
void approximate_slots_double(const float* p, size_t count, const Slots& sl, int32_t* out) {
    for (size_t i = 0; i < count; ++i) {
        const float x = p[i];
        if (!std::isfinite(x)) {
            out[i] = sl.bins + 2;
            continue;
        }
        const double t =
            std::clamp((static_cast<double>(x) - sl.lo) * sl.scale, -1.0, double(sl.bins));
        out[i] = static_cast<int32_t>(t + 1.0);
    }
}

/// Counts values[begin, end) into `counts` (bins + 3 slots).
void count_range(const float* p, size_t n, const Slots& sl, std::vector<int64_t>& counts) {
    const size_t stride = static_cast<size_t>(sl.bins) + 3;
    std::vector<uint32_t> partial(4 * stride, 0);
    uint32_t* c0 = partial.data();
    uint32_t* c1 = c0 + stride;
    uint32_t* c2 = c1 + stride;
    uint32_t* c3 = c2 + stride;
    const float* lower = sl.lower.data();
    const float* upper = sl.upper.data();
    int32_t slots[kChunk];
    auto exact = [lower, upper](float x, int32_t s) {
        while (x < lower[s]) --s;
        while (x >= upper[s]) ++s;
        return s;
    };
    size_t since_flush = 0;
    auto flush = [&] {
        for (size_t s = 0; s < stride; ++s) counts[s] += int64_t{c0[s]} + c1[s] + c2[s] + c3[s];
        std::fill(partial.begin(), partial.end(), 0u);
        since_flush = 0;
    };
    for (size_t begin = 0; begin < n; begin += kChunk) {
        const size_t m = std::min(kChunk, n - begin);
        const float* q = p + begin;
        if (sl.float_ok)
            approximate_slots(q, m, sl, slots);
        else
            approximate_slots_double(q, m, sl, slots);
        size_t j = 0;
        for (; j + 4 <= m; j += 4) {
            ++c0[exact(q[j], slots[j])];
            ++c1[exact(q[j + 1], slots[j + 1])];
            ++c2[exact(q[j + 2], slots[j + 2])];
            ++c3[exact(q[j + 3], slots[j + 3])];
        }
        for (; j < m; ++j) ++c0[exact(q[j], slots[j])];
        since_flush += m;
        if (since_flush >= (size_t{1} << 30)) flush();  // 4 arrays × 2^30 < 2^32 per slot
    }
    flush();
}

}  // namespace

Histogram Histogram::build(std::span<const float> values, int bins, double lo, double hi) {
    return build(values, bins, lo, hi, 0);
}

Histogram Histogram::build(std::span<const float> values, int bins, double lo, double hi,
                           int threads) {
    bins = std::clamp(bins, 1, kMaxBins);
    if (!std::isfinite(lo) || !std::isfinite(hi)) lo = 0, hi = 1;
    if (lo > hi) std::swap(lo, hi);
    if (lo == hi) lo -= 0.5, hi += 0.5;  // numpy's _get_outer_edges
    Histogram h;
    h.edges_.resize(static_cast<size_t>(bins) + 1);
    const double step = (hi - lo) / bins;
    for (int i = 0; i < bins; ++i) h.edges_[static_cast<size_t>(i)] = i * step + lo;
    h.edges_.back() = hi;

    const Slots slots(h.edges_);
    const size_t n = values.size();
    if (threads <= 0) threads = n >= kParallelMin ? 2 : 1;
    threads = static_cast<int>(
        std::clamp<size_t>(static_cast<size_t>(threads), 1, std::max<size_t>(n, 1)));
    std::vector<std::vector<int64_t>> counts(
        static_cast<size_t>(threads), std::vector<int64_t>(static_cast<size_t>(bins) + 3, 0));
    auto part = [&](int t) {
        const size_t begin = n * static_cast<size_t>(t) / static_cast<size_t>(threads);
        const size_t end = n * static_cast<size_t>(t + 1) / static_cast<size_t>(threads);
        count_range(values.data() + begin, end - begin, slots, counts[static_cast<size_t>(t)]);
    };
    std::vector<std::thread> pool;
    for (int t = 1; t < threads; ++t) pool.emplace_back(part, t);
    part(0);
    for (std::thread& th : pool) th.join();
    for (int t = 1; t < threads; ++t)
        for (size_t s = 0; s < counts[0].size(); ++s)
            counts[0][s] += counts[static_cast<size_t>(t)][s];

    const std::vector<int64_t>& c = counts[0];
    h.below_ = c[0];
    h.counts_.assign(c.begin() + 1, c.begin() + 1 + bins);
    h.above_ = c[static_cast<size_t>(bins) + 1];
    h.non_finite_ = c[static_cast<size_t>(bins) + 2];
    return h;
}

void Histogram::build_with_statistics(std::span<const float> values, int bins, RangeMode range,
                                      double lo, double hi, Histogram& histogram,
                                      SampleStatistics& statistics) {
    statistics = SampleStatistics::of(values);
    if (range == RangeMode::Data) {
        lo = statistics.n > 0 ? statistics.min : 0.0;
        hi = statistics.n > 0 ? statistics.max : 1.0;
    }
    histogram = build(values, bins, lo, hi);
}

int Histogram::bin_count(BinRule rule, int fixed_bins, int64_t n, double stddev, double iqr,
                         double lo, double hi) {
    if (rule == BinRule::Fixed) return std::clamp(fixed_bins, 1, kMaxRuleBins);
    const double count = static_cast<double>(std::max<int64_t>(n, 0));
    // Sturges: ⌈log2 n⌉ + 1 (numpy: width = range/(log2 n + 1)).
    const double sturges = count > 0 ? std::ceil(std::log2(count) + 1.0) : 1.0;
    double bins = sturges;
    double range = hi - lo;
    if (!(range > 0) || !std::isfinite(range)) range = 1.0;  // numpy widens an empty range by ±0.5
    if (count > 0 && rule != BinRule::Sturges) {
        // Scott 1979: h = 3.49σ n^(−1/3); Freedman–Diaconis 1981: h = 2·IQR·n^(−1/3).
        const double h = rule == BinRule::Scott ? 3.49 * stddev * std::cbrt(1.0 / count)
                                                : 2.0 * iqr * std::cbrt(1.0 / count);
        if (h > 0 && std::isfinite(h)) bins = std::ceil(range / h);
    }
    if (!std::isfinite(bins)) bins = kMaxRuleBins;
    return static_cast<int>(std::clamp(bins, 1.0, double(kMaxRuleBins)));
}

double Histogram::bin_width() const {
    return edges_.size() < 2 ? 0.0 : (edges_.back() - edges_.front()) / static_cast<double>(bins());
}

double Histogram::center(int i) const {
    const auto k = static_cast<size_t>(i);
    return 0.5 * (edges_[k] + edges_[k + 1]);
}

int64_t Histogram::binned() const {
    int64_t total = 0;
    for (int64_t c : counts_) total += c;
    return total;
}

std::vector<double> Histogram::heights(HistogramScale scale) const {
    std::vector<double> out(counts_.begin(), counts_.end());
    const double total = static_cast<double>(binned());
    if (scale == HistogramScale::Counts || total == 0) return out;
    for (size_t i = 0; i < out.size(); ++i) {
        // numpy: density = counts / (total · diff(edges)), each bin with its own stored width.
        const double width = edges_[i + 1] - edges_[i];
        out[i] /= scale == HistogramScale::Probability ? total : total * width;
    }
    return out;
}

void Histogram::add(const Histogram& other) {
    if (edges_.empty()) {
        *this = other;
        return;
    }
    if (other.edges_.empty()) return;
    if (other.edges_ != edges_) throw std::invalid_argument("Histogram::add: different edges");
    for (size_t i = 0; i < counts_.size(); ++i) counts_[i] += other.counts_[i];
    below_ += other.below_;
    above_ += other.above_;
    non_finite_ += other.non_finite_;
}

}  // namespace initscope
