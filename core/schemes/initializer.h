#pragma once

#include "core/model/init_spec.h"
#include "core/model/progress.h"
#include "core/model/tensor.h"
#include "core/model/tensor_context.h"
#include "core/schemes/draw_plan.h"
#include "core/torch/flavour.h"
#include "core/torch/torch_generator.h"

#include <span>

namespace initscope {

/// Applies one torch.nn.init call (or a layer's construction-time default) to a tensor, drawing
/// from `gen` exactly as PyTorch 1.13.1 does: the scheme's DrawPlan, or its bespoke draw
/// (SchemeDefinition). Keras/JAX variance-scaling schemes are realised as the equivalent torch call
/// (trunc_normal_ with the corrected σ, normal_, or uniform_).
/// Precondition: SchemeRegistry::check(spec, context) passed.
class Initializer {
public:
    /// `progress` (fractions of this tensor's draw) is polled by the long bespoke draws
    /// (orthogonal's QR), which throw Cancelled when it returns false.
    static void apply(const InitSpec& spec, const TensorContext& context, Tensor& tensor,
                      TorchGenerator& gen, Flavour flavour, const ProgressCallback& progress = {});

    /// Draws `plan` into `out` with PyTorch's kernels: uniform_, normal_, trunc_normal_ (PyTorch
    /// ≤ 2.11: inverse-cdf sampling through erfinv) or fill_.
    static void draw(const DrawPlan& plan, std::span<float> out, TorchGenerator& gen,
                     Flavour flavour);
};

}  // namespace initscope
