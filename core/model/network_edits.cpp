#include "core/model/network_edits.h"

#include "core/model/network_shapes.h"
#include "core/model/network_validation.h"
#include "core/model/saturating_count.h"
#include "core/schemes/scheme_registry.h"

#include <algorithm>

namespace initscope {

namespace {

using Result = NetworkEdits::Result;

Result refused(std::string error) {
    Result result;
    result.error = std::move(error);
    return result;
}

Result edited(Network network, int layer) {
    Result result;
    result.network = std::move(network);
    result.layer = layer;
    return result;
}

std::string place(int index) {
    return "layers[" + std::to_string(index) + "]";
}

bool exists(const Network& network, int index) {
    return index >= 0 && index < static_cast<int>(network.layers.size());
}

Result no_such_layer(const Network& network, int index) {
    return refused(place(index) + ": no such layer (the network has " +
                   std::to_string(network.layers.size()) + ")");
}

Layer& layer_of(Network& network, int index) {
    return network.layers[static_cast<size_t>(index)];
}

/// `spec` with its "nonlinearity" (and, for leaky_relu, its "a" = the layer's negative slope) set
/// from `layer`'s activation; unchanged when the scheme has no nonlinearity or the activation has
/// no calculate_gain name.
InitSpec with_layer_nonlinearity(InitSpec spec, const Layer& layer) {
    const std::optional<Nonlinearity> nonlinearity = NonlinearityInfo::of(layer.activation);
    if (!nonlinearity || SchemeRegistry::param(spec.scheme(), "nonlinearity") == nullptr)
        return spec;
    spec.set("nonlinearity", std::string(ChoiceSpelling::name(*nonlinearity)));
    if (*nonlinearity == Nonlinearity::LeakyRelu) spec.set("a", layer.negative_slope);
    return spec;
}

/// `network` with `spec` as layer `index`'s weight or bias initialization, if it fits.
Result with_init(Network network, int index, TensorRole role, const InitSpec& spec) {
    Layer& layer = layer_of(network, index);
    if (role == TensorRole::Bias && !layer.bias)
        return refused(place(index) + ".bias_init: the layer has no bias");
    layer.init(role) = spec;
    if (NetworkShapes::layer_sizes_valid(layer))
        if (auto problem = NetworkValidation::init_problem(network, size_t(index), role))
            return refused(*problem);
    return edited(std::move(network), index);
}

}  // namespace

Result NetworkEdits::add_layer(const Network& network, int index) {
    Network next = network;
    if (next.layers.empty()) {
        Layer first;
        first.name = "fc1";
        first.in = first.out = 100;
        next.layers.push_back(first);
        return edited(std::move(next), 0);
    }
    if (!exists(next, index)) index = static_cast<int>(next.layers.size()) - 1;
    const Layer& before = layer_of(next, index);
    Layer added;
    added.kind = before.kind;
    added.in = added.out = before.out;
    added.activation = before.activation;
    added.negative_slope = before.negative_slope;
    if (before.is_conv()) {
        added.kernel_size = before.kernel_size;
        added.padding = before.kernel_size.empty() ? 0 : before.kernel_size.front() / 2;
    }
    added.name = unique_layer_name(next, before.is_conv() ? "conv" : "fc");
    next.layers.insert(next.layers.begin() + index + 1, std::move(added));
    return edited(std::move(next), index + 1);
}

Result NetworkEdits::remove_layer(const Network& network, int index) {
    if (!exists(network, index)) return no_such_layer(network, index);
    if (network.layers.size() == 1) return refused("layers: a network needs at least one layer");
    Network next = network;
    const int64_t input = layer_of(next, index).in;
    next.layers.erase(next.layers.begin() + index);
    if (index > 0)
        NetworkShapes::rechain_after(next, index - 1);
    else
        next.layers.front().in = input;  // the network keeps its input size
    return edited(std::move(next), std::min(index, static_cast<int>(next.layers.size()) - 1));
}

Result NetworkEdits::duplicate_layer(const Network& network, int index) {
    if (!exists(network, index)) return no_such_layer(network, index);
    Network next = network;
    Layer copy = layer_of(next, index);
    copy.name = unique_layer_name(next, copy.name + "_copy");
    copy.in = copy.out;
    if (copy.is_conv()) copy.groups = 1;
    next.layers.insert(next.layers.begin() + index + 1, std::move(copy));
    NetworkShapes::rechain_after(next, index + 1);
    return edited(std::move(next), index + 1);
}

Result NetworkEdits::move_layer(const Network& network, int index, int delta) {
    if (!exists(network, index)) return no_such_layer(network, index);
    const int target = index + delta;
    if (delta == 0 || !exists(network, target))
        return refused(place(index) + ": cannot move by " + std::to_string(delta) +
                       " in a network of " + std::to_string(network.layers.size()) + " layers");
    Network next = network;
    const int64_t input = next.layers.front().in;
    Layer moved = std::move(layer_of(next, index));
    next.layers.erase(next.layers.begin() + index);
    next.layers.insert(next.layers.begin() + target, std::move(moved));
    next.layers.front().in = input;
    for (int i = 0; i + 1 < static_cast<int>(next.layers.size()); ++i)
        NetworkShapes::rechain_after(next, i);
    return edited(std::move(next), target);
}

Result NetworkEdits::rename_layer(const Network& network, int index, const std::string& name) {
    if (!exists(network, index)) return no_such_layer(network, index);
    if (name.empty()) return refused(place(index) + ".name: must not be empty");
    Network next = network;
    layer_of(next, index).name = name;
    return edited(std::move(next), index);
}

Result NetworkEdits::set_shape(const Network& network, int index,
                               const std::vector<int64_t>& weight_shape) {
    if (!exists(network, index)) return no_such_layer(network, index);
    Network next = network;
    Layer& layer = layer_of(next, index);
    const TensorShape current = layer.weight_shape();
    const TensorShape wanted(weight_shape);
    if (wanted.rank() != current.rank())
        return refused(place(index) + ": expected " + std::to_string(current.rank()) + " sizes (" +
                       current.to_string() + "), got " + wanted.to_string());
    for (int64_t size : weight_shape)
        if (size <= 0)
            return refused(place(index) + ": every size must be > 0, got " + wanted.to_string());
    const int64_t groups = layer.is_conv() ? layer.groups : 1;
    const int64_t in = SaturatingCount::product(weight_shape[1], groups);
    if (SaturatingCount::product(weight_shape) == SaturatingCount::kMax ||
        in == SaturatingCount::kMax)
        return refused(place(index) + ": the weight " + wanted.to_string() +
                       " has more elements than a 64-bit count can hold");
    if (index == 0) {
        layer.in = in;
        if (next.input_shape && !next.input_shape->empty()) next.input_shape->front() = in;
    } else if (in != layer.in) {
        return refused("its input is " + std::to_string(layer.in) + ", the output of " +
                       network.layers[size_t(index) - 1].name + " (change that layer instead)");
    }
    layer.out = weight_shape[0];
    layer.kernel_size.assign(weight_shape.begin() + 2, weight_shape.end());
    NetworkShapes::rechain_after(next, index);
    return edited(std::move(next), index);
}

Result NetworkEdits::set_activation(const Network& network, int index, Activation activation) {
    if (!exists(network, index)) return no_such_layer(network, index);
    Network next = network;
    layer_of(next, index).activation = activation;
    return edited(std::move(next), index);
}

Result NetworkEdits::set_init(const Network& network, int index, TensorRole role,
                              const InitSpec& spec) {
    if (!exists(network, index)) return no_such_layer(network, index);
    return with_init(network, index, role, spec);
}

Result NetworkEdits::set_scheme(const Network& network, int index, TensorRole role,
                                SchemeId scheme) {
    if (!exists(network, index)) return no_such_layer(network, index);
    const Layer& layer = network.layers[size_t(index)];
    const InitSpec& current = layer.init(role);
    if (current.scheme() == scheme) return edited(network, index);  // keeps its parameters
    return with_init(network, index, role,
                     with_layer_nonlinearity(SchemeRegistry::defaults(scheme), layer));
}

Result NetworkEdits::use_layer_activation(const Network& network, int index, TensorRole role) {
    if (!exists(network, index)) return no_such_layer(network, index);
    const Layer& layer = network.layers[size_t(index)];
    const std::string activation(ChoiceSpelling::name(layer.activation));
    const std::optional<Nonlinearity> nonlinearity = NonlinearityInfo::of(layer.activation);
    if (!nonlinearity)
        return refused(place(index) + ": calculate_gain has no gain for its activation " +
                       activation);
    InitSpec spec = layer.init(role);
    if (SchemeRegistry::param(spec.scheme(), "nonlinearity") != nullptr) {
        spec = with_layer_nonlinearity(std::move(spec), layer);
    } else if (SchemeRegistry::param(spec.scheme(), "gain") != nullptr) {
        spec.set("gain", NonlinearityInfo::gain(*nonlinearity, layer.negative_slope));
    } else {
        return refused(place(index) + "." + std::string(Layer::role_name(role)) +
                       "_init: " + SchemeRegistry::info(spec.scheme()).key +
                       " has neither a nonlinearity nor a gain");
    }
    return with_init(network, index, role, spec);
}

Result NetworkEdits::set_init_parameter(const Network& network, int index, TensorRole role,
                                        const std::string& name, const ParamValue& value) {
    if (!exists(network, index)) return no_such_layer(network, index);
    const Layer& layer = network.layers[size_t(index)];
    InitSpec spec = layer.init(role);
    spec.set(name, value);
    return with_init(network, index, role, spec);
}

Result NetworkEdits::apply_to_all(const Network& network, TensorRole role, const InitSpec& spec) {
    Network next = network;
    for (int i = 0; i < static_cast<int>(next.layers.size()); ++i) {
        if (role == TensorRole::Bias && !layer_of(next, i).bias) continue;
        Result one = with_init(std::move(next), i, role, spec);
        if (!one) return one;
        next = std::move(*one.network);
    }
    return edited(std::move(next), -1);
}

Result NetworkEdits::set_seed(const Network& network, uint64_t seed) {
    Network next = network;
    next.seed = seed;
    return edited(std::move(next), -1);
}

Result NetworkEdits::set_flavour(const Network& network, Flavour flavour) {
    Network next = network;
    next.flavour = flavour;
    return edited(std::move(next), -1);
}

Result NetworkEdits::set_probe(const Network& network, const ProbeSettings& probe) {
    if (probe.batch < 1 || probe.batch > ProbeSettings::kMaxBatch)
        return refused("probe.batch: expected 1 to " + std::to_string(ProbeSettings::kMaxBatch) +
                       " samples, got " + std::to_string(probe.batch));
    Network next = network;
    next.probe = probe;
    return edited(std::move(next), -1);
}

std::string NetworkEdits::unique_layer_name(const Network& network, const std::string& stem) {
    std::string base = stem;
    while (!base.empty() && base.back() >= '0' && base.back() <= '9') base.pop_back();
    if (base.empty()) base = "layer";
    int64_t highest = 0;
    for (const Layer& layer : network.layers) {
        if (layer.name.size() <= base.size() || layer.name.compare(0, base.size(), base) != 0)
            continue;
        const std::string digits = layer.name.substr(base.size());
        if (digits.size() > 9 || digits.find_first_not_of("0123456789") != std::string::npos)
            continue;
        highest = std::max<int64_t>(highest, std::stoll(digits));
    }
    return base + std::to_string(highest + 1);
}

}  // namespace initscope
