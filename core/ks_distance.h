#pragma once

#include "theory.h"

#include <span>

namespace initscope {

/// Kolmogorov–Smirnov distance D = sup_x |F_n(x) − F(x)| between a sample and a theoretical cdf.
/// Exact (sorted copy) up to kExactLimit finite values; above that, computed on a fine histogram of
/// kFineBins bins over the sample range, which bounds the error by the largest bin mass of F
/// (documented, ≤ 1e-3 for the schemes here). Non-finite values are ignored. NaN when n == 0 or the
/// theory is not continuous.
class KsDistance {
public:
    static constexpr int64_t kExactLimit = 1 << 20;
    static constexpr int kFineBins = 1 << 16;
    static double of(std::span<const float> values, const Theory& theory);
};

}  // namespace initscope
