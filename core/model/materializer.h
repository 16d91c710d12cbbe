#pragma once

#include "core/model/network.h"
#include "core/model/parameters.h"
#include "core/model/progress.h"
#include "core/torch/torch_generator.h"

namespace initscope {

/// Replays what this PyTorch code does: torch.manual_seed(seed); construct every layer in order
/// (each draws its default weight, then bias); then, in layer order, for each weight and then bias
/// whose scheme is not torch_default, call the matching torch.nn.init function. One generator.
class Materializer {
public:
    /// Precondition: NetworkValidation::problems(network) is empty. Throws Cancelled when
    /// `progress` returns false.
    static Parameters materialize(const Network& network, const ProgressCallback& progress = {});
    /// The same with the caller's generator, which the caller constructed from network.seed
    /// (TorchGenerator(network.seed)); it is left in the state PyTorch's generator has after the
    /// inits, so the caller can go on drawing from it (the probe's input batch, Probe::run).
    static Parameters materialize(const Network& network, TorchGenerator& generator,
                                  const ProgressCallback& progress = {});
};

}  // namespace initscope
