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
class Histogram {
public:
    Histogram() = default;
    /// Bins `values` into `bins` equal bins over [lo, hi] (lo < hi; when lo == hi the range is
    /// widened by 0.5 each side, as numpy does).
    static Histogram build(std::span<const float> values, int bins, double lo, double hi);
    /// Bin count by rule for a sample of n values with the given std and interquartile range.
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
    /// Bar heights: counts, counts/total binned, or counts/(total binned·width).
    std::vector<double> heights(HistogramScale scale) const;

    /// Adds another histogram with identical edges.
    void add(const Histogram& other);

private:
    std::vector<double> edges_;
    std::vector<int64_t> counts_;
    int64_t below_ = 0, above_ = 0, non_finite_ = 0;
};

}  // namespace initscope
