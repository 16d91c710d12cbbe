#pragma once

#include <cstdint>
#include <span>

namespace initscope {

/// Descriptive statistics of a float32 sample. Non-finite values are counted apart and excluded
/// from everything else. Accumulated in double (pairwise/compensated), so mean and variance are
/// accurate for 10^8 values. variance is the population variance (divisor n), as np.var; stddev
/// is its square root. When n == 0 the moments are NaN.
struct SampleStatistics {
    int64_t n = 0;           ///< finite values
    int64_t non_finite = 0;  ///< NaN and ±inf, never binned or averaged
    double mean = 0;
    double variance = 0;
    double stddev = 0;
    double min = 0;
    double max = 0;

    /// Splits the blocks between threads from 2^20 values on (parallel_threads,
    /// core/torch/parallel_for.h); the result is bit-identical for any thread count and with or
    /// without AVX2 (the sample is summarised in fixed blocks of 8192 values merged in a fixed
    /// pairwise tree).
    static SampleStatistics of(std::span<const float> values);
    /// Statistics of the union of two samples (Chan et al. parallel combination).
    static SampleStatistics merge(const SampleStatistics& a, const SampleStatistics& b);
};

}  // namespace initscope
