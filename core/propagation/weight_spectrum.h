#pragma once

#include "core/model/layer.h"
#include "core/model/network.h"
#include "core/model/parameters.h"
#include "core/model/progress.h"
#include "core/stats/histogram.h"

#include <cstdint>
#include <string>
#include <vector>

namespace initscope {

/// What random-matrix theory says about the singular values of a weight drawn by its scheme
/// (signal-propagation.md §3). The matrix is out × in·∏k; N = max, M = min of the two.
struct SpectrumTheory {
    enum class Kind {
        MarchenkoPastur,  ///< iid entries of variance σ²: edges σ(√N ∓ √M), MP density
        Exact,            ///< orthogonal (every value = gain), eye / dirac (1s and 0s)
        None,             ///< not iid (sparse, constant, zeros): no curve; `note` says why
    };
    Kind kind = Kind::None;
    double sigma = 0;           ///< entry std from the scheme's Theory (MP only)
    int64_t rows = 0, cols = 0;  ///< N ≥ M
    double lower = 0, upper = 0;  ///< edges (MP) or the exact min and max value
    std::string note;

    /// The density of one singular value s of W (not W/√N) in the large-matrix limit, per unit s:
    /// 2s/N · ρ_MP(s²/N). 0 outside [lower, upper]; 0 for Exact and None.
    double density(double s) const;
};

/// The singular values of one weight, in double.
struct WeightSpectrum {
    std::string layer;
    int64_t rows = 0, cols = 0;          ///< as the weight's matrix: out × in·∏k
    std::vector<double> singular_values;  ///< min(rows, cols) values, descending
    Histogram histogram;                  ///< 40 bins over [0, max(s_max, theory.upper)·1.05]
    double spectral_norm = 0;             ///< s_max
    double condition_number = 0;          ///< s_max / s_min; +inf when s_min = 0
    SpectrumTheory theory;
    /// s_min / lower and s_max / upper (MP and Exact); NaN for None.
    double lower_ratio = 0, upper_ratio = 0;
};

/// Singular values of every weight. Agrees with numpy.linalg.svd of the same tensor within 1e-5
/// relative (values below 1e-6·s_max compared absolutely).
class WeightSpectrumAnalysis {
public:
    static SpectrumTheory theory(const Layer& layer);
    static WeightSpectrum of(const Layer& layer, const Tensor& weight,
                             const ProgressCallback& progress = {});
    /// One per layer, in order. Throws Cancelled when `progress` returns false.
    static std::vector<WeightSpectrum> of(const Network& network, const Parameters& parameters,
                                          const ProgressCallback& progress = {});
    /// The memory of() needs at its peak for one weight beside the tensor, in bytes (saturating).
    static int64_t working_bytes(const Layer& layer);
};

}  // namespace initscope
