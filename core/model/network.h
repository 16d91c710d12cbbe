#pragma once

#include "core/model/layer.h"
#include "core/model/probe_settings.h"
#include "core/torch/flavour.h"

#include <cstdint>
#include <optional>
#include <vector>

namespace initscope {

/// An ordered list of layers plus the seed and arithmetic flavour that materialize it.
/// `input_shape`, when set ([C, H, W], [C, L] or [features]), fixes the input so chaining is
/// checked exactly; otherwise a linear after a conv only needs in_features % out_channels == 0.
/// Whether it can be materialized: NetworkValidation; the shapes it produces: NetworkShapes; its
/// edits: NetworkEdits; the memory its work needs: MemoryBudget.
struct Network {
    std::vector<Layer> layers;
    uint64_t seed = 0;  ///< as torch.manual_seed takes it (two's complement for negatives; Seed)
    Flavour flavour = Flavour::Fma;
    std::optional<std::vector<int64_t>> input_shape;
    ProbeSettings probe;  ///< how the probe pushes a batch through it (core/propagation/probe.h)

    /// Element counts, saturating at INT64_MAX instead of overflowing.
    int64_t parameter_count() const;
    int64_t weight_count() const;
    int64_t bias_count() const;

    bool operator==(const Network&) const = default;
};

}  // namespace initscope
