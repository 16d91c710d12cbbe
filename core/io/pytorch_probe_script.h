#pragma once

#include "core/model/network.h"

#include <string>

namespace initscope {

/// The probe's part of the generated PyTorch script (PytorchScriptWriter::write with
/// `with_probe`): module-level PROBE_BATCH, PROBE_INPUT and PROBE_INPUT_SHAPE from
/// network.probe, and `probe()`, which does what Probe::run does (signal-propagation.md §1):
/// right after the inits it draws x = torch.randn(batch, *input_shape) (or the uniform input),
/// runs every layer keeping a and h = φ(a) with retain_grad(), draws g = torch.randn_like(out),
/// calls out.backward(g) and returns
/// {"batch", "input", "layers": [{"layer", "activation", "pre": {"mean", "std", "min", "max"},
/// "post": {…}, "saturated", "dead", "grad_pre_std", "grad_post_std", "weight_grad_std",
/// "bias_grad_std", "grad_data_ratio"}, …]}, statistics in float64, std with unbiased=False, None
/// (JSON null) where a value does not apply or is not finite. Every name is escaped with
/// PythonLiteral.
class PytorchProbeScript {
public:
    /// Python source to place after `model = build()`; it draws nothing until probe() is called.
    static std::string definitions(const Network& network);
};

}  // namespace initscope
