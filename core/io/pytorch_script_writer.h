#pragma once

#include "core/model/network.h"

#include <string>

namespace initscope {

/// Writes a self-contained Python script that, run with PyTorch, builds the same network (an
/// nn.Module whose named_parameters() are `<layer>.weight` / `<layer>.bias`), seeds the generator,
/// applies the same torch.nn.init calls in the same order and so yields tensors bit-identical to
/// InitScope's (PyTorch 1.13.1; orthogonal_ within LAPACK rounding; see the script's header).
/// Keras/JAX schemes appear as the equivalent torch call with a comment naming the original.
/// The module is left in the module-level variable `model`; run as a program the script prints a
/// per-tensor summary, and with `--dump-npy DIR` writes `<layer>.<tensor>.npy` (float32).
///
/// With `with_probe`, the script also holds `probe()` (PytorchProbeScript): the probe's forward
/// and backward pass of a batch drawn right after the inits, as InitScope's Probe runs it; run as
/// a program such a script prints the probe's JSON (the headless --propagation format, without
/// the theory) instead of the summary (`--dump-npy DIR` still writes the tensors).
class PytorchScriptWriter {
public:
    static std::string write(const Network& network, const std::string& source_name,
                             bool with_probe = false);

    /// The torch.nn.init call for one tensor, e.g. "nn.init.xavier_normal_(w, gain=1.0)" for
    /// target "w"; empty for torch_default (the constructor's draw stands).
    static std::string init_call(const InitSpec& spec, const TensorContext& context,
                                 const std::string& target);

    /// The forward call of a layer's activation applied to `argument`, e.g. "torch.relu(a)";
    /// empty for linear (the identity).
    static std::string activation_call(const Layer& layer, const std::string& argument);
    /// True when layer `index` is a linear whose input has more than one dimension per sample
    /// (after a conv, or a multi-dimensional input_shape): torch.flatten(h, 1) comes first.
    static bool flattens_input(const Network& network, size_t index);
};

}  // namespace initscope
