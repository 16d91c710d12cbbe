#include "core/propagation/gaussian_quadrature.h"

#include <Eigen/Eigenvalues>
#include <algorithm>
#include <cmath>
#include <numbers>

namespace initscope {

namespace {

/// The widest panel, in z: the normal density needs no finer panels than this at 12 nodes.
constexpr double kMaxPanel = 1.0;

/// Legendre P_n(x) and P_n'(x) by the three-term recurrence.
void legendre_polynomial(int n, double x, double& value, double& derivative) {
    double previous = 1.0, current = x;
    for (int k = 2; k <= n; ++k) {
        const double next = ((2.0 * k - 1.0) * x * current - (k - 1.0) * previous) / k;
        previous = current;
        current = next;
    }
    value = current;
    derivative = n * (x * current - previous) / (x * x - 1.0);
}

std::vector<GaussianQuadrature::Node> compute_legendre(int n) {
    // Golub–Welsch: the nodes are the eigenvalues of the Jacobi matrix of the Legendre
    // recurrence, off-diagonal k/√(4k²−1).
    Eigen::MatrixXd jacobi = Eigen::MatrixXd::Zero(n, n);
    for (int k = 1; k < n; ++k) {
        const double beta = k / std::sqrt(4.0 * k * k - 1.0);
        jacobi(k, k - 1) = beta;
        jacobi(k - 1, k) = beta;
    }
    const Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> solver(jacobi);
    std::vector<GaussianQuadrature::Node> nodes(static_cast<size_t>(n));
    for (int i = 0; i < n; ++i) {
        // Newton on P_n polishes the node to full precision; the weight is 2/((1−x²)P_n'(x)²).
        double x = solver.eigenvalues()(i), value = 0, derivative = 0;
        for (int step = 0; step < 3; ++step) {
            legendre_polynomial(n, x, value, derivative);
            x -= value / derivative;
        }
        legendre_polynomial(n, x, value, derivative);
        nodes[static_cast<size_t>(i)] = {x, 2.0 / ((1.0 - x * x) * derivative * derivative)};
    }
    return nodes;
}

}  // namespace

const std::vector<GaussianQuadrature::Node>& GaussianQuadrature::legendre() {
    static const std::vector<Node> nodes = compute_legendre(kNodesPerPanel);
    return nodes;
}

std::vector<GaussianQuadrature::Node> GaussianQuadrature::rule(double breakpoint,
                                                               double singular_distance) {
    const std::vector<Node>& reference = legendre();
    const double b = std::clamp(breakpoint, -kHalfRange, kHalfRange);
    // The first panel is half the singular distance wide (a pole of order 4, as in sech⁴, at
    // twice the panel's width is below 1e-16 at 12 nodes); a distance below 2e-12 (or NaN) is
    // taken as 2e-12: at most 40 more panels per side.
    const double first =
        singular_distance > 2e-12 ? std::min(kMaxPanel, 0.5 * singular_distance) : 1e-12;
    const double density = 1.0 / std::sqrt(2.0 * std::numbers::pi);
    std::vector<Node> nodes;
    nodes.reserve(static_cast<size_t>(kNodesPerPanel) * 40);
    for (const double side : {-1.0, 1.0}) {
        const double length = side > 0 ? kHalfRange - b : b + kHalfRange;
        double start = 0;  // distance of the panel from the breakpoint
        while (start < length) {
            const double width = std::min(kMaxPanel, std::max(first, start));
            const double end = std::min(length, start + width);
            const double half = 0.5 * (end - start), middle = 0.5 * (end + start);
            for (const Node& r : reference) {
                const double z = b + side * (middle + half * r.z);
                nodes.push_back({z, r.weight * half * density * std::exp(-0.5 * z * z)});
            }
            start = end;
        }
    }
    return nodes;
}

}  // namespace initscope
