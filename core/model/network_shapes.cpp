#include "core/model/network_shapes.h"

#include "core/model/saturating_count.h"

#include <algorithm>
#include <cmath>

namespace initscope {

namespace {

std::string prefix(size_t i) {
    return "layers[" + std::to_string(i) + "].";
}

/// "100", or "32 × 32 × 32 = 32768" for a shape that is flattened.
std::string flattened_text(const NetworkShapes::Shape& shape) {
    std::string out;
    for (size_t i = 0; i < shape.size(); ++i)
        out += (i > 0 ? " × " : "") + std::to_string(shape[i]);
    if (shape.size() > 1) out += " = " + std::to_string(SaturatingCount::product(shape));
    return out;
}

}  // namespace

std::string NetworkShapes::list_text(const Shape& values) {
    std::string out = "[";
    for (size_t i = 0; i < values.size(); ++i)
        out += (i > 0 ? ", " : "") + std::to_string(values[i]);
    return out + "]";
}

bool NetworkShapes::layer_sizes_valid(const Layer& layer) {
    if (layer.in <= 0 || layer.out <= 0) return false;
    if (!layer.is_conv())
        return layer.kernel_size.empty() && layer.stride == 1 && layer.padding == 0 &&
               layer.groups == 1;
    if (static_cast<int>(layer.kernel_size.size()) != layer.spatial_dims()) return false;
    for (int64_t k : layer.kernel_size)
        if (k <= 0) return false;
    return layer.stride > 0 && layer.padding >= 0 && layer.groups > 0 &&
           layer.in % layer.groups == 0 && layer.out % layer.groups == 0;
}

bool NetworkShapes::input_shape_usable(const Network& network) {
    if (!network.input_shape || network.input_shape->empty() || network.input_shape->size() > 3)
        return false;
    for (int64_t d : *network.input_shape)
        if (d <= 0) return false;
    return true;
}

NetworkShapes::Walk NetworkShapes::walk(const Network& network) {
    Walk walk;
    Shape current = *network.input_shape;
    static const char* const axis_names[2][2] = {{"length", ""}, {"height", "width"}};
    for (size_t i = 0; i < network.layers.size(); ++i) {
        const Layer& layer = network.layers[i];
        const std::string p = prefix(i);
        if (!layer_sizes_valid(layer)) break;
        if (!layer.is_conv()) {
            const int64_t flat = SaturatingCount::product(current);
            if (i == 0 && layer.in != flat)
                walk.problems.push_back(p +
                                        "in_features: must equal the input size given by "
                                        "input_shape (" +
                                        flattened_text(current) + "), got " +
                                        std::to_string(layer.in));
            if (i > 0 && network.layers[i - 1].is_conv() && layer.in != flat)
                walk.problems.push_back(p +
                                        "in_features: must equal the flattened output of "
                                        "layers[" +
                                        std::to_string(i - 1) + "] (" + flattened_text(current) +
                                        "), got " + std::to_string(layer.in));
            current = {layer.out};
            walk.outputs.push_back(current);
            continue;
        }
        const int dims = layer.spatial_dims();
        if (static_cast<int>(current.size()) != dims + 1) {
            if (i == 0)
                walk.problems.push_back(
                    std::string("input_shape: a first ") +
                    std::string(Layer::kind_name(layer.kind)) + " layer needs " +
                    (dims == 1 ? "[channels, length]" : "[channels, height, width]") + ", got " +
                    list_text(current));
            break;  // after a linear or another conv kind: reported by the chaining rules
        }
        if (i == 0 && layer.in != current[0])
            walk.problems.push_back(p +
                                    "in_channels: must equal the input's channels "
                                    "(input_shape[0] = " +
                                    std::to_string(current[0]) + "), got " +
                                    std::to_string(layer.in));
        Shape next{layer.out};
        bool fits = true;
        for (int d = 0; d < dims && fits; ++d) {
            const int64_t size = current[static_cast<size_t>(d + 1)];
            const int64_t k = layer.kernel_size[static_cast<size_t>(d)];
            const int64_t padded =
                SaturatingCount::add(size, SaturatingCount::product(2, layer.padding));
            if (padded < k) {
                walk.problems.push_back(
                    p + "kernel_size: " + std::to_string(k) + " is larger than the padded input " +
                    axis_names[dims - 1][d] + " (" + std::to_string(size) + " + 2·" +
                    std::to_string(layer.padding) + " = " + std::to_string(padded) + ")");
                fits = false;
                break;
            }
            // PyTorch: H_out = ⌊(H + 2p − k)/s⌋ + 1 (dilation 1).
            next.push_back((padded - k) / layer.stride + 1);
        }
        if (!fits) break;
        current = std::move(next);
        walk.outputs.push_back(current);
    }
    return walk;
}

std::optional<std::vector<NetworkShapes::Shape>> NetworkShapes::output_shapes(
    const Network& network) {
    if (!input_shape_usable(network)) return std::nullopt;
    Walk w = walk(network);
    if (w.outputs.size() != network.layers.size() || !w.problems.empty()) return std::nullopt;
    return std::move(w.outputs);
}

bool NetworkShapes::rechain_after(Network& network, int index) {
    if (index < 0 || static_cast<size_t>(index) + 1 >= network.layers.size()) return false;
    const Layer& layer = network.layers[static_cast<size_t>(index)];
    Layer& next = network.layers[static_cast<size_t>(index) + 1];
    if (layer.out <= 0) return false;
    int64_t wanted = next.in;
    if (layer.is_conv() == next.is_conv()) {
        if (layer.kind != next.kind && layer.is_conv()) return false;
        wanted = layer.out;
    } else if (layer.is_conv()) {
        std::optional<int64_t> exact;
        if (input_shape_usable(network)) {
            const Walk w = walk(network);
            if (w.outputs.size() > static_cast<size_t>(index))
                exact = SaturatingCount::product(w.outputs[static_cast<size_t>(index)]);
        }
        if (exact) {
            wanted = *exact;
        } else if (next.in % layer.out != 0) {
            const int64_t factor = std::max<int64_t>(
                1, std::llround(static_cast<double>(next.in) / static_cast<double>(layer.out)));
            wanted = SaturatingCount::product(factor, layer.out);
        }
    } else {
        return false;  // linear → conv never chains
    }
    if (wanted == next.in) return false;
    next.in = wanted;
    return true;
}

bool NetworkShapes::rechain_after(Network& network, int index, int64_t previous_out) {
    if (index < 0 || static_cast<size_t>(index) + 1 >= network.layers.size()) return false;
    const Layer& layer = network.layers[static_cast<size_t>(index)];
    Layer& next = network.layers[static_cast<size_t>(index) + 1];
    const bool spatial_unknown = !network.input_shape || !output_shapes(network).has_value();
    if (layer.is_conv() && !next.is_conv() && spatial_unknown && previous_out > 0 &&
        layer.out > 0 && next.in % previous_out == 0) {
        const int64_t wanted = SaturatingCount::product(next.in / previous_out, layer.out);
        if (wanted == next.in) return false;
        next.in = wanted;
        return true;
    }
    return rechain_after(network, index);
}

}  // namespace initscope
