#include "core/model/choice_spelling.h"

#include <array>

namespace initscope {

namespace {
constexpr std::array<std::string_view, 3> kFanModes = {"fan_in", "fan_out", "fan_avg"};
constexpr std::array<std::string_view, 3> kVarianceDistributions = {
    "truncated_normal", "untruncated_normal", "uniform"};
constexpr std::array<std::string_view, 8> kNonlinearities = {
    "linear", "conv1d", "conv2d", "sigmoid", "tanh", "relu", "leaky_relu", "selu"};
constexpr std::array<std::string_view, 8> kActivations = {"linear",  "relu", "leaky_relu", "tanh",
                                                          "sigmoid", "selu", "gelu",       "silu"};
constexpr std::array<std::string_view, 2> kProbeInputs = {"normal", "uniform"};
}  // namespace

template <>
std::span<const std::string_view> ChoiceSpelling::table<FanMode>() {
    return kFanModes;
}

template <>
std::span<const std::string_view> ChoiceSpelling::table<VarianceDistribution>() {
    return kVarianceDistributions;
}

template <>
std::span<const std::string_view> ChoiceSpelling::table<Nonlinearity>() {
    return kNonlinearities;
}

template <>
std::span<const std::string_view> ChoiceSpelling::table<Activation>() {
    return kActivations;
}

template <>
std::span<const std::string_view> ChoiceSpelling::table<ProbeInput>() {
    return kProbeInputs;
}

}  // namespace initscope
