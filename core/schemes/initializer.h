#pragma once

#include "core/model/init_spec.h"
#include "core/model/tensor.h"
#include "core/model/tensor_context.h"
#include "core/torch/flavour.h"
#include "core/torch/torch_generator.h"

namespace initscope {

/// Applies one torch.nn.init call (or a layer's construction-time default) to a tensor, drawing
/// from `gen` exactly as PyTorch 1.13.1 does. Keras/JAX variance-scaling schemes are realised as
/// the equivalent torch call (trunc_normal_ with the corrected σ, normal_, or uniform_).
/// Precondition: SchemeRegistry::check(spec, context) passed.
class Initializer {
public:
    static void apply(const InitSpec& spec, const TensorContext& context, Tensor& tensor,
                      TorchGenerator& gen, Flavour flavour);

    /// The uniform bound, normal σ or truncation of the variance-scaling family:
    /// s = scale / max(1, n); truncated σ = √s / 0.87962566103423978 cut at ±2σ.
    struct VarianceScaling {
        double s = 0;
        double stddev = 0;  ///< parent σ for normals, 0 for uniform
        double bound = 0;   ///< uniform bound √(3s), or truncation 2σ
        VarianceDistribution distribution = VarianceDistribution::TruncatedNormal;
        double fan = 0;
    };
    static VarianceScaling variance_scaling(const InitSpec& spec, const Fans& fans);
};

}  // namespace initscope
