#include "network_summary.h"

#include "ks_distance.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace initscope {

namespace {

/// Interquartile range for the Freedman–Diaconis rule: exact on up to 2^20 values, otherwise on
/// an evenly strided subsample of about 2^20 values (deterministic).
double interquartile_range(std::span<const float> values) {
    constexpr size_t kMaxSample = size_t{1} << 20;
    const size_t stride = std::max<size_t>(1, values.size() / kMaxSample);
    std::vector<float> sample;
    sample.reserve(values.size() / stride + 1);
    for (size_t i = 0; i < values.size(); i += stride)
        if (std::isfinite(values[i])) sample.push_back(values[i]);
    if (sample.size() < 2) return 0.0;
    auto quantile = [&sample](double q) {
        const auto k = static_cast<size_t>(q * static_cast<double>(sample.size() - 1));
        std::nth_element(sample.begin(), sample.begin() + static_cast<std::ptrdiff_t>(k),
                         sample.end());
        return static_cast<double>(sample[k]);
    };
    const double q1 = quantile(0.25);
    const double q3 = quantile(0.75);
    return q3 - q1;
}

struct Range {
    double lo = std::numeric_limits<double>::infinity();
    double hi = -std::numeric_limits<double>::infinity();
    void include(const SampleStatistics& s) {
        if (s.n == 0) return;
        lo = std::min(lo, s.min);
        hi = std::max(hi, s.max);
    }
    bool valid() const { return lo <= hi; }
};

int bins_for(const HistogramOptions& options, std::span<const float> values,
             const SampleStatistics& stats, double lo, double hi) {
    const double iqr = options.rule == BinRule::FreedmanDiaconis ? interquartile_range(values) : 0;
    return Histogram::bin_count(options.rule, options.bins, stats.n, stats.stddev, iqr, lo, hi);
}

}  // namespace

std::string TensorSummary::label() const {
    return layer_name + (role == TensorRole::Weight ? ".weight" : ".bias");
}

bool TensorSummary::deviates() const {
    if (stats.n == 0) return false;
    if (stats.non_finite > 0) return true;
    const double n = static_cast<double>(stats.n);
    const double sigma = theory.stddev();
    const double tolerance = 1e-6 * std::max(1.0, std::abs(theory.mean()) + sigma);
    // The sample must stay inside the support.
    if (stats.min < theory.support_lo() - tolerance || stats.max > theory.support_hi() + tolerance)
        return true;
    if (sigma == 0) return std::abs(stats.mean - theory.mean()) > tolerance;
    // Mean: a z-score beyond 4.
    if (std::abs(stats.mean - theory.mean()) > 4 * sigma / std::sqrt(n) + tolerance) return true;
    // Variance: sd(s²) ≈ σ²·√(2/n) for a normal (less for lighter tails); allow 5 of them.
    const double variance_sd = theory.variance() * std::sqrt(2.0 / n);
    if (std::abs(stats.variance - theory.variance()) > 5 * variance_sd + tolerance) return true;
    // KS: 1.95/√n is the 0.1 % critical value of the Kolmogorov distribution.
    if (std::isfinite(ks) && ks > 1.95 / std::sqrt(n) + 1e-3) return true;
    return false;
}

NetworkSummary NetworkSummary::of(const Network& network, const Parameters& parameters,
                                  const HistogramOptions& options,
                                  const ProgressCallback& progress) {
    NetworkSummary summary;
    int64_t total = 0;
    for (const LayerParameters& p : parameters) total += p.weight.numel() + (p.bias ? p.bias->numel() : 0);
    int64_t done = 0;
    auto advance = [&](int64_t elements) {
        done += elements;
        if (progress && !progress(static_cast<double>(done) / static_cast<double>(std::max<int64_t>(1, total))))
            throw Cancelled();
    };

    // Pass 1: statistics, theory and KS per tensor.
    std::vector<const Tensor*> tensors;
    for (size_t i = 0; i < parameters.size(); ++i) {
        const Layer& layer = network.layers[i];
        auto add = [&](const Tensor& tensor, TensorRole role) {
            TensorSummary t;
            t.layer_index = static_cast<int>(i);
            t.layer_name = layer.name;
            t.role = role;
            t.spec = role == TensorRole::Weight ? layer.weight_init : layer.bias_init;
            t.shape = tensor.shape();
            const TensorContext context =
                role == TensorRole::Weight ? layer.weight_context() : layer.bias_context();
            t.fans = context.weight_fans;
            t.stats = SampleStatistics::of(tensor.values());
            t.theory = Theory::of(t.spec, context);
            t.ks = KsDistance::of(tensor.values(), t.theory);
            summary.tensors.push_back(std::move(t));
            tensors.push_back(&tensor);
            advance(tensor.numel() / 2);
        };
        add(parameters[i].weight, TensorRole::Weight);
        if (parameters[i].bias) add(*parameters[i].bias, TensorRole::Bias);
    }

    Range weight_range, bias_range;
    for (const TensorSummary& t : summary.tensors) {
        if (t.role == TensorRole::Weight) {
            summary.all_weights = SampleStatistics::merge(summary.all_weights, t.stats);
            summary.weight_count += t.shape.numel();
            weight_range.include(t.stats);
        } else {
            summary.all_biases = SampleStatistics::merge(summary.all_biases, t.stats);
            summary.bias_count += t.shape.numel();
            bias_range.include(t.stats);
        }
    }

    // Pass 2: per-tensor histograms in the requested range.
    for (size_t k = 0; k < summary.tensors.size(); ++k) {
        TensorSummary& t = summary.tensors[k];
        const std::span<const float> values = tensors[k]->values();
        double lo = t.stats.n > 0 ? t.stats.min : 0.0, hi = t.stats.n > 0 ? t.stats.max : 0.0;
        if (options.range == RangeMode::Given) {
            lo = options.lo;
            hi = options.hi;
        } else if (options.range == RangeMode::Shared) {
            const Range& r = t.role == TensorRole::Weight ? weight_range : bias_range;
            if (r.valid()) {
                lo = r.lo;
                hi = r.hi;
            }
        }
        t.histogram = Histogram::build(values, bins_for(options, values, t.stats, lo, hi), lo, hi);
        advance(values.size() - values.size() / 2);
    }

    // Aggregates: every weight (bias) binned over the range of all weights (biases).
    auto aggregate = [&](TensorRole role, const Range& range, const SampleStatistics& stats) {
        Histogram total_histogram;
        if (!range.valid()) return total_histogram;
        const int bins = Histogram::bin_count(options.rule == BinRule::FreedmanDiaconis
                                                  ? BinRule::Scott
                                                  : options.rule,
                                              options.bins, stats.n, stats.stddev, 0, range.lo,
                                              range.hi);
        bool first = true;
        for (size_t k = 0; k < summary.tensors.size(); ++k) {
            if (summary.tensors[k].role != role) continue;
            Histogram h = Histogram::build(tensors[k]->values(), bins, range.lo, range.hi);
            if (first)
                total_histogram = std::move(h);
            else
                total_histogram.add(h);
            first = false;
        }
        return total_histogram;
    };
    summary.weights_histogram = aggregate(TensorRole::Weight, weight_range, summary.all_weights);
    summary.biases_histogram = aggregate(TensorRole::Bias, bias_range, summary.all_biases);
    return summary;
}

}  // namespace initscope
