#pragma once

namespace initscope {

/// The special functions the theory of the schemes needs, written to stay accurate in the tails:
/// the normal density and cdf, the Mills ratio (for truncated normals far from their mean), and
/// the symmetric beta function's normaliser and regularized incomplete beta (for one coordinate of
/// a random unit vector: orthogonal_). Pure functions of doubles.
class SpecialFunctions {
public:
    /// φ(z) = e^(−z²/2)/√(2π); 0 at ±∞.
    static double normal_pdf(double z);
    /// Φ(z) = (1 + erf(z/√2))/2, as PyTorch's trunc_normal_ (norm_cdf) evaluates it: the same bits.
    static double normal_cdf(double z);
    /// Mills ratio R(x) = Q(x)/φ(x) for x ≥ 0, Q the upper normal tail; an asymptotic series beyond
    /// 37 where erfc underflows (relative error < 1e-13 there); 0 at ∞.
    static double mills_ratio(double x);
    /// φ(z)/φ(α) = exp(−(z² − α²)/2), written so that it does not overflow for large α; 0 at z = ∞.
    static double normal_pdf_ratio(double z, double alpha);
    /// K(a) = −2a·ln2 − ln B(a, a), without the cancellation of lgamma for large a (a > 0).
    static double log_beta_normaliser(double a);
    /// The continued fraction of I_x(a, a) (Numerical Recipes 6.4 betacf, modified Lentz), x ≤ ½:
    /// I_x(a, a) = x^a(1−x)^a/(a·B(a, a)) · cf.
    static double incomplete_beta_fraction(double a, double x);
};

}  // namespace initscope
