#pragma once

#include "core/model/activation.h"
#include "core/model/nonlinearity.h"
#include "core/model/probe_settings.h"

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace initscope {

/// torch.nn.init._calculate_correct_fan's mode, plus Keras' fan_avg = (fan_in + fan_out)/2.
enum class FanMode { FanIn, FanOut, FanAvg };

/// Keras / JAX variance_scaling's distribution: a normal cut at ±2σ with σ corrected by
/// 0.87962566103423978 (so the result's std is √s), an uncut normal, or a uniform on ±√(3s).
enum class VarianceDistribution { TruncatedNormal, UntruncatedNormal, Uniform };

/// The one table of how every choice is spelled in config files, on the command line, in the UI
/// and in PyTorch scripts: FanMode (fan_in, fan_out, fan_avg), VarianceDistribution
/// (truncated_normal, untruncated_normal, uniform) and Nonlinearity (PyTorch's calculate_gain
/// names: linear, conv1d, conv2d, sigmoid, tanh, relu, leaky_relu, selu) and Activation (linear,
/// relu, leaky_relu, tanh, sigmoid, selu, gelu, silu) and ProbeInput (normal, uniform).
class ChoiceSpelling {
public:
    template <class Choice>
    static std::string_view name(Choice value) {
        return table<Choice>()[static_cast<size_t>(value)];
    }

    template <class Choice>
    static std::optional<Choice> parse(std::string_view text) {
        const std::span<const std::string_view> names = table<Choice>();
        for (size_t i = 0; i < names.size(); ++i)
            if (names[i] == text) return static_cast<Choice>(i);
        return std::nullopt;
    }

    /// Every spelling, in the enum's order.
    template <class Choice>
    static std::vector<std::string> names() {
        const std::span<const std::string_view> names = table<Choice>();
        return {names.begin(), names.end()};
    }

    /// "a, b, c": the spellings for messages.
    template <class Choice>
    static std::string list() {
        std::string out;
        for (std::string_view n : table<Choice>()) out.append(out.empty() ? "" : ", ").append(n);
        return out;
    }

private:
    template <class Choice>
    static std::span<const std::string_view> table();
};

template <>
std::span<const std::string_view> ChoiceSpelling::table<FanMode>();
template <>
std::span<const std::string_view> ChoiceSpelling::table<VarianceDistribution>();
template <>
std::span<const std::string_view> ChoiceSpelling::table<Nonlinearity>();
template <>
std::span<const std::string_view> ChoiceSpelling::table<Activation>();
template <>
std::span<const std::string_view> ChoiceSpelling::table<ProbeInput>();

}  // namespace initscope
