#pragma once

#include "core/model/init_spec.h"
#include "core/model/tensor_context.h"

#include <string>
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

/// The theoretical distribution of ONE element of a tensor initialized with a scheme, and the
/// formula with the tensor's numbers filled in. Computed from (InitSpec, TensorContext) alone; it
/// never samples. Moments are the true ones of the distribution (truncated normal: the truncated
/// moments; sparse: the mixture's; orthogonal: those of a coordinate of a uniform unit vector).
class Theory {
public:
    static Theory of(const InitSpec& spec, const TensorContext& context);

    DistributionKind kind() const { return kind_; }
    double mean() const { return mean_; }
    double variance() const { return variance_; }
    double stddev() const;
    /// Closed support [lo, hi]; ±inf for the normal.
    double support_lo() const { return lo_; }
    double support_hi() const { return hi_; }
    /// True when the cdf is continuous (KS distance is meaningful).
    bool continuous() const;
    /// Density of the continuous part (point masses excluded), per unit x.
    double pdf(double x) const;
    /// P(X ≤ x), including point masses.
    double cdf(double x) const;
    /// Probability of the point mass at `atom()` (0 when none). When there are two point masses
    /// (eye/dirac: 0 and `value`; orthogonal of a 1 × 1 tensor: ±gain) this is the heavier one
    /// (ties: the non-zero / positive one); atoms() lists them all.
    double atom_probability() const;
    double atom() const;

    /// A point mass: P(X = x) = probability.
    struct Atom {
        double x = 0;
        double probability = 0;
    };
    /// Every point mass, in increasing x; empty for continuous distributions. The pdf integrates
    /// to 1 − (sum of their probabilities).
    std::vector<Atom> atoms() const;

    /// Symbolic formula, e.g. "σ = gain·√(2/(fan_in+fan_out))".
    const std::string& formula() const { return formula_; }
    /// The formula with this tensor's numbers, e.g. "σ = 1·√(2/(100+100)) = 0.1".
    const std::string& formula_filled() const { return formula_filled_; }
    /// Extra lines for teaching (e.g. "bound 1/√fan_in = 0.1, std 1/√(3·fan_in) = 0.0577").
    const std::vector<std::string>& notes() const { return notes_; }

    /// Marks to draw on a plot: support bounds (finite ones), or ±σ for unbounded normals (and for
    /// sparse: ±std of its normal part; orthogonal with d > 9: ±σ, as its ±gain support is then
    /// far beyond any sample).
    std::vector<double> bound_marks() const;

private:
    void set_point(double value);
    void set_uniform(double lo, double hi);
    void set_normal(double mu, double sigma);
    void set_truncated(double mu, double sigma, double a, double b);
    void set_two_point(double value, double p);
    void set_sparse(double p, double sigma);
    void set_scaled_beta(double dim, double gain);

    DistributionKind kind_ = DistributionKind::PointMass;
    double mean_ = 0, variance_ = 0;
    double lo_ = 0, hi_ = 0;
    // Distribution parameters: uniform (lo_, hi_); normal/truncated (mu_, sigma_) with [lo_, hi_];
    // point mass value_; two-point (value_, p_); sparse (p_, sigma_); scaled beta (dim_, gain_).
    double mu_ = 0, sigma_ = 0, value_ = 0, p_ = 0, dim_ = 0, gain_ = 1;
    // Cached normalisers: truncated normal (case and Z or D, see theory.cpp); scaled beta log K.
    int trunc_case_ = 0;
    double norm_ = 1, alpha_ = 0, beta_ = 0, log_k_ = 0;
    std::string formula_, formula_filled_;
    std::vector<std::string> notes_;
};

}  // namespace initscope
