#pragma once

#include "tensor.h"

#include <optional>
#include <vector>

namespace initscope {

/// The materialized tensors of a network, one entry per layer, in layer order.
struct LayerParameters {
    Tensor weight;
    std::optional<Tensor> bias;  ///< absent when the layer has bias = false
};

using Parameters = std::vector<LayerParameters>;

}  // namespace initscope
