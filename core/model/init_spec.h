#pragma once

#include "core/model/choice_spelling.h"

#include <map>
#include <string>
#include <variant>

namespace initscope {

/// Every initialization scheme InitScope knows. Names, parameters, formulas and papers live in
/// SchemeRegistry; nothing else spells a scheme's name.
enum class SchemeId {
    TorchDefault,
    Uniform,
    Normal,
    Constant,
    Zeros,
    Ones,
    Eye,
    Dirac,
    XavierUniform,
    XavierNormal,
    KaimingUniform,
    KaimingNormal,
    TruncNormal,
    Orthogonal,
    Sparse,
    GlorotUniform,
    GlorotNormal,
    HeUniform,
    HeNormal,
    LecunUniform,
    LecunNormal,
    VarianceScaling,
};

/// A parameter value: a number (a, b, mean, std, val, gain, sparsity, groups, scale) or a choice
/// (mode, nonlinearity, distribution) as ChoiceSpelling spells it; read choices with option<E>().
using ParamValue = std::variant<double, std::string>;

/// One tensor's initialization: a scheme and ALL of its parameters (SchemeRegistry::defaults fills
/// the ones not given). A value type: copy, compare, store in undo commands.
class InitSpec {
public:
    InitSpec() = default;
    explicit InitSpec(SchemeId scheme) : scheme_(scheme) {}

    SchemeId scheme() const { return scheme_; }
    const std::map<std::string, ParamValue>& params() const { return params_; }

    /// The number parameter `name`; the registry default when not set.
    double number(const std::string& name) const;
    /// The choice parameter `name`; the registry default when not set.
    std::string choice(const std::string& name) const;
    /// The choice parameter `name` as its enum (FanMode, VarianceDistribution, Nonlinearity); the
    /// registry default when not set or not a known spelling (SchemeRegistry::check refuses those).
    template <class Choice>
    Choice option(const std::string& name) const {
        if (const auto value = ChoiceSpelling::parse<Choice>(choice(name))) return *value;
        return ChoiceSpelling::parse<Choice>(default_choice(name)).value_or(Choice{});
    }
    bool has(const std::string& name) const { return params_.count(name) != 0; }

    void set(const std::string& name, ParamValue value) { params_[name] = std::move(value); }

    bool operator==(const InitSpec&) const = default;

private:
    std::string default_choice(const std::string& name) const;

    SchemeId scheme_ = SchemeId::TorchDefault;
    std::map<std::string, ParamValue> params_;
};

}  // namespace initscope
