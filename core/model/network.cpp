#include "core/model/network.h"

#include <charconv>

#include "core/model/nonlinearity.h"
#include "core/schemes/scheme_registry.h"
#include "core/stats/number_format.h"

#include <cmath>
#include <cstdio>
#include <fstream>
#include <limits>
#include <map>
#include <sstream>

namespace initscope {

namespace {

constexpr int64_t kInt64Max = std::numeric_limits<int64_t>::max();

int64_t saturating_add(int64_t a, int64_t b) {
    int64_t sum = 0;
    if (__builtin_add_overflow(a, b, &sum)) return kInt64Max;
    return sum;
}

int64_t saturating_product(int64_t a, int64_t b) {
    int64_t product = 0;
    if (__builtin_mul_overflow(a, b, &product)) return kInt64Max;
    return product;
}

int64_t product(const std::vector<int64_t>& dims) {
    int64_t n = 1;
    for (int64_t d : dims) n = saturating_product(n, d);
    return n;
}

std::string prefix(size_t i) {
    return "layers[" + std::to_string(i) + "].";
}

std::string list_text(const std::vector<int64_t>& values) {
    std::string out = "[";
    for (size_t i = 0; i < values.size(); ++i)
        out += (i > 0 ? ", " : "") + std::to_string(values[i]);
    return out + "]";
}

/// "100", or "32 × 32 × 32 = 32768" for a shape that is flattened.
std::string flattened_text(const std::vector<int64_t>& shape) {
    std::string out;
    for (size_t i = 0; i < shape.size(); ++i)
        out += (i > 0 ? " × " : "") + std::to_string(shape[i]);
    if (shape.size() > 1) out += " = " + std::to_string(product(shape));
    return out;
}

/// "1.5 GiB": binary units, one decimal.
std::string bytes_text(int64_t bytes) {
    static const char* const units[] = {"bytes", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};
    double value = static_cast<double>(bytes);
    int unit = 0;
    while (value >= 1024.0 && unit < 6) {
        value /= 1024.0;
        ++unit;
    }
    char buffer[48];
    if (unit == 0)
        std::snprintf(buffer, sizeof buffer, "%lld bytes", static_cast<long long>(bytes));
    else
        std::snprintf(buffer, sizeof buffer, "%.1f %s", value, units[unit]);
    return buffer;
}

/// True when the layer's own sizes are valid, so its shapes and fans can be computed.
bool sizes_valid(const Layer& layer) {
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

/// Problems of one layer on its own: sizes, element count.
void layer_size_problems(const Layer& layer, const std::string& p, std::vector<std::string>& out) {
    const std::string in_key(layer.in_key()), out_key(layer.out_key());
    if (layer.in <= 0) out.push_back(p + in_key + ": must be > 0, got " + std::to_string(layer.in));
    if (layer.out <= 0)
        out.push_back(p + out_key + ": must be > 0, got " + std::to_string(layer.out));
    if (!layer.is_conv()) {
        if (!layer.kernel_size.empty())
            out.push_back(p + "kernel_size: a linear layer has no kernel, got " +
                          list_text(layer.kernel_size));
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
                      ", got " + list_text(layer.kernel_size));
    } else {
        for (int64_t k : layer.kernel_size) {
            if (k <= 0) {
                out.push_back(p + "kernel_size: every size must be > 0, got " +
                              list_text(layer.kernel_size));
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

/// "layers[i].weight_init.std: …" when the registry names a parameter, else "layers[i].weight_init:
/// …".
std::string init_problem(const std::string& path, const InitSpec& spec,
                         const std::string& message) {
    const size_t colon = message.find(':');
    if (colon != std::string::npos) {
        const std::string head = message.substr(0, colon);
        if (spec.has(head) || SchemeRegistry::param(spec.scheme(), head) != nullptr)
            return path + "." + message;
    }
    return path + ": " + message;
}

void scheme_problems(const Layer& layer, const std::string& p, std::vector<std::string>& out) {
    for (TensorRole role : {TensorRole::Weight, TensorRole::Bias}) {
        if (role == TensorRole::Bias && !layer.bias) return;
        if (auto problem = SchemeRegistry::check(layer.init(role), layer.context(role)))
            out.push_back(init_problem(p + std::string(Layer::role_name(role)) + "_init",
                                       layer.init(role), *problem));
    }
}

/// The exact shapes each layer produces from input_shape, and the problems found on the way that
/// the rules without input_shape do not catch (first layer vs input, conv→linear flattening,
/// kernels larger than the padded input). Stops at a layer it cannot apply.
struct ShapeWalk {
    std::vector<std::vector<int64_t>> outputs;
    std::vector<std::string> problems;
};

ShapeWalk walk_shapes(const Network& network) {
    ShapeWalk walk;
    std::vector<int64_t> current = *network.input_shape;
    static const char* const axis_names[2][2] = {{"length", ""}, {"height", "width"}};
    for (size_t i = 0; i < network.layers.size(); ++i) {
        const Layer& layer = network.layers[i];
        const std::string p = prefix(i);
        if (!sizes_valid(layer)) break;
        if (!layer.is_conv()) {
            const int64_t flat = product(current);
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
        std::vector<int64_t> next{layer.out};
        bool fits = true;
        for (int d = 0; d < dims && fits; ++d) {
            const int64_t size = current[static_cast<size_t>(d + 1)];
            const int64_t k = layer.kernel_size[static_cast<size_t>(d)];
            const int64_t padded = saturating_add(size, saturating_product(2, layer.padding));
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

}  // namespace

int64_t Network::parameter_count() const {
    return saturating_add(weight_count(), bias_count());
}

int64_t Network::weight_count() const {
    int64_t n = 0;
    for (const Layer& layer : layers) n = saturating_add(n, layer.weight_count());
    return n;
}

int64_t Network::bias_count() const {
    int64_t n = 0;
    for (const Layer& layer : layers) n = saturating_add(n, layer.bias_count());
    return n;
}

int64_t Network::parameter_bytes() const {
    return saturating_product(parameter_count(), 4);
}

std::vector<std::string> Network::problems() const {
    std::vector<std::string> out;
    if (layers.empty()) out.push_back("layers: a network needs at least one layer");
    if (input_shape) {
        if (input_shape->empty() || input_shape->size() > 3)
            out.push_back(
                "input_shape: expected [features], [channels, length] or [channels, "
                "height, width], got " +
                list_text(*input_shape));
        for (size_t d = 0; d < input_shape->size(); ++d)
            if ((*input_shape)[d] <= 0)
                out.push_back("input_shape[" + std::to_string(d) + "]: must be > 0, got " +
                              std::to_string((*input_shape)[d]));
    }
    std::map<std::string, size_t> first_with_name;
    for (size_t i = 0; i < layers.size(); ++i) {
        const Layer& layer = layers[i];
        const std::string p = prefix(i);
        if (layer.name.empty()) {
            out.push_back(p + "name: must not be empty");
        } else {
            bool bad_char = false;
            for (unsigned char c : layer.name)
                bad_char = bad_char || c < 0x20 || c == 0x7f || c == '/' || c == '\\';
            if (bad_char)
                out.push_back(p +
                              "name: must not contain '/', '\\' or control characters (it "
                              "names the .npy files), got \"" +
                              layer.name + "\"");
            auto [it, inserted] = first_with_name.emplace(layer.name, i);
            if (!inserted)
                out.push_back(p + "name: \"" + layer.name + "\" is already the name of layers[" +
                              std::to_string(it->second) + "]");
        }
        layer_size_problems(layer, p, out);
        if (!sizes_valid(layer)) continue;
        if (layer.weight_count() == kInt64Max || layer.parameter_count() == kInt64Max) {
            out.push_back(p.substr(0, p.size() - 1) + ": the weight " +
                          layer.weight_shape().to_string() +
                          " has more elements than a 64-bit count can hold");
            continue;
        }
        scheme_problems(layer, p, out);
    }
    // Chaining between consecutive layers (sizes only; exact shapes need input_shape).
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
        } else if (prev.is_conv() && !input_shape && layer.in % prev.out != 0) {
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
    if (input_shape && !input_shape->empty() && input_shape->size() <= 3) {
        bool positive = true;
        for (int64_t d : *input_shape) positive = positive && d > 0;
        if (positive) {
            ShapeWalk walk = walk_shapes(*this);
            out.insert(out.end(), walk.problems.begin(), walk.problems.end());
        }
    }
    return out;
}

std::optional<std::vector<std::vector<int64_t>>> Network::output_shapes() const {
    if (!input_shape || input_shape->empty() || input_shape->size() > 3) return std::nullopt;
    for (int64_t d : *input_shape)
        if (d <= 0) return std::nullopt;
    ShapeWalk walk = walk_shapes(*this);
    if (walk.outputs.size() != layers.size() || !walk.problems.empty()) return std::nullopt;
    return walk.outputs;
}

bool Network::rechain_after(int index) {
    if (index < 0 || static_cast<size_t>(index) + 1 >= layers.size()) return false;
    const Layer& layer = layers[static_cast<size_t>(index)];
    Layer& next = layers[static_cast<size_t>(index) + 1];
    if (layer.out <= 0) return false;
    int64_t wanted = next.in;
    if (layer.is_conv() == next.is_conv()) {
        if (layer.kind != next.kind && layer.is_conv()) return false;
        wanted = layer.out;
    } else if (layer.is_conv()) {
        std::optional<int64_t> exact;
        if (input_shape && !input_shape->empty()) {
            bool positive = true;
            for (int64_t d : *input_shape) positive = positive && d > 0;
            if (positive) {
                ShapeWalk walk = walk_shapes(*this);
                if (walk.outputs.size() > static_cast<size_t>(index))
                    exact = product(walk.outputs[static_cast<size_t>(index)]);
            }
        }
        if (exact) {
            wanted = *exact;
        } else if (next.in % layer.out != 0) {
            const int64_t factor = std::max<int64_t>(
                1, std::llround(static_cast<double>(next.in) / static_cast<double>(layer.out)));
            wanted = saturating_product(factor, layer.out);
        }
    } else {
        return false;  // linear → conv never chains
    }
    if (wanted == next.in) return false;
    next.in = wanted;
    return true;
}

bool Network::rechain_after(int index, int64_t previous_out) {
    if (index < 0 || static_cast<size_t>(index) + 1 >= layers.size()) return false;
    const Layer& layer = layers[static_cast<size_t>(index)];
    Layer& next = layers[static_cast<size_t>(index) + 1];
    const bool spatial_unknown = !input_shape || !output_shapes().has_value();
    if (layer.is_conv() && !next.is_conv() && spatial_unknown && previous_out > 0 &&
        layer.out > 0 && next.in % previous_out == 0) {
        const int64_t wanted = saturating_product(next.in / previous_out, layer.out);
        if (wanted == next.in) return false;
        next.in = wanted;
        return true;
    }
    return rechain_after(index);
}

std::string Network::unique_layer_name(const std::string& stem) const {
    std::string base = stem;
    while (!base.empty() && base.back() >= '0' && base.back() <= '9') base.pop_back();
    if (base.empty()) base = "layer";
    int64_t highest = 0;
    for (const Layer& layer : layers) {
        if (layer.name.size() <= base.size() || layer.name.compare(0, base.size(), base) != 0)
            continue;
        const std::string digits = layer.name.substr(base.size());
        if (digits.size() > 9 || digits.find_first_not_of("0123456789") != std::string::npos)
            continue;
        highest = std::max<int64_t>(highest, std::stoll(digits));
    }
    return base + std::to_string(highest + 1);
}

std::optional<int64_t> Network::available_memory_bytes() {
    std::ifstream meminfo("/proc/meminfo");
    std::string line;
    while (std::getline(meminfo, line)) {
        if (line.rfind("MemAvailable:", 0) != 0) continue;
        std::istringstream fields(line.substr(13));
        long long kib = -1;
        fields >> kib;
        if (kib < 0) return std::nullopt;
        return saturating_product(kib, 1024);
    }
    return std::nullopt;
}

std::optional<std::string> Network::memory_problem() const {
    const std::optional<int64_t> available = available_memory_bytes();
    return memory_problem(available ? *available : kInt64Max);
}

std::optional<std::string> Network::memory_problem(int64_t available_bytes) const {
    const int64_t count = parameter_count();
    const int64_t bytes = parameter_bytes();
    if (count == kInt64Max || bytes == kInt64Max)
        return "network: its parameters need more than " + bytes_text(kInt64Max) +
               " as float32, more than any machine can hold";
    // Margin: the summary, histograms and orthogonal's QR need working copies of a tensor, and
    // the rest of the machine needs memory too, so at most half of MemAvailable is used.
    const int64_t limit = available_bytes / 2;
    if (bytes <= limit) return std::nullopt;
    return "network: its " + NumberFormat::grouped(count) + " parameters need " +
           bytes_text(bytes) + " as float32, but only " + bytes_text(available_bytes) +
           " of memory is available (InitScope uses at most half of it)";
}

}  // namespace initscope

namespace initscope {

std::optional<uint64_t> Network::parse_seed(std::string_view text) {
    const char* first = text.data();
    const char* last = text.data() + text.size();
    if (text.empty()) return std::nullopt;
    if (text.front() == '-') {
        int64_t negative = 0;
        auto [end, ec] = std::from_chars(first, last, negative);
        if (ec == std::errc() && end == last) return static_cast<uint64_t>(negative);
    } else {
        uint64_t positive = 0;
        auto [end, ec] = std::from_chars(first, last, positive);
        if (ec == std::errc() && end == last) return positive;
    }
    return std::nullopt;
}

}  // namespace initscope
