#pragma once

#include "core/model/activation.h"
#include "core/model/network.h"
#include "core/model/parameters.h"
#include "core/model/progress.h"
#include "core/stats/histogram.h"
#include "core/stats/sample_statistics.h"
#include "core/torch/torch_generator.h"

#include <optional>
#include <string>
#include <vector>

namespace initscope {

/// What one layer did to the probe batch (signal-propagation.md §1). a = pre-activation (the
/// layer's output), h = φ(a) (post-activation). Statistics run over batch × units (× positions for
/// a conv) and are accumulated in double.
struct LayerSignal {
    std::string layer;
    ActivationFunction activation;
    SampleStatistics pre, post;
    Histogram pre_histogram, post_histogram;  ///< 40 bins over each sample's [min, max]
    /// tanh: fraction of h with |h| > 0.97; sigmoid: h < 0.03 or h > 0.97 (h compared in double);
    /// nullopt for the other activations.
    std::optional<double> saturated_fraction;
    /// relu: units (features, or channels of a conv) whose h is 0 for every sample and position,
    /// as a fraction of the units; nullopt for the other activations.
    std::optional<double> dead_fraction;
    /// relu: fraction of all h values that are exactly 0; nullopt for the other activations.
    std::optional<double> zero_fraction;
    double grad_pre_std = 0;              ///< std of ∂L/∂a
    double grad_post_std = 0;             ///< std of ∂L/∂h
    double weight_grad_std = 0;           ///< std of ∂L/∂W
    std::optional<double> bias_grad_std;  ///< std of ∂L/∂b; nullopt without a bias
    double grad_data_ratio = 0;           ///< std(∂L/∂W) / std(W); NaN when std(W) = 0
};

struct ProbeResult {
    ProbeSettings settings;
    std::vector<LayerSignal> layers;  ///< one per layer, in order
};

/// One forward and one backward pass of a batch through the materialized network, as PyTorch
/// runs it (signal-propagation.md §1): after materializing, the same generator draws
/// x = torch.randn(batch, *input_shape) (or the uniform input), the forward pass computes every
/// layer's a and h (a linear after a conv flattens), g = torch.randn_like(out), and the backward
/// pass of L = (out·g).sum() gives ∂L/∂a, ∂L/∂h, ∂L/∂W, ∂L/∂b (∂L/∂h of layer l is the gradient
/// at its output h_l; for the last layer it is g). float32 tensors, MatrixProduct GEMMs (LayerPass;
/// conv: im2col); statistics agree with PyTorch's within 1e-4 relative on std, not bit for bit
/// (tst_probe_parity), and are the same for any thread count. The generated PyTorch script
/// carries the same probe (PytorchScriptWriter::write with `with_probe`).
class Probe {
public:
    /// Why this network cannot be probed, or nullopt: "the network has no layers to push a batch
    /// through", "probe batch: must be 1 to 100000, got 0", "a conv network needs input_shape
    /// ([channels, length] or [channels, height, width]) to be probed". Without input_shape an
    /// all-linear network's input is [in_features of the first layer]; a linear first layer
    /// reads a multi-dimensional input_shape flattened.
    static std::optional<std::string> unavailable_reason(const Network& network);

    /// Preconditions: NetworkValidation::problems(network) and unavailable_reason(network) are
    /// empty; `parameters` is what Materializer::materialize(network, generator) returned and
    /// `generator` is in the state it left. Throws Cancelled when `progress` returns false.
    static ProbeResult run(const Network& network, const Parameters& parameters,
                           TorchGenerator& generator, const ProgressCallback& progress = {});

    /// The memory run() needs at its peak beside the parameters, in bytes (saturating): the
    /// input and every layer's a and h kept for the backward pass (h is a for a linear
    /// activation), the gradients of one layer at a time, the conv's im2col buffers and partial
    /// weight gradients (LayerPass::scratch_floats) and the result's histograms. For
    /// MemoryBudget. Precondition: NetworkValidation::problems(network) is empty; 0 when
    /// unavailable_reason(network) is set.
    static int64_t working_bytes(const Network& network);
};

}  // namespace initscope
