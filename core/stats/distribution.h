#pragma once

#include <string>
#include <variant>
#include <vector>

namespace initscope {

/// The shape of the distribution a scheme draws each element from.
enum class DistributionKind {
    Uniform,          ///< U(lo, hi)
    Normal,           ///< N(mean, σ²)
    TruncatedNormal,  ///< N(μ, σ²) restricted to [lo, hi]
    PointMass,        ///< every element = value (constant, zeros, ones)
    TwoPoint,         ///< eye / dirac: `value` with probability p, else 0
    SparseNormal,     ///< 0 with probability p, else N(0, σ²) (sparse_)
    ScaledBeta,       ///< one coordinate of a random unit vector in R^d, times gain (orthogonal)
};

/// The distribution of one element: its true moments (truncated normal: the truncated moments,
/// tail-stable; sparse: the mixture's; scaled beta: those of a coordinate of a uniform unit
/// vector), support, density, cdf and point masses. A value type; degenerate parameters (σ = 0,
/// lo = hi, p = 1, ...) become a point mass.
class Distribution {
public:
    /// A point mass: P(X = x) = probability.
    struct Atom {
        double x = 0;
        double probability = 0;
    };

    static Distribution point(double value);
    static Distribution uniform(double lo, double hi);
    static Distribution normal(double mean, double stddev);
    /// N(mean, stddev²) restricted to [a, b] (a and b absolute; swapped when a > b).
    static Distribution truncated_normal(double mean, double stddev, double a, double b);
    /// `value` with probability p, else 0.
    static Distribution two_point(double value, double p);
    /// 0 with probability p, else N(0, stddev²).
    static Distribution sparse_normal(double p, double stddev);
    /// gain·T, T one coordinate of a uniform unit vector in R^dim: (T+1)/2 ~ Beta((d−1)/2,
    /// (d−1)/2).
    static Distribution scaled_beta(double dim, double gain);

    DistributionKind kind() const;
    double mean() const { return mean_; }
    double variance() const { return variance_; }
    double stddev() const;
    /// Closed support [lo, hi]; ±inf for the normal.
    double support_lo() const { return lo_; }
    double support_hi() const { return hi_; }
    /// Density of the continuous part (point masses excluded), per unit x.
    double pdf(double x) const;
    /// P(X ≤ x), including point masses.
    double cdf(double x) const;
    /// Every point mass, in increasing x; empty for continuous distributions. The pdf integrates
    /// to 1 − (sum of their probabilities).
    std::vector<Atom> atoms() const;
    /// Marks to draw on a plot: support bounds (finite ones), or ±σ for unbounded normals (and for
    /// sparse: ±std of its normal part; scaled beta with d > 9: ±σ, as its ±gain support is then
    /// far beyond any sample).
    std::vector<double> bound_marks() const;
    /// The symbol of symmetric bound marks for a label: "σ" (normal, sparse, scaled beta with
    /// d > 9), "2σ" (truncated normal), "gain" (scaled beta), or `uniform_symbol` for a uniform
    /// ("1/√fan_in"); empty for the other kinds.
    std::string bound_symbol(const std::string& uniform_symbol) const;

private:
    struct Uniform {};
    struct Normal {
        double mu, sigma;
    };
    /// N(μ, σ²) on [lo, hi], α = (lo−μ)/σ, β = (hi−μ)/σ. Case 1 (α < 0 < β): norm = Φ(β) − Φ(α).
    /// Case 2 (α ≥ 0): norm = Z/φ(α) with Mills ratios; case 3 (β ≤ 0): case 2 reflected, with
    /// alpha/beta the reflected (−β, −α).
    struct Truncated {
        double mu, sigma;
        int which;
        double norm, alpha, beta;
    };
    struct Point {
        double value;
    };
    struct TwoPoint {
        double value, p;
    };
    struct Sparse {
        double p, sigma;
    };
    struct ScaledBeta {
        double dim, gain, log_k;
    };
    using Parameters =
        std::variant<Uniform, Normal, Truncated, Point, TwoPoint, Sparse, ScaledBeta>;

    Distribution(Parameters parameters, double mean, double variance, double lo, double hi)
        : parameters_(parameters), mean_(mean), variance_(variance), lo_(lo), hi_(hi) {}
    double atom_mass_at_or_below(double x) const;

    Parameters parameters_;
    double mean_ = 0, variance_ = 0;
    double lo_ = 0, hi_ = 0;
};

}  // namespace initscope
