// Equal-width histogram with numpy.histogram's conventions, exact with respect to the stored double
// edges, and fast enough for 10^8 floats.
//
// Edges are numpy.linspace's: edges[i] = i·step + lo, edges[bins] = hi, step = (hi − lo)/bins.
// Every value goes to one slot: 0 below, 1..bins the bins, bins+1 above, bins+2 non-finite
// (HistogramSlots: a float guess, exact except within a proven margin of an edge, where float
// thresholds decide), counted by HistogramAccumulator.
// From 2^20 values on, the values are split between threads (parallel_threads); each part counts
// its values and the integer totals are added, so the counts are exact for any thread count.
#include "core/stats/histogram.h"

#include "core/stats/histogram_accumulator.h"
#include "core/stats/histogram_slots.h"
#include "core/torch/parallel_for.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>
#include <stdexcept>

namespace initscope {

namespace {

constexpr size_t kParallelMin = size_t{1} << 20;
constexpr size_t kChunk = HistogramSlots::kChunk;  // values per slot buffer

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

std::vector<double> Histogram::edges_for(int bins, double lo, double hi) {
    return linspace_edges(normalise(bins, lo, hi));
}

Histogram Histogram::from_slot_counts(std::vector<double> edges, std::span<const int64_t> slots) {
    Histogram h;
    const size_t bins = edges.size() - 1;
    h.edges_ = std::move(edges);
    h.below_ = slots[0];
    h.counts_.assign(slots.begin() + 1, slots.begin() + 1 + static_cast<ptrdiff_t>(bins));
    h.above_ = slots[bins + 1];
    h.non_finite_ = slots[bins + 2];
    return h;
}

std::vector<Histogram> Histogram::build_many(std::span<const float> values,
                                             std::span<const Request> requests) {
    HistogramAccumulator whole(requests);
    const size_t n = values.size();
    const int threads = parallel_threads(n, kParallelMin);
    if (threads <= 1) {
        whole.add(values);
        return whole.histograms();
    }
    // Part t counts [bound(t), bound(t + 1)) into its own accumulator (part 0 into `whole`).
    const auto parts_count = static_cast<size_t>(threads);
    auto bound = [&](size_t t) {
        return t == parts_count ? n : n * t / parts_count / kChunk * kChunk;
    };
    std::vector<HistogramAccumulator> parts;
    for (size_t t = 1; t < parts_count; ++t) parts.push_back(whole.zeroed_copy());
    parallel_for(parts_count, threads, 1, [&](size_t first, size_t last) {
        for (size_t t = first; t < last; ++t)
            (t == 0 ? whole : parts[t - 1]).add(values.subspan(bound(t), bound(t + 1) - bound(t)));
    });
    for (HistogramAccumulator& part : parts) whole.add(part);
    return whole.histograms();
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
