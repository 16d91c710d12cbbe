#pragma once

#include "core/model/network.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace initscope {

/// The shapes a network's layers produce, and how a layer's input follows the layer before it.
/// Shapes are as PyTorch gives them without the batch dimension: [features], [C, L], [C, H, W].
class NetworkShapes {
public:
    using Shape = std::vector<int64_t>;

    /// The exact shapes each layer produces from input_shape, and the problems found on the way
    /// that the rules without input_shape do not catch (first layer vs input, conv→linear
    /// flattening, kernels larger than the padded input), as NetworkValidation words them.
    struct Walk {
        std::vector<Shape> outputs;  ///< one per layer walked; the walk stops at a layer it
                                     ///< cannot apply
        std::vector<std::string> problems;
    };
    /// Precondition: network.input_shape is 1 to 3 dimensions, all > 0 (input_shape_usable).
    static Walk walk(const Network& network);
    /// True when input_shape is set, has 1 to 3 dimensions and all of them are > 0.
    static bool input_shape_usable(const Network& network);

    /// The shape each layer produces, in layer order; nullopt without a usable input_shape or
    /// when the sizes do not chain (see NetworkValidation::problems).
    static std::optional<std::vector<Shape>> output_shapes(const Network& network);

    /// True when the layer's own sizes are valid (in, out > 0; a kernel, stride, padding and
    /// groups that fit its kind), so its shapes and fans can be computed.
    static bool layer_sizes_valid(const Layer& layer);

    /// After layer `index`'s `out` changed, makes the next layer's `in` follow so the network
    /// chains (linear→linear, conv→conv; conv→linear keeps the spatial factor). Returns true if
    /// it changed anything. conv→linear: with a usable input_shape the next in_features becomes
    /// the exact flattened output; without it the spatial factor is unknown, so in_features is
    /// kept when it is still a multiple of the new out_channels and otherwise rounded to the
    /// nearest multiple (use the overload). linear→conv never chains.
    static bool rechain_after(Network& network, int index);
    /// As above, knowing the layer's `out` before the change: conv→linear keeps the spatial
    /// factor next.in / previous_out exactly when that divides.
    static bool rechain_after(Network& network, int index, int64_t previous_out);

    /// "[1, 2, 3]"
    static std::string list_text(const Shape& values);
};

}  // namespace initscope
