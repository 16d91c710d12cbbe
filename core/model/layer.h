#pragma once

#include "core/model/activation.h"
#include "core/model/init_spec.h"
#include "core/model/tensor_context.h"

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace initscope {

enum class LayerKind { Linear, Conv1d, Conv2d };

/// One layer of a network, as nn.Linear / nn.Conv1d / nn.Conv2d constructs it.
/// Sizes: `in` is in_features or in_channels, `out` is out_features or out_channels.
struct Layer {
    std::string name;
    LayerKind kind = LayerKind::Linear;
    int64_t in = 1;
    int64_t out = 1;
    std::vector<int64_t> kernel_size;  ///< empty for linear; 1 entry (conv1d) or 2 (conv2d)
    int64_t stride = 1;
    int64_t padding = 0;
    int64_t groups = 1;
    bool bias = true;
    Activation activation = Activation::Relu;  ///< after the layer; spelled by ChoiceSpelling
    /// leaky_relu's negative_slope (finite); kept but unused for the other activations.
    double negative_slope = ActivationFunction::kDefaultNegativeSlope;
    InitSpec weight_init;  ///< TorchDefault unless set
    InitSpec bias_init;

    /// weight_init or bias_init.
    InitSpec& init(TensorRole role) { return role == TensorRole::Weight ? weight_init : bias_init; }
    const InitSpec& init(TensorRole role) const {
        return role == TensorRole::Weight ? weight_init : bias_init;
    }
    /// The weight's or the bias's shape, role and the WEIGHT's fans (a bias has none of its own).
    TensorContext context(TensorRole role) const;

    /// φ after this layer, with its slope.
    ActivationFunction activation_function() const { return {activation, negative_slope}; }

    /// linear [out, in]; conv [out, in/groups, k...].
    TensorShape weight_shape() const;
    /// [out]
    TensorShape bias_shape() const { return TensorShape{out}; }
    /// Weights plus bias elements. Element counts saturate at INT64_MAX instead of overflowing
    /// (NetworkValidation::problems() reports such a layer).
    int64_t parameter_count() const;
    int64_t weight_count() const;
    int64_t bias_count() const;  ///< `out` with a bias, 0 without

    static std::string_view kind_name(LayerKind kind);
    /// "weight" or "bias": the tensor's name in PyTorch (`<layer>.weight`), in config keys
    /// (`weight_init`) and in messages.
    static std::string_view role_name(TensorRole role);
    static bool parse_kind(std::string_view name, LayerKind& kind);
    bool is_conv() const { return kind != LayerKind::Linear; }
    /// Number of spatial dimensions: 0 (linear), 1 (conv1d), 2 (conv2d); kernel_size has this many.
    int spatial_dims() const;
    /// The config key of `in` / `out`: "in_features"/"out_features" or
    /// "in_channels"/"out_channels".
    std::string_view in_key() const;
    std::string_view out_key() const;

    bool operator==(const Layer&) const = default;
};

}  // namespace initscope
