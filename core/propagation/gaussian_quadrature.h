#pragma once

#include <vector>

namespace initscope {

/// Expectations over the standard normal measure Dz, E[f(m + s·z)] with z ~ N(0, 1), for the
/// mean-field integrals (signal-propagation.md §2).
///
/// The rule is composite Gauss–Legendre (kNodesPerPanel nodes per panel) on z ∈ [−kHalfRange,
/// kHalfRange], split at a breakpoint and graded geometrically toward it: the first panel on each
/// side is min(1, d/2) wide, each next one max(d/2, its distance from the breakpoint) capped at 1,
/// so a singularity at distance d from the real axis above the breakpoint is resolved at the cost
/// of log₂(1/d) extra panels. For an Activation φ(m + s·z) the breakpoint is where the argument
/// crosses 0 (every kink is at 0) and d = (π/2)/s (tanh's poles are at ±iπ/2, sigmoid's and
/// silu's at ±iπ; gelu, selu and the piecewise-linear ones are entire on each side).
///
/// Why not Gauss–Hermite: the poles of tanh(√q·z) at z = ±iπ/(2√q) are close to the real axis
/// once q is not small, and a 64-node Gauss–Hermite rule of ∫Dz tanh(√q z)² is off by 6.7e-9
/// (relative) at q = 1, 1.4e-4 at q = 4 and 6e-2 at q = 100; this rule stays within 1.5e-15 of
/// mpmath for every Activation from q = 1e-6 to 1e4, at 216 to 300 nodes
/// (tests/core/tst_mean_field.cpp checks it against an independent adaptive Simpson).
class GaussianQuadrature {
public:
    static constexpr int kNodesPerPanel = 12;
    /// The rule ignores |z| > kHalfRange: the normal mass there is 2e-19.
    static constexpr double kHalfRange = 9.0;
    /// Half the width of the strip around the real axis in which every Activation is analytic on
    /// each side of its kink: tanh's poles at ±iπ/2 are the nearest.
    static constexpr double kActivationStrip = 1.5707963267948966;

    /// One node: E[g(z)] ≈ Σ weight·g(z). The weights include the normal density and add up to 1
    /// within 1e-15.
    struct Node {
        double z = 0;
        double weight = 0;
    };

    /// The nodes for E[g(z)] when g is analytic on each side of `breakpoint` within a distance
    /// `singular_distance` (> 0, may be +inf) of the real axis. A breakpoint outside the range is
    /// moved to its end.
    static std::vector<Node> rule(double breakpoint, double singular_distance);

    /// E[f(mean + sd·z)] for f analytic on each side of 0 within kActivationStrip of the real
    /// axis (an Activation's φ, φ' and their products); f(mean) when sd = 0.
    template <class F>
    static double expectation(const F& f, double mean, double sd) {
        if (sd == 0) return f(mean);
        double sum = 0;
        for (const Node& node : rule(-mean / sd, kActivationStrip / sd))
            sum += node.weight * f(mean + sd * node.z);
        return sum;
    }

    /// The kNodesPerPanel-point Gauss–Legendre rule on [−1, 1] (Golub–Welsch, then Newton on
    /// P_n), computed once.
    static const std::vector<Node>& legendre();
};

}  // namespace initscope
