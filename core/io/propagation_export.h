#pragma once

#include "core/propagation/mean_field.h"
#include "core/propagation/probe.h"

#include <QByteArray>

#include <vector>

namespace initscope {

/// The probe's per-layer figures and the mean-field prediction beside them, as the JSON of
/// `--propagation` (UTF-8, indented; non-finite numbers and values that do not apply are null):
///   {"batch": N, "input": "normal"|"uniform", "layers": [{"layer", "activation",
///    "pre": {mean, std, min, max}, "post": {…}, "saturated", "dead", "zeros", "grad_pre_std",
///    "grad_post_std", "weight_grad_std", "bias_grad_std", "grad_data_ratio",
///    "theory": {"pre_std", "chi1", "grad_pre_std", "sigma_w2", "sigma_b2", "note"}}, …]}
/// one entry per layer, in order. saturated is for tanh and sigmoid, dead and zeros for relu
/// (fractions in [0, 1]); bias_grad_std is null without a bias. The PyTorch script's --probe
/// prints the same keys but theory, so the two can be compared.
class PropagationExport {
public:
    /// `theory` has one entry per layer of `probe` (MeanField::predict), or is empty (then every
    /// "theory" is null).
    static QByteArray json(const ProbeResult& probe, const std::vector<MeanFieldLayer>& theory);
};

}  // namespace initscope
