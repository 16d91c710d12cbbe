#pragma once

#include "core/model/layer.h"
#include "core/model/network.h"
#include "core/model/parameters.h"
#include "core/model/progress.h"
#include "core/propagation/singular_values.h"
#include "core/propagation/spectrum_theory.h"
#include "core/stats/histogram.h"

#include <cstdint>
#include <string>
#include <vector>

namespace initscope {

/// The singular values of one weight, in double.
struct WeightSpectrum {
    std::string layer;
    int64_t rows = 0, cols = 0;           ///< as the weight's matrix: out × in·∏k
    std::vector<double> singular_values;  ///< min(rows, cols) values, descending
    SingularValues::Method method = SingularValues::Method::Svd;  ///< how they were computed
    /// 40 bins over [0, max(s_max, theory.upper)·1.05] ([0, 1] when both are 0), the values
    /// binned as float32 (Histogram's input).
    Histogram histogram;
    double spectral_norm = 0;     ///< s_max
    double condition_number = 0;  ///< s_max / s_min; +inf when s_min = 0
    SpectrumTheory theory;
    /// s_min / lower and s_max / upper (MP and Exact); NaN for None and where the edge is 0
    /// (a square matrix's MP lower edge, eye's and dirac's zeros).
    double lower_ratio = 0, upper_ratio = 0;
};

/// Singular values of every weight (SingularValues: LAPACK's dgesdd up to ≈ 1290³ of work, the
/// Gram matrix's eigenvalues above), with the random-matrix theory of the weight's scheme beside
/// them. Agrees with numpy.linalg.svd of the same tensor within 1e-5 relative (values below
/// 1e-6·s_max compared absolutely); see SingularValues for the Gram method's bounds.
class WeightSpectrumAnalysis {
public:
    /// SpectrumTheory::of(layer).
    static SpectrumTheory theory(const Layer& layer);
    /// Precondition: weight has layer.weight_shape() (std::invalid_argument otherwise). Throws
    /// Cancelled when `progress` returns false.
    static WeightSpectrum of(const Layer& layer, const Tensor& weight,
                             const ProgressCallback& progress = {});
    /// One per layer, in order; progress runs over all of them in proportion to their work.
    /// Throws Cancelled when `progress` returns false, std::invalid_argument when `parameters`
    /// does not hold one weight of the right shape per layer.
    static std::vector<WeightSpectrum> of(const Network& network, const Parameters& parameters,
                                          const ProgressCallback& progress = {});
    /// The memory of() needs at its peak for one weight beside the tensor, in bytes (saturating).
    static int64_t working_bytes(const Layer& layer);
};

}  // namespace initscope
