#pragma once

#include "core/model/layer.h"

#include <cstdint>
#include <string>

namespace initscope {

/// What random-matrix theory says about the singular values of a weight drawn by its scheme
/// (signal-propagation.md §3). The weight is read as a matrix out × in·∏k (Tensor::matrix());
/// N = max, M = min of the two, and there are M singular values.
struct SpectrumTheory {
    enum class Kind {
        MarchenkoPastur,  ///< iid entries of variance σ²: edges σ(√N ∓ √M), MP density
        Exact,  ///< orthogonal (every value = gain), eye / dirac (1s or √groups, and 0s)
        None,   ///< not iid (sparse, constant, zeros): no curve; `note` says why
    };
    Kind kind = Kind::None;
    double sigma = 0;             ///< entry std from the scheme's Theory (MP only)
    int64_t rows = 0, cols = 0;   ///< N ≥ M
    double lower = 0, upper = 0;  ///< edges (MP) or the exact min and max value (Exact)
    /// Exact: how many of the M values equal `upper`; the other M − upper_count equal `lower`
    /// (orthogonal: all M; eye: min(out, in) ones; dirac(groups): min(out/groups, in/layer
    /// groups) values √groups). 0 for the other kinds.
    int64_t upper_count = 0;
    /// One line for the reader: the σ and Q of MP (and the outlier a non-zero mean adds), what
    /// the exact values are, or why there is no curve.
    std::string note;

    /// The density of one singular value s of W (not W/√N) in the large-matrix limit, per unit s:
    /// 2s/N · ρ_MP(s²/N), ρ_MP(λ) = Q/(2πσ²λ)·√((λ₊−λ)(λ−λ₋)), λ± = σ²(1 ± 1/√Q)², Q = N/M. It
    /// integrates to 1 over [lower, upper]. 0 outside [lower, upper]; 0 for Exact and None.
    double density(double s) const;

    /// The theory of `layer`'s weight from its scheme's element distribution (Theory::of of
    /// weight_init): uniform, normal and truncated normal (every iid scheme) → Marchenko–Pastur
    /// with σ² the scheme's variance (not fitted); orthogonal's scaled beta → Exact = gain; eye's
    /// and dirac's two-point → Exact; sparse and point masses (constant, zeros, ones) → None.
    static SpectrumTheory of(const Layer& layer);
    /// Marchenko–Pastur for a rows × cols matrix (either orientation) of iid entries with std
    /// sigma ≥ 0; `note` left empty.
    static SpectrumTheory marchenko_pastur(double sigma, int64_t rows, int64_t cols);
};

}  // namespace initscope
