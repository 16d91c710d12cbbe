#pragma once
// Networks and summaries for the plot and tab tests, built in code (no preset files): the
// lecture's network Linear 100→100→100→100→100→2 (ReLU, PyTorch defaults, seed 0), summarized
// by the core exactly as the window does it.

#include "core/model/materializer.h"
#include "core/model/network.h"
#include "core/stats/network_summary.h"

#include <memory>
#include <string>
#include <vector>

namespace initscope::test {

/// `sizes` = {in, out1, out2, ...}: one linear layer per consecutive pair, named like the
/// course preset (input, fc1, fc2, ..., output).
inline Network linear_network(const std::vector<int64_t>& sizes, uint64_t seed = 0) {
    Network network;
    network.seed = seed;
    const size_t count = sizes.size() - 1;
    for (size_t i = 0; i < count; ++i) {
        Layer layer;
        layer.name = i == 0 ? "input" : i + 1 == count ? "output" : "fc" + std::to_string(i);
        layer.kind = LayerKind::Linear;
        layer.in = sizes[i];
        layer.out = sizes[i + 1];
        layer.activation = i + 1 == count ? Activation::Linear : Activation::Relu;
        network.layers.push_back(layer);
    }
    return network;
}

/// The course network: 402 biases, 40,200 weights.
inline Network course_network() {
    return linear_network({100, 100, 100, 100, 100, 2});
}

inline std::shared_ptr<const NetworkSummary> summarize(const Network& network,
                                                       const HistogramOptions& options = {}) {
    const Parameters parameters = Materializer::materialize(network);
    return std::make_shared<const NetworkSummary>(NetworkSummary::of(network, parameters, options));
}

}  // namespace initscope::test
