#pragma once

#include "core/model/tensor.h"

#include <cstring>
#include <optional>
#include <vector>

namespace initscope {

/// The materialized tensors of a network, one entry per layer, in layer order.
struct LayerParameters {
    Tensor weight;
    std::optional<Tensor> bias;  ///< absent when the layer has bias = false
};

using Parameters = std::vector<LayerParameters>;

/// True when both hold the same tensors bit for bit (shapes, presence of biases and every float's
/// bit pattern, so −0 ≠ +0 and equal NaNs compare equal): what "the same tensors" means here.
inline bool bitwise_equal(const Parameters& a, const Parameters& b) {
    const auto same = [](const Tensor& x, const Tensor& y) {
        return x.shape() == y.shape() &&
               std::memcmp(x.data(), y.data(), static_cast<size_t>(x.numel()) * sizeof(float)) == 0;
    };
    if (a.size() != b.size()) return false;
    for (size_t i = 0; i < a.size(); ++i) {
        if (!same(a[i].weight, b[i].weight) || a[i].bias.has_value() != b[i].bias.has_value())
            return false;
        if (a[i].bias && !same(*a[i].bias, *b[i].bias)) return false;
    }
    return true;
}

}  // namespace initscope
