#pragma once

#include "core/model/activation.h"
#include "core/model/network.h"

#include <optional>
#include <string>
#include <vector>

namespace initscope {

/// The mean-field prediction for one layer (signal-propagation.md §2; Poole et al. 2016,
/// Schoenholz et al. 2017). σw² = fan_in·Var(W), σb² = Var(b) (0 without a bias), both from the
/// Theory of the layer's actual schemes.
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
    /// Var(∂L/∂h_{l−1}) = fan_out_l·Var(W_l)·Var(∂L/∂a_l), Var(∂L/∂a_l) = E[φ_l'(a_l)²]·Var(∂L/∂h_l).
    double grad_pre_std = 0;
    /// Why the prediction is approximate or does not apply here ("weights have a nonzero mean",
    /// "sparse weights are not iid"), empty when it applies as is.
    std::string note;
};

/// Gaussian integrals of an activation and the maps built on them. Every integral is over the
/// standard normal measure Dz, by Gauss–Hermite quadrature (≥ 64 nodes, split at the kink for
/// the piecewise activations) or in closed form (linear, relu, leaky_relu); relative error < 1e-9.
class MeanField {
public:
    /// ∫Dz φ(√q z)²
    static double second_moment(const ActivationFunction& phi, double q);
    /// ∫Dz φ'(√q z)²
    static double slope_moment(const ActivationFunction& phi, double q);
    /// The length map: σw²·second_moment(φ, q_prev) + σb².
    static double length_map(const ActivationFunction& phi, double sigma_w2, double sigma_b2,
                             double q_prev);
    /// q* with q* = length_map(q*), by iteration from q = 1; nullopt when it diverges.
    static std::optional<double> fixed_point(const ActivationFunction& phi, double sigma_w2,
                                             double sigma_b2);
    /// χ1 = σw²·slope_moment(φ, q).
    static double chi1(const ActivationFunction& phi, double sigma_w2, double q);
    /// The correlation map: the new correlation of two inputs with correlation c at length q
    /// (both lengths q), c' = (σw² ∫Dz1 Dz2 φ(u1) φ(u2) + σb²) / q*.
    static double correlation_map(const ActivationFunction& phi, double sigma_w2, double sigma_b2,
                                  double q, double c);
    /// σw² on the order/chaos line (χ1 at the fixed point = 1) for this σb², by bisection;
    /// nullopt when there is none in (0, 100].
    static std::optional<double> critical_sigma_w2(const ActivationFunction& phi, double sigma_b2);

    /// The prediction for every layer of a network, in order, with q0 = E[x²] of the probe's
    /// input (1 for both inputs ProbeSettings offers).
    static std::vector<MeanFieldLayer> predict(const Network& network, double q0 = 1.0);
};

/// The (σw², σb²) plane of one activation: χ1 at the fixed point on a grid, and the critical
/// line, for the phase diagram (ordered where χ1 < 1, chaotic where χ1 > 1).
struct PhaseDiagram {
    double sigma_w2_max = 4, sigma_b2_max = 0.5;  ///< the grid spans [0, max] on both axes
    int columns = 0, rows = 0;                    ///< grid cells along σw² and σb²
    std::vector<double> chi1;  ///< rows × columns, row-major, row 0 at σb² = 0; NaN: no q*
    /// Points (σw², σb²) of the critical line, σb² increasing.
    std::vector<std::pair<double, double>> critical_line;

    static PhaseDiagram compute(const ActivationFunction& phi, int columns = 80, int rows = 50,
                                double sigma_w2_max = 4, double sigma_b2_max = 0.5);
};

}  // namespace initscope
