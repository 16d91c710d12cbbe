// The theoretical distribution of one element for every scheme (init-reference.md, "Theory of the
// sample"). Closed forms throughout; the special functions are written to stay accurate in the
// tails: the truncated normal uses Mills ratios when its interval lies on one side of the mean,
// the orthogonal scheme's symmetric beta uses a Stirling-corrected normaliser and Lentz's
// continued fraction for the regularized incomplete beta (Numerical Recipes 6.4).
#include "core/schemes/theory.h"

#include "core/model/nonlinearity.h"
#include "core/schemes/initializer.h"
#include "core/schemes/scheme_registry.h"
#include "core/stats/number_format.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numbers>
#include <utility>

namespace initscope {

namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();
constexpr double kSqrt2 = std::numbers::sqrt2;
constexpr double kLn2 = std::numbers::ln2;
const double kInvSqrt2Pi = 1.0 / std::sqrt(2.0 * std::numbers::pi);

std::string num(double v) {
    return NumberFormat::short_number(v);
}
std::string integer(double v) {
    return std::to_string(static_cast<int64_t>(v));
}

double phi(double z) {
    return std::isinf(z) ? 0.0 : kInvSqrt2Pi * std::exp(-0.5 * z * z);
}

/// Mills ratio R(x) = Q(x)/φ(x) for x ≥ 0, Q the upper normal tail; asymptotic series beyond 37
/// where erfc underflows (relative error < 1e-13 there).
double mills(double x) {
    if (std::isinf(x)) return 0.0;
    if (x < 37.0)
        return std::erfc(x / kSqrt2) * std::exp(0.5 * x * x) * std::sqrt(std::numbers::pi / 2);
    const double u = 1.0 / (x * x);
    return (1.0 - u * (1.0 - u * (3.0 - u * (15.0 - u * 105.0)))) / x;
}

/// exp(−(z² − α²)/2) = φ(z)/φ(α), written so that it does not overflow for large α; 0 at z = ∞.
double ratio_phi(double z, double alpha) {
    return std::isinf(z) ? 0.0 : std::exp(-0.5 * (z - alpha) * (z + alpha));
}

/// log of the gamma function's Stirling remainder c(a) = lnΓ(a) − [(a−½)ln a − a + ½ln 2π].
double stirling_tail(double a) {
    if (a < 20.0)
        return std::lgamma(a) -
               ((a - 0.5) * std::log(a) - a + 0.5 * std::log(2 * std::numbers::pi));
    const double u = 1.0 / (a * a);
    return (1.0 / 12 - u * (1.0 / 360 - u * (1.0 / 1260 - u / 1680))) / a;
}

/// K(a) = −2a·ln2 − ln B(a, a), without the cancellation of lgamma for large a.
double log_k(double a) {
    if (a < 50.0) return -2 * a * kLn2 - (2 * std::lgamma(a) - std::lgamma(2 * a));
    return 0.5 * std::log(a / (4 * std::numbers::pi)) - 2 * stirling_tail(a) + stirling_tail(2 * a);
}

/// Continued fraction of I_x(a, a) (Numerical Recipes betacf, modified Lentz), for x ≤ ½.
double beta_cf(double a, double x) {
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

/// Mean and variance of N(0, 1) restricted to [α, β] by composite Simpson (20000 intervals) on the
/// part of the interval where the density is above e^−50 of its maximum, the density written as
/// φ(z)/φ(m), m the point of [α, β] nearest 0, and the variance taken about the mean (two passes).
/// Relative error ~1e-13: used where the closed form loses digits to cancellation.
std::pair<double, double> truncated_moments_numeric(double alpha, double beta) {
    const double m = std::clamp(0.0, alpha, beta);
    const double reach = std::sqrt(m * m + 100.0);
    const double lo = std::max(alpha, -reach), hi = std::min(beta, reach);
    constexpr int kN = 20000;
    const double h = (hi - lo) / kN;
    auto sum = [&](auto&& g) {
        double total = 0;
        for (int i = 0; i <= kN; ++i) {
            const double z = i == kN ? hi : lo + i * h;
            const double w = i == 0 || i == kN ? 1.0 : (i % 2 ? 4.0 : 2.0);
            total += w * ratio_phi(z, m) * g(z);
        }
        return total;
    };
    const double mass = sum([](double) { return 1.0; });
    const double mean = sum([](double z) { return z; }) / mass;
    const double var = sum([mean](double z) { return (z - mean) * (z - mean); }) / mass;
    return {mean, var};
}

}  // namespace

double Theory::stddev() const {
    return std::sqrt(variance_);
}

bool Theory::continuous() const {
    return atoms().empty();
}

std::vector<Theory::Atom> Theory::atoms() const {
    switch (kind_) {
        case DistributionKind::PointMass:
            return {{value_, 1.0}};
        case DistributionKind::TwoPoint:
            return value_ < 0 ? std::vector<Atom>{{value_, p_}, {0.0, 1 - p_}}
                              : std::vector<Atom>{{0.0, 1 - p_}, {value_, p_}};
        case DistributionKind::SparseNormal:
            if (p_ > 0) return {{0.0, p_}};
            return {};
        case DistributionKind::ScaledBeta:
            if (dim_ <= 1) return {{-gain_, 0.5}, {gain_, 0.5}};
            return {};
        default:
            return {};
    }
}

double Theory::atom_probability() const {
    double best = 0;
    for (const Atom& a : atoms()) best = std::max(best, a.probability);
    return best;
}

double Theory::atom() const {
    const std::vector<Atom> all = atoms();
    if (all.empty()) return 0;
    // The heaviest; on ties the later one in x order (the non-zero value of eye, +gain).
    const Atom* best = &all.front();
    for (const Atom& a : all)
        if (a.probability >= best->probability && (a.probability > best->probability || a.x != 0))
            best = &a;
    return best->x;
}

double Theory::pdf(double x) const {
    switch (kind_) {
        case DistributionKind::Uniform:
            return x >= lo_ && x <= hi_ ? 1.0 / (hi_ - lo_) : 0.0;
        case DistributionKind::Normal:
            return phi((x - mu_) / sigma_) / sigma_;
        case DistributionKind::SparseNormal:
            return (1 - p_) * phi(x / sigma_) / sigma_;
        case DistributionKind::TruncatedNormal: {
            if (x < lo_ || x > hi_) return 0.0;
            const double z = (x - mu_) / sigma_;
            if (trunc_case_ == 1) return phi(z) / (norm_ * sigma_);
            const double zs = trunc_case_ == 2 ? z : -z;  // case 3 is reflected
            return ratio_phi(zs, alpha_) / (norm_ * sigma_);
        }
        case DistributionKind::ScaledBeta: {
            const double t = x / gain_;
            if (dim_ <= 1 || t < -1 || t > 1) return 0.0;
            if (dim_ == 2) return 1.0 / (std::numbers::pi * std::sqrt(1 - t * t) * gain_);
            const double a = (dim_ - 1) / 2;
            const double shape = a == 1 ? 0.0 : (a - 1) * std::log1p(-t * t);  // d = 3: uniform
            return std::exp(shape + log_k_ + kLn2) / gain_;
        }
        default:
            return 0.0;
    }
}

double Theory::cdf(double x) const {
    if (std::isnan(x)) return std::numeric_limits<double>::quiet_NaN();
    // Mass of the atoms at or left of x; only the kinds with atoms ask (atoms() allocates).
    const auto atom_mass = [this, x] {
        double mass = 0;
        for (const Atom& a : atoms())
            if (a.x <= x) mass += a.probability;
        return mass;
    };
    switch (kind_) {
        case DistributionKind::Uniform:
            return x <= lo_ ? 0.0 : x >= hi_ ? 1.0 : (x - lo_) / (hi_ - lo_);
        case DistributionKind::Normal:
            return 0.5 * std::erfc(-(x - mu_) / (sigma_ * kSqrt2));
        case DistributionKind::SparseNormal:
            return atom_mass() + (1 - p_) * 0.5 * std::erfc(-x / (sigma_ * kSqrt2));
        case DistributionKind::TruncatedNormal: {
            if (x <= lo_) return 0.0;
            if (x >= hi_) return 1.0;
            const double z = (x - mu_) / sigma_;
            if (trunc_case_ == 1)
                return 0.5 * (std::erf(z / kSqrt2) - std::erf(alpha_ / kSqrt2)) / norm_;
            const double beta_term = ratio_phi(beta_, alpha_) * mills(beta_);
            if (trunc_case_ == 2) return (mills(alpha_) - ratio_phi(z, alpha_) * mills(z)) / norm_;
            // Reflected: P(X ≤ x) = P(−Z ≥ −z), the upper tail of the reflected variable.
            return (ratio_phi(-z, alpha_) * mills(-z) - beta_term) / norm_;
        }
        case DistributionKind::ScaledBeta: {
            const double t = x / gain_;
            if (dim_ <= 1) return atom_mass();
            if (t <= -1) return 0.0;
            if (t >= 1) return 1.0;
            if (dim_ == 2) return 0.5 + std::asin(t) / std::numbers::pi;
            if (t == 0) return 0.5;
            const double a = (dim_ - 1) / 2;
            // I_x(a, a) with x = (1+t)/2: prefactor x^a(1−x)^a/(a·B(a,a)) = exp(a·ln(1−t²) + K − ln
            // a).
            const double lower = std::exp(a * std::log1p(-t * t) + log_k_ - std::log(a)) *
                                 beta_cf(a, (1 - std::fabs(t)) / 2);
            return t < 0 ? lower : 1 - lower;
        }
        default:
            return atom_mass();
    }
}

std::vector<double> Theory::bound_marks() const {
    switch (kind_) {
        case DistributionKind::Normal:
            return {mu_ - sigma_, mu_ + sigma_};
        case DistributionKind::SparseNormal:
            return {-sigma_, sigma_};
        case DistributionKind::ScaledBeta:
            if (dim_ > 9) return {-stddev(), stddev()};
            return {lo_, hi_};
        case DistributionKind::PointMass:
            return {value_};
        default: {
            std::vector<double> marks;
            if (std::isfinite(lo_)) marks.push_back(lo_);
            if (std::isfinite(hi_) && hi_ != lo_) marks.push_back(hi_);
            return marks;
        }
    }
}

// ---- construction ---------------------------------------------------------------------------

void Theory::set_point(double value) {
    kind_ = DistributionKind::PointMass;
    value_ = mean_ = lo_ = hi_ = value;
    variance_ = 0;
}

void Theory::set_uniform(double lo, double hi) {
    if (!(lo < hi)) return set_point(lo);
    kind_ = DistributionKind::Uniform;
    lo_ = lo;
    hi_ = hi;
    mean_ = lo / 2 + hi / 2;
    variance_ = (hi - lo) * (hi - lo) / 12;
}

void Theory::set_normal(double mu, double sigma) {
    if (!(sigma > 0)) return set_point(mu);
    kind_ = DistributionKind::Normal;
    mu_ = mean_ = mu;
    sigma_ = sigma;
    variance_ = sigma * sigma;
    lo_ = -kInf;
    hi_ = kInf;
}

// N(μ, σ²) on [a, b], α = (a−μ)/σ, β = (b−μ)/σ. Case 1 (α < 0 < β): Z = Φ(β) − Φ(α) from erf.
// Case 2 (α ≥ 0): everything divided by φ(α), D = Z/φ(α) = R(α) − (φ(β)/φ(α))R(β) with R the Mills
// ratio, so that far tails neither underflow nor cancel. Case 3 (β ≤ 0): case 2 reflected.
// Moments (init-reference.md): mean μ + σ(φ(α) − φ(β))/Z,
// variance σ²[1 + (αφ(α) − βφ(β))/Z − ((φ(α) − φ(β))/Z)²].
void Theory::set_truncated(double mu, double sigma, double a, double b) {
    if (a > b) std::swap(a, b);
    if (!(sigma > 0) || a == b) return set_point(std::clamp(mu, a, b));
    kind_ = DistributionKind::TruncatedNormal;
    mu_ = mu;
    sigma_ = sigma;
    lo_ = a;
    hi_ = b;
    const double alpha = (a - mu) / sigma, beta = (b - mu) / sigma;
    double r1 = 0, r2 = 0;  // (φ(α) − φ(β))/Z and (αφ(α) − βφ(β))/Z, standardized
    if (alpha < 0 && beta > 0) {
        trunc_case_ = 1;
        alpha_ = alpha;
        beta_ = beta;
        norm_ = 0.5 * (std::erf(beta / kSqrt2) - std::erf(alpha / kSqrt2));
        r1 = (phi(alpha) - phi(beta)) / norm_;
        const double ta = std::isinf(alpha) ? 0.0 : alpha * phi(alpha);
        const double tb = std::isinf(beta) ? 0.0 : beta * phi(beta);
        r2 = (ta - tb) / norm_;
    } else {
        trunc_case_ = alpha >= 0 ? 2 : 3;
        alpha_ = alpha >= 0 ? alpha : -beta;
        beta_ = alpha >= 0 ? beta : -alpha;
        const double e = ratio_phi(beta_, alpha_);
        norm_ = mills(alpha_) - e * mills(beta_);
        r1 = (std::isinf(beta_) ? 1.0 : -std::expm1(-0.5 * (beta_ - alpha_) * (beta_ + alpha_))) /
             norm_;
        r2 = (alpha_ - (std::isinf(beta_) ? 0.0 : beta_ * e)) / norm_;
        if (trunc_case_ == 3) r1 = -r1;  // the mean shift changes sign; the variance does not
    }
    double var_std = 1 + r2 - r1 * r1;
    if (!(var_std > 1e-4 * (1 + r1 * r1))) {
        // The closed form cancels (deep one-sided tail, narrow interval): integrate instead.
        const auto [m, v] = truncated_moments_numeric(alpha, beta);
        r1 = m;
        var_std = v;
    }
    mean_ = std::clamp(mu + sigma * r1, a, b);
    variance_ = std::max(0.0, sigma * sigma * var_std);
}

void Theory::set_two_point(double value, double p) {
    if (p >= 1) return set_point(value);
    if (p <= 0 || value == 0) return set_point(0.0);
    kind_ = DistributionKind::TwoPoint;
    value_ = value;
    p_ = p;
    mean_ = p * value;
    variance_ = value * value * p * (1 - p);
    lo_ = std::min(0.0, value);
    hi_ = std::max(0.0, value);
}

void Theory::set_sparse(double p, double sigma) {
    if (p >= 1 || !(sigma > 0)) return set_point(0.0);
    kind_ = DistributionKind::SparseNormal;
    p_ = std::max(0.0, p);
    sigma_ = sigma;
    mean_ = 0;
    variance_ = (1 - p_) * sigma * sigma;
    lo_ = -kInf;
    hi_ = kInf;
}

// gain·T, T one coordinate of a uniform unit vector in R^d: (T+1)/2 ~ Beta((d−1)/2, (d−1)/2),
// density ∝ (1−t²)^((d−3)/2) on [−1, 1], E T = 0, Var T = 1/d. d = 1: T = ±1; d = 2: arcsine.
void Theory::set_scaled_beta(double dim, double gain) {
    gain = std::fabs(gain);
    if (!(gain > 0) || dim < 1) return set_point(0.0);
    kind_ = DistributionKind::ScaledBeta;
    dim_ = dim;
    gain_ = gain;
    mean_ = 0;
    variance_ = gain * gain / dim;
    lo_ = -gain;
    hi_ = gain;
    if (dim > 2) log_k_ = log_k((dim - 1) / 2);
}

Theory Theory::of(const InitSpec& spec, const TensorContext& context) {
    Theory t;
    const SchemeId id = spec.scheme();
    t.formula_ = SchemeRegistry::info(id).formula;
    const TensorShape& shape = context.shape;
    const Fans fans = shape.fans();
    const double fan_in = static_cast<double>(fans.fan_in);
    const double fan_out = static_cast<double>(fans.fan_out);
    const double numel = static_cast<double>(shape.numel());
    std::string& filled = t.formula_filled_;
    auto note = [&t](std::string text) { t.notes_.push_back(std::move(text)); };
    auto std_note = [&t, &note] { note("std = " + num(t.stddev())); };

    switch (id) {
        case SchemeId::TorchDefault: {
            const bool bias = context.role == TensorRole::Bias;
            const double n = bias ? static_cast<double>(context.weight_fans.fan_in) : fan_in;
            double bound = 0;
            if (n > 0) {
                // PyTorch: bias 1/sqrt(fan_in); weight kaiming_uniform_(a=√5): √3·gain/√fan_in.
                const double slope = std::sqrt(5.0);
                const double gain = std::sqrt(2.0 / (1 + slope * slope));
                bound = bias ? 1 / std::sqrt(n) : std::sqrt(3.0) * (gain / std::sqrt(n));
            }
            t.set_uniform(-bound, bound);
            const std::string ns = integer(n);
            filled = "b = 1/√" + ns + " = " + num(bound);
            if (!bias)
                note("kaiming_uniform_(a=√5): gain = √(2/(1+5)), b = √3·gain/√fan_in = 1/√fan_in");
            if (n > 0)
                note("std = 1/√(3·" + ns + ") = " + num(t.stddev()) +
                     " (the notebook's √(1/n) = " + num(bound) + " is the bound, not σ)");
            break;
        }
        case SchemeId::Uniform: {
            const double a = spec.number("a"), b = spec.number("b");
            t.set_uniform(a, b);
            filled = "U(" + num(a) + ", " + num(b) + "): σ = (b−a)/√12 = " + num(t.stddev());
            break;
        }
        case SchemeId::Normal: {
            const double mean = spec.number("mean"), sd = spec.number("std");
            t.set_normal(mean, sd);
            filled = "N(" + num(mean) + ", " + num(sd) + "²): σ = " + num(sd);
            break;
        }
        case SchemeId::Constant:
        case SchemeId::Zeros:
        case SchemeId::Ones: {
            const double v = id == SchemeId::Zeros  ? 0.0
                             : id == SchemeId::Ones ? 1.0
                                                    : spec.number("val");
            t.set_point(v);
            filled = "W = " + num(v) + " (every element)";
            break;
        }
        case SchemeId::Eye:
        case SchemeId::Dirac: {
            double ones = 0;
            if (id == SchemeId::Eye && shape.rank() == 2) {
                ones = static_cast<double>(std::min(shape[0], shape[1]));
            } else if (id == SchemeId::Dirac && shape.rank() >= 3) {
                const auto groups =
                    std::max<int64_t>(1, static_cast<int64_t>(spec.number("groups")));
                ones = static_cast<double>(groups * std::min(shape[0] / groups, shape[1]));
            }
            const double p = numel > 0 ? ones / numel : 0.0;
            t.set_two_point(1.0, p);
            filled = integer(ones) + " ones among " + integer(numel) + " elements: p = " + num(p) +
                     ", the rest 0";
            note("mean = p = " + num(t.mean()) + ", std = √(p(1−p)) = " + num(t.stddev()));
            break;
        }
        case SchemeId::XavierUniform:
        case SchemeId::XavierNormal: {
            const double gain = spec.number("gain");
            const double sd = gain * std::sqrt(2.0 / (fan_in + fan_out));
            const std::string fans_text = integer(fan_in) + "+" + integer(fan_out) + "))";
            if (id == SchemeId::XavierUniform) {
                const double a = std::sqrt(3.0) * sd;
                t.set_uniform(-a, a);
                filled = "a = " + num(gain) + "·√(6/(" + fans_text + " = " + num(a);
                std_note();
            } else {
                t.set_normal(0.0, sd);
                filled = "σ = " + num(gain) + "·√(2/(" + fans_text + " = " + num(sd);
            }
            break;
        }
        case SchemeId::KaimingUniform:
        case SchemeId::KaimingNormal: {
            const double a = spec.number("a");
            const FanMode mode = spec.option<FanMode>("mode");
            const bool fan_out_mode = mode == FanMode::FanOut;
            const double fan = fan_out_mode ? fan_out : fan_in;
            const Nonlinearity nl = spec.option<Nonlinearity>("nonlinearity");
            const double gain = NonlinearityInfo::gain(nl, a);
            const std::string gain_text = NonlinearityInfo::gain_text(nl, a);
            const double sd = fan > 0 ? gain / std::sqrt(fan) : 0.0;
            if (id == SchemeId::KaimingUniform) {
                const double bound = std::sqrt(3.0) * sd;
                t.set_uniform(-bound, bound);
                filled = "b = " + gain_text + "·√(3/" + integer(fan) + ") = " + num(bound);
                std_note();
            } else {
                t.set_normal(0.0, sd);
                filled = "σ = " + gain_text + "/√" + integer(fan) + " = " + num(sd);
            }
            note("gain = " + gain_text + " = " + num(gain) + ", " +
                 std::string(ChoiceSpelling::name(mode)) + " = " + integer(fan));
            break;
        }
        case SchemeId::TruncNormal: {
            const double mean = spec.number("mean"), sd = spec.number("std");
            const double a = spec.number("a"), b = spec.number("b");
            t.set_truncated(mean, sd, a, b);
            filled = "N(" + num(mean) + ", " + num(sd) + "²) cut to [" + num(a) + ", " + num(b) +
                     "]: mean " + num(t.mean()) + ", std " + num(t.stddev());
            note("a and b are absolute bounds; std is the parent σ, not the result's");
            break;
        }
        case SchemeId::Orthogonal: {
            const double gain = spec.number("gain");
            const double rows = shape.rank() >= 1 ? static_cast<double>(shape[0]) : 0.0;
            const double cols = rows > 0 ? numel / rows : 0.0;
            const double d = std::max(rows, cols);
            t.set_scaled_beta(d, gain);
            filled = "σ = gain/√max(rows, cols) = " + num(gain) + "/√" + integer(d) + " = " +
                     num(t.stddev());
            note("each element is gain × one coordinate of a random unit vector in R^" +
                 integer(d) + ": support [−gain, gain], nearly normal for large d");
            break;
        }
        case SchemeId::Sparse: {
            const double sparsity = spec.number("sparsity"), sd = spec.number("std");
            const double rows = shape.rank() >= 1 ? static_cast<double>(shape[0]) : 0.0;
            // As PyTorch: num_zeros = int(math.ceil(sparsity * rows)), in double.
            const double zeros = std::ceil(sparsity * rows);
            const double p = rows > 0 ? std::min(1.0, zeros / rows) : 0.0;
            t.set_sparse(p, sd);
            filled = "⌈" + num(sparsity) + "·" + integer(rows) + "⌉ = " + integer(zeros) +
                     " zeros per column (p = " + num(p) + "), the rest N(0, " + num(sd) + "²)";
            std_note();
            break;
        }
        case SchemeId::GlorotUniform:
        case SchemeId::GlorotNormal:
        case SchemeId::HeUniform:
        case SchemeId::HeNormal:
        case SchemeId::LecunUniform:
        case SchemeId::LecunNormal:
        case SchemeId::VarianceScaling: {
            const Initializer::VarianceScaling vs = Initializer::variance_scaling(spec, fans);
            const std::string s_text = "s = scale/max(1, n) = " + num(vs.s) +
                                       " (n = " + NumberFormat::short_number(vs.fan, 10) + ")";
            if (vs.distribution == VarianceDistribution::TruncatedNormal) {
                t.set_truncated(0.0, vs.stddev, -vs.bound, vs.bound);
                filled = "σ = √" + num(vs.s) + "/0.8796 = " + num(vs.stddev) + ", cut at ±2σ = ±" +
                         num(vs.bound);
                note("the cut brings the std back to √s = " + num(t.stddev()));
            } else if (vs.distribution == VarianceDistribution::UntruncatedNormal) {
                t.set_normal(0.0, vs.stddev);
                filled = "σ = √" + num(vs.s) + " = " + num(vs.stddev);
            } else {
                t.set_uniform(-vs.bound, vs.bound);
                filled = "b = √(3·" + num(vs.s) + ") = " + num(vs.bound);
                std_note();
            }
            note(s_text);
            break;
        }
    }
    return t;
}

}  // namespace initscope
