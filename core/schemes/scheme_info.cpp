#include "core/schemes/scheme_info.h"

#include <algorithm>

namespace initscope {

ParamInfo ParamInfo::real(std::string name, double value, double min, double max, double slider_min,
                          double slider_max, std::string description) {
    ParamInfo p;
    p.name = std::move(name);
    p.kind = ParamKind::Real;
    p.default_number = value;
    p.min = min;
    p.max = max;
    p.slider_min = slider_min;
    p.slider_max = slider_max;
    p.description = std::move(description);
    return p;
}

ParamInfo ParamInfo::integer(std::string name, double value, double min, double max,
                             std::string description) {
    ParamInfo p =
        real(std::move(name), value, min, max, min, std::min(max, 16.0), std::move(description));
    p.kind = ParamKind::Integer;
    return p;
}

ParamInfo ParamInfo::choice(std::string name, std::string value, std::vector<std::string> choices,
                            std::string description) {
    ParamInfo p;
    p.name = std::move(name);
    p.kind = ParamKind::Choice;
    p.default_choice = std::move(value);
    p.choices = std::move(choices);
    p.description = std::move(description);
    return p;
}

std::string SchemeInfo::formula_for(TensorRole role) const {
    if (role != TensorRole::Bias || formula.rfind("W ", 0) != 0) return formula;
    const bool b_is_a_parameter =
        std::any_of(params.begin(), params.end(), [](const ParamInfo& p) { return p.name == "b"; });
    return (b_is_a_parameter ? "bias" : "b") + formula.substr(1);
}

SchemeInfo SchemeInfo::make(SchemeId id, std::string key, std::string display_name,
                            std::string family, std::vector<ParamInfo> params, std::string formula,
                            std::string paper, std::string description, std::string torch_call,
                            TensorFit fit, bool bit_exact) {
    SchemeInfo info;
    info.id = id;
    info.key = std::move(key);
    info.display_name = std::move(display_name);
    info.family = std::move(family);
    info.params = std::move(params);
    info.formula = std::move(formula);
    info.paper = std::move(paper);
    info.description = std::move(description);
    info.torch_call = std::move(torch_call);
    info.fit = fit;
    info.bit_exact = bit_exact;
    return info;
}

}  // namespace initscope
