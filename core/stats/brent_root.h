#pragma once

#include <algorithm>
#include <cmath>
#include <limits>

namespace initscope {

/// A root of f in [a, b] with f(a), f(b) of opposite signs (or one of them 0), by Brent's
/// method (Brent 1973, "zeroin"), to 2·ε·|x| (absolute 1e-300 near 0).
template <class F>
double brent_root(const F& f, double a, double b, double fa, double fb) {
    constexpr double kEps = std::numeric_limits<double>::epsilon();
    if (fa == 0) return a;
    if (fb == 0) return b;
    double c = b, fc = fb, d = b - a, e = d;
    for (int iteration = 0; iteration < 300; ++iteration) {
        if ((fb > 0) == (fc > 0)) {
            c = a;
            fc = fa;
            d = e = b - a;
        }
        if (std::abs(fc) < std::abs(fb)) {
            a = b;
            b = c;
            c = a;
            fa = fb;
            fb = fc;
            fc = fa;
        }
        const double tolerance = 2.0 * kEps * std::abs(b) + 1e-300;
        const double middle = 0.5 * (c - b);
        if (std::abs(middle) <= tolerance || fb == 0) return b;
        if (std::abs(e) >= tolerance && std::abs(fa) > std::abs(fb)) {
            // Inverse quadratic interpolation, or the secant when only two points differ.
            const double s = fb / fa;
            double p, q;
            if (a == c) {
                p = 2.0 * middle * s;
                q = 1.0 - s;
            } else {
                const double qa = fa / fc, r = fb / fc;
                p = s * (2.0 * middle * qa * (qa - r) - (b - a) * (r - 1.0));
                q = (qa - 1.0) * (r - 1.0) * (s - 1.0);
            }
            if (p > 0) q = -q;
            p = std::abs(p);
            if (2.0 * p < std::min(3.0 * middle * q - std::abs(tolerance * q), std::abs(e * q))) {
                e = d;
                d = p / q;
            } else {
                d = middle;
                e = d;
            }
        } else {
            d = middle;
            e = d;
        }
        a = b;
        fa = fb;
        b += std::abs(d) > tolerance ? d : std::copysign(tolerance, middle);
        fb = f(b);
    }
    return b;
}

}  // namespace initscope
