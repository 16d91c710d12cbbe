// Closed forms throughout, written to stay accurate in the tails: the truncated normal uses Mills
// ratios when its interval lies on one side of the mean, the scaled beta a Stirling-corrected
// normaliser and Lentz's continued fraction for the regularized incomplete beta (SpecialFunctions).
#include "core/stats/distribution.h"

#include "core/stats/special_functions.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numbers>
#include <utility>

namespace initscope {

namespace {

using SF = SpecialFunctions;

constexpr double kInf = std::numeric_limits<double>::infinity();
constexpr double kSqrt2 = std::numbers::sqrt2;
constexpr double kLn2 = std::numbers::ln2;

/// Mean and variance of N(0, 1) restricted to [α, β] by composite Simpson (20000 intervals) on the
/// part of the interval where the density is above e^−50 of its maximum, the density written as
/// φ(z)/φ(m), m the point of [α, β] nearest 0, and the variance taken about the mean (two passes).
/// Relative error ~1e-13: used where the closed form loses digits to cancellation.
std::pair<double, double> truncated_moments_numeric(double alpha, double beta) {
    const double m = std::clamp(0.0, alpha, beta);
    const double reach = std::sqrt(m * m + 100.0);
    const double lo = std::max(alpha, -reach), hi = std::min(beta, reach);
    constexpr int kN = 20000;
    const double h = (hi - lo) / kN;
    auto sum = [&](auto&& g) {
        double total = 0;
        for (int i = 0; i <= kN; ++i) {
            const double z = i == kN ? hi : lo + i * h;
            const double w = i == 0 || i == kN ? 1.0 : (i % 2 ? 4.0 : 2.0);
            total += w * SF::normal_pdf_ratio(z, m) * g(z);
        }
        return total;
    };
    const double mass = sum([](double) { return 1.0; });
    const double mean = sum([](double z) { return z; }) / mass;
    const double var = sum([mean](double z) { return (z - mean) * (z - mean); }) / mass;
    return {mean, var};
}

template <class... Ts>
struct Overloaded : Ts... {
    using Ts::operator()...;
};
// Spelled out for compilers without C++20's aggregate deduction (clang < 17, used for fuzzing).
template <class... Ts>
Overloaded(Ts...) -> Overloaded<Ts...>;

}  // namespace

// ---- construction ---------------------------------------------------------------------------

Distribution Distribution::point(double value) {
    return Distribution(Point{value}, value, 0, value, value);
}

Distribution Distribution::uniform(double lo, double hi) {
    if (!(lo < hi)) return point(lo);
    return Distribution(Uniform{}, lo / 2 + hi / 2, (hi - lo) * (hi - lo) / 12, lo, hi);
}

Distribution Distribution::normal(double mean, double stddev) {
    if (!(stddev > 0)) return point(mean);
    return Distribution(Normal{mean, stddev}, mean, stddev * stddev, -kInf, kInf);
}

// Moments (init-reference.md): mean μ + σ(φ(α) − φ(β))/Z,
// variance σ²[1 + (αφ(α) − βφ(β))/Z − ((φ(α) − φ(β))/Z)²]. In case 2 everything is divided by
// φ(α) (D = Z/φ(α) = R(α) − (φ(β)/φ(α))R(β), R the Mills ratio), so that far tails neither
// underflow nor cancel.
Distribution Distribution::truncated_normal(double mean, double stddev, double a, double b) {
    if (a > b) std::swap(a, b);
    if (!(stddev > 0) || a == b) return point(std::clamp(mean, a, b));
    const double mu = mean, sigma = stddev;
    const double alpha = (a - mu) / sigma, beta = (b - mu) / sigma;
    Truncated t{mu, sigma, 0, 1, 0, 0};
    double r1 = 0, r2 = 0;  // (φ(α) − φ(β))/Z and (αφ(α) − βφ(β))/Z, standardized
    if (alpha < 0 && beta > 0) {
        t.which = 1;
        t.alpha = alpha;
        t.beta = beta;
        t.norm = 0.5 * (std::erf(beta / kSqrt2) - std::erf(alpha / kSqrt2));
        r1 = (SF::normal_pdf(alpha) - SF::normal_pdf(beta)) / t.norm;
        const double ta = std::isinf(alpha) ? 0.0 : alpha * SF::normal_pdf(alpha);
        const double tb = std::isinf(beta) ? 0.0 : beta * SF::normal_pdf(beta);
        r2 = (ta - tb) / t.norm;
    } else {
        t.which = alpha >= 0 ? 2 : 3;
        t.alpha = alpha >= 0 ? alpha : -beta;
        t.beta = alpha >= 0 ? beta : -alpha;
        const double e = SF::normal_pdf_ratio(t.beta, t.alpha);
        t.norm = SF::mills_ratio(t.alpha) - e * SF::mills_ratio(t.beta);
        r1 = (std::isinf(t.beta) ? 1.0
                                 : -std::expm1(-0.5 * (t.beta - t.alpha) * (t.beta + t.alpha))) /
             t.norm;
        r2 = (t.alpha - (std::isinf(t.beta) ? 0.0 : t.beta * e)) / t.norm;
        if (t.which == 3) r1 = -r1;  // the mean shift changes sign; the variance does not
    }
    double var_std = 1 + r2 - r1 * r1;
    if (!(var_std > 1e-4 * (1 + r1 * r1))) {
        // The closed form cancels (deep one-sided tail, narrow interval): integrate instead.
        const auto [m, v] = truncated_moments_numeric(alpha, beta);
        r1 = m;
        var_std = v;
    }
    return Distribution(t, std::clamp(mu + sigma * r1, a, b),
                        std::max(0.0, sigma * sigma * var_std), a, b);
}

Distribution Distribution::two_point(double value, double p) {
    if (p >= 1) return point(value);
    if (p <= 0 || value == 0) return point(0.0);
    return Distribution(TwoPoint{value, p}, p * value, value * value * p * (1 - p),
                        std::min(0.0, value), std::max(0.0, value));
}

Distribution Distribution::sparse_normal(double p, double stddev) {
    if (p >= 1 || !(stddev > 0)) return point(0.0);
    p = std::max(0.0, p);
    return Distribution(Sparse{p, stddev}, 0, (1 - p) * stddev * stddev, -kInf, kInf);
}

// Density ∝ (1−t²)^((d−3)/2) on [−1, 1], E T = 0, Var T = 1/d. d = 1: T = ±1; d = 2: arcsine.
Distribution Distribution::scaled_beta(double dim, double gain) {
    gain = std::fabs(gain);
    if (!(gain > 0) || dim < 1) return point(0.0);
    const double log_k = dim > 2 ? SF::log_beta_normaliser((dim - 1) / 2) : 0.0;
    return Distribution(ScaledBeta{dim, gain, log_k}, 0, gain * gain / dim, -gain, gain);
}

// ---- queries --------------------------------------------------------------------------------

DistributionKind Distribution::kind() const {
    return std::visit(Overloaded{
                          [](const Uniform&) { return DistributionKind::Uniform; },
                          [](const Normal&) { return DistributionKind::Normal; },
                          [](const Truncated&) { return DistributionKind::TruncatedNormal; },
                          [](const Point&) { return DistributionKind::PointMass; },
                          [](const TwoPoint&) { return DistributionKind::TwoPoint; },
                          [](const Sparse&) { return DistributionKind::SparseNormal; },
                          [](const ScaledBeta&) { return DistributionKind::ScaledBeta; },
                      },
                      parameters_);
}

double Distribution::stddev() const {
    return std::sqrt(variance_);
}

std::vector<Distribution::Atom> Distribution::atoms() const {
    return std::visit(Overloaded{
                          [](const Point& d) {
                              return std::vector<Atom>{{d.value, 1.0}};
                          },
                          [](const TwoPoint& d) {
                              return d.value < 0
                                         ? std::vector<Atom>{{d.value, d.p}, {0.0, 1 - d.p}}
                                         : std::vector<Atom>{{0.0, 1 - d.p}, {d.value, d.p}};
                          },
                          [](const Sparse& d) {
                              return d.p > 0 ? std::vector<Atom>{{0.0, d.p}} : std::vector<Atom>{};
                          },
                          [](const ScaledBeta& d) {
                              return d.dim <= 1 ? std::vector<Atom>{{-d.gain, 0.5}, {d.gain, 0.5}}
                                                : std::vector<Atom>{};
                          },
                          [](const auto&) { return std::vector<Atom>{}; },
                      },
                      parameters_);
}

double Distribution::atom_mass_at_or_below(double x) const {
    double mass = 0;
    for (const Atom& a : atoms())
        if (a.x <= x) mass += a.probability;
    return mass;
}

double Distribution::pdf(double x) const {
    return std::visit(
        Overloaded{
            [&](const Uniform&) { return x >= lo_ && x <= hi_ ? 1.0 / (hi_ - lo_) : 0.0; },
            [&](const Normal& d) { return SF::normal_pdf((x - d.mu) / d.sigma) / d.sigma; },
            [&](const Sparse& d) { return (1 - d.p) * SF::normal_pdf(x / d.sigma) / d.sigma; },
            [&](const Truncated& d) {
                if (x < lo_ || x > hi_) return 0.0;
                const double z = (x - d.mu) / d.sigma;
                if (d.which == 1) return SF::normal_pdf(z) / (d.norm * d.sigma);
                const double zs = d.which == 2 ? z : -z;  // case 3 is reflected
                return SF::normal_pdf_ratio(zs, d.alpha) / (d.norm * d.sigma);
            },
            [&](const ScaledBeta& d) {
                const double t = x / d.gain;
                if (d.dim <= 1 || t < -1 || t > 1) return 0.0;
                if (d.dim == 2) return 1.0 / (std::numbers::pi * std::sqrt(1 - t * t) * d.gain);
                const double a = (d.dim - 1) / 2;
                const double shape = a == 1 ? 0.0 : (a - 1) * std::log1p(-t * t);  // d = 3: flat
                return std::exp(shape + d.log_k + kLn2) / d.gain;
            },
            [](const auto&) { return 0.0; },
        },
        parameters_);
}

double Distribution::cdf(double x) const {
    if (std::isnan(x)) return std::numeric_limits<double>::quiet_NaN();
    return std::visit(
        Overloaded{
            [&](const Uniform&) {
                return x <= lo_ ? 0.0 : x >= hi_ ? 1.0 : (x - lo_) / (hi_ - lo_);
            },
            [&](const Normal& d) { return 0.5 * std::erfc(-(x - d.mu) / (d.sigma * kSqrt2)); },
            [&](const Sparse& d) {
                return atom_mass_at_or_below(x) +
                       (1 - d.p) * 0.5 * std::erfc(-x / (d.sigma * kSqrt2));
            },
            [&](const Truncated& d) {
                if (x <= lo_) return 0.0;
                if (x >= hi_) return 1.0;
                const double z = (x - d.mu) / d.sigma;
                if (d.which == 1)
                    return 0.5 * (std::erf(z / kSqrt2) - std::erf(d.alpha / kSqrt2)) / d.norm;
                const double beta_term =
                    SF::normal_pdf_ratio(d.beta, d.alpha) * SF::mills_ratio(d.beta);
                if (d.which == 2)
                    return (SF::mills_ratio(d.alpha) -
                            SF::normal_pdf_ratio(z, d.alpha) * SF::mills_ratio(z)) /
                           d.norm;
                // Reflected: P(X ≤ x) = P(−Z ≥ −z), the upper tail of the reflected variable.
                return (SF::normal_pdf_ratio(-z, d.alpha) * SF::mills_ratio(-z) - beta_term) /
                       d.norm;
            },
            [&](const ScaledBeta& d) {
                const double t = x / d.gain;
                if (d.dim <= 1) return atom_mass_at_or_below(x);
                if (t <= -1) return 0.0;
                if (t >= 1) return 1.0;
                if (d.dim == 2) return 0.5 + std::asin(t) / std::numbers::pi;
                if (t == 0) return 0.5;
                const double a = (d.dim - 1) / 2;
                // I_x(a, a) with x = (1+t)/2: prefactor x^a(1−x)^a/(a·B(a,a)) =
                // exp(a·ln(1−t²) + K − ln a).
                const double lower = std::exp(a * std::log1p(-t * t) + d.log_k - std::log(a)) *
                                     SF::incomplete_beta_fraction(a, (1 - std::fabs(t)) / 2);
                return t < 0 ? lower : 1 - lower;
            },
            [&](const auto&) { return atom_mass_at_or_below(x); },
        },
        parameters_);
}

std::vector<double> Distribution::bound_marks() const {
    const auto support = [this] {
        std::vector<double> marks;
        if (std::isfinite(lo_)) marks.push_back(lo_);
        if (std::isfinite(hi_) && hi_ != lo_) marks.push_back(hi_);
        return marks;
    };
    return std::visit(Overloaded{
                          [](const Normal& d) {
                              return std::vector<double>{d.mu - d.sigma, d.mu + d.sigma};
                          },
                          [](const Sparse& d) {
                              return std::vector<double>{-d.sigma, d.sigma};
                          },
                          [this](const ScaledBeta& d) {
                              if (d.dim > 9) return std::vector<double>{-stddev(), stddev()};
                              return std::vector<double>{lo_, hi_};
                          },
                          [](const Point& d) { return std::vector<double>{d.value}; },
                          [&support](const auto&) { return support(); },
                      },
                      parameters_);
}

std::string Distribution::bound_symbol(const std::string& uniform_symbol) const {
    return std::visit(
        Overloaded{
            [](const Normal&) -> std::string { return "σ"; },
            [](const Sparse&) -> std::string { return "σ"; },
            [](const ScaledBeta& d) -> std::string { return d.dim > 9 ? "σ" : "gain"; },
            [](const Truncated&) -> std::string { return "2σ"; },
            [&](const Uniform&) { return uniform_symbol; },
            [](const auto&) { return std::string(); },
        },
        parameters_);
}

}  // namespace initscope
