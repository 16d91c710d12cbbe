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
#include "core/stats/ks_distance.h"

#include "core/stats/histogram.h"
#include "core/stats/sample_statistics.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <vector>

namespace initscope {

namespace {

/// The finite values, sorted ascending (−0 and +0, equal as floats, in either order; the run
/// loops below treat them as one value); `count`, `lo` and `hi` are their number, min and max.
/// A bucket sort: about one value per bucket over [lo, hi], the bucket index
/// floor((x − lo)·scale) being non-decreasing in x, then each bucket sorted by insertion
/// (std::sort for a crowded one). Linear time for the smooth samples the schemes give.
std::vector<float> sorted_finite(std::span<const float> values, size_t count, double lo,
                                 double hi) {
    std::vector<float> sorted;
    if (count < 256 || !(lo < hi)) {
        sorted.reserve(count);
        for (float v : values)
            if (std::isfinite(v)) sorted.push_back(v);
        std::sort(sorted.begin(), sorted.end());
        return sorted;
    }
    const size_t buckets = count;
    const double scale = static_cast<double>(buckets) / (hi - lo);
    auto bucket = [&](float v) {
        // max/min: robust (no out-of-range index) even if lo/hi were not the exact min/max
        const double t = std::max(0.0, (static_cast<double>(v) - lo) * scale);
        return std::min(buckets - 1,
                        static_cast<size_t>(std::min(t, static_cast<double>(buckets))));
    };
    std::vector<uint32_t> start(buckets + 1, 0);
    for (float v : values)
        if (std::isfinite(v)) ++start[bucket(v) + 1];
    for (size_t b = 0; b < buckets; ++b) start[b + 1] += start[b];
    sorted.resize(start[buckets]);  // the finite values actually counted
    {
        std::vector<uint32_t> next(start.begin(), start.end() - 1);
        for (float v : values)
            if (std::isfinite(v)) sorted[next[bucket(v)]++] = v;
    }
    for (size_t b = 0; b < buckets; ++b) {
        float* first = sorted.data() + start[b];
        const ptrdiff_t size = static_cast<ptrdiff_t>(start[b + 1] - start[b]);
        if (size < 2) continue;
        if (size == 2) {
            const float x = first[0], y = first[1];
            first[0] = std::min(x, y);
            first[1] = std::max(x, y);
        } else if (size > 32) {
            std::sort(first, first + size);
        } else {
            for (float* i = first + 1; i < first + size; ++i) {
                const float v = *i;
                float* j = i;
                for (; j > first && v < j[-1]; --j) *j = j[-1];
                *j = v;
            }
        }
    }
    return sorted;
}

double exact(std::span<const float> values, const Theory& theory, const SampleStatistics& stats) {
    const std::vector<float> sorted =
        sorted_finite(values, static_cast<size_t>(stats.n), stats.min, stats.max);
    if (sorted.empty()) return std::numeric_limits<double>::quiet_NaN();
    const size_t m = sorted.size();
    const double n = static_cast<double>(m);
    auto run_end = [&](size_t i) {  // one past the run of values equal to sorted[i]
        size_t j = i + 1;
        while (j < m && sorted[j] == sorted[i]) ++j;
        return j;
    };
    // The term of the run [i, j) of equal values x: F_n jumps from i/n to j/n at x.
    auto term = [n](double d, size_t i, size_t j, double f) {
        return std::max({d, static_cast<double>(j) / n - f, f - static_cast<double>(i) / n});
    };
    auto runs = [&](size_t i, size_t last, double d) {  // the runs that start in [i, last)
        while (i < last) {
            const size_t j = run_end(i);
            d = term(d, i, j, theory.cdf(sorted[i]));
            i = j;
        }
        return d;
    };
    constexpr size_t kGroup = 16;
    if (m < 64 * kGroup) return runs(0, m, 0.0);
    // Groups of kGroup sorted values, F evaluated at their ends first. A run starting in the
    // group [a, b) has x in [x_a, x_(b−1)], start ≥ a and end ≤ J = run_end(b − 1), so its term
    // is at most max(J/n − F(x_a), F(x_(b−1)) − a/n). The runs through every x_a are real runs
    // whose terms give a lower bound d0 of D; a group whose bound is below d0 (less a margin for
    // rounding in F, which need not be exactly monotone) cannot raise the maximum and is skipped.
    // The result is the same double as evaluating every run.
    const size_t groups = (m + kGroup - 1) / kGroup;
    std::vector<double> f_first(groups), f_last(groups);
    double d0 = 0;
    for (size_t g = 0; g < groups; ++g) {
        const size_t a = g * kGroup, b = std::min(m, a + kGroup);
        f_first[g] = theory.cdf(sorted[a]);
        f_last[g] = b - 1 == a ? f_first[g] : theory.cdf(sorted[b - 1]);
        size_t start = a;
        while (start > 0 && sorted[start - 1] == sorted[a]) --start;
        d0 = term(d0, start, run_end(a), f_first[g]);
    }
    constexpr double kMargin = 1e-9;
    double d = d0;
    for (size_t g = 0; g < groups; ++g) {
        const size_t a = g * kGroup, b = std::min(m, a + kGroup);
        const double bound = std::max(static_cast<double>(run_end(b - 1)) / n - f_first[g],
                                      f_last[g] - static_cast<double>(a) / n);
        if (bound + kMargin < d0) continue;
        size_t i = a;
        if (i > 0 && sorted[i - 1] == sorted[i]) i = run_end(i);  // that run started earlier
        d = runs(i, b, d);
    }
    return d;
}

}  // namespace

std::pair<double, double> KsDistance::fine_range(const SampleStatistics& stats,
                                                 const Theory& theory) {
    double lo = stats.min, hi = stats.max;
    const double spread = 8 * theory.stddev();
    const double narrow_lo = std::max({lo, theory.mean() - spread, theory.support_lo()});
    const double narrow_hi = std::min({hi, theory.mean() + spread, theory.support_hi()});
    if (narrow_lo < narrow_hi) lo = narrow_lo, hi = narrow_hi;
    return {lo, hi};
}

bool KsDistance::needs_fine_histogram(const SampleStatistics& stats, const Theory& theory) {
    return theory.continuous() && stats.n > kExactLimit && stats.min != stats.max;
}

double KsDistance::from_fine_histogram(const Histogram& h, const Theory& theory,
                                       const SampleStatistics& stats) {
    const double n = static_cast<double>(stats.n);
    const double lo = h.lo(), hi = h.hi();
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

double KsDistance::of(std::span<const float> values, const Theory& theory,
                      const SampleStatistics& stats) {
    const double nan = std::numeric_limits<double>::quiet_NaN();
    if (!theory.continuous() || stats.n == 0) return nan;
    if (stats.n <= kExactLimit) return exact(values, theory, stats);
    if (stats.min == stats.max) {
        const double f = theory.cdf(stats.min);
        return std::max(f, 1 - f);
    }
    const auto [lo, hi] = fine_range(stats, theory);
    return from_fine_histogram(Histogram::build(values, kFineBins, lo, hi), theory, stats);
}

double KsDistance::of_distinct(std::span<const float> values, std::span<const int64_t> counts,
                               const Theory& theory) {
    int64_t total = 0;
    for (int64_t c : counts) total += c;
    if (!theory.continuous() || total == 0) return std::numeric_limits<double>::quiet_NaN();
    const double n = static_cast<double>(total);
    double d = 0;
    int64_t below = 0;  // values < x_i
    for (size_t i = 0; i < values.size(); ++i) {
        const double f = theory.cdf(values[i]);
        const int64_t at_or_below = below + counts[i];
        d = std::max(
            {d, static_cast<double>(at_or_below) / n - f, f - static_cast<double>(below) / n});
        below = at_or_below;
    }
    return d;
}

}  // namespace initscope
