// Equal-width histogram with numpy.histogram's conventions, exact with respect to the stored double
// edges, and fast enough for 10^8 floats.
//
// Edges are numpy.linspace's: edges[i] = i·step + lo, edges[bins] = hi, step = (hi − lo)/bins.
// Every value goes to one slot: 0 below, 1..bins the bins, bins+1 above, bins+2 non-finite
// (HistogramSlots: a float guess, exact except within a proven margin of an edge, where float
// thresholds decide). The counting loop increments one of four partial count arrays (so
// consecutive equal slots do not wait on each other's stores).
// From 2^20 values on, the values are split between threads (parallel_threads); each part counts
// its values and the integer totals are added, so the counts are exact for any thread count.
#include "core/stats/histogram.h"

#include "core/stats/histogram_slots.h"
#include "core/torch/parallel_for.h"

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
constexpr size_t kChunk = HistogramSlots::kChunk;  // values per slot buffer

/// Counts values chunk by chunk into bins + 3 slots: partial uint32 arrays flushed into 64-bit
/// totals. Four of them for up to kInterleavedSlots slots (consecutive equal slots, common with
/// few bins, then do not wait on each other's stores), one for more (fewer cache misses).
class Counter {
public:
    static constexpr size_t kInterleavedSlots = 4096;

    explicit Counter(const HistogramSlots& slots)
        : slots_(slots),
          stride_(static_cast<size_t>(slots.bins()) + 3),
          copies_(stride_ <= kInterleavedSlots ? 4 : 1),
          partial_(copies_ * stride_, 0),
          totals_(stride_, 0) {}

    /// Counts p[0, m), m ≤ kChunk.
    void add_chunk(const float* p, size_t m) {
        slots_.slots(p, m, slot_buffer_);
        uint32_t* c0 = partial_.data();
        size_t j = 0;
        if (copies_ == 4) {
            uint32_t* c1 = c0 + stride_;
            uint32_t* c2 = c1 + stride_;
            uint32_t* c3 = c2 + stride_;
            for (; j + 4 <= m; j += 4) {
                ++c0[slot_buffer_[j]];
                ++c1[slot_buffer_[j + 1]];
                ++c2[slot_buffer_[j + 2]];
                ++c3[slot_buffer_[j + 3]];
            }
        }
        for (; j < m; ++j) ++c0[slot_buffer_[j]];
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
        for (size_t k = 0; k < copies_; ++k)
            for (size_t s = 0; s < stride_; ++s) totals_[s] += c[k * stride_ + s];
        std::fill(partial_.begin(), partial_.end(), 0u);
        since_flush_ = 0;
    }

    const HistogramSlots& slots_;
    size_t stride_;
    size_t copies_;
    std::vector<uint32_t> partial_;
    std::vector<int64_t> totals_;
    size_t since_flush_ = 0;
    int32_t slot_buffer_[kChunk];
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
    // Requests with the same edges (e.g. a tensor's own range and its network's shared range
    // when it is the only layer) are counted once: distinct[u] is the first such request.
    std::vector<size_t> distinct, which(requests.size());
    std::vector<HistogramSlots> slots;
    for (size_t r = 0; r < requests.size(); ++r) {
        const Plan plan = normalise(requests[r].bins, requests[r].lo, requests[r].hi);
        out[r].edges_ = linspace_edges(plan);
        size_t u = 0;
        while (u < distinct.size() && out[distinct[u]].edges_ != out[r].edges_) ++u;
        which[r] = u;
        if (u == distinct.size()) distinct.push_back(r);
    }
    slots.reserve(distinct.size());
    for (size_t r : distinct) slots.emplace_back(out[r].edges_);
    const size_t n = values.size();
    // totals[u]: the counts per slot for distinct request u, summed over the parts (exact).
    std::vector<std::vector<int64_t>> totals(slots.size());
    for (size_t u = 0; u < slots.size(); ++u)
        totals[u].assign(static_cast<size_t>(slots[u].bins()) + 3, 0);
    std::mutex totals_mutex;
    parallel_for(n, parallel_threads(n, kParallelMin), kChunk, [&](size_t begin, size_t end) {
        std::vector<std::unique_ptr<Counter>> counters;
        for (const HistogramSlots& sl : slots) counters.push_back(std::make_unique<Counter>(sl));
        // Chunk by chunk, every histogram of the chunk while it is in the L1 cache.
        for (size_t pos = begin; pos < end; pos += kChunk) {
            const size_t m = std::min(kChunk, end - pos);
            for (auto& c : counters) c->add_chunk(values.data() + pos, m);
        }
        const std::lock_guard lock(totals_mutex);
        for (size_t u = 0; u < counters.size(); ++u) {
            const std::vector<int64_t>& part = counters[u]->totals();
            for (size_t s = 0; s < part.size(); ++s) totals[u][s] += part[s];
        }
    });

    for (size_t r = 0; r < requests.size(); ++r) {
        const std::vector<int64_t>& c = totals[which[r]];
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
