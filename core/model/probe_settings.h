#pragma once

#include <cstdint>

namespace initscope {

/// The probe's input: `x = torch.randn(batch, *input_shape)` (normal, q0 = E[x²] = 1) or
/// `torch.empty(batch, *input_shape).uniform_(-√3, √3)` (uniform, also q0 = 1).
enum class ProbeInput { Normal, Uniform };

/// How the probe pushes a batch through the network (signal-propagation.md §1). Saved in the
/// config as `"probe": {"batch": 1000, "input": "normal"}` (config version 2).
struct ProbeSettings {
    static constexpr int64_t kDefaultBatch = 1000;
    static constexpr int64_t kMaxBatch = 100000;  ///< 1 ≤ batch ≤ kMaxBatch

    int64_t batch = kDefaultBatch;
    ProbeInput input = ProbeInput::Normal;

    bool operator==(const ProbeSettings&) const = default;
};

}  // namespace initscope
