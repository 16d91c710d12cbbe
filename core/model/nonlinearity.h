#pragma once

#include "core/model/activation.h"

#include <optional>
#include <string>

namespace initscope {

/// The nonlinearities torch.nn.init.calculate_gain knows. A layer's activation is one of these;
/// ChoiceSpelling spells them.
enum class Nonlinearity { Linear, Conv1d, Conv2d, Sigmoid, Tanh, Relu, LeakyRelu, Selu };

class NonlinearityInfo {
public:
    /// torch.nn.init.calculate_gain(nonlinearity, param), in double as Python computes it:
    /// linear, conv*, sigmoid → 1; tanh → 5/3; relu → √2; selu → 3/4;
    /// leaky_relu → √(2/(1 + slope²)) with slope = param, 0.01 when param is absent.
    static double gain(Nonlinearity n, std::optional<double> param = std::nullopt);

    /// The gain written as the formula shows it: "√2", "5/3", "√(2/(1+0.01²))".
    static std::string gain_text(Nonlinearity n, std::optional<double> param = std::nullopt);

    /// The calculate_gain name of an activation: linear, relu, leaky_relu, tanh, sigmoid and selu
    /// map to themselves; gelu and silu, which calculate_gain does not know, give nullopt.
    static std::optional<Nonlinearity> of(Activation activation);
};

}  // namespace initscope
