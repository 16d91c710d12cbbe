#include "core/schemes/variance_scaling_schemes.h"

#include "core/schemes/formula_text.h"

#include "core/schemes/scheme_papers.h"
#include "core/stats/number_format.h"

#include <algorithm>
#include <cmath>

namespace initscope {

namespace {

using namespace formula_text;

using Arguments = VarianceScalingSchemes::Arguments;
using Scaling = VarianceScalingSchemes::Scaling;

// The named cases: variance_scaling with fixed arguments.
constexpr Arguments kGlorotUniform{1.0, FanMode::FanAvg, VarianceDistribution::Uniform};
constexpr Arguments kGlorotNormal{1.0, FanMode::FanAvg, VarianceDistribution::TruncatedNormal};
constexpr Arguments kHeUniform{2.0, FanMode::FanIn, VarianceDistribution::Uniform};
constexpr Arguments kHeNormal{2.0, FanMode::FanIn, VarianceDistribution::TruncatedNormal};
constexpr Arguments kLecunUniform{1.0, FanMode::FanIn, VarianceDistribution::Uniform};
constexpr Arguments kLecunNormal{1.0, FanMode::FanIn, VarianceDistribution::TruncatedNormal};

/// The arguments of a scheme: fixed for a named case, the parameters for variance_scaling.
template <const Arguments* kFixed>
Arguments arguments(const InitSpec& spec) {
    if constexpr (kFixed != nullptr) {
        return *kFixed;
    } else {
        return {spec.number("scale"), spec.option<FanMode>("mode"),
                spec.option<VarianceDistribution>("distribution")};
    }
}

DrawPlan plan_of(const Scaling& vs) {
    switch (vs.distribution) {
        case VarianceDistribution::TruncatedNormal:
            return DrawPlan::truncated_normal(0.0, vs.stddev, -vs.bound, vs.bound);
        case VarianceDistribution::UntruncatedNormal:
            return DrawPlan::normal(0.0, vs.stddev);
        case VarianceDistribution::Uniform:
            break;
    }
    return DrawPlan::uniform(-vs.bound, vs.bound);
}

template <const Arguments* kFixed>
DrawPlan scaling_plan(const InitSpec& spec, const TensorContext& context) {
    return plan_of(VarianceScalingSchemes::scaling(arguments<kFixed>(spec), context.shape.fans()));
}

template <const Arguments* kFixed>
SchemeDefinition::Explanation scaling_explain(const InitSpec& spec, const TensorContext& context) {
    SchemeDefinition::Explanation e;
    const Scaling vs =
        VarianceScalingSchemes::scaling(arguments<kFixed>(spec), context.shape.fans());
    e.distribution = plan_of(vs).distribution();
    const std::string s_text = "s = scale/max(1, n) = " + num(vs.s) +
                               " (n = " + NumberFormat::short_number(vs.fan, 10) + ")";
    switch (vs.distribution) {
        case VarianceDistribution::TruncatedNormal:
            e.formula_filled = "σ = √" + num(vs.s) + "/0.8796 = " + num(vs.stddev) +
                               ", cut at ±2σ = ±" + num(vs.bound);
            e.notes.push_back("the cut brings the std back to √s = " +
                              num(e.distribution.stddev()));
            break;
        case VarianceDistribution::UntruncatedNormal:
            e.formula_filled = "σ = √" + num(vs.s) + " = " + num(vs.stddev);
            break;
        case VarianceDistribution::Uniform:
            e.formula_filled = "b = √(3·" + num(vs.s) + ") = " + num(vs.bound);
            e.notes.push_back("std = " + num(e.distribution.stddev()));
            break;
    }
    e.notes.push_back(s_text);
    return e;
}

template <const Arguments* kFixed>
SchemeDefinition named_case(SchemeId id, std::string key, std::string display, std::string formula,
                            const char* paper, std::string description, bool uniform) {
    SchemeDefinition d;
    d.info = SchemeInfo::make(id, std::move(key), std::move(display), "Keras / JAX", {},
                              std::move(formula), paper, std::move(description),
                              uniform ? "torch.nn.init.uniform_" : "torch.nn.init.trunc_normal_",
                              TensorFit::FanBased);
    if (uniform) d.info.bound_symbol = "√(3s)";
    d.plan = scaling_plan<kFixed>;
    d.explain = scaling_explain<kFixed>;
    return d;
}

}  // namespace

VarianceScalingSchemes::Scaling VarianceScalingSchemes::scaling(const Arguments& arguments,
                                                                const Fans& fans) {
    Scaling vs;
    vs.distribution = arguments.distribution;
    const auto fan_in = static_cast<double>(fans.fan_in);
    const auto fan_out = static_cast<double>(fans.fan_out);
    vs.fan = arguments.mode == FanMode::FanIn    ? fan_in
             : arguments.mode == FanMode::FanOut ? fan_out
                                                 : (fan_in + fan_out) / 2.0;
    vs.s = arguments.scale / std::max(1.0, vs.fan);
    switch (arguments.distribution) {
        case VarianceDistribution::TruncatedNormal:
            vs.stddev = std::sqrt(vs.s) / .87962566103423978;
            vs.bound = 2.0 * vs.stddev;
            break;
        case VarianceDistribution::UntruncatedNormal:
            vs.stddev = std::sqrt(vs.s);
            break;
        case VarianceDistribution::Uniform:
            vs.bound = std::sqrt(3.0 * vs.s);
            break;
    }
    return vs;
}

std::vector<SchemeDefinition> VarianceScalingSchemes::definitions() {
    const char* const glorot = SchemePapers::glorot;
    const char* const he = SchemePapers::he;
    const char* const lecun = SchemePapers::lecun;
    std::vector<SchemeDefinition> out;
    out.push_back(named_case<&kGlorotUniform>(
        SchemeId::GlorotUniform, "glorot_uniform", "Glorot uniform (Keras)",
        "W ~ U(±√(3s)), s = 1/fan_avg", glorot,
        "Keras' default dense kernel: variance_scaling(1, fan_avg, uniform).", true));
    out.push_back(named_case<&kGlorotNormal>(
        SchemeId::GlorotNormal, "glorot_normal", "Glorot normal (Keras)",
        "W ~ N(0, σ²) cut at ±2σ, σ = √s/0.8796, s = 1/fan_avg", glorot,
        "variance_scaling(1, fan_avg, truncated_normal): the result's std "
        "is √s.",
        false));
    out.push_back(named_case<&kHeUniform>(SchemeId::HeUniform, "he_uniform", "He uniform (Keras)",
                                          "W ~ U(±√(3s)), s = 2/fan_in", he,
                                          "variance_scaling(2, fan_in, uniform).", true));
    out.push_back(named_case<&kHeNormal>(SchemeId::HeNormal, "he_normal", "He normal (Keras)",
                                         "W ~ N(0, σ²) cut at ±2σ, σ = √s/0.8796, s = 2/fan_in", he,
                                         "variance_scaling(2, fan_in, truncated_normal).", false));
    out.push_back(named_case<&kLecunUniform>(SchemeId::LecunUniform, "lecun_uniform",
                                             "LeCun uniform (Keras)", "W ~ U(±√(3s)), s = 1/fan_in",
                                             lecun, "variance_scaling(1, fan_in, uniform).", true));
    out.push_back(named_case<&kLecunNormal>(
        SchemeId::LecunNormal, "lecun_normal", "LeCun normal (Keras, Flax default)",
        "W ~ N(0, σ²) cut at ±2σ, σ = √s/0.8796, s = 1/fan_in", lecun,
        "variance_scaling(1, fan_in, truncated_normal): Flax's default "
        "dense kernel, used with selu (Klambauer et al. 2017).",
        false));
    SchemeDefinition general = named_case<nullptr>(
        SchemeId::VarianceScaling, "variance_scaling", "Variance scaling (Keras / JAX)",
        "s = scale/max(1, fan_mode); σ = √s (truncated: √s/0.8796, cut at ±2σ); uniform ±√(3s)", "",
        "The general family behind glorot, he and lecun in Keras and JAX.", false);
    general.info.params = {
        ParamInfo::real("scale", 1.0, 1e-12, kHuge, 0.01, 4.0, "scale s multiplies 1/fan"),
        ParamInfo::choice("mode", std::string(ChoiceSpelling::name(FanMode::FanIn)),
                          ChoiceSpelling::names<FanMode>(), "which fan divides the scale"),
        ParamInfo::choice("distribution",
                          std::string(ChoiceSpelling::name(VarianceDistribution::TruncatedNormal)),
                          ChoiceSpelling::names<VarianceDistribution>(),
                          "truncated normal (corrected σ), untruncated normal or uniform")};
    general.info.torch_call = "torch.nn.init.trunc_normal_ / normal_ / uniform_";
    out.push_back(general);
    return out;
}

}  // namespace initscope
