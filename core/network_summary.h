#pragma once

#include "histogram.h"
#include "network.h"
#include "parameters.h"
#include "progress.h"
#include "sample_statistics.h"
#include "theory.h"

#include <string>
#include <vector>

namespace initscope {

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
    /// True when |sample − theory| exceeds what n explains (mean beyond 4σ/√n, std beyond
    /// 4·σ·√(excess-aware var-of-var / n), or KS beyond 1.95/√n ≈ the 0.1% critical value).
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
