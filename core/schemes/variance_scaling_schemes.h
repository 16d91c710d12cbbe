#pragma once

#include "core/model/tensor_shape.h"
#include "core/schemes/scheme_definition.h"

#include <vector>

namespace initscope {

/// Keras / JAX variance_scaling(scale, mode, distribution) and its named cases glorot_*, he_*,
/// lecun_* (Glorot & Bengio 2010, He et al. 2015, LeCun et al. 1998), each realised as the
/// equivalent torch call: trunc_normal_ with the corrected σ, normal_, or uniform_.
class VarianceScalingSchemes {
public:
    static std::vector<SchemeDefinition> definitions();

    /// variance_scaling's arguments.
    struct Arguments {
        double scale = 1;
        FanMode mode = FanMode::FanIn;
        VarianceDistribution distribution = VarianceDistribution::TruncatedNormal;
    };

    /// s = scale / max(1, n), n the fan of the mode; truncated: σ = √s / 0.87962566103423978 cut at
    /// ±2σ (so the result's std is √s); untruncated: σ = √s; uniform: bound √(3s).
    struct Scaling {
        double s = 0;
        double stddev = 0;  ///< parent σ for normals, 0 for uniform
        double bound = 0;   ///< uniform bound √(3s), or truncation 2σ
        VarianceDistribution distribution = VarianceDistribution::TruncatedNormal;
        double fan = 0;  ///< n
    };
    /// The scaling for these arguments and fans.
    static Scaling scaling(const Arguments& arguments, const Fans& fans);
};

}  // namespace initscope
