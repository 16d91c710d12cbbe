#pragma once
// Helpers of the spectrum tests (tst_weight_spectrum, tst_spectrum_theory): layers with a given
// weight scheme and their materialized weights.

#include "core/model/materializer.h"
#include "core/schemes/scheme_registry.h"

#include <QtTest>
#include "test_support.h"

#include <initializer_list>
#include <string>
#include <utility>

namespace initscope::test {

/// The registry's defaults for `id`, with `params` set.
inline InitSpec spec(SchemeId id,
                     std::initializer_list<std::pair<const char*, ParamValue>> params = {}) {
    InitSpec s = SchemeRegistry::defaults(id);
    for (const auto& [name, value] : params) s.set(name, value);
    return s;
}

/// A linear layer `in` → `out` whose weight is drawn by `weight` (bias zeros).
inline Layer linear_init(const std::string& name, int64_t in, int64_t out, InitSpec weight) {
    return test::linear_layer(name, in, out, std::move(weight), spec(SchemeId::Zeros));
}

/// A 3×3 conv2d layer whose weight is drawn by `weight`, with `groups` groups.
inline Layer conv2d_init(const std::string& name, int64_t in, int64_t out, InitSpec weight,
                         int64_t groups = 1) {
    Layer layer = test::conv2d(name, in, out, 3);
    layer.weight_init = std::move(weight);
    layer.groups = groups;
    return layer;
}

/// The weight of `layer` as Materializer draws it in a network of that layer alone.
inline Tensor weight_of(const Layer& layer, uint64_t seed = 7) {
    Network network;
    network.seed = seed;
    network.layers = {layer};
    const QStringList problems = test::problems(network);
    if (!problems.isEmpty()) qFatal("%s", qPrintable(problems.join("; ")));
    return Materializer::materialize(network).front().weight;
}

}  // namespace initscope::test
