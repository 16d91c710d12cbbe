#pragma once

#include "core/model/network.h"
#include "core/model/tensor_context.h"

#include <optional>
#include <string>
#include <vector>

namespace initscope {

/// Whether a network can be materialized, and if not, why: one message per problem, naming the
/// place as a config file spells it.
class NetworkValidation {
public:
    /// The longest layer name, in UTF-8 bytes. A name becomes file names ("<name>.weight.npy",
    /// "<name>.weight.png", a staging ".<name>.weight.npy.<pid>.staged"), and a file name is at
    /// most 255 bytes on Linux, macOS and Windows; 64 leaves room and fits a table column.
    static constexpr size_t kMaxNameBytes = 64;

    /// Every problem that prevents materializing, one message each, naming the place:
    /// "layers[2].weight_init.std: must be ≥ 0, got -1", "layers[1].in_features: must equal the
    /// previous layer's out_features (100), got 50". Empty when the network is valid.
    /// A layer name must be non-empty, at most kMaxNameBytes, valid UTF-8 without '/', '\\' or
    /// control characters, must not start with '.', and must differ from every other layer's
    /// name even when ASCII case is ignored (case-insensitive file systems). Text echoed back is
    /// QuotedText::shown.
    static std::vector<std::string> problems(const Network& network);

    /// Why layer `index`'s weight (or bias) initialization does not fit its tensor, worded as
    /// problems() words it ("layers[0].bias_init: sparse needs a 2-D tensor …"), or nullopt.
    /// Precondition: 0 ≤ index < layers.size() and the layer's sizes are valid.
    static std::optional<std::string> init_problem(const Network& network, size_t index,
                                                   TensorRole role);
};

}  // namespace initscope
