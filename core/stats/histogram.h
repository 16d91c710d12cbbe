#pragma once

#include <cstdint>
#include <span>
#include <vector>

namespace initscope {

/// How the number of bins is chosen.
enum class BinRule { Fixed, Sturges, Scott, FreedmanDiaconis };
/// Which x-range the bins cover.
enum class RangeMode { Data, Shared, Given };
/// What a bar's height means.
enum class HistogramScale { Counts, Probability, Density };

struct HistogramOptions {
    BinRule rule = BinRule::Fixed;
    int bins = 40;  ///< used when rule == Fixed; 1..10000
    RangeMode range = RangeMode::Data;
    double lo = 0, hi = 0;  ///< used when range == Given (and filled in for Shared)
};

/// Equal-width histogram of float32 values over [lo, hi]: bin i covers [edges[i], edges[i+1]),
/// the last bin is closed (as numpy.histogram). Values outside the range are counted in
/// below/above, non-finite values in non_finite; none of them is binned.
///
/// Edges are numpy.linspace(lo, hi, bins + 1): edges[i] = i·((hi − lo)/bins) + lo, edges[bins] =
/// hi; a value x goes to bin i exactly when edges[i] ≤ x < edges[i+1] (x ≤ hi for the last),
/// compared in exact arithmetic (not after a rounded (x − lo)/width). From 2^20 values on, build()
/// splits the values between threads (parallel_threads, core/torch/parallel_for.h); the counts
/// are the same for any thread count and with or without AVX2.
class Histogram {
public:
    /// Most bins build() accepts (KsDistance uses 2^16 fine bins); bin_count() stays ≤ 10000.
    static constexpr int kMaxBins = 1 << 16;
    static constexpr int kMaxRuleBins = 10000;

    Histogram() = default;
    /// Bins `values` into `bins` equal bins over [lo, hi] (lo < hi; when lo == hi the range is
    /// widened by 0.5 each side, as numpy does; lo > hi is swapped, a non-finite bound gives
    /// [0, 1]). `bins` is clamped to [1, kMaxBins].
    static Histogram build(std::span<const float> values, int bins, double lo, double hi);
    /// One histogram of a build_many() call: build(values, bins, lo, hi)'s arguments.
    struct Request {
        int bins = 40;
        double lo = 0, hi = 0;
    };
    /// Several histograms of the same values in one read of memory (chunk by chunk, each chunk
    /// binned for every request while it is in cache): result[k] equals
    /// build(values, requests[k].bins, requests[k].lo, requests[k].hi) exactly.
    static std::vector<Histogram> build_many(std::span<const float> values,
                                             std::span<const Request> requests);
    /// The edges build(values, bins, lo, hi) uses (its normalisation of the arguments, then
    /// numpy.linspace).
    static std::vector<double> edges_for(int bins, double lo, double hi);
    /// A histogram from its edges and its bins + 3 slot counts (below, the bins, above,
    /// non-finite), as HistogramAccumulator counts them.
    static Histogram from_slot_counts(std::vector<double> edges, std::span<const int64_t> slots);
    /// Bin count by rule for a sample of n values with the given std and interquartile range:
    /// Fixed → fixed_bins; Sturges ⌈log2 n⌉ + 1; Scott ⌈range/h⌉, h = 3.49σ·n^(−1/3);
    /// Freedman–Diaconis ⌈range/h⌉, h = 2·IQR·n^(−1/3). Scott/FD fall back to Sturges when h = 0.
    /// An empty range counts as 1 (numpy widens it by ±0.5). Clamped to [1, kMaxRuleBins].
    static int bin_count(BinRule rule, int fixed_bins, int64_t n, double stddev, double iqr,
                         double lo, double hi);

    const std::vector<double>& edges() const { return edges_; }
    const std::vector<int64_t>& counts() const { return counts_; }
    int bins() const { return static_cast<int>(counts_.size()); }
    double lo() const { return edges_.empty() ? 0 : edges_.front(); }
    double hi() const { return edges_.empty() ? 0 : edges_.back(); }
    double bin_width() const;
    double center(int i) const;
    int64_t binned() const;  ///< sum of counts
    int64_t below() const { return below_; }
    int64_t above() const { return above_; }
    int64_t non_finite() const { return non_finite_; }
    /// Bar heights: counts, counts/total binned, or counts/(total binned·width of that bin); all 0
    /// when nothing is binned.
    std::vector<double> heights(HistogramScale scale) const;

    /// Adds another histogram with identical edges (throws std::invalid_argument otherwise; adding
    /// to an empty Histogram copies).
    void add(const Histogram& other);

private:
    std::vector<double> edges_;
    std::vector<int64_t> counts_;
    int64_t below_ = 0, above_ = 0, non_finite_ = 0;
};

}  // namespace initscope
