#pragma once

#include "core/schemes/theory.h"
#include "core/stats/histogram.h"
#include "core/stats/sample_statistics.h"

#include <span>
#include <utility>

namespace initscope {

/// Kolmogorov–Smirnov distance D = sup_x |F_n(x) − F(x)| between a sample and a theoretical cdf.
/// Exact (a bucket-sorted copy; F evaluated only where a bound says the maximum can be) up to
/// kExactLimit finite values. Above that, computed on a fine histogram of
/// kFineBins bins over the sample range narrowed to the theory's support and mean ± 8σ (values
/// outside still count): the empirical cdf is exact at every edge, and between two edges both cdfs
/// are monotone, so the returned midpoint of the lower and upper bounds is within
/// ½·max_k (F(edge_{k+1}) − F(edge_k)) of the exact D (the outer pieces [min, lo), (hi, max]
/// included). For the schemes here that is ≤ 5e-5 (normal: ½·φ(0)·16σ/2^16 σ⁻¹ ≈ 5e-5; uniform
/// 8e-6), far below the 1.36/√n of a 5% test at n > 2^20. Non-finite values are ignored. NaN when
/// n == 0 or the theory is not continuous.
class KsDistance {
public:
    static constexpr int64_t kExactLimit = 1 << 20;
    static constexpr int kFineBins = 1 << 16;
    /// `stats` must be SampleStatistics::of(values) (NetworkSummary has them already; they fix
    /// the range and n without another pass over the values).
    static double of(std::span<const float> values, const Theory& theory,
                     const SampleStatistics& stats);

    /// For callers that bin several histograms in one pass (Histogram::build_many): true when
    /// of() would use the fine histogram; its range is fine_range(), its bins kFineBins, and
    /// from_fine_histogram() of that histogram returns exactly what of() returns.
    static bool needs_fine_histogram(const SampleStatistics& stats, const Theory& theory);
    static std::pair<double, double> fine_range(const SampleStatistics& stats,
                                                const Theory& theory);
    static double from_fine_histogram(const Histogram& fine, const Theory& theory,
                                      const SampleStatistics& stats);
    /// The exact distance of a sample given as its distinct finite values (ascending) and how
    /// often each occurs: max over x_i of max(C_i/n − F(x_i), F(x_i) − C_(i−1)/n), C_i the count
    /// of values ≤ x_i — the exact path's formula with ties counted together. NaN when n == 0 or
    /// the theory is not continuous.
    static double of_distinct(std::span<const float> values, std::span<const int64_t> counts,
                              const Theory& theory);
};

}  // namespace initscope
