#pragma once

#include "core/model/layer.h"
#include "core/torch/flavour.h"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace initscope {

/// An ordered list of layers plus the seed and arithmetic flavour that materialize it.
/// `input_shape`, when set ([C, H, W], [C, L] or [features]), fixes the input so chaining is
/// checked exactly; otherwise a linear after a conv only needs in_features % out_channels == 0.
struct Network {
    std::vector<Layer> layers;
    uint64_t seed = 0;  ///< as torch.manual_seed takes it (two's complement for negatives)
    Flavour flavour = Flavour::Fma;
    std::optional<std::vector<int64_t>> input_shape;

    int64_t parameter_count() const;
    int64_t weight_count() const;
    int64_t bias_count() const;

    /// Every problem that prevents materializing, one message each, naming the place:
    /// "layers[2].weight_init.std: must be ≥ 0, got -1", "layers[1].in_features: must equal the
    /// previous layer's out_features (100), got 50". Empty when the network is valid.
    std::vector<std::string> problems() const;

    /// After a layer's `out` changes, makes the next layer's `in` follow so the network chains
    /// (linear→linear, conv→conv; conv→linear keeps the spatial factor). Returns true if changed.
    /// conv→linear: with input_shape the next in_features becomes the exact flattened output;
    /// without it the spatial factor is unknown, so in_features is kept when it is still a multiple
    /// of the new out_channels and otherwise rounded to the nearest multiple (use the overload).
    bool rechain_after(int index);
    /// As above, knowing the layer's `out` before the change: conv→linear keeps the spatial factor
    /// next.in / previous_out exactly when that divides.
    bool rechain_after(int index, int64_t previous_out);

    /// Why this machine cannot hold the materialized parameters (4 bytes each), or nullopt:
    /// "network: its 10,000,000,000 parameters need 37.3 GiB as float32, but only 11.5 GiB of
    /// memory is available (InitScope uses at most half of MemAvailable)". Call it before
    /// materializing. When MemAvailable is unknown (no /proc/meminfo) only overflow is refused.
    std::optional<std::string> memory_problem() const;
    /// The same check against `available_bytes` of free memory (for tests and other platforms).
    std::optional<std::string> memory_problem(int64_t available_bytes) const;
    /// MemAvailable from /proc/meminfo, in bytes; nullopt when it cannot be read.
    static std::optional<int64_t> available_memory_bytes();
    /// The float32 bytes the parameters take: 4·parameter_count(), saturating at INT64_MAX.
    int64_t parameter_bytes() const;

    /// The shape each layer produces given input_shape ([C, H, W], [C, L] or [features]), in
    /// layer order; nullopt without input_shape or when the sizes do not chain (see problems()).
    std::optional<std::vector<std::vector<int64_t>>> output_shapes() const;

    /// A name not used by any layer: "fc4", "fc5", ...
    std::string unique_layer_name(const std::string& stem) const;

    /// A seed as text, as torch.manual_seed takes it: a decimal integer from −2^63 to 2^64 − 1,
    /// negative values as their two's complement. nullopt when the text is not such an integer.
    static std::optional<uint64_t> parse_seed(std::string_view text);

    bool operator==(const Network&) const = default;
};

}  // namespace initscope
