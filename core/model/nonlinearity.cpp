#include "core/model/nonlinearity.h"

#include "core/stats/number_format.h"

#include <array>
#include <cmath>

namespace initscope {

namespace {
constexpr std::array<std::string_view, 8> kNames = {"linear", "conv1d", "conv2d",     "sigmoid",
                                                    "tanh",   "relu",   "leaky_relu", "selu"};
}

const std::vector<std::string>& NonlinearityInfo::names() {
    static const std::vector<std::string> names(kNames.begin(), kNames.end());
    return names;
}

std::string_view NonlinearityInfo::name(Nonlinearity n) {
    return kNames[static_cast<size_t>(n)];
}

std::optional<Nonlinearity> NonlinearityInfo::parse(std::string_view name) {
    for (size_t i = 0; i < kNames.size(); ++i)
        if (kNames[i] == name) return static_cast<Nonlinearity>(i);
    return std::nullopt;
}

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

}  // namespace initscope
