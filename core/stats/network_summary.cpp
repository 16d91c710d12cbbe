#include "core/stats/network_summary.h"

#include "core/stats/ks_distance.h"
#include "core/torch/parallel_for.h"

#include <algorithm>
#include <atomic>
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

/// The first tensor of each of `parts` contiguous runs (and tensors.size() at the end): run j
/// starts where the element count before it comes closest to total·j/parts, every run non-empty
/// (1 < parts ≤ tensors.size()).
std::vector<size_t> split_points(const std::vector<const Tensor*>& tensors, int64_t total,
                                 size_t parts) {
    const size_t count = tensors.size();
    const auto p = static_cast<int64_t>(parts);
    std::vector<size_t> first(parts + 1, count);
    first[0] = 0;
    size_t cut = 0;
    int64_t prefix = 0;  // elements of tensors [0, cut)
    for (size_t j = 1; j < parts; ++j) {
        const int64_t target = total * static_cast<int64_t>(j);  // compared with prefix·parts
        const size_t last = count - (parts - j);  // leave one tensor for each later run
        while (cut < last && p * (prefix + tensors[cut]->numel()) <= target)
            prefix += tensors[cut++]->numel();
        if (cut < last && p * (prefix + tensors[cut]->numel()) - target < target - p * prefix)
            prefix += tensors[cut++]->numel();
        if (cut <= first[j - 1]) prefix += tensors[cut++]->numel();
        first[j] = cut;
    }
    return first;
}

int bins_for(const HistogramOptions& options, std::span<const float> values,
             const SampleStatistics& stats, double lo, double hi) {
    const double iqr = options.rule == BinRule::FreedmanDiaconis ? interquartile_range(values) : 0;
    return Histogram::bin_count(options.rule, options.bins, stats.n, stats.stddev, iqr, lo, hi);
}

}  // namespace

std::string TensorSummary::label() const {
    return layer_name + (role == TensorRole::Weight ? ".weight" : ".bias");
}

std::vector<DeviationCheck> TensorSummary::checks() const {
    using Kind = DeviationCheck::Kind;
    std::vector<DeviationCheck> out;
    if (stats.n == 0 && stats.non_finite == 0) return out;
    out.push_back({Kind::NonFinite, stats.non_finite == 0, double(stats.non_finite), 0, 0});
    if (stats.n == 0) return out;
    const double n = static_cast<double>(stats.n);
    const double sigma = theory.stddev();
    const double tolerance = 1e-6 * std::max(1.0, std::abs(theory.mean()) + sigma);
    const bool inside = stats.min >= theory.support_lo() - tolerance &&
                        stats.max <= theory.support_hi() + tolerance;
    out.push_back({Kind::Support, inside, stats.min < theory.support_lo() ? stats.min : stats.max,
                   stats.min < theory.support_lo() ? theory.support_lo() : theory.support_hi(),
                   tolerance});
    if (sigma == 0) {
        out.push_back({Kind::PointMass, std::abs(stats.mean - theory.mean()) <= tolerance,
                       stats.mean, theory.mean(), tolerance});
        return out;
    }
    const double mean_tolerance = 4 * sigma / std::sqrt(n) + tolerance;
    out.push_back({Kind::Mean, std::abs(stats.mean - theory.mean()) <= mean_tolerance, stats.mean,
                   theory.mean(), mean_tolerance});
    const double variance_tolerance = 5 * theory.variance() * std::sqrt(2.0 / n) + tolerance;
    out.push_back({Kind::Variance,
                   std::abs(stats.variance - theory.variance()) <= variance_tolerance,
                   stats.variance, theory.variance(), variance_tolerance});
    if (std::isfinite(ks)) {
        const double critical = 1.95 / std::sqrt(n) + 1e-3;
        out.push_back({Kind::Ks, ks <= critical, ks, 0, critical});
    }
    return out;
}

bool TensorSummary::deviates() const {
    for (const DeviationCheck& check : checks())
        if (!check.passed) return true;
    return false;
}

NetworkSummary NetworkSummary::of(const Network& network, const Parameters& parameters,
                                  const HistogramOptions& options,
                                  const ProgressCallback& progress) {
    NetworkSummary summary;
    int64_t total = 0;
    for (const LayerParameters& p : parameters)
        total += p.weight.numel() + (p.bias ? p.bias->numel() : 0);
    int64_t done = 0;
    auto advance = [&](int64_t elements) {
        done += elements;
        if (progress &&
            !progress(static_cast<double>(done) / static_cast<double>(std::max<int64_t>(1, total))))
            throw Cancelled();
    };

    // Two reads of each tensor: pass 1 the statistics (which fix every range), pass 2 every
    // histogram of the tensor at once (display, aggregate and KS's fine one; build_many, exact).
    // Pass 1: statistics and theory per tensor.
    std::vector<const Tensor*> tensors;
    for (size_t i = 0; i < parameters.size(); ++i) {
        const Layer& layer = network.layers[i];
        auto add = [&](const Tensor& tensor, TensorRole role) {
            TensorSummary t;
            t.layer_index = static_cast<int>(i);
            t.layer_name = layer.name;
            t.role = role;
            t.spec = layer.init(role);
            t.shape = tensor.shape();
            const TensorContext context = layer.context(role);
            t.fans = context.weight_fans;
            t.stats = SampleStatistics::of(tensor.values());
            t.theory = Theory::of(t.spec, context);
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
    // Aggregates: every weight (bias) binned over the range of all weights (biases).
    auto aggregate_bins = [&](const Range& range, const SampleStatistics& stats) {
        return Histogram::bin_count(
            options.rule == BinRule::FreedmanDiaconis ? BinRule::Scott : options.rule, options.bins,
            stats.n, stats.stddev, 0, range.lo, range.hi);
    };
    const int weight_bins =
        weight_range.valid() ? aggregate_bins(weight_range, summary.all_weights) : 0;
    const int bias_bins = bias_range.valid() ? aggregate_bins(bias_range, summary.all_biases) : 0;

    // Pass 2: per tensor, its histogram in the requested range, its share of the aggregate, and
    // the KS distance (exact on a sorted copy up to 2^20 values, else from the fine histogram).
    std::vector<Histogram> shares(summary.tensors.size());
    auto summarize = [&](size_t k) {
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
        const bool weight = t.role == TensorRole::Weight;
        const Range& range = weight ? weight_range : bias_range;
        std::vector<Histogram::Request> requests;
        requests.push_back({bins_for(options, values, t.stats, lo, hi), lo, hi});
        const bool aggregate = range.valid();
        if (aggregate) requests.push_back({weight ? weight_bins : bias_bins, range.lo, range.hi});
        const bool fine = KsDistance::needs_fine_histogram(t.stats, t.theory);
        if (fine) {
            const auto [fine_lo, fine_hi] = KsDistance::fine_range(t.stats, t.theory);
            requests.push_back({KsDistance::kFineBins, fine_lo, fine_hi});
        }
        std::vector<Histogram> built = Histogram::build_many(values, requests);
        t.histogram = std::move(built[0]);
        if (aggregate) shares[k] = std::move(built[1]);
        t.ks = fine ? KsDistance::from_fine_histogram(built.back(), t.theory, t.stats)
                    : KsDistance::of(values, t.theory, t.stats);
    };
    auto second_half = [&](size_t k) {
        const size_t n = tensors[k]->values().size();
        return static_cast<int64_t>(n - n / 2);
    };
    // Tensors below 2^20 values are binned and sorted on one thread each, so when every tensor
    // is that small (the course network) the tensors themselves are split between threads: up
    // to thread_count() contiguous runs of tensors, one per 2^13 elements at most, cut where the
    // element counts come closest to equal shares. Each tensor's results do not depend on the
    // thread; progress is reported from the calling thread only (it runs part 0).
    int64_t largest = 0;
    for (const Tensor* tensor : tensors) largest = std::max(largest, tensor->numel());
    const size_t parts = std::min(
        {static_cast<size_t>(thread_count()), tensors.size(), static_cast<size_t>(total >> 13)});
    if (parts >= 2 && largest < (int64_t{1} << 20)) {
        const std::vector<size_t> first = split_points(tensors, total, parts);
        std::atomic<int64_t> other_parts_done{0};
        parallel_for(parts, static_cast<int>(parts), 1, [&](size_t part, size_t) {
            for (size_t k = first[part]; k < first[part + 1]; ++k) {
                summarize(k);
                if (part == 0)
                    advance(second_half(k));
                else
                    other_parts_done += second_half(k);
            }
        });
        advance(other_parts_done.load());
    } else {
        for (size_t k = 0; k < summary.tensors.size(); ++k) {
            summarize(k);
            advance(second_half(k));
        }
    }

    // Aggregates: every weight (bias) binned over the range of all weights (biases), summed in
    // tensor order.
    bool first_weight = true, first_bias = true;
    for (size_t k = 0; k < summary.tensors.size(); ++k) {
        const bool weight = summary.tensors[k].role == TensorRole::Weight;
        if (!(weight ? weight_range : bias_range).valid()) continue;
        Histogram& total_histogram = weight ? summary.weights_histogram : summary.biases_histogram;
        bool& first = weight ? first_weight : first_bias;
        if (first)
            total_histogram = std::move(shares[k]);
        else
            total_histogram.add(shares[k]);
        first = false;
    }
    return summary;
}

}  // namespace initscope
