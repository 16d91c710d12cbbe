#pragma once

#include "core/model/init_spec.h"
#include "core/model/network.h"
#include "core/model/nonlinearity.h"
#include "core/model/probe_settings.h"
#include "core/model/tensor_context.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace initscope {

/// Every edit of a network, as pure functions: each takes the network and returns the edited copy,
/// or why the edit cannot be made. The table, the panels, the toolbar (through one undo command
/// each), and later the lessons and the command line all edit through these.
///
/// An edit checks what it changes (the layer exists, sizes are positive and their products fit
/// 64 bits, a scheme fits the tensors it is given to); the rest of the network's validity is
/// NetworkValidation's, and its memory MemoryBudget's, which the caller checks after. Layers are
/// addressed by index (0 ≤ index < layers.size()).
class NetworkEdits {
public:
    struct Result {
        std::optional<Network> network;  ///< the edited network; nullopt when refused
        std::string error;  ///< why not, naming the place ("layers[5]: no such layer …")
        int layer = -1;     ///< the layer the edit made, moved or changed (for the selection)
        explicit operator bool() const { return network.has_value(); }
    };

    /// Inserts a new layer after `index` (at the end when index is −1 or past the end): the kind
    /// and activation of its predecessor, in = out = the predecessor's out (so the chain is
    /// unchanged); for a conv the same kernel with stride 1 and padding ⌊k/2⌋ (the spatial size is
    /// kept for odd kernels); PyTorch default schemes; a fresh name ("fc4", "conv3"). An empty
    /// network gets "fc1", linear 100 → 100.
    static Result add_layer(const Network& network, int index);
    /// Removes layer `index`; the layer after it takes the removed layer's input. Refused for the
    /// only layer.
    static Result remove_layer(const Network& network, int index);
    /// Inserts a copy of layer `index` after it (name "fc1_copy1"), whose in is the original's out
    /// (a conv copy gets groups 1, as in may no longer divide by the old groups).
    static Result duplicate_layer(const Network& network, int index);
    /// Moves layer `index` by `delta` (−1 up, +1 down): the network keeps its input size and every
    /// layer its out, and each in follows the layer before it.
    static Result move_layer(const Network& network, int index, int delta);

    /// Renames layer `index`; refused when `name` is empty.
    static Result rename_layer(const Network& network, int index, const std::string& name);
    /// Sets layer `index`'s sizes from its weight shape in PyTorch order: [out, in] for a linear,
    /// [out, in/groups, k…] for a conv (as many kernel sizes as the kind has). The first layer's
    /// in is the network's input and may change (input_shape[0] follows); elsewhere in must stay
    /// the previous layer's out. The next layer's in then follows (NetworkShapes::rechain_after).
    /// Refused when a size is ≤ 0 or the weight has more elements than 64 bits count.
    static Result set_shape(const Network& network, int index,
                            const std::vector<int64_t>& weight_shape);
    static Result set_activation(const Network& network, int index, Activation activation);
    /// Sets layer `index`'s weight (or bias) initialization; refused when the layer has no bias
    /// or the scheme does not fit the tensor (NetworkValidation::init_problem's words).
    static Result set_init(const Network& network, int index, TensorRole role,
                           const InitSpec& spec);
    /// set_init with `scheme`'s default parameters; the network unchanged when the tensor already
    /// uses `scheme` (its parameters are kept). A scheme with a nonlinearity (kaiming_*) gets the
    /// layer's activation as it (leaky_relu with a = the layer's negative slope) when
    /// calculate_gain knows it (not gelu, silu: then the registry's default, leaky_relu with a 0).
    static Result set_scheme(const Network& network, int index, TensorRole role, SchemeId scheme);
    /// Makes layer `index`'s weight (or bias) initialization follow the layer's activation: a
    /// nonlinearity parameter (kaiming_*) becomes the activation (leaky_relu: a = the layer's
    /// negative slope), else a gain parameter (xavier_*, orthogonal) becomes
    /// calculate_gain(activation, negative slope). Refused when calculate_gain does not know the
    /// activation (gelu, silu) or the scheme has neither parameter.
    static Result use_layer_activation(const Network& network, int index, TensorRole role);
    /// Sets one parameter of layer `index`'s weight (or bias) initialization ("std" → 0.1).
    static Result set_init_parameter(const Network& network, int index, TensorRole role,
                                     const std::string& name, const ParamValue& value);
    /// Sets every layer's weight (or bias) initialization to `spec`; layers without a bias are
    /// skipped for Bias. Refused, naming the first layer, when `spec` does not fit some tensor.
    static Result apply_to_all(const Network& network, TensorRole role, const InitSpec& spec);

    static Result set_seed(const Network& network, uint64_t seed);
    static Result set_flavour(const Network& network, Flavour flavour);
    /// Sets how the probe pushes a batch through the network (Network::probe); refused, naming
    /// "probe.batch", when the batch is outside 1..ProbeSettings::kMaxBatch.
    static Result set_probe(const Network& network, const ProbeSettings& probe);

    /// A name not used by any layer: the stem without trailing digits, then one more than the
    /// highest number in use after it ("fc" or "fc2" → "fc4" when fc1..fc3 exist; "" → "layer1").
    static std::string unique_layer_name(const Network& network, const std::string& stem);
};

}  // namespace initscope
