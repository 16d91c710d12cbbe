#include "core/model/nonlinearity.h"

#include "core/stats/number_format.h"

#include <cmath>

namespace initscope {

double NonlinearityInfo::gain(Nonlinearity n, std::optional<double> param) {
    switch (n) {
        case Nonlinearity::Linear:
        case Nonlinearity::Conv1d:
        case Nonlinearity::Conv2d:
        case Nonlinearity::Sigmoid:
            return 1.0;
        case Nonlinearity::Tanh:
            return 5.0 / 3;
        case Nonlinearity::Relu:
            return std::sqrt(2.0);
        case Nonlinearity::LeakyRelu: {
            const double slope = param.value_or(0.01);
            return std::sqrt(2.0 / (1 + slope * slope));
        }
        case Nonlinearity::Selu:
            return 3.0 / 4;
    }
    return 1.0;
}

std::string NonlinearityInfo::gain_text(Nonlinearity n, std::optional<double> param) {
    switch (n) {
        case Nonlinearity::Tanh:
            return "5/3";
        case Nonlinearity::Relu:
            return "√2";
        case Nonlinearity::Selu:
            return "3/4";
        case Nonlinearity::LeakyRelu: {
            const double slope = param.value_or(0.01);
            if (slope == 0) return "√2";
            return "√(2/(1+" + NumberFormat::short_number(slope) + "²))";
        }
        default:
            return "1";
    }
}

std::optional<Nonlinearity> NonlinearityInfo::of(Activation activation) {
    switch (activation) {
        case Activation::Linear:
            return Nonlinearity::Linear;
        case Activation::Relu:
            return Nonlinearity::Relu;
        case Activation::LeakyRelu:
            return Nonlinearity::LeakyRelu;
        case Activation::Tanh:
            return Nonlinearity::Tanh;
        case Activation::Sigmoid:
            return Nonlinearity::Sigmoid;
        case Activation::Selu:
            return Nonlinearity::Selu;
        case Activation::Gelu:
        case Activation::Silu:
            return std::nullopt;
    }
    return std::nullopt;
}

}  // namespace initscope
