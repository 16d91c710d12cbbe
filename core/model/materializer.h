#pragma once

#include "core/model/network.h"
#include "core/model/parameters.h"
#include "core/model/progress.h"

namespace initscope {

/// Replays what this PyTorch code does: torch.manual_seed(seed); construct every layer in order
/// (each draws its default weight, then bias); then, in layer order, for each weight and then bias
/// whose scheme is not torch_default, call the matching torch.nn.init function. One generator.
class Materializer {
public:
    /// Precondition: NetworkValidation::problems(network) is empty. Throws Cancelled when
    /// `progress` returns false.
    static Parameters materialize(const Network& network, const ProgressCallback& progress = {});
};

}  // namespace initscope
