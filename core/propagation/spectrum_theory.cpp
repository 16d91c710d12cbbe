// The random-matrix theory of a weight's singular values (signal-propagation.md §3), from the
// distribution its scheme draws each element from (core/schemes/theory.h). Marchenko & Pastur
// 1967; the edges and density as in WeightWatcher's RMT_Util.py (CalculatedContent/WeightWatcher).
#include "core/propagation/spectrum_theory.h"

#include "core/schemes/theory.h"
#include "core/stats/number_format.h"

#include <algorithm>
#include <cmath>
#include <numbers>

namespace initscope {

namespace {

std::string num(double v) {
    return NumberFormat::short_number(v);
}

std::string count(int64_t n) {
    return NumberFormat::grouped(n);
}

/// The theory of a matrix whose every entry is `value`.
SpectrumTheory point_mass(SpectrumTheory t, double value) {
    if (value == 0) {
        t.note = "every entry is 0: every singular value is 0";
        return t;
    }
    const double top =
        std::fabs(value) * std::sqrt(static_cast<double>(t.rows) * static_cast<double>(t.cols));
    t.note = "every entry is " + num(value) +
             ": rank one, one singular value |c|·√(N·M) = " + num(top) +
             " and the rest 0; not iid, so no Marchenko–Pastur curve";
    return t;
}

/// Orthogonal: Q has orthonormal rows or columns, so all M values are gain.
SpectrumTheory orthogonal(SpectrumTheory t, double gain) {
    t.kind = SpectrumTheory::Kind::Exact;
    t.lower = t.upper = gain;
    t.upper_count = t.cols;
    t.note = "orthogonal: every singular value equals gain = " + num(gain);
    return t;
}

/// eye_ (a 2-D weight): min(out, in) ones on the diagonal, so min(out, in) = M values 1.
/// dirac_(groups) on [out, in/layer groups, k...]: output d of group g (row g·out/groups + d)
/// holds one 1 at column d·∏k + centre, for d < min(out/groups, in/layer groups). Every group
/// uses the same columns, so each of those min(...) columns holds `groups` ones in distinct rows
/// and no row holds two: WᵀW is diagonal with min(...) entries `groups`, i.e. min(...) values
/// √groups, and the other M − min(...) values 0.
SpectrumTheory identity(SpectrumTheory t, const Layer& layer) {
    const TensorShape shape = layer.weight_shape();
    t.kind = SpectrumTheory::Kind::Exact;
    if (shape.rank() == 2) {
        t.upper = 1;
        t.upper_count = std::min(shape[0], shape[1]);
        t.note = "eye: " + count(t.upper_count) + " singular values 1";
    } else {
        const auto groups =
            std::max<int64_t>(1, static_cast<int64_t>(layer.weight_init.number("groups")));
        t.upper = std::sqrt(static_cast<double>(groups));
        t.upper_count = std::min(shape[0] / groups, shape[1]);
        t.note = "dirac: " + count(t.upper_count) + " singular values " +
                 (groups == 1 ? std::string("1") : "√groups = " + num(t.upper));
    }
    t.lower = t.upper_count < t.cols ? 0.0 : t.upper;
    if (t.upper_count < t.cols) t.note += ", the other " + count(t.cols - t.upper_count) + " 0";
    return t;
}

}  // namespace

double SpectrumTheory::density(double s) const {
    if (kind != Kind::MarchenkoPastur || !(sigma > 0) || rows <= 0 || cols <= 0) return 0;
    if (s < lower || s > upper) return 0;
    const double n = static_cast<double>(rows), q = n / static_cast<double>(cols);
    const double var = sigma * sigma;
    const double lambda_plus = var * std::pow(1 + 1 / std::sqrt(q), 2);
    const double lambda_minus = var * std::pow(1 - 1 / std::sqrt(q), 2);
    // 2s/N · Q/(2πσ²λ)·√((λ₊−λ)(λ−λ₋)) with λ = s²/N is Q/(πσ² s)·√((λ₊−λ)(λ−λ₋)).
    if (s == 0) {
        // Only inside the support when Q = 1 (λ₋ = 0): √(λ−λ₋)/s → 1/√N.
        return lower == 0 ? q / (std::numbers::pi * var) * std::sqrt(lambda_plus / n) : 0.0;
    }
    const double lambda = s * s / n;
    const double root = std::sqrt(std::max(0.0, (lambda_plus - lambda) * (lambda - lambda_minus)));
    return q / (std::numbers::pi * var * s) * root;
}

SpectrumTheory SpectrumTheory::marchenko_pastur(double sigma, int64_t rows, int64_t cols) {
    SpectrumTheory t;
    t.kind = Kind::MarchenkoPastur;
    t.sigma = sigma;
    t.rows = std::max(rows, cols);
    t.cols = std::min(rows, cols);
    const double root_n = std::sqrt(static_cast<double>(t.rows));
    const double root_m = std::sqrt(static_cast<double>(t.cols));
    t.lower = sigma * (root_n - root_m);
    t.upper = sigma * (root_n + root_m);
    return t;
}

SpectrumTheory SpectrumTheory::of(const Layer& layer) {
    const TensorContext context = layer.context(TensorRole::Weight);
    const int64_t out = context.shape.rank() >= 1 ? context.shape[0] : 0;
    const int64_t in = out > 0 ? context.shape.numel() / out : 0;
    SpectrumTheory t;
    t.rows = std::max(out, in);
    t.cols = std::min(out, in);
    const Theory theory = Theory::of(layer.weight_init, context);
    switch (theory.kind()) {
        case DistributionKind::Uniform:
        case DistributionKind::Normal:
        case DistributionKind::TruncatedNormal: {
            t = marchenko_pastur(theory.stddev(), out, in);
            t.note = "iid entries with σ = " + num(t.sigma) + " (the scheme's std), Q = N/M = " +
                     num(static_cast<double>(t.rows) / static_cast<double>(t.cols)) +
                     ": Marchenko–Pastur edges σ(√N ∓ √M)";
            if (theory.mean() != 0) {
                const double outlier =
                    std::fabs(theory.mean()) *
                    std::sqrt(static_cast<double>(out) * static_cast<double>(in));
                t.note += "; the mean " + num(theory.mean()) +
                          " adds one value near |mean|·√(N·M) = " + num(outlier) +
                          " above the bulk";
            }
            return t;
        }
        case DistributionKind::ScaledBeta:
            return orthogonal(t, layer.weight_init.number("gain"));
        case DistributionKind::TwoPoint:
            return identity(t, layer);
        case DistributionKind::PointMass:
            return point_mass(t, theory.mean());
        case DistributionKind::SparseNormal:
            t.note =
                "sparse: every column holds the same number of zeros, so the entries are not "
                "independent; no Marchenko–Pastur curve";
            return t;
    }
    return t;
}

}  // namespace initscope
