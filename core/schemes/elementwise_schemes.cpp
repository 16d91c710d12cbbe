#include "core/schemes/elementwise_schemes.h"

#include "core/schemes/formula_text.h"

#include "core/stats/number_format.h"
#include "core/stats/special_functions.h"

namespace initscope {

namespace {

using namespace formula_text;

// ---- uniform_(a, b) ---------------------------------------------------------------------------

DrawPlan uniform_plan(const InitSpec& spec, const TensorContext&) {
    return DrawPlan::uniform(spec.number("a"), spec.number("b"));
}

SchemeDefinition::Explanation uniform_explain(const InitSpec& spec, const TensorContext& context) {
    SchemeDefinition::Explanation e;
    e.distribution = uniform_plan(spec, context).distribution();
    e.formula_filled = "U(" + num(spec.number("a")) + ", " + num(spec.number("b")) +
                       "): σ = (b−a)/√12 = " + num(e.distribution.stddev());
    return e;
}

std::optional<std::string> a_not_above_b(const InitSpec& spec) {
    const double a = spec.number("a"), b = spec.number("b");
    if (a > b)
        return "a: the lower bound a (" + NumberFormat::plain(a) +
               ") must not exceed the upper bound b (" + NumberFormat::plain(b) + ")";
    return std::nullopt;
}

// ---- normal_(mean, std) -----------------------------------------------------------------------

DrawPlan normal_plan(const InitSpec& spec, const TensorContext&) {
    return DrawPlan::normal(spec.number("mean"), spec.number("std"));
}

SchemeDefinition::Explanation normal_explain(const InitSpec& spec, const TensorContext& context) {
    SchemeDefinition::Explanation e;
    e.distribution = normal_plan(spec, context).distribution();
    e.formula_filled = "N(" + num(spec.number("mean")) + ", " + num(spec.number("std")) +
                       "²): σ = " + num(spec.number("std"));
    return e;
}

// ---- constant_, zeros_, ones_ -----------------------------------------------------------------

DrawPlan constant_plan(const InitSpec& spec, const TensorContext&) {
    return DrawPlan::constant(spec.number("val"));
}
DrawPlan zeros_plan(const InitSpec&, const TensorContext&) {
    return DrawPlan::constant(0.0);
}
DrawPlan ones_plan(const InitSpec&, const TensorContext&) {
    return DrawPlan::constant(1.0);
}

template <DrawPlan (*plan)(const InitSpec&, const TensorContext&)>
SchemeDefinition::Explanation constant_explain(const InitSpec& spec, const TensorContext& context) {
    SchemeDefinition::Explanation e;
    const DrawPlan p = plan(spec, context);
    e.distribution = p.distribution();
    // A bias is b, a weight W: "b = 0 (every element)".
    e.formula_filled = tensor_symbol(context.role) + " = " + num(p.value()) + " (every element)";
    return e;
}

std::string zeros_call(const InitSpec&, const TensorContext&, const std::string& target) {
    return "nn.init.zeros_(" + target + ")";
}
std::string ones_call(const InitSpec&, const TensorContext&, const std::string& target) {
    return "nn.init.ones_(" + target + ")";
}

// ---- trunc_normal_(mean, std, a, b) -----------------------------------------------------------

DrawPlan trunc_normal_plan(const InitSpec& spec, const TensorContext&) {
    return DrawPlan::truncated_normal(spec.number("mean"), spec.number("std"), spec.number("a"),
                                      spec.number("b"));
}

SchemeDefinition::Explanation trunc_normal_explain(const InitSpec& spec,
                                                   const TensorContext& context) {
    SchemeDefinition::Explanation e;
    e.distribution = trunc_normal_plan(spec, context).distribution();
    e.formula_filled = "N(" + num(spec.number("mean")) + ", " + num(spec.number("std")) +
                       "²) cut to [" + num(spec.number("a")) + ", " + num(spec.number("b")) +
                       "]: mean " + num(e.distribution.mean()) + ", std " +
                       num(e.distribution.stddev());
    e.notes.push_back(
        "a and b are absolute bounds (values, not multiples of std); std is the parent σ: the σ "
        "of the normal before its tails are cut, so the result's std is smaller (" +
        num(e.distribution.stddev()) + ")");
    return e;
}

std::optional<std::string> trunc_normal_params(const InitSpec& spec) {
    if (auto problem = a_not_above_b(spec)) return problem;
    const double a = spec.number("a"), b = spec.number("b");
    if (a == b)
        return "a: the lower cut a (" + NumberFormat::plain(a) +
               ") must be below the upper cut b (" + NumberFormat::plain(b) + ")";
    if (spec.number("std") <= 0)
        return "std: the parent normal's σ must be > 0 for a truncated normal, got " +
               NumberFormat::plain(spec.number("std"));
    return std::nullopt;
}

std::optional<std::string> trunc_normal_tensor(const InitSpec& spec, const TensorContext&) {
    // PyTorch's inverse-cdf method needs Φ((b−μ)/σ) > Φ((a−μ)/σ) in double.
    const double mean = spec.number("mean"), stddev = spec.number("std");
    const double l = SpecialFunctions::normal_cdf((spec.number("a") - mean) / stddev);
    const double u = SpecialFunctions::normal_cdf((spec.number("b") - mean) / stddev);
    if (!(u > l))
        return "a: the interval [a, b] lies so far in the tail of N(mean, std²) that it has no "
               "probability in double precision";
    return std::nullopt;
}

}  // namespace

std::vector<SchemeDefinition> ElementwiseSchemes::definitions() {
    using P = ParamInfo;
    std::vector<SchemeDefinition> out;

    SchemeDefinition uniform;
    uniform.info =
        SchemeInfo::make(SchemeId::Uniform, "uniform", "Uniform", "PyTorch",
                         {P::real("a", 0.0, -kHuge, kHuge, -1.0, 1.0, "lower bound"),
                          P::real("b", 1.0, -kHuge, kHuge, -1.0, 1.0, "upper bound")},
                         "W ~ U(a, b)", "", "Every value equally likely between a and b.",
                         "torch.nn.init.uniform_", TensorFit::Any);
    uniform.plan = uniform_plan;
    uniform.explain = uniform_explain;
    uniform.check_params = a_not_above_b;
    out.push_back(uniform);

    SchemeDefinition normal;
    normal.info = SchemeInfo::make(
        SchemeId::Normal, "normal", "Normal", "PyTorch",
        {P::real("mean", 0.0, -kHuge, kHuge, -1.0, 1.0, "mean μ"),
         P::real("std", 1.0, 0.0, kHuge, 0.0, 1.0, "standard deviation σ")},
        "W ~ N(mean, std²)", "", "Gaussian with a fixed mean and standard deviation.",
        "torch.nn.init.normal_", TensorFit::Any);
    normal.plan = normal_plan;
    normal.explain = normal_explain;
    out.push_back(normal);

    SchemeDefinition constant;
    constant.info = SchemeInfo::make(
        SchemeId::Constant, "constant", "Constant", "PyTorch",
        {P::real("val", 0.0, -kHuge, kHuge, -1.0, 1.0, "the value")}, "W = val", "",
        "Every element the same value: all units of a layer stay identical (no "
        "symmetry breaking).",
        "torch.nn.init.constant_", TensorFit::Any);
    constant.plan = constant_plan;
    constant.explain = constant_explain<constant_plan>;
    out.push_back(constant);

    SchemeDefinition zeros;
    zeros.info = SchemeInfo::make(
        SchemeId::Zeros, "zeros", "Zeros", "PyTorch", {}, "W = 0", "",
        "All zeros: the usual bias choice; for weights it kills the gradient signal.",
        "torch.nn.init.zeros_", TensorFit::Any);
    zeros.plan = zeros_plan;
    zeros.explain = constant_explain<zeros_plan>;
    zeros.torch_call = zeros_call;
    out.push_back(zeros);

    SchemeDefinition ones;
    ones.info = SchemeInfo::make(SchemeId::Ones, "ones", "Ones", "PyTorch", {}, "W = 1", "",
                                 "All ones.", "torch.nn.init.ones_", TensorFit::Any);
    ones.plan = ones_plan;
    ones.explain = constant_explain<ones_plan>;
    ones.torch_call = ones_call;
    out.push_back(ones);

    SchemeDefinition trunc_normal;
    trunc_normal.info = SchemeInfo::make(
        SchemeId::TruncNormal, "trunc_normal", "Truncated normal", "PyTorch",
        {P::real("mean", 0.0, -kHuge, kHuge, -1.0, 1.0, "mean μ of the parent normal"),
         P::real("std", 1.0, 0.0, kHuge, 0.0, 1.0,
                 "parent σ: the std of the normal before the cut (not the result's std)"),
         P::real("a", -2.0, -kHuge, kHuge, -4.0, 0.0, "lower cut, an absolute value"),
         P::real("b", 2.0, -kHuge, kHuge, 0.0, 4.0, "upper cut, an absolute value")},
        "W ~ N(mean, std²) restricted to [a, b]", "",
        "A normal with its tails cut off at absolute bounds a and b, drawn as PyTorch 1.13 and "
        "later draw it (inverse-cdf sampling: each element is one uniform value mapped through "
        "the normal's inverse cdf into [a, b], never redrawn).",
        "torch.nn.init.trunc_normal_", TensorFit::Any);
    trunc_normal.plan = trunc_normal_plan;
    trunc_normal.explain = trunc_normal_explain;
    trunc_normal.check_params = trunc_normal_params;
    trunc_normal.check_tensor = trunc_normal_tensor;
    out.push_back(trunc_normal);
    return out;
}

}  // namespace initscope
