// Kolmogorov–Smirnov distance D = sup_x |F_n(x) − F(x)| (Kolmogorov 1933; Smirnov 1948).
//
// Exact path (≤ kExactLimit finite values): sort a copy x_(0) ≤ … ≤ x_(n−1); since F is
// continuous and F_n a step function, D = max_i max((i+1)/n − F(x_(i)), F(x_(i)) − i/n).
//
// Histogram path: bins over [lo, hi] = the sample range narrowed to the theory's support and to
// mean ± 8σ (values outside still count, as below/above). At every break point p (edges, sample
// min and max) the empirical F_n(p−) or F_n(p) is known exactly, which gives a lower bound L on D.
// Between consecutive break points p < q, F_n and F are both non-decreasing, so
// sup |F_n − F| ≤ max(F_n(q−) − F(p), F(q) − F_n(p−)) ≤ L + (F(q) − F(p)): an upper bound U with
// U − L ≤ the largest F-mass of one interval. The result is (L + U)/2, within ½ max (F(q) − F(p)).
#include "ks_distance.h"

#include "histogram.h"
#include "sample_statistics.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <vector>

namespace initscope {

namespace {

double exact(std::span<const float> values, const Theory& theory) {
    std::vector<float> sorted;
    sorted.reserve(values.size());
    for (float v : values)
        if (std::isfinite(v)) sorted.push_back(v);
    if (sorted.empty()) return std::numeric_limits<double>::quiet_NaN();
    std::sort(sorted.begin(), sorted.end());
    const double n = static_cast<double>(sorted.size());
    double d = 0;
    for (size_t i = 0; i < sorted.size();) {
        // A run of equal values: F_n jumps from i/n to j/n at x.
        size_t j = i + 1;
        while (j < sorted.size() && sorted[j] == sorted[i]) ++j;
        const double f = theory.cdf(sorted[i]);
        d = std::max({d, static_cast<double>(j) / n - f, f - static_cast<double>(i) / n});
        i = j;
    }
    return d;
}

double from_histogram(std::span<const float> values, const Theory& theory,
                      const SampleStatistics& stats) {
    const double n = static_cast<double>(stats.n);
    double lo = stats.min, hi = stats.max;
    if (lo == hi) {
        const double f = theory.cdf(lo);
        return std::max(f, 1 - f);
    }
    const double spread = 8 * theory.stddev();
    const double narrow_lo = std::max({lo, theory.mean() - spread, theory.support_lo()});
    const double narrow_hi = std::min({hi, theory.mean() + spread, theory.support_hi()});
    if (narrow_lo < narrow_hi) lo = narrow_lo, hi = narrow_hi;
    const Histogram h = Histogram::build(values, KsDistance::kFineBins, lo, hi);
    const std::vector<double>& edges = h.edges();
    const std::vector<int64_t>& counts = h.counts();

    // Break points with F and with brackets of F_n: before[p] ≤ F_n(p−), after[p] ≥ F_n(p).
    double lower = 0, upper = 0;
    auto interval = [&](double f_p, double fn_p_minus, double f_q, double fn_q) {
        upper = std::max({upper, fn_q - f_p, f_q - fn_p_minus});
    };
    // Below the sample: F_n = 0.
    const double f_min = theory.cdf(stats.min);
    lower = std::max(lower, f_min);
    // [min, lo): `below` values.
    double f_prev = theory.cdf(lo);
    double fn_prev = static_cast<double>(h.below()) / n;  // F_n(lo−)
    if (stats.min < lo) interval(f_min, 0.0, f_prev, fn_prev);
    lower = std::max(lower, std::fabs(fn_prev - f_prev));
    upper = std::max(upper, lower);
    int64_t cumulative = h.below();
    for (size_t k = 0; k < counts.size(); ++k) {
        cumulative += counts[k];
        const double f = theory.cdf(edges[k + 1]);
        const double fn = static_cast<double>(cumulative) / n;  // F_n(e−), or F_n(hi) for the last
        interval(f_prev, fn_prev, f, fn);
        lower = std::max(lower, std::fabs(fn - f));
        f_prev = f;
        fn_prev = fn;
    }
    // (hi, max]: `above` values; F_n(max) = 1.
    const double f_max = theory.cdf(stats.max);
    if (stats.max > hi) interval(f_prev, fn_prev, f_max, 1.0);
    lower = std::max(lower, 1 - f_max);
    upper = std::max(upper, lower);
    return 0.5 * (lower + upper);
}

}  // namespace

double KsDistance::of(std::span<const float> values, const Theory& theory) {
    const double nan = std::numeric_limits<double>::quiet_NaN();
    if (!theory.continuous()) return nan;
    if (static_cast<int64_t>(values.size()) <= kExactLimit) return exact(values, theory);
    const SampleStatistics stats = SampleStatistics::of(values);
    if (stats.n == 0) return nan;
    if (stats.n <= kExactLimit) return exact(values, theory);
    return from_histogram(values, theory, stats);
}

}  // namespace initscope
