// The mean-field theory of signal propagation (signal-propagation.md §2): Gaussian integrals of
// the activations, the length, slope and correlation maps, their fixed point and the order/chaos
// line, and the per-layer prediction of a network from the Theory of its schemes.
#include "core/propagation/mean_field.h"

#include "core/model/network_shapes.h"
#include "core/propagation/gaussian_quadrature.h"
#include "core/schemes/scheme_registry.h"
#include "core/schemes/theory.h"
#include "core/stats/brent_root.h"
#include "core/stats/number_format.h"

#include <cmath>
#include <limits>
#include <numbers>

namespace initscope {

namespace {

using Quadrature = GaussianQuadrature;

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
/// fixed_point gives up above this q: the iteration diverges (or q* is beyond any use).
constexpr double kMaxFixedPoint = 1125899906842624.0;  // 2^50
/// critical_sigma_w2 looks for the line in (0, kMaxCriticalSigmaW2].
constexpr double kMaxCriticalSigmaW2 = 100.0;

bool valid_square(double v) {
    return v >= 0 && std::isfinite(v);
}

/// The slope on the negative side of a piecewise-linear activation, φ(u) = u for u > 0 and
/// slope·u below: linear 1, relu 0, leaky_relu its negative_slope; nullopt for the others.
std::optional<double> piecewise_linear_slope(const ActivationFunction& phi) {
    switch (phi.kind) {
        case Activation::Linear:
            return 1.0;
        case Activation::Relu:
            return 0.0;
        case Activation::LeakyRelu:
            return phi.negative_slope;
        default:
            return std::nullopt;
    }
}

/// (1 + slope²)/2 = E[φ(√q z)²]/q = E[φ'(√q z)²] of a piecewise-linear activation.
double piecewise_linear_moment(double slope) {
    return 0.5 * (1.0 + slope * slope);
}

/// E[relu(u1) relu(u2)]/q for unit-correlation c: the degree-1 arc-cosine kernel (Cho & Saul
/// 2009), (√(1−c²) + (π − arccos c)·c)/(2π).
double arc_cosine_kernel(double c) {
    return (std::sqrt((1.0 - c) * (1.0 + c)) + (std::numbers::pi - std::acos(c)) * c) /
           (2.0 * std::numbers::pi);
}

/// Each input element of the layer feeds this many outputs: out for a linear; for a conv,
/// out/groups channels times kernel/stride positions per spatial dimension (the interior
/// average, exact when the stride divides the kernel).
double backward_fan(const Layer& layer) {
    double fan = static_cast<double>(layer.out);
    if (!layer.is_conv()) return fan;
    fan /= static_cast<double>(layer.groups);
    for (const int64_t k : layer.kernel_size)
        fan *= static_cast<double>(k) / static_cast<double>(layer.stride);
    return fan;
}

/// Why the mean-field prediction of this layer is approximate, "; "-joined; empty when it
/// applies as is.
std::string approximation_note(const Layer& layer, const Theory& weight,
                               const std::optional<Theory>& bias) {
    std::vector<std::string> reasons;
    const std::string scheme = SchemeRegistry::key(layer.weight_init.scheme());
    switch (weight.kind()) {
        case DistributionKind::TwoPoint:
            reasons.push_back(scheme +
                              " weights are not iid (a fixed pattern of ones): the prediction "
                              "is approximate");
            break;
        case DistributionKind::SparseNormal:
            reasons.push_back(
                "sparse weights are not iid (a fixed number of zeros per column): q holds on "
                "average over units");
            break;
        case DistributionKind::ScaledBeta:
            reasons.push_back(
                "orthogonal weights are not iid, but every row and column is a random unit "
                "vector (times gain), so the length map, χ1 and the gradient prediction still "
                "hold");
            break;
        default:
            break;
    }
    if (weight.mean() != 0 && weight.kind() != DistributionKind::TwoPoint)
        reasons.push_back("weights have a nonzero mean (" +
                          NumberFormat::short_number(weight.mean()) +
                          "): the theory assumes zero-mean weights and counts only their variance");
    if (bias && bias->mean() != 0)
        reasons.push_back("the bias has a nonzero mean (" +
                          NumberFormat::short_number(bias->mean()) +
                          "): q counts only its variance");
    if (layer.is_conv() && layer.padding > 0)
        reasons.push_back(
            "padding: border positions sum over fewer inputs than fan_in, so their std is below "
            "the prediction");
    if (layer.is_conv() && layer.stride > 1)
        reasons.push_back("stride " + std::to_string(layer.stride) +
                          ": the gradient's fan (out/groups·∏kernel/stride) is an average over "
                          "positions");
    std::string note;
    for (const std::string& reason : reasons) note += (note.empty() ? "" : "; ") + reason;
    return note;
}

/// NaN in every number, with `note`.
MeanFieldLayer unpredictable(std::string note) {
    MeanFieldLayer layer;
    layer.sigma_w2 = layer.sigma_b2 = layer.q = layer.pre_std = layer.chi1 = kNaN;
    layer.grad_pre_std = kNaN;
    layer.note = std::move(note);
    return layer;
}

/// Why this layer cannot be predicted, or nullopt.
std::optional<std::string> unpredictable_reason(const Layer& layer) {
    if (!NetworkShapes::layer_sizes_valid(layer)) return "its sizes are not valid";
    if (auto problem = SchemeRegistry::check(layer.weight_init, layer.context(TensorRole::Weight)))
        return "weight_init: " + *problem;
    if (layer.bias) {
        if (auto problem = SchemeRegistry::check(layer.bias_init, layer.context(TensorRole::Bias)))
            return "bias_init: " + *problem;
    }
    return std::nullopt;
}

}  // namespace

double MeanField::second_moment(const ActivationFunction& phi, double q) {
    if (!valid_square(q)) return kNaN;
    if (const auto slope = piecewise_linear_slope(phi)) return piecewise_linear_moment(*slope) * q;
    const auto square = [&phi](double u) {
        const double v = phi.value(u);
        return v * v;
    };
    return Quadrature::expectation(square, 0.0, std::sqrt(q));
}

double MeanField::slope_moment(const ActivationFunction& phi, double q) {
    if (!valid_square(q)) return kNaN;
    if (const auto slope = piecewise_linear_slope(phi)) return piecewise_linear_moment(*slope);
    if (q == 0) {
        const double tiny = std::numeric_limits<double>::min();
        const double left = phi.derivative(-tiny), right = phi.derivative(tiny);
        return 0.5 * (left * left + right * right);
    }
    const auto square = [&phi](double u) {
        const double v = phi.derivative(u);
        return v * v;
    };
    return Quadrature::expectation(square, 0.0, std::sqrt(q));
}

double MeanField::cross_moment(const ActivationFunction& phi, double q, double c) {
    if (!valid_square(q) || !(c >= -1.0 && c <= 1.0)) return kNaN;
    if (const auto slope = piecewise_linear_slope(phi)) {
        // φ = slope·u + (1 − slope)·relu(u), and E[u1·relu(u2)] = q·c/2.
        const double a = *slope;
        return q * (a * c + (1.0 - a) * (1.0 - a) * arc_cosine_kernel(c));
    }
    const double s = std::sqrt(q);
    const double r = std::sqrt((1.0 - c) * (1.0 + c));  // √(1−c²), accurate near |c| = 1
    if (s == 0) return phi.value(0.0) * phi.value(0.0);
    // Outer z1, inner z2: E_z2[φ(s·c·z1 + s·r·z2)] is φ smoothed at width s·r, whose kink at
    // z1 = 0 is r/|c| wide in z1: the outer rule resolves both that and φ's own strip.
    double distance = Quadrature::kActivationStrip / s;
    if (c != 0) distance = std::min(distance, r / std::abs(c));
    double sum = 0;
    for (const Quadrature::Node& node : Quadrature::rule(0.0, distance)) {
        const double u1 = s * node.z;
        const double inner = r == 0 ? phi.value(c * u1)
                                    : Quadrature::expectation(
                                          [&phi](double u) { return phi.value(u); }, c * u1, s * r);
        sum += node.weight * phi.value(u1) * inner;
    }
    return sum;
}

double MeanField::length_map(const ActivationFunction& phi, double sigma_w2, double sigma_b2,
                             double q_prev) {
    return sigma_w2 * second_moment(phi, q_prev) + sigma_b2;
}

double MeanField::chi1(const ActivationFunction& phi, double sigma_w2, double q) {
    return sigma_w2 * slope_moment(phi, q);
}

double MeanField::correlation_map(const ActivationFunction& phi, double sigma_w2, double sigma_b2,
                                  double q, double c) {
    const double length = length_map(phi, sigma_w2, sigma_b2, q);
    if (!(length > 0)) return kNaN;
    return (sigma_w2 * cross_moment(phi, q, c) + sigma_b2) / length;
}

std::optional<double> MeanField::fixed_point(const ActivationFunction& phi, double sigma_w2,
                                             double sigma_b2) {
    if (!valid_square(sigma_w2) || !valid_square(sigma_b2)) return std::nullopt;
    if (const auto slope = piecewise_linear_slope(phi)) {
        // q ← a·q + σb², a = σw²·(1 + slope²)/2.
        const double a = sigma_w2 * piecewise_linear_moment(*slope);
        if (a < 1) return sigma_b2 / (1.0 - a);
        if (a == 1 && sigma_b2 == 0) return 1.0;
        return std::nullopt;
    }
    // The length map is increasing in q, so the iteration from 1 moves monotonically toward the
    // nearest fixed point on the side where F = length_map − q points; bracket it, then Brent.
    const auto F = [&](double q) { return length_map(phi, sigma_w2, sigma_b2, q) - q; };
    const double f1 = F(1.0);
    if (f1 == 0) return 1.0;
    if (f1 > 0) {
        double lo = 1.0, f_lo = f1, hi = 2.0, f_hi = F(hi);
        while (f_hi > 0) {
            if (hi >= kMaxFixedPoint || !std::isfinite(f_hi)) return std::nullopt;
            lo = hi;
            f_lo = f_hi;
            hi *= 2.0;
            f_hi = F(hi);
        }
        if (std::isnan(f_hi)) return std::nullopt;
        return brent_root(F, lo, hi, f_lo, f_hi);
    }
    // Moving down. F(0) = σw²·φ(0)² + σb² ≥ 0; when it is 0, q = 0 is a fixed point, and the
    // iteration stops above it only if the map grows faster than q near 0 (χ1 at 0 above 1).
    double lo = 0.0, f_lo = F(0.0), hi = 1.0, f_hi = f1;
    if (f_lo <= 0) {
        if (chi1(phi, sigma_w2, 0.0) <= 1.0) return 0.0;
        lo = 0.5;
        while ((f_lo = F(lo)) <= 0) {
            hi = lo;
            f_hi = f_lo;
            lo *= 0.5;
            if (lo < 1e-300) return 0.0;
        }
    }
    return brent_root(F, lo, hi, f_lo, f_hi);
}

std::optional<double> MeanField::critical_sigma_w2(const ActivationFunction& phi, double sigma_b2) {
    if (!valid_square(sigma_b2)) return std::nullopt;
    if (const auto slope = piecewise_linear_slope(phi)) {
        if (sigma_b2 > 0) return std::nullopt;
        return 1.0 / piecewise_linear_moment(*slope);
    }
    // χ1(q*(σw²)) − 1, +inf where there is no q*: the ordered side is where it is negative.
    const auto excess = [&](double sigma_w2) {
        const std::optional<double> q = fixed_point(phi, sigma_w2, sigma_b2);
        return q ? chi1(phi, sigma_w2, *q) - 1.0 : std::numeric_limits<double>::infinity();
    };
    // Scan σw² = 100·(k/n)² (fine near 0, where tanh's line is), then close in on the first
    // step where χ1 reaches 1: bisection while its upper end has no q*, Brent once it has one.
    constexpr int kSteps = 50;
    double lo = 0.0, f_lo = -1.0, hi = 0.0, f_hi = 0.0;
    for (int k = 1; k <= kSteps; ++k) {
        const double t = static_cast<double>(k) / kSteps;
        hi = kMaxCriticalSigmaW2 * t * t;
        f_hi = excess(hi);
        if (f_hi >= 0) break;
        lo = hi;
        f_lo = f_hi;
    }
    if (f_hi < 0) return std::nullopt;
    while (std::isinf(f_hi)) {
        const double middle = 0.5 * (lo + hi);
        // The ordered side ended where q* stopped existing, not at χ1 = 1.
        if (middle <= lo || middle >= hi) return std::nullopt;
        const double f = excess(middle);
        if (f < 0) {
            lo = middle;
            f_lo = f;
        } else {
            hi = middle;
            f_hi = f;
        }
    }
    // Inside the bracket a σw² without q* counts as chaotic (any positive value keeps Brent's
    // bracket right).
    const auto finite_excess = [&](double sigma_w2) {
        const double f = excess(sigma_w2);
        return std::isinf(f) ? 1.0 : f;
    };
    // A jump of χ1 across 1 (q* changing branch, or the unstable q* = 1 met exactly at the
    // edge of divergence) is where the ordered region ends, not the edge of chaos.
    const double root = brent_root(finite_excess, lo, hi, f_lo, f_hi);
    if (!(std::abs(excess(root)) <= 1e-6)) return std::nullopt;
    return root;
}

std::vector<MeanFieldLayer> MeanField::predict(const Network& network, double q0) {
    std::vector<MeanFieldLayer> out;
    out.reserve(network.layers.size());
    std::vector<double> weight_variance;  // Var(W_l), for the backward pass
    if (!valid_square(q0)) {
        for (size_t i = 0; i < network.layers.size(); ++i)
            out.push_back(
                unpredictable("q0 must be finite and ≥ 0, got " + NumberFormat::plain(q0)));
        return out;
    }
    // Forward: the length map, layer l seeing φ_{l−1}(a_{l−1}) (the input itself for l = 1).
    double q_prev = q0;
    const Layer* previous = nullptr;
    for (const Layer& layer : network.layers) {
        const std::optional<std::string> reason = out.empty() || !std::isnan(out.back().q)
                                                      ? unpredictable_reason(layer)
                                                      : "follows a layer that cannot be predicted";
        if (reason) {
            out.push_back(unpredictable(layer.name + " cannot be predicted: " + *reason));
            weight_variance.push_back(kNaN);
            previous = &layer;
            continue;
        }
        const TensorContext context = layer.context(TensorRole::Weight);
        const Theory weight = Theory::of(layer.weight_init, context);
        std::optional<Theory> bias;
        if (layer.bias) bias = Theory::of(layer.bias_init, layer.context(TensorRole::Bias));

        MeanFieldLayer m;
        m.sigma_w2 = static_cast<double>(context.weight_fans.fan_in) * weight.variance();
        m.sigma_b2 = bias ? bias->variance() : 0.0;
        if (previous == nullptr) {
            m.q = m.sigma_w2 * q_prev + m.sigma_b2;
            m.chi1 = m.sigma_w2;
        } else {
            const ActivationFunction phi = previous->activation_function();
            m.q = length_map(phi, m.sigma_w2, m.sigma_b2, q_prev);
            m.chi1 = chi1(phi, m.sigma_w2, q_prev);
        }
        m.pre_std = std::sqrt(m.q);
        if (m.chi1 < 1) m.depth_scale = -1.0 / std::log(m.chi1);
        m.note = approximation_note(layer, weight, bias);
        out.push_back(std::move(m));
        weight_variance.push_back(weight.variance());
        q_prev = out.back().q;
        previous = &layer;
    }
    // Backward from g ~ N(0, 1) at the output: Var(∂L/∂h_L) = 1.
    double grad_post_variance = 1.0;
    for (size_t i = out.size(); i-- > 0;) {
        const Layer& layer = network.layers[i];
        const double grad_pre_variance =
            slope_moment(layer.activation_function(), out[i].q) * grad_post_variance;
        out[i].grad_pre_std = std::sqrt(grad_pre_variance);
        grad_post_variance = backward_fan(layer) * weight_variance[i] * grad_pre_variance;
    }
    return out;
}

}  // namespace initscope
