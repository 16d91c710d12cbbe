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
class PytorchScriptWriter {
public:
    static std::string write(const Network& network, const std::string& source_name);

    /// The torch.nn.init call for one tensor, e.g. "nn.init.xavier_normal_(w, gain=1.0)" for
    /// target "w"; empty for torch_default (the constructor's draw stands).
    static std::string init_call(const InitSpec& spec, const TensorContext& context,
                                 const std::string& target);
};

}  // namespace initscope
