#include "core/schemes/fan_scaled_schemes.h"

#include "core/schemes/formula_text.h"

#include "core/model/nonlinearity.h"
#include "core/schemes/python_literal.h"
#include "core/schemes/scheme_papers.h"
#include "core/stats/number_format.h"

#include <cmath>

namespace initscope {

namespace {

using namespace formula_text;

ParamInfo gain_param() {
    return ParamInfo::real("gain", 1.0, 0.0, kHuge, 0.0, 4.0,
                           "scaling factor (see calculate_gain)");
}

// ---- PyTorch's default: nn.Linear / nn.Conv reset_parameters ----------------------------------

/// The fan_in the bound divides by: the weight's own, or for a bias its weight's.
double default_fan_in(const TensorContext& context) {
    return static_cast<double>(context.role == TensorRole::Bias ? context.weight_fans.fan_in
                                                                : context.shape.fans().fan_in);
}

/// Weight: kaiming_uniform_(a=√5), gain = √(2/(1 + √5²)), bound √3·gain/√fan_in. Bias:
/// U(±1/√fan_in). A zero fan_in (an empty tensor) gives bound 0.
DrawPlan torch_default_plan(const InitSpec&, const TensorContext& context) {
    const double n = default_fan_in(context);
    if (!(n > 0)) return DrawPlan::uniform(-0.0, 0.0);
    if (context.role == TensorRole::Bias) {
        const double bound = 1 / std::sqrt(n);
        return DrawPlan::uniform(-bound, bound);
    }
    const double slope = std::sqrt(5.0);
    const double gain = std::sqrt(2.0 / (1 + slope * slope));
    return DrawPlan::uniform_with_stddev(gain / std::sqrt(n));
}

SchemeDefinition::Explanation torch_default_explain(const InitSpec& spec,
                                                    const TensorContext& context) {
    SchemeDefinition::Explanation e;
    const DrawPlan plan = torch_default_plan(spec, context);
    e.distribution = plan.distribution();
    const double n = default_fan_in(context);
    const double bound = plan.hi();
    const std::string ns = integer(n);
    e.formula_filled = "bound = 1/√" + ns + " = " + num(bound);
    if (context.role == TensorRole::Weight) {
        e.notes.push_back(
            "kaiming_uniform_(a=√5) (He et al. 2015): gain = √(2/(1+5)), bound = √3·gain/√fan_in "
            "= 1/√fan_in");
    } else {
        // The bias bound comes from no paper: it is PyTorch's own convention.
        e.paper = "";
        e.notes.push_back(
            "U(±1/√fan_in) on a bias is PyTorch's nn.Linear / nn.Conv reset_parameters "
            "convention (fan_in of the layer's weight), not a result from a paper");
    }
    if (n > 0)
        e.notes.push_back("std = 1/√(3·" + ns + ") = " + num(e.distribution.stddev()) +
                          " (the notebook's √(1/n) = " + num(bound) + " is the bound, not σ)");
    return e;
}

std::string torch_default_call(const InitSpec&, const TensorContext&, const std::string&) {
    return {};  // the constructor's draw stands
}

// ---- xavier_uniform_, xavier_normal_: σ = gain·√(2/(fan_in + fan_out)) -------------------------

double xavier_stddev(const InitSpec& spec, const TensorContext& context) {
    const Fans fans = context.shape.fans();
    return spec.number("gain") * std::sqrt(2.0 / double(fans.fan_in + fans.fan_out));
}

DrawPlan xavier_uniform_plan(const InitSpec& spec, const TensorContext& context) {
    return DrawPlan::uniform_with_stddev(xavier_stddev(spec, context));
}
DrawPlan xavier_normal_plan(const InitSpec& spec, const TensorContext& context) {
    return DrawPlan::normal(0.0, xavier_stddev(spec, context));
}

template <bool uniform>
SchemeDefinition::Explanation xavier_explain(const InitSpec& spec, const TensorContext& context) {
    SchemeDefinition::Explanation e;
    const Fans fans = context.shape.fans();
    const std::string fans_text =
        integer(double(fans.fan_in)) + "+" + integer(double(fans.fan_out)) + "))";
    const std::string gain = num(spec.number("gain"));
    if (uniform) {
        const DrawPlan plan = xavier_uniform_plan(spec, context);
        e.distribution = plan.distribution();
        e.formula_filled = "a = " + gain + "·√(6/(" + fans_text + " = " + num(plan.hi());
        e.notes.push_back("std = " + num(e.distribution.stddev()));
    } else {
        const DrawPlan plan = xavier_normal_plan(spec, context);
        e.distribution = plan.distribution();
        e.formula_filled = "σ = " + gain + "·√(2/(" + fans_text + " = " + num(plan.stddev());
    }
    return e;
}

template <bool uniform>
std::string xavier_call(const InitSpec& spec, const TensorContext&, const std::string& target) {
    return std::string(uniform ? "nn.init.xavier_uniform_(" : "nn.init.xavier_normal_(") + target +
           ", gain=" + PythonLiteral::number(spec.number("gain")) + ")";
}

// ---- kaiming_uniform_, kaiming_normal_: σ = calculate_gain(nonlinearity, a)/√fan_mode ---------

/// torch.nn.init._calculate_correct_fan: fan_in or fan_out.
double kaiming_fan(const InitSpec& spec, const TensorContext& context) {
    const Fans fans = context.shape.fans();
    return static_cast<double>(spec.option<FanMode>("mode") == FanMode::FanOut ? fans.fan_out
                                                                               : fans.fan_in);
}

double kaiming_gain(const InitSpec& spec) {
    return NonlinearityInfo::gain(spec.option<Nonlinearity>("nonlinearity"), spec.number("a"));
}

/// σ; 0 for a zero fan (an empty tensor, nothing is drawn).
double kaiming_stddev(const InitSpec& spec, const TensorContext& context) {
    const double fan = kaiming_fan(spec, context);
    return fan > 0 ? kaiming_gain(spec) / std::sqrt(fan) : 0.0;
}

DrawPlan kaiming_uniform_plan(const InitSpec& spec, const TensorContext& context) {
    return DrawPlan::uniform_with_stddev(kaiming_stddev(spec, context));
}
DrawPlan kaiming_normal_plan(const InitSpec& spec, const TensorContext& context) {
    return DrawPlan::normal(0.0, kaiming_stddev(spec, context));
}

template <bool uniform>
SchemeDefinition::Explanation kaiming_explain(const InitSpec& spec, const TensorContext& context) {
    SchemeDefinition::Explanation e;
    const double a = spec.number("a");
    const FanMode mode = spec.option<FanMode>("mode");
    const double fan = kaiming_fan(spec, context);
    const Nonlinearity nl = spec.option<Nonlinearity>("nonlinearity");
    const std::string gain_text = NonlinearityInfo::gain_text(nl, a);
    if (uniform) {
        const DrawPlan plan = kaiming_uniform_plan(spec, context);
        e.distribution = plan.distribution();
        e.formula_filled = "b = " + gain_text + "·√(3/" + integer(fan) + ") = " + num(plan.hi());
        e.notes.push_back("std = " + num(e.distribution.stddev()));
    } else {
        const DrawPlan plan = kaiming_normal_plan(spec, context);
        e.distribution = plan.distribution();
        e.formula_filled = "σ = " + gain_text + "/√" + integer(fan) + " = " + num(plan.stddev());
    }
    e.notes.push_back("gain = calculate_gain(" + std::string(ChoiceSpelling::name(nl)) +
                      ") = " + gain_text + " = " + num(NonlinearityInfo::gain(nl, a)));
    e.notes.push_back("fan_mode = " + std::string(ChoiceSpelling::name(mode)) + " = " +
                      integer(fan) +
                      (mode == FanMode::FanOut ? " (the outputs each input feeds)"
                                               : " (the inputs each output sums)"));
    return e;
}

template <bool uniform>
std::string kaiming_call(const InitSpec& spec, const TensorContext&, const std::string& target) {
    const auto spelled = [](auto choice) {
        return PythonLiteral::string(ChoiceSpelling::name(choice));
    };
    return std::string(uniform ? "nn.init.kaiming_uniform_(" : "nn.init.kaiming_normal_(") +
           target + ", a=" + PythonLiteral::number(spec.number("a")) +
           ", mode=" + spelled(spec.option<FanMode>("mode")) +
           ", nonlinearity=" + spelled(spec.option<Nonlinearity>("nonlinearity")) + ")";
}

std::vector<ParamInfo> kaiming_params() {
    return {ParamInfo::real("a", 0.0, 0.0, kHuge, 0.0, 1.0,
                            "negative slope of the rectifier after this layer (leaky_relu only)"),
            ParamInfo::choice("mode", std::string(ChoiceSpelling::name(FanMode::FanIn)),
                              {std::string(ChoiceSpelling::name(FanMode::FanIn)),
                               std::string(ChoiceSpelling::name(FanMode::FanOut))},
                              "fan_mode, the fan σ divides by: fan_in (the inputs each output "
                              "sums) keeps the forward variance, fan_out (the outputs each input "
                              "feeds) the backward one"),
            ParamInfo::choice("nonlinearity",
                              std::string(ChoiceSpelling::name(Nonlinearity::LeakyRelu)),
                              ChoiceSpelling::names<Nonlinearity>(),
                              "the activation after this layer; sets the gain (calculate_gain)")};
}

}  // namespace

std::vector<SchemeDefinition> FanScaledSchemes::definitions() {
    std::vector<SchemeDefinition> out;

    SchemeDefinition torch_default;
    torch_default.info = SchemeInfo::make(
        SchemeId::TorchDefault, "torch_default", "PyTorch default", "PyTorch", {},
        "W, b ~ U(−1/√fan_in, 1/√fan_in)", SchemePapers::he,
        "What nn.Linear and nn.Conv do at construction: kaiming_uniform_(a=√5) on the weight, "
        "U(±1/√fan_in) on the bias.",
        "nn.Linear / nn.Conv reset_parameters", TensorFit::Any);
    torch_default.info.bound_symbol = "1/√fan_in";
    torch_default.plan = torch_default_plan;
    torch_default.explain = torch_default_explain;
    torch_default.torch_call = torch_default_call;
    out.push_back(torch_default);

    SchemeDefinition xavier_uniform;
    xavier_uniform.info = SchemeInfo::make(
        SchemeId::XavierUniform, "xavier_uniform", "Xavier / Glorot uniform", "PyTorch",
        {gain_param()}, "W ~ U(−a, a), a = gain·√(6/(fan_in+fan_out))", SchemePapers::glorot,
        "Keeps the variance of activations and gradients balanced for "
        "symmetric, near-linear activations (tanh).",
        "torch.nn.init.xavier_uniform_", TensorFit::FanBased);
    xavier_uniform.info.bound_symbol = "gain·√(6/(fan_in+fan_out))";
    xavier_uniform.plan = xavier_uniform_plan;
    xavier_uniform.explain = xavier_explain<true>;
    xavier_uniform.torch_call = xavier_call<true>;
    out.push_back(xavier_uniform);

    SchemeDefinition xavier_normal;
    xavier_normal.info = SchemeInfo::make(
        SchemeId::XavierNormal, "xavier_normal", "Xavier / Glorot normal", "PyTorch",
        {gain_param()}, "W ~ N(0, σ²), σ = gain·√(2/(fan_in+fan_out))", SchemePapers::glorot,
        "Gaussian version of Xavier: Var W = gain²·2/(fan_in+fan_out).",
        "torch.nn.init.xavier_normal_", TensorFit::FanBased);
    xavier_normal.plan = xavier_normal_plan;
    xavier_normal.explain = xavier_explain<false>;
    xavier_normal.torch_call = xavier_call<false>;
    out.push_back(xavier_normal);

    SchemeDefinition kaiming_uniform;
    kaiming_uniform.info = SchemeInfo::make(
        SchemeId::KaimingUniform, "kaiming_uniform", "Kaiming / He uniform", "PyTorch",
        kaiming_params(), "W ~ U(−b, b), b = gain·√(3/fan_mode)", SchemePapers::he,
        "Keeps activations at a constant scale through ReLU layers: Var W = gain²/fan.",
        "torch.nn.init.kaiming_uniform_", TensorFit::FanBased);
    kaiming_uniform.info.bound_symbol = "gain·√(3/fan_mode)";
    kaiming_uniform.plan = kaiming_uniform_plan;
    kaiming_uniform.explain = kaiming_explain<true>;
    kaiming_uniform.torch_call = kaiming_call<true>;
    out.push_back(kaiming_uniform);

    SchemeDefinition kaiming_normal;
    kaiming_normal.info = SchemeInfo::make(
        SchemeId::KaimingNormal, "kaiming_normal", "Kaiming / He normal", "PyTorch",
        kaiming_params(), "W ~ N(0, σ²), σ = gain/√fan_mode", SchemePapers::he,
        "Gaussian version of Kaiming: with ReLU, σ = √(2/fan_in).", "torch.nn.init.kaiming_normal_",
        TensorFit::FanBased);
    kaiming_normal.plan = kaiming_normal_plan;
    kaiming_normal.explain = kaiming_explain<false>;
    kaiming_normal.torch_call = kaiming_call<false>;
    out.push_back(kaiming_normal);
    return out;
}

}  // namespace initscope
