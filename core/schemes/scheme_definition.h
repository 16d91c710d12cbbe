#pragma once

#include "core/model/init_spec.h"
#include "core/model/progress.h"
#include "core/model/tensor.h"
#include "core/model/tensor_context.h"
#include "core/schemes/draw_plan.h"
#include "core/schemes/scheme_info.h"
#include "core/stats/distribution.h"
#include "core/torch/flavour.h"
#include "core/torch/torch_generator.h"

#include <optional>
#include <string>
#include <vector>

namespace initscope {

/// Everything about one scheme, in one place: its registry info, how it draws, its theory, its
/// PyTorch call and its checks. The Initializer, Theory, SchemeRegistry and the script writer read
/// this; nothing else switches on the scheme. A scheme family's file (ElementwiseSchemes,
/// FanScaledSchemes, StructuredSchemes, VarianceScalingSchemes) defines its schemes; adding a
/// scheme is one definition there plus its tests.
///
/// Every function takes a spec whose parameters are complete or fall back to the defaults
/// (InitSpec::number), and, except the checks, one that SchemeRegistry::check accepted.
struct SchemeDefinition {
    /// What the theory says: the distribution of one element, the formula with the tensor's
    /// numbers filled in, and teaching notes.
    struct Explanation {
        Distribution distribution = Distribution::point(0.0);
        std::string formula_filled;
        std::vector<std::string> notes;
        /// The paper behind THIS tensor's draw when it is not info.paper ("" for none: PyTorch's
        /// default bias bound is a convention, not the weight's He et al. 2015).
        std::optional<std::string> paper;
    };

    SchemeInfo info;
    /// The draw of most schemes: a distribution with parameters from the fans (null for bespoke).
    DrawPlan (*plan)(const InitSpec&, const TensorContext&) = nullptr;
    /// A bespoke draw where a plan cannot say it (eye, dirac, orthogonal, sparse); tensor is
    /// non-empty. A long draw (orthogonal's QR) polls the progress (fractions of this tensor, may
    /// be empty) and throws Cancelled when it returns false.
    void (*apply)(const InitSpec&, const TensorContext&, Tensor&, TorchGenerator&, Flavour,
                  const ProgressCallback&) = nullptr;
    /// The theory (for plan schemes: the plan's distribution plus the text).
    Explanation (*explain)(const InitSpec&, const TensorContext&) = nullptr;
    /// The torch.nn.init call on `target` ("" when the construction-time draw stands); null: the
    /// plan's torch_call.
    std::string (*torch_call)(const InitSpec&, const TensorContext&,
                              const std::string& target) = nullptr;
    /// Checks beyond info.fit and the parameter ranges: on the parameters alone (a ≤ b), and with
    /// the tensor (groups divides the output channels). A message starting with the parameter's
    /// name, or nullopt.
    std::optional<std::string> (*check_params)(const InitSpec&) = nullptr;
    std::optional<std::string> (*check_tensor)(const InitSpec&, const TensorContext&) = nullptr;
    /// Bytes the draw allocates beside the tensor of `shape` (n values), at its peak; null: none
    /// (plans draw in place). MemoryBudget adds it to the peak of the work.
    int64_t (*working_bytes)(const TensorShape& shape, int64_t n) = nullptr;
};

}  // namespace initscope
