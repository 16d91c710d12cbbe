#pragma once

#include "core/model/activation.h"
#include "core/model/network.h"
#include "core/propagation/phase_diagram.h"

#include <optional>
#include <string>
#include <vector>

namespace initscope {

/// The mean-field prediction for one layer (signal-propagation.md §2; Poole et al. 2016,
/// Schoenholz et al. 2017). σw² = fan_in·Var(W), σb² = Var(b) (0 without a bias), both from the
/// Theory of the layer's actual schemes; fan_in is the weight's (linear: in; conv:
/// in/groups·∏kernel). NaN everywhere (and a note) for a layer that cannot be predicted.
struct MeanFieldLayer {
    double sigma_w2 = 0;
    double sigma_b2 = 0;
    double q = 0;        ///< q_l: predicted E[a_l²]
    double pre_std = 0;  ///< √q_l
    /// χ1,l = σw,l² ∫Dz φ'(√q_{l−1} z)², φ the previous layer's activation (the input's identity
    /// for the first layer: χ1,1 = σw,1²).
    double chi1 = 0;
    /// ξc = −1/log χ1,l when χ1,l < 1 (ordered phase), nullopt otherwise.
    std::optional<double> depth_scale;
    /// Predicted std of ∂L/∂a_l for the probe's g ~ N(0, 1): backward from the output,
    /// Var(∂L/∂h_{l−1}) = fan_out_l·Var(W_l)·Var(∂L/∂a_l), Var(∂L/∂a_l) =
    /// E[φ_l'(a_l)²]·Var(∂L/∂h_l), with fan_out_l the number of outputs each input element feeds:
    /// out for a linear, out/groups·∏(kernel/stride) for a conv (its interior average).
    double grad_pre_std = 0;
    /// Why the prediction is approximate or does not apply here ("weights have a nonzero mean",
    /// "sparse weights are not iid"), several joined by "; ", empty when it applies as is.
    std::string note;
};

/// Gaussian integrals of an activation and the maps built on them. Every integral is over the
/// standard normal measure Dz: in closed form for linear, relu and leaky_relu, otherwise by the
/// composite Gauss–Legendre rule of GaussianQuadrature (split at the kink, graded toward it; why
/// not Gauss–Hermite is said there); relative error below 1e-14 for 1e-6 ≤ q ≤ 1e4 (measured:
/// ≤ 1.5e-15 against mpmath at 30 digits, for every activation). Arguments out of range (q < 0,
/// |c| > 1, σ² < 0, NaN) give NaN or nullopt.
class MeanField {
public:
    /// ∫Dz φ(√q z)²
    static double second_moment(const ActivationFunction& phi, double q);
    /// ∫Dz φ'(√q z)²; at q = 0 its limit q → 0⁺, ½(φ'(0⁻)² + φ'(0⁺)²) (relu: ½, not relu'(0)²).
    static double slope_moment(const ActivationFunction& phi, double q);
    /// ∫Dz1 Dz2 φ(u1) φ(u2), u1 = √q z1, u2 = √q (c z1 + √(1−c²) z2): two inputs of length q
    /// and correlation c ∈ [−1, 1]. Equals second_moment at c = 1.
    static double cross_moment(const ActivationFunction& phi, double q, double c);
    /// The length map: σw²·second_moment(φ, q_prev) + σb².
    static double length_map(const ActivationFunction& phi, double sigma_w2, double sigma_b2,
                             double q_prev);
    /// The q* the iteration q ← length_map(q) from q = 1 converges to (found by bracketing it
    /// and Brent's method to ~1e-15, not by iterating, which is slow near the critical line);
    /// nullopt when the iteration diverges (no fixed point up to 2^50). 0 when the map shrinks q
    /// to 0 (σb² = 0, φ(0) = 0 and χ1 at q = 0 at most 1, e.g. tanh with σw² ≤ 1); for a map
    /// with every q fixed (relu with σw² = 2, σb² = 0) the starting q = 1.
    static std::optional<double> fixed_point(const ActivationFunction& phi, double sigma_w2,
                                             double sigma_b2);
    /// χ1 = σw²·slope_moment(φ, q).
    static double chi1(const ActivationFunction& phi, double sigma_w2, double q);
    /// The correlation map: the correlation at the next layer of two inputs with correlation c
    /// at length q, c' = (σw²·cross_moment(φ, q, c) + σb²) / length_map(φ, σw², σb², q) — at the
    /// fixed point the denominator is q*. NaN when the new length is 0.
    static double correlation_map(const ActivationFunction& phi, double sigma_w2, double sigma_b2,
                                  double q, double c);
    /// σw² on the order/chaos line for this σb²: where χ1 at the fixed point reached from q = 1
    /// passes through 1, found at the first σw² in (0, 100] where the ordered region ends
    /// (Brent's method, ~1e-15 relative). Linear, relu, leaky_relu: 1, 2, 2/(1+slope²) at
    /// σb² = 0 and nullopt for σb² > 0 (q* runs off to infinity as χ1 → 1). nullopt when the
    /// ordered region does not end below 100, or ends otherwise: q* stops existing or χ1 jumps
    /// across 1 (gelu at σb² below about 0.17, where the map diverges beyond σw² ≈ 2.3).
    static std::optional<double> critical_sigma_w2(const ActivationFunction& phi, double sigma_b2);

    /// The prediction for every layer of a network, in order, with q0 = E[x²] of the probe's
    /// input (1 for both inputs ProbeSettings offers). Meant for a valid network
    /// (NetworkValidation::problems() empty); a layer whose sizes or schemes do not fit gets NaN
    /// and a note, and so do the layers after it.
    static std::vector<MeanFieldLayer> predict(const Network& network, double q0 = 1.0);
};

}  // namespace initscope
