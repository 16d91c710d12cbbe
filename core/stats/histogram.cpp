// Equal-width histogram with numpy.histogram's conventions, exact with respect to the stored double
// edges, and fast enough for 10^8 floats.
//
// Edges are numpy.linspace's: edges[i] = i·step + lo, edges[bins] = hi, step = (hi − lo)/bins.
// Every value goes to one slot: 0 below, 1..bins the bins, bins+1 above, bins+2 non-finite.
// Because the values are floats, "x ≥ edge" equals "x ≥ the smallest float ≥ edge", so each slot s
// has float thresholds lower[s] ≤ x < upper[s]. A vectorized pass computes an approximate slot
// (float arithmetic, off by at most one bin in the well-conditioned case), and the scalar counting
// loop corrects it against the thresholds (two compares; rarely a step), then increments one of
// four partial count arrays (so consecutive equal slots do not wait on each other's stores). When
// CpuFeatures::active() has AVX2 the correction runs vectorised too (gathered thresholds,
// exact_slots_avx2), and the scalar loop only counts.
// From 2^20 values on, the values are split between threads (parallel_threads); each part counts
// its values and the integer totals are added, so the counts are exact for any thread count.
#include "core/stats/histogram.h"

#include "core/torch/cpu_features.h"
#include "core/torch/parallel_for.h"

#include <immintrin.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>
#include <memory>
#include <mutex>
#include <stdexcept>

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
/// non-finite → bins + 2. (Only runs without AVX2: with it, exact_slots_avx2 does this step.)
void approximate_slots(const float* p, size_t count, const Slots& sl, int32_t* out) {
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

/// Exact slots of count ≤ kChunk values (float path, AVX2): the approximate slot as in
/// approximate_slots (same float operations), then one correction step against the float
/// thresholds gathered for that slot, then a check; lanes that still fail it (only possible if
/// the approximation were off by more than one) are fixed by the scalar walk. Non-finite → bins+2.
/// Only intrinsics are used inside, so nothing inline from other headers gets an AVX2 copy.
INITSCOPE_TARGET_AVX2 void exact_slots_avx2(const float* p, size_t count, const Slots& sl,
                                            int32_t* out) {
    const __m256 lo = _mm256_set1_ps(sl.lo_f), scale = _mm256_set1_ps(sl.scale_f);
    const __m256 top = _mm256_set1_ps(static_cast<float>(sl.bins));
    const __m256 minus_one = _mm256_set1_ps(-1.0f), one = _mm256_set1_ps(1.0f);
    const __m256 max_f = _mm256_set1_ps(std::numeric_limits<float>::max());
    const __m256 abs_mask = _mm256_castsi256_ps(_mm256_set1_epi32(0x7fffffff));
    const __m256i nf = _mm256_set1_epi32(sl.bins + 2);
    const float* lower = sl.lower.data();
    const float* upper = sl.upper.data();
    size_t i = 0;
    for (; i + 8 <= count; i += 8) {
        const __m256 x = _mm256_loadu_ps(p + i);
        const __m256 fin = _mm256_cmp_ps(_mm256_and_ps(x, abs_mask), max_f, _CMP_LE_OQ);
        __m256 t = _mm256_mul_ps(_mm256_sub_ps(x, lo), scale);
        t = _mm256_and_ps(t, fin);  // non-finite lanes → 0
        // clamp to [−1, bins] as approximate_slots: t is never NaN here, so max/min give the
        // same values as its selects
        t = _mm256_min_ps(_mm256_max_ps(t, minus_one), top);
        __m256i slot = _mm256_cvttps_epi32(_mm256_add_ps(t, one));
        slot = _mm256_blendv_epi8(nf, slot, _mm256_castps_si256(fin));
        const __m256 below = _mm256_cmp_ps(x, _mm256_i32gather_ps(lower, slot, 4), _CMP_LT_OQ);
        const __m256 above = _mm256_cmp_ps(x, _mm256_i32gather_ps(upper, slot, 4), _CMP_GE_OQ);
        // masks are −1 where true: slot += below·(−1) ... i.e. slot − [below] + [above]
        slot = _mm256_sub_epi32(_mm256_add_epi32(slot, _mm256_castps_si256(below)),
                                _mm256_castps_si256(above));
        const __m256 ok =
            _mm256_and_ps(_mm256_cmp_ps(_mm256_i32gather_ps(lower, slot, 4), x, _CMP_LE_OQ),
                          _mm256_cmp_ps(x, _mm256_i32gather_ps(upper, slot, 4), _CMP_LT_OQ));
        _mm256_storeu_si256(reinterpret_cast<__m256i*>(out + i), slot);
        const int bad = _mm256_movemask_ps(_mm256_andnot_ps(ok, fin));
        if (bad != 0) {
            for (int k = 0; k < 8; ++k) {
                if (!(bad & (1 << k))) continue;
                int32_t s = out[i + static_cast<size_t>(k)];
                const float v = p[i + static_cast<size_t>(k)];
                while (v < lower[s]) --s;
                while (v >= upper[s]) ++s;
                out[i + static_cast<size_t>(k)] = s;
            }
        }
    }
    for (; i < count; ++i) {
        const float v = p[i];
        if (!(std::fabs(v) <= std::numeric_limits<float>::max())) {
            out[i] = sl.bins + 2;
            continue;
        }
        int32_t s = static_cast<int32_t>(
            std::clamp((v - sl.lo_f) * sl.scale_f, -1.0f, static_cast<float>(sl.bins)) + 1.0f);
        while (v < lower[s]) --s;
        while (v >= upper[s]) ++s;
        out[i] = s;
    }
}

/// Counts values chunk by chunk into bins + 3 slots: four partial uint32 arrays (so consecutive
/// equal slots do not wait on each other's stores), flushed into 64-bit totals.
class Counter {
public:
    /// avx2: whether exact_slots_avx2 may run (CpuFeatures::active().avx2).
    Counter(const Slots& sl, bool avx2)
        : sl_(sl),
          stride_(static_cast<size_t>(sl.bins) + 3),
          partial_(4 * stride_, 0),
          totals_(stride_, 0),
          exact_vector_(sl.float_ok && avx2) {}

    /// Counts p[0, m), m ≤ kChunk.
    void add_chunk(const float* p, size_t m) {
        uint32_t* c0 = partial_.data();
        uint32_t* c1 = c0 + stride_;
        uint32_t* c2 = c1 + stride_;
        uint32_t* c3 = c2 + stride_;
        const float* lower = sl_.lower.data();
        const float* upper = sl_.upper.data();
        auto exact = [lower, upper](float x, int32_t s) {
            while (x < lower[s]) --s;
            while (x >= upper[s]) ++s;
            return s;
        };
        size_t j = 0;
        if (exact_vector_) {
            exact_slots_avx2(p, m, sl_, slots_);
            for (; j + 4 <= m; j += 4) {
                ++c0[slots_[j]];
                ++c1[slots_[j + 1]];
                ++c2[slots_[j + 2]];
                ++c3[slots_[j + 3]];
            }
            for (; j < m; ++j) ++c0[slots_[j]];
        } else {
            if (sl_.float_ok)
                approximate_slots(p, m, sl_, slots_);
            else
                approximate_slots_double(p, m, sl_, slots_);
            for (; j + 4 <= m; j += 4) {
                ++c0[exact(p[j], slots_[j])];
                ++c1[exact(p[j + 1], slots_[j + 1])];
                ++c2[exact(p[j + 2], slots_[j + 2])];
                ++c3[exact(p[j + 3], slots_[j + 3])];
            }
            for (; j < m; ++j) ++c0[exact(p[j], slots_[j])];
        }
        since_flush_ += m;
        if (since_flush_ >= (size_t{1} << 30)) flush();  // 4 arrays × 2^30 < 2^32 per slot
    }

    /// The totals per slot (flushes first).
    const std::vector<int64_t>& totals() {
        flush();
        return totals_;
    }

private:
    void flush() {
        const uint32_t* c = partial_.data();
        for (size_t s = 0; s < stride_; ++s)
            totals_[s] += int64_t{c[s]} + c[s + stride_] + c[s + 2 * stride_] + c[s + 3 * stride_];
        std::fill(partial_.begin(), partial_.end(), 0u);
        since_flush_ = 0;
    }

    const Slots& sl_;
    size_t stride_;
    std::vector<uint32_t> partial_;
    std::vector<int64_t> totals_;
    size_t since_flush_ = 0;
    bool exact_vector_;
    int32_t slots_[kChunk];
};

/// Histogram with numpy's edges for `bins` over [lo, hi] after build()'s normalisation of the
/// arguments; counts left empty.
struct Plan {
    int bins;
    double lo, hi;
};

Plan normalise(int bins, double lo, double hi) {
    bins = std::clamp(bins, 1, Histogram::kMaxBins);
    if (!std::isfinite(lo) || !std::isfinite(hi)) lo = 0, hi = 1;
    if (lo > hi) std::swap(lo, hi);
    if (lo == hi) lo -= 0.5, hi += 0.5;  // numpy's _get_outer_edges
    return {bins, lo, hi};
}

std::vector<double> linspace_edges(const Plan& plan) {
    std::vector<double> edges(static_cast<size_t>(plan.bins) + 1);
    const double step = (plan.hi - plan.lo) / plan.bins;
    for (int i = 0; i < plan.bins; ++i) edges[static_cast<size_t>(i)] = i * step + plan.lo;
    edges.back() = plan.hi;
    return edges;
}

}  // namespace

Histogram Histogram::build(std::span<const float> values, int bins, double lo, double hi) {
    const Request request{bins, lo, hi};
    return std::move(build_many(values, std::span<const Request>(&request, 1)).front());
}

std::vector<Histogram> Histogram::build_many(std::span<const float> values,
                                             std::span<const Request> requests) {
    std::vector<Histogram> out(requests.size());
    std::vector<Slots> slots;
    slots.reserve(requests.size());
    for (size_t r = 0; r < requests.size(); ++r) {
        const Plan plan = normalise(requests[r].bins, requests[r].lo, requests[r].hi);
        out[r].edges_ = linspace_edges(plan);
        slots.emplace_back(out[r].edges_);
    }
    const size_t n = values.size();
    const bool avx2 = CpuFeatures::active().avx2;
    // totals[r]: the counts per slot for request r, summed over the parts (integers: exact).
    std::vector<std::vector<int64_t>> totals(requests.size());
    for (size_t r = 0; r < requests.size(); ++r)
        totals[r].assign(static_cast<size_t>(slots[r].bins) + 3, 0);
    std::mutex totals_mutex;
    parallel_for(n, parallel_threads(n, kParallelMin), kChunk, [&](size_t begin, size_t end) {
        std::vector<std::unique_ptr<Counter>> counters;
        for (const Slots& sl : slots) counters.push_back(std::make_unique<Counter>(sl, avx2));
        // Chunk by chunk, every histogram of the chunk while it is in the L1 cache.
        for (size_t pos = begin; pos < end; pos += kChunk) {
            const size_t m = std::min(kChunk, end - pos);
            for (auto& c : counters) c->add_chunk(values.data() + pos, m);
        }
        const std::lock_guard lock(totals_mutex);
        for (size_t r = 0; r < counters.size(); ++r) {
            const std::vector<int64_t>& part = counters[r]->totals();
            for (size_t s = 0; s < part.size(); ++s) totals[r][s] += part[s];
        }
    });

    for (size_t r = 0; r < requests.size(); ++r) {
        const std::vector<int64_t>& c = totals[r];
        const int bins = static_cast<int>(c.size()) - 3;
        Histogram& h = out[r];
        h.below_ = c[0];
        h.counts_.assign(c.begin() + 1, c.begin() + 1 + bins);
        h.above_ = c[static_cast<size_t>(bins) + 1];
        h.non_finite_ = c[static_cast<size_t>(bins) + 2];
    }
    return out;
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
