#pragma once

#include "core/model/network.h"
#include "core/model/parameters.h"
#include "core/model/progress.h"
#include "core/schemes/theory.h"
#include "core/stats/histogram.h"
#include "core/stats/sample_statistics.h"

#include <string>
#include <vector>

namespace initscope {

/// One comparison of a sample with its theory, and the tolerance a sample of n explains.
struct DeviationCheck {
    enum class Kind { NonFinite, Support, Mean, Variance, Ks, PointMass };
    Kind kind;
    bool passed = true;
    double sample = 0;     ///< non-finite count, mean, variance, KS distance, or min/max
    double theory = 0;     ///< the value it is compared with (0 for KS)
    double tolerance = 0;  ///< the allowed |sample − theory| (KS: the critical value)
};

/// Everything shown about one tensor: what it is, its sample, its theory and its histogram.
struct TensorSummary {
    int layer_index = 0;
    std::string layer_name;
    TensorRole role = TensorRole::Weight;
    InitSpec spec;
    TensorShape shape;
    Fans fans;  ///< the layer weight's fans (also for the bias)
    SampleStatistics stats;
    Theory theory;
    double ks = 0;  ///< KS distance to theory; NaN when the theory is not continuous
    Histogram histogram;
    /// "fc1.weight"
    std::string label() const;
    /// The checks behind deviates(), in order: non-finite values (none allowed), support (the
    /// range inside the theory's support), then either the point mass (σ = 0: mean equals it) or
    /// mean within 4σ/√n, variance within 5σ²·√(2/n) (the sd of s² for a normal sample) and, when
    /// the theory is continuous, KS distance below 1.95/√n (the 0.1 % critical value).
    std::vector<DeviationCheck> checks() const;
    /// True when a check fails: the sample differs from theory more than its size n explains.
    bool deviates() const;
};

/// The summary of a whole network: per tensor, plus aggregates over all weights and all biases.
struct NetworkSummary {
    std::vector<TensorSummary> tensors;
    SampleStatistics all_weights, all_biases;
    Histogram weights_histogram, biases_histogram;
    int64_t weight_count = 0, bias_count = 0;

    /// Summarizes materialized parameters. Per-tensor histograms follow `options`; with
    /// RangeMode::Shared, weights share one range and biases another.
    static NetworkSummary of(const Network& network, const Parameters& parameters,
                             const HistogramOptions& options,
                             const ProgressCallback& progress = {});
};

}  // namespace initscope
