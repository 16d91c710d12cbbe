#pragma once

#include "core/model/tensor_context.h"
#include "core/stats/number_format.h"

#include <cstdint>
#include <string>

namespace initscope::formula_text {

/// The largest magnitude a real scheme parameter accepts (std, gain, val, bounds): far beyond any
/// useful initialization, small enough that squares and products stay finite.
inline constexpr double kHuge = 1e6;

/// A number as the filled formulas show it: up to 4 significant digits (0.1, 0.0577, 1e-05).
inline std::string num(double v) {
    return NumberFormat::short_number(v);
}

/// A count (a fan, a number of zeros) as the filled formulas show it: "100".
inline std::string integer(double v) {
    return std::to_string(static_cast<int64_t>(v));
}

/// The tensor's symbol in a formula: W for a weight, b for a bias.
inline std::string tensor_symbol(TensorRole role) {
    return role == TensorRole::Bias ? "b" : "W";
}

}  // namespace initscope::formula_text
