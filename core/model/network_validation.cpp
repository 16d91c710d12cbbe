#include "core/model/network_validation.h"

#include "core/model/network_shapes.h"
#include "core/model/quoted_text.h"
#include "core/model/saturating_count.h"
#include "core/schemes/scheme_registry.h"

#include <map>

namespace initscope {

namespace {

std::string prefix(size_t i) {
    return "layers[" + std::to_string(i) + "].";
}

/// Problems of one layer on its own: sizes, kernel, stride, padding, groups.
void layer_size_problems(const Layer& layer, const std::string& p, std::vector<std::string>& out) {
    const std::string in_key(layer.in_key()), out_key(layer.out_key());
    if (layer.in <= 0) out.push_back(p + in_key + ": must be > 0, got " + std::to_string(layer.in));
    if (layer.out <= 0)
        out.push_back(p + out_key + ": must be > 0, got " + std::to_string(layer.out));
    if (!layer.is_conv()) {
        if (!layer.kernel_size.empty())
            out.push_back(p + "kernel_size: a linear layer has no kernel, got " +
                          NetworkShapes::list_text(layer.kernel_size));
        if (layer.stride != 1)
            out.push_back(p + "stride: a linear layer has no stride (1), got " +
                          std::to_string(layer.stride));
        if (layer.padding != 0)
            out.push_back(p + "padding: a linear layer has no padding (0), got " +
                          std::to_string(layer.padding));
        if (layer.groups != 1)
            out.push_back(p + "groups: a linear layer has no groups (1), got " +
                          std::to_string(layer.groups));
        return;
    }
    const auto dims = static_cast<size_t>(layer.spatial_dims());
    if (layer.kernel_size.size() != dims) {
        out.push_back(p + "kernel_size: a " + std::string(Layer::kind_name(layer.kind)) +
                      " needs " + std::to_string(dims) + " size" + (dims == 1 ? "" : "s") +
                      ", got " + NetworkShapes::list_text(layer.kernel_size));
    } else {
        for (int64_t k : layer.kernel_size) {
            if (k <= 0) {
                out.push_back(p + "kernel_size: every size must be > 0, got " +
                              NetworkShapes::list_text(layer.kernel_size));
                break;
            }
        }
    }
    if (layer.stride <= 0)
        out.push_back(p + "stride: must be > 0, got " + std::to_string(layer.stride));
    if (layer.padding < 0)
        out.push_back(p + "padding: must be ≥ 0, got " + std::to_string(layer.padding));
    if (layer.groups <= 0) {
        out.push_back(p + "groups: must be > 0, got " + std::to_string(layer.groups));
    } else {
        if (layer.in > 0 && layer.in % layer.groups != 0)
            out.push_back(p + "groups: must divide in_channels (" + std::to_string(layer.in) +
                          "), got " + std::to_string(layer.groups));
        if (layer.out > 0 && layer.out % layer.groups != 0)
            out.push_back(p + "groups: must divide out_channels (" + std::to_string(layer.out) +
                          "), got " + std::to_string(layer.groups));
    }
}

/// "layers[i].weight_init.std: …" when the registry names a parameter, else
/// "layers[i].weight_init: …".
std::string init_message(const std::string& path, const InitSpec& spec,
                         const std::string& message) {
    const size_t colon = message.find(':');
    if (colon != std::string::npos) {
        const std::string head = message.substr(0, colon);
        if (spec.has(head) || SchemeRegistry::param(spec.scheme(), head) != nullptr)
            return path + "." + message;
    }
    return path + ": " + message;
}

void input_shape_problems(const Network& network, std::vector<std::string>& out) {
    if (!network.input_shape) return;
    const std::vector<int64_t>& shape = *network.input_shape;
    if (shape.empty() || shape.size() > 3)
        out.push_back(
            "input_shape: expected [features], [channels, length] or [channels, "
            "height, width], got " +
            NetworkShapes::list_text(shape));
    for (size_t d = 0; d < shape.size(); ++d)
        if (shape[d] <= 0)
            out.push_back("input_shape[" + std::to_string(d) + "]: must be > 0, got " +
                          std::to_string(shape[d]));
}

/// Whether `name` (at most kMaxNameBytes, so never cut) is valid UTF-8 without a control
/// character (C0, DEL or C1): QuotedText::shown escapes exactly those.
bool printable_utf8(const std::string& name) {
    return QuotedText::shown(name) == name;
}

/// `name` with ASCII letters lowered: the names two files get on a case-insensitive file system.
std::string folded(const std::string& name) {
    std::string out = name;
    for (char& c : out)
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    return out;
}

/// Problems of layers[i].name: it names files (<name>.weight.npy, the plots), so it must be a
/// safe, unique file name on every file system.
void name_problems(const std::vector<Layer>& layers, size_t i,
                   std::map<std::string, size_t>& first_with_name, std::vector<std::string>& out) {
    const std::string p = prefix(i);
    const std::string& name = layers[i].name;
    std::string shown(1, '"');  // appended, which keeps GCC 12's -Wrestrict quiet
    shown += QuotedText::shown(name);
    shown += '"';
    if (name.empty()) {
        out.push_back(p + "name: must not be empty");
        return;
    }
    if (name.size() > NetworkValidation::kMaxNameBytes) {
        out.push_back(
            p + "name: must be at most " + std::to_string(NetworkValidation::kMaxNameBytes) +
            " bytes (it names the .npy files), got " + std::to_string(name.size()) + ": " + shown);
        return;
    }
    if (name.find('/') != std::string::npos || name.find('\\') != std::string::npos ||
        !printable_utf8(name)) {
        out.push_back(p +
                      "name: must not contain '/', '\\' or control characters (it "
                      "names the .npy files), got " +
                      shown);
        return;
    }
    if (name.front() == '.') {
        out.push_back(p + "name: must not start with '.' (it names the .npy files), got " + shown);
        return;
    }
    auto [it, inserted] = first_with_name.emplace(folded(name), i);
    if (inserted) return;
    const std::string& first = layers[it->second].name;
    if (first == name)
        out.push_back(p + "name: " + shown + " is already the name of layers[" +
                      std::to_string(it->second) + "]");
    else
        out.push_back(p + "name: " + shown + " differs from layers[" + std::to_string(it->second) +
                      "].name \"" + QuotedText::shown(first) +
                      "\" only in case (their files would collide on a case-insensitive file "
                      "system)");
}

/// Chaining between consecutive layers (sizes only; exact shapes need input_shape).
void chaining_problems(const Network& network, std::vector<std::string>& out) {
    const std::vector<Layer>& layers = network.layers;
    for (size_t i = 1; i < layers.size(); ++i) {
        const Layer& prev = layers[i - 1];
        const Layer& layer = layers[i];
        const std::string p = prefix(i);
        if (prev.out <= 0 || layer.in <= 0) continue;
        const std::string kind(Layer::kind_name(layer.kind));
        if (!prev.is_conv() && !layer.is_conv() && layer.in != prev.out) {
            out.push_back(p + "in_features: must equal the previous layer's out_features (" +
                          std::to_string(prev.out) + "), got " + std::to_string(layer.in));
        } else if (prev.is_conv() && layer.is_conv()) {
            if (prev.kind != layer.kind)
                out.push_back(p + "kind: a " + kind + " layer cannot follow a " +
                              std::string(Layer::kind_name(prev.kind)) +
                              " layer (their outputs have different ranks)");
            else if (layer.in != prev.out)
                out.push_back(p + "in_channels: must equal the previous layer's out_channels (" +
                              std::to_string(prev.out) + "), got " + std::to_string(layer.in));
        } else if (prev.is_conv() && !network.input_shape && layer.in % prev.out != 0) {
            out.push_back(p +
                          "in_features: must be a multiple of the previous layer's "
                          "out_channels (" +
                          std::to_string(prev.out) + "), as it takes the flattened " +
                          (prev.kind == LayerKind::Conv1d ? "channels × length"
                                                          : "channels × height × width") +
                          ", got " + std::to_string(layer.in));
        } else if (!prev.is_conv() && layer.is_conv()) {
            out.push_back(p + "kind: a " + kind +
                          " layer cannot follow a linear layer (convolutions come first, then "
                          "linear layers)");
        }
    }
}

}  // namespace

std::optional<std::string> NetworkValidation::init_problem(const Network& network, size_t index,
                                                           TensorRole role) {
    const Layer& layer = network.layers[index];
    const InitSpec& spec = layer.init(role);
    if (std::optional<std::string> problem = SchemeRegistry::check(spec, layer.context(role)))
        return init_message(prefix(index) + std::string(Layer::role_name(role)) + "_init", spec,
                            *problem);
    return std::nullopt;
}

std::vector<std::string> NetworkValidation::problems(const Network& network) {
    std::vector<std::string> out;
    if (network.layers.empty()) out.push_back("layers: a network needs at least one layer");
    // Every view and every step costs per layer (issue 9, defect 7): refuse absurd depths at once.
    constexpr size_t kMaxLayers = 10000;
    if (network.layers.size() > kMaxLayers)
        return {"layers: at most " + std::to_string(kMaxLayers) + " layers, got " +
                std::to_string(network.layers.size())};
    input_shape_problems(network, out);
    std::map<std::string, size_t> first_with_name;
    for (size_t i = 0; i < network.layers.size(); ++i) {
        const Layer& layer = network.layers[i];
        const std::string p = prefix(i);
        name_problems(network.layers, i, first_with_name, out);
        layer_size_problems(layer, p, out);
        if (!NetworkShapes::layer_sizes_valid(layer)) continue;
        if (layer.weight_count() == SaturatingCount::kMax) {
            out.push_back(p.substr(0, p.size() - 1) + ": the weight " +
                          layer.weight_shape().to_string() +
                          " has more elements than a 64-bit count can hold");
            continue;
        }
        if (layer.parameter_count() == SaturatingCount::kMax) {  // the weight fits, with bias not
            out.push_back(p.substr(0, p.size() - 1) + ": the weight " +
                          layer.weight_shape().to_string() + " and the bias " +
                          layer.bias_shape().to_string() +
                          " together have more elements than a 64-bit count can hold");
            continue;
        }
        if (auto problem = init_problem(network, i, TensorRole::Weight)) out.push_back(*problem);
        if (layer.bias)
            if (auto problem = init_problem(network, i, TensorRole::Bias)) out.push_back(*problem);
    }
    chaining_problems(network, out);
    if (NetworkShapes::input_shape_usable(network)) {
        NetworkShapes::Walk walk = NetworkShapes::walk(network);
        out.insert(out.end(), walk.problems.begin(), walk.problems.end());
    }
    return out;
}

}  // namespace initscope
