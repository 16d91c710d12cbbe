#pragma once
// An independent numerical integration for the mean-field tests (header-only): adaptive Simpson
// on fixed pieces of [−12, 12], cut at the kink, for E[g(√q z)] and the 2-D correlation integral.
// It shares nothing with GaussianQuadrature.

#include "core/model/activation.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <numbers>
#include <vector>

namespace initscope::test {

/// ∫_a^b f by recursive halving until the halves change Simpson's value by ≤ 15·tolerance, each
/// accepted piece Richardson-corrected (left + right + delta/15).
template <class F>
double simpson_step(const F& f, double a, double b, double fa, double fm, double fb, double whole,
                    double tolerance, int depth) {
    const double m = 0.5 * (a + b), lm = 0.5 * (a + m), rm = 0.5 * (m + b);
    const double flm = f(lm), frm = f(rm);
    const double left = (m - a) / 6 * (fa + 4 * flm + fm),
                 right = (b - m) / 6 * (fm + 4 * frm + fb);
    const double delta = left + right - whole;
    if (depth <= 0 || std::abs(delta) <= 15 * tolerance) return left + right + delta / 15;
    return simpson_step(f, a, m, fa, flm, fm, left, tolerance / 2, depth - 1) +
           simpson_step(f, m, b, fm, frm, fb, right, tolerance / 2, depth - 1);
}

/// ∫ f over [−12, 12] cut at every integer and at `kink`, each piece by adaptive Simpson, to
/// `relative` times a first coarse estimate of the integral's magnitude.
template <class F>
double simpson(const F& f, double kink, double relative) {
    std::vector<double> cuts;
    for (int k = -12; k <= 12; ++k) cuts.push_back(k);
    if (std::abs(kink) < 12) cuts.push_back(kink);
    std::sort(cuts.begin(), cuts.end());
    std::vector<std::array<double, 3>> ends;  // f(a), f(m), f(b) of each piece
    double magnitude = 0;
    for (size_t i = 0; i + 1 < cuts.size(); ++i) {
        const double a = cuts[i], b = cuts[i + 1];
        ends.push_back({f(a), f(0.5 * (a + b)), f(b)});
        magnitude += (b - a) * (std::abs(ends.back()[0]) + std::abs(ends.back()[1]));
    }
    const double tolerance = relative * magnitude / double(ends.size()) + 1e-300;
    double sum = 0;
    for (size_t i = 0; i + 1 < cuts.size(); ++i) {
        const double a = cuts[i], b = cuts[i + 1];
        const auto [fa, fm, fb] = ends[i];
        sum += simpson_step(f, a, b, fa, fm, fb, (b - a) / 6 * (fa + 4 * fm + fb), tolerance, 40);
    }
    return sum;
}

double normal_pdf(double z) {
    return std::exp(-0.5 * z * z) / std::sqrt(2 * std::numbers::pi);
}

/// E[g(√q z)] for z ~ N(0, 1), g kinked at most at 0.
template <class G>
double expectation(const G& g, double q, double relative = 1e-14) {
    return simpson([&](double z) { return g(std::sqrt(q) * z) * normal_pdf(z); }, 0.0, relative);
}

/// ∫Dz1 Dz2 φ(u1) φ(u2), u1 = √q z1, u2 = √q (c z1 + √(1−c²) z2), by nested Simpson.
double cross_reference(const ActivationFunction& phi, double q, double c) {
    const double s = std::sqrt(q), r = std::sqrt(1 - c * c);
    const auto inner = [&](double z1) {
        const auto g = [&](double z2) { return phi.value(s * (c * z1 + r * z2)) * normal_pdf(z2); };
        return simpson(g, -c * z1 / r, 1e-8);
    };
    return simpson([&](double z1) { return phi.value(s * z1) * normal_pdf(z1) * inner(z1); }, 0.0,
                   1e-8);
}

double relative_error(double value, double reference) {
    return std::abs(value - reference) / std::abs(reference);
}

}  // namespace initscope::test
