#pragma once

#include "core/io/checkpoint.h"
#include "core/schemes/theory.h"
#include "core/stats/histogram.h"
#include "core/stats/sample_statistics.h"

#include <cstdint>
#include <functional>
#include <optional>
#include <vector>

namespace initscope {

/// A float16 or bfloat16 tensor as the multiset of its values: a 16-bit tensor holds at most
/// 65,536 distinct values, so one pass that counts each bit pattern (an integer increment per
/// value, straight from the mapped bytes, nothing converted) gives everything the analysis
/// needs, exactly, without a second read:
/// - statistics: n, non_finite, min and max exactly; mean = Σ c·x / n and
///   M2 = Σ c·(x − mean)² over the distinct values in double (two-pass, ascending x);
/// - any histogram: each distinct value's slot (HistogramSlots, numpy's bins) times its count,
///   the same counts Histogram::build gives on the converted values;
/// - the Kolmogorov–Smirnov distance to a continuous theory, exactly rather than from a fine
///   histogram (KsDistance::of_distinct).
/// The counts do not depend on how the values were split between threads.
class HalfValueCounts {
public:
    /// Counts `tensor` (F16 or BF16; anything else is std::invalid_argument) on
    /// parallel_threads, `poll_values` values at a time: after each, `progress(done, total)` is
    /// polled on the calling thread (false gives nullopt) and, with `release_from`, the range's
    /// pages are released (Checkpoint::release).
    static std::optional<HalfValueCounts> count(
        const CheckpointTensor& tensor,
        const std::function<bool(int64_t done, int64_t total)>& progress = {},
        const Checkpoint* release_from = nullptr, int64_t poll_values = int64_t{1} << 20);

    SampleStatistics statistics() const { return stats_; }
    /// Exactly Histogram::build(converted values, bins, lo, hi).
    Histogram histogram(int bins, double lo, double hi) const;
    /// The exact KS distance to `theory` (NaN when it is not continuous or n = 0).
    double ks(const Theory& theory) const;

private:
    std::vector<float> values_;    ///< the distinct finite values, ascending
    std::vector<int64_t> counts_;  ///< how many times each occurs
    int64_t non_finite_ = 0;
    SampleStatistics stats_;
};

}  // namespace initscope
