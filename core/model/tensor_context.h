#pragma once

#include "core/model/tensor_shape.h"

namespace initscope {

/// Whether a tensor is a layer's weight or its bias.
enum class TensorRole { Weight, Bias };

/// What an initializer or a theory needs to know about the tensor besides the scheme: its shape,
/// its role, and the fans of the layer's WEIGHT (PyTorch's default bias bound is 1/√fan_in of the
/// weight, and a bias has no fans of its own).
struct TensorContext {
    TensorShape shape;
    TensorRole role = TensorRole::Weight;
    Fans weight_fans;
};

}  // namespace initscope
