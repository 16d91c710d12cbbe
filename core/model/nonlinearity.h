#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace initscope {

/// The nonlinearities torch.nn.init.calculate_gain knows. A layer's activation is one of these.
enum class Nonlinearity { Linear, Conv1d, Conv2d, Sigmoid, Tanh, Relu, LeakyRelu, Selu };

class NonlinearityInfo {
public:
    /// All names in PyTorch's spelling: linear, conv1d, conv2d, sigmoid, tanh, relu, leaky_relu,
    /// selu.
    static const std::vector<std::string>& names();
    static std::string_view name(Nonlinearity n);
    static std::optional<Nonlinearity> parse(std::string_view name);

    /// torch.nn.init.calculate_gain(nonlinearity, param), in double as Python computes it:
    /// linear, conv*, sigmoid → 1; tanh → 5/3; relu → √2; selu → 3/4;
    /// leaky_relu → √(2/(1 + slope²)) with slope = param, 0.01 when param is absent.
    static double gain(Nonlinearity n, std::optional<double> param = std::nullopt);

    /// The gain written as the formula shows it: "√2", "5/3", "√(2/(1+0.01²))".
    static std::string gain_text(Nonlinearity n, std::optional<double> param = std::nullopt);
};

}  // namespace initscope
