#include "core/stats/special_functions.h"

#include <cmath>
#include <numbers>

namespace initscope {

namespace {

constexpr double kSqrt2 = std::numbers::sqrt2;
constexpr double kLn2 = std::numbers::ln2;
const double kInvSqrt2Pi = 1.0 / std::sqrt(2.0 * std::numbers::pi);

/// log of the gamma function's Stirling remainder c(a) = lnΓ(a) − [(a−½)ln a − a + ½ln 2π].
double stirling_tail(double a) {
    if (a < 20.0)
        return std::lgamma(a) -
               ((a - 0.5) * std::log(a) - a + 0.5 * std::log(2 * std::numbers::pi));
    const double u = 1.0 / (a * a);
    return (1.0 / 12 - u * (1.0 / 360 - u * (1.0 / 1260 - u / 1680))) / a;
}

}  // namespace

double SpecialFunctions::normal_pdf(double z) {
    return std::isinf(z) ? 0.0 : kInvSqrt2Pi * std::exp(-0.5 * z * z);
}

double SpecialFunctions::normal_cdf(double z) {
    return (1.0 + std::erf(z / std::sqrt(2.0))) / 2.0;
}

double SpecialFunctions::mills_ratio(double x) {
    if (std::isinf(x)) return 0.0;
    if (x < 37.0)
        return std::erfc(x / kSqrt2) * std::exp(0.5 * x * x) * std::sqrt(std::numbers::pi / 2);
    const double u = 1.0 / (x * x);
    return (1.0 - u * (1.0 - u * (3.0 - u * (15.0 - u * 105.0)))) / x;
}

double SpecialFunctions::normal_pdf_ratio(double z, double alpha) {
    return std::isinf(z) ? 0.0 : std::exp(-0.5 * (z - alpha) * (z + alpha));
}

double SpecialFunctions::log_beta_normaliser(double a) {
    if (a < 50.0) return -2 * a * kLn2 - (2 * std::lgamma(a) - std::lgamma(2 * a));
    return 0.5 * std::log(a / (4 * std::numbers::pi)) - 2 * stirling_tail(a) + stirling_tail(2 * a);
}

double SpecialFunctions::incomplete_beta_fraction(double a, double x) {
    constexpr double kTiny = 1e-300, kEps = 4e-16;
    const double qab = 2 * a, qap = a + 1, qam = a - 1;
    double c = 1, d = 1 - qab * x / qap;
    if (std::fabs(d) < kTiny) d = kTiny;
    d = 1 / d;
    double h = d;
    const int max_iter = 1000 + static_cast<int>(20 * std::sqrt(a));
    for (int m = 1; m <= max_iter; ++m) {
        const int m2 = 2 * m;
        double aa = m * (a - m) * x / ((qam + m2) * (a + m2));
        d = 1 + aa * d;
        if (std::fabs(d) < kTiny) d = kTiny;
        c = 1 + aa / c;
        if (std::fabs(c) < kTiny) c = kTiny;
        d = 1 / d;
        h *= d * c;
        aa = -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2));
        d = 1 + aa * d;
        if (std::fabs(d) < kTiny) d = kTiny;
        c = 1 + aa / c;
        if (std::fabs(c) < kTiny) c = kTiny;
        d = 1 / d;
        const double del = d * c;
        h *= del;
        if (std::fabs(del - 1) < kEps) break;
    }
    return h;
}

}  // namespace initscope
