#include "core/schemes/scheme_registry.h"

#include "core/model/choice_spelling.h"
#include "core/stats/number_format.h"
#include "core/stats/special_functions.h"

#include <cmath>
#include <stdexcept>

namespace initscope {

namespace {

ParamInfo real(std::string name, double value, double min, double max, double slider_min,
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

ParamInfo integer(std::string name, double value, double min, double max, std::string description) {
    ParamInfo p =
        real(std::move(name), value, min, max, min, std::min(max, 16.0), std::move(description));
    p.kind = ParamKind::Integer;
    return p;
}

ParamInfo choice(std::string name, std::string value, std::vector<std::string> choices,
                 std::string description) {
    ParamInfo p;
    p.name = std::move(name);
    p.kind = ParamKind::Choice;
    p.default_choice = std::move(value);
    p.choices = std::move(choices);
    p.description = std::move(description);
    return p;
}

constexpr double kHuge = 1e6;

ParamInfo gain_param() {
    return real("gain", 1.0, 0.0, kHuge, 0.0, 4.0, "scaling factor (see calculate_gain)");
}
ParamInfo kaiming_a() {
    return real("a", 0.0, 0.0, kHuge, 0.0, 1.0,
                "negative slope of the rectifier after this layer (leaky_relu only)");
}
ParamInfo kaiming_mode() {
    return choice("mode", std::string(ChoiceSpelling::name(FanMode::FanIn)),
                  {std::string(ChoiceSpelling::name(FanMode::FanIn)),
                   std::string(ChoiceSpelling::name(FanMode::FanOut))},
                  "fan_in preserves the forward variance, fan_out the backward one");
}
ParamInfo kaiming_nonlinearity() {
    return choice("nonlinearity", std::string(ChoiceSpelling::name(Nonlinearity::LeakyRelu)),
                  ChoiceSpelling::names<Nonlinearity>(),
                  "the activation after this layer; sets the gain");
}

const char* const kGlorot =
    "Glorot & Bengio 2010, Understanding the difficulty of training deep feedforward neural "
    "networks";
const char* const kHe =
    "He et al. 2015, Delving deep into rectifiers: surpassing human-level performance on "
    "ImageNet classification";
const char* const kLecun = "LeCun et al. 1998, Efficient BackProp";
const char* const kSaxe =
    "Saxe et al. 2014, Exact solutions to the nonlinear dynamics of learning in deep linear "
    "networks";
const char* const kMartens = "Martens 2010, Deep learning via Hessian-free optimization";
const char* const kKeras = "Keras / JAX";

std::vector<SchemeInfo> build_table() {
    std::vector<SchemeInfo> t;
    auto add = [&t](SchemeId id, std::string key, std::string display, std::string family,
                    std::vector<ParamInfo> params, std::string formula, std::string paper,
                    std::string description, std::string torch_call, TensorFit fit,
                    bool exact = true) {
        t.push_back({id,
                     std::move(key),
                     std::move(display),
                     std::move(family),
                     std::move(params),
                     std::move(formula),
                     std::move(paper),
                     std::move(description),
                     std::move(torch_call),
                     fit,
                     exact,
                     {}});
    };
    add(SchemeId::TorchDefault, "torch_default", "PyTorch default", "PyTorch", {},
        "W, b ~ U(−1/√fan_in, 1/√fan_in)", kHe,
        "What nn.Linear and nn.Conv do at construction: kaiming_uniform_(a=√5) on the weight, "
        "U(±1/√fan_in) on the bias.",
        "nn.Linear / nn.Conv reset_parameters", TensorFit::Any);
    add(SchemeId::Uniform, "uniform", "Uniform", "PyTorch",
        {real("a", 0.0, -kHuge, kHuge, -1.0, 1.0, "lower bound"),
         real("b", 1.0, -kHuge, kHuge, -1.0, 1.0, "upper bound")},
        "W ~ U(a, b)", "", "Every value equally likely between a and b.", "torch.nn.init.uniform_",
        TensorFit::Any);
    add(SchemeId::Normal, "normal", "Normal", "PyTorch",
        {real("mean", 0.0, -kHuge, kHuge, -1.0, 1.0, "mean μ"),
         real("std", 1.0, 0.0, kHuge, 0.0, 1.0, "standard deviation σ")},
        "W ~ N(mean, std²)", "", "Gaussian with a fixed mean and standard deviation.",
        "torch.nn.init.normal_", TensorFit::Any);
    add(SchemeId::Constant, "constant", "Constant", "PyTorch",
        {real("val", 0.0, -kHuge, kHuge, -1.0, 1.0, "the value")}, "W = val", "",
        "Every element the same value: all units of a layer stay identical (no symmetry "
        "breaking).",
        "torch.nn.init.constant_", TensorFit::Any);
    add(SchemeId::Zeros, "zeros", "Zeros", "PyTorch", {}, "W = 0", "",
        "All zeros: the usual bias choice; for weights it kills the gradient signal.",
        "torch.nn.init.zeros_", TensorFit::Any);
    add(SchemeId::Ones, "ones", "Ones", "PyTorch", {}, "W = 1", "", "All ones.",
        "torch.nn.init.ones_", TensorFit::Any);
    add(SchemeId::Eye, "eye", "Identity (eye)", "PyTorch", {}, "W = I (rectangular allowed)", "",
        "The identity matrix: a linear layer starts as a pass-through.", "torch.nn.init.eye_",
        TensorFit::Exactly2D);
    add(SchemeId::Dirac, "dirac", "Dirac", "PyTorch",
        {integer("groups", 1, 1, kHuge, "number of groups the output channels are split into")},
        "W[d, d, centre] = 1 for d < min(out/groups, in)", "",
        "The convolutional identity: each output channel copies its input channel.",
        "torch.nn.init.dirac_", TensorFit::Conv);
    add(SchemeId::XavierUniform, "xavier_uniform", "Xavier / Glorot uniform", "PyTorch",
        {gain_param()}, "W ~ U(−a, a), a = gain·√(6/(fan_in+fan_out))", kGlorot,
        "Keeps the variance of activations and gradients balanced for symmetric, "
        "near-linear activations (tanh).",
        "torch.nn.init.xavier_uniform_", TensorFit::FanBased);
    add(SchemeId::XavierNormal, "xavier_normal", "Xavier / Glorot normal", "PyTorch",
        {gain_param()}, "W ~ N(0, σ²), σ = gain·√(2/(fan_in+fan_out))", kGlorot,
        "Gaussian version of Xavier: Var W = gain²·2/(fan_in+fan_out).",
        "torch.nn.init.xavier_normal_", TensorFit::FanBased);
    add(SchemeId::KaimingUniform, "kaiming_uniform", "Kaiming / He uniform", "PyTorch",
        {kaiming_a(), kaiming_mode(), kaiming_nonlinearity()},
        "W ~ U(−b, b), b = gain·√(3/fan_mode)", kHe,
        "Keeps activations at a constant scale through ReLU layers: Var W = gain²/fan.",
        "torch.nn.init.kaiming_uniform_", TensorFit::FanBased);
    add(SchemeId::KaimingNormal, "kaiming_normal", "Kaiming / He normal", "PyTorch",
        {kaiming_a(), kaiming_mode(), kaiming_nonlinearity()}, "W ~ N(0, σ²), σ = gain/√fan_mode",
        kHe, "Gaussian version of Kaiming: with ReLU, σ = √(2/fan_in).",
        "torch.nn.init.kaiming_normal_", TensorFit::FanBased);
    add(SchemeId::TruncNormal, "trunc_normal", "Truncated normal", "PyTorch",
        {real("mean", 0.0, -kHuge, kHuge, -1.0, 1.0, "mean μ of the parent normal"),
         real("std", 1.0, 0.0, kHuge, 0.0, 1.0, "std σ of the parent normal (no correction)"),
         real("a", -2.0, -kHuge, kHuge, -4.0, 0.0, "lower cut, an absolute value"),
         real("b", 2.0, -kHuge, kHuge, 0.0, 4.0, "upper cut, an absolute value")},
        "W ~ N(mean, std²) restricted to [a, b]", "",
        "A normal with its tails cut off at absolute bounds a and b (PyTorch 1.13 semantics: "
        "inverse-cdf sampling).",
        "torch.nn.init.trunc_normal_", TensorFit::Any);
    add(SchemeId::Orthogonal, "orthogonal", "Orthogonal", "PyTorch", {gain_param()},
        "W = gain·Q, Q from QR of a Gaussian matrix", kSaxe,
        "Rows (or columns) orthonormal: every singular value equals gain, so signals keep their "
        "norm through deep linear stacks.",
        "torch.nn.init.orthogonal_", TensorFit::AtLeast2D, false);
    add(SchemeId::Sparse, "sparse", "Sparse", "PyTorch",
        {real("sparsity", 0.1, 0.0, 1.0, 0.0, 1.0, "fraction of each column set to zero"),
         real("std", 0.01, 0.0, kHuge, 0.0, 0.1, "std of the non-zero values")},
        "W ~ N(0, std²), then ⌈sparsity·rows⌉ zeros per column", kMartens,
        "A Gaussian matrix with a fixed fraction of each column zeroed.", "torch.nn.init.sparse_",
        TensorFit::Exactly2D);
    add(SchemeId::GlorotUniform, "glorot_uniform", "Glorot uniform (Keras)", kKeras, {},
        "W ~ U(±√(3s)), s = 1/fan_avg", kGlorot,
        "Keras' default dense kernel: variance_scaling(1, fan_avg, uniform).",
        "torch.nn.init.uniform_", TensorFit::FanBased);
    add(SchemeId::GlorotNormal, "glorot_normal", "Glorot normal (Keras)", kKeras, {},
        "W ~ N(0, σ²) cut at ±2σ, σ = √s/0.8796, s = 1/fan_avg", kGlorot,
        "variance_scaling(1, fan_avg, truncated_normal): the result's std is √s.",
        "torch.nn.init.trunc_normal_", TensorFit::FanBased);
    add(SchemeId::HeUniform, "he_uniform", "He uniform (Keras)", kKeras, {},
        "W ~ U(±√(3s)), s = 2/fan_in", kHe, "variance_scaling(2, fan_in, uniform).",
        "torch.nn.init.uniform_", TensorFit::FanBased);
    add(SchemeId::HeNormal, "he_normal", "He normal (Keras)", kKeras, {},
        "W ~ N(0, σ²) cut at ±2σ, σ = √s/0.8796, s = 2/fan_in", kHe,
        "variance_scaling(2, fan_in, truncated_normal).", "torch.nn.init.trunc_normal_",
        TensorFit::FanBased);
    add(SchemeId::LecunUniform, "lecun_uniform", "LeCun uniform (Keras)", kKeras, {},
        "W ~ U(±√(3s)), s = 1/fan_in", kLecun, "variance_scaling(1, fan_in, uniform).",
        "torch.nn.init.uniform_", TensorFit::FanBased);
    add(SchemeId::LecunNormal, "lecun_normal", "LeCun normal (Keras, Flax default)", kKeras, {},
        "W ~ N(0, σ²) cut at ±2σ, σ = √s/0.8796, s = 1/fan_in", kLecun,
        "variance_scaling(1, fan_in, truncated_normal): Flax's default dense kernel, used with "
        "selu (Klambauer et al. 2017).",
        "torch.nn.init.trunc_normal_", TensorFit::FanBased);
    add(SchemeId::VarianceScaling, "variance_scaling", "Variance scaling (Keras / JAX)", kKeras,
        {real("scale", 1.0, 1e-12, kHuge, 0.01, 4.0, "scale s multiplies 1/fan"),
         choice("mode", std::string(ChoiceSpelling::name(FanMode::FanIn)),
                ChoiceSpelling::names<FanMode>(), "which fan divides the scale"),
         choice("distribution",
                std::string(ChoiceSpelling::name(VarianceDistribution::TruncatedNormal)),
                ChoiceSpelling::names<VarianceDistribution>(),
                "truncated normal (corrected σ), untruncated normal or uniform")},
        "s = scale/max(1, fan_mode); σ = √s (truncated: √s/0.8796, cut at ±2σ); uniform ±√(3s)", "",
        "The general family behind glorot, he and lecun in Keras and JAX.",
        "torch.nn.init.trunc_normal_ / normal_ / uniform_", TensorFit::FanBased);
    for (SchemeInfo& info : t) {
        switch (info.id) {
            case SchemeId::TorchDefault:
                info.bound_symbol = "1/√fan_in";
                break;
            case SchemeId::XavierUniform:
                info.bound_symbol = "gain·√(6/(fan_in+fan_out))";
                break;
            case SchemeId::KaimingUniform:
                info.bound_symbol = "gain·√(3/fan_mode)";
                break;
            case SchemeId::GlorotUniform:
            case SchemeId::HeUniform:
            case SchemeId::LecunUniform:
                info.bound_symbol = "√(3s)";
                break;
            default:
                break;
        }
    }
    return t;
}

std::string fit_problem(TensorFit fit, const SchemeInfo& info, const TensorShape& shape) {
    const int rank = shape.rank();
    const std::string got = "got " + shape.to_string() + " (" + std::to_string(rank) + "-D)";
    switch (fit) {
        case TensorFit::Any:
            return {};
        case TensorFit::FanBased:
            if (rank < 2)
                return info.key +
                       " needs fan_in and fan_out, so a tensor of at least 2 dimensions; " + got;
            return {};
        case TensorFit::AtLeast2D:
            if (rank < 2) return info.key + " needs a tensor of at least 2 dimensions; " + got;
            return {};
        case TensorFit::Exactly2D:
            if (rank != 2) return info.key + " needs a 2-D tensor (a linear weight); " + got;
            return {};
        case TensorFit::Conv:
            if (rank < 3 || rank > 5)
                return info.key + " needs a 3-, 4- or 5-D tensor (a conv weight); " + got;
            return {};
    }
    return {};
}

}  // namespace

const std::vector<SchemeInfo>& SchemeRegistry::all() {
    static const std::vector<SchemeInfo> table = build_table();
    return table;
}

const SchemeInfo& SchemeRegistry::info(SchemeId id) {
    for (const SchemeInfo& info : all())
        if (info.id == id) return info;
    throw std::logic_error("SchemeRegistry: scheme missing from the table");
}

const SchemeInfo* SchemeRegistry::find(std::string_view key) {
    for (const SchemeInfo& info : all())
        if (info.key == key) return &info;
    return nullptr;
}

const ParamInfo* SchemeRegistry::param(SchemeId id, std::string_view name) {
    for (const ParamInfo& p : info(id).params)
        if (p.name == name) return &p;
    return nullptr;
}

InitSpec SchemeRegistry::defaults(SchemeId id) {
    InitSpec spec(id);
    for (const ParamInfo& p : info(id).params) {
        if (p.kind == ParamKind::Choice)
            spec.set(p.name, p.default_choice);
        else
            spec.set(p.name, p.default_number);
    }
    return spec;
}

InitSpec SchemeRegistry::completed(const InitSpec& spec) {
    InitSpec out = defaults(spec.scheme());
    for (const auto& [name, value] : spec.params()) out.set(name, value);
    return out;
}

std::optional<std::string> SchemeRegistry::check_params(const InitSpec& spec) {
    const SchemeInfo& scheme = info(spec.scheme());
    for (const auto& [name, value] : spec.params()) {
        const ParamInfo* p = param(spec.scheme(), name);
        if (p == nullptr) return name + ": " + scheme.key + " has no parameter '" + name + "'";
        if (p->kind == ParamKind::Choice) {
            const std::string* text = std::get_if<std::string>(&value);
            if (text == nullptr) return name + ": must be one of the names, got a number";
            bool known = false;
            for (const std::string& c : p->choices) known = known || c == *text;
            if (!known) {
                std::string list;
                for (const std::string& c : p->choices) list += (list.empty() ? "" : ", ") + c;
                return name + ": must be one of " + list + ", got '" + *text + "'";
            }
            continue;
        }
        const double* number = std::get_if<double>(&value);
        if (number == nullptr) return name + ": must be a number";
        const double v = *number;
        if (!std::isfinite(v)) return name + ": must be a finite number";
        if (p->kind == ParamKind::Integer && v != std::floor(v))
            return name + ": must be a whole number, got " + NumberFormat::plain(v);
        if (v < p->min) {
            const std::string bound = p->min == 1e-12 ? "> 0" : "≥ " + NumberFormat::plain(p->min);
            return name + ": must be " + bound + ", got " + NumberFormat::plain(v);
        }
        if (v > p->max)
            return name + ": must be ≤ " + NumberFormat::plain(p->max) + ", got " +
                   NumberFormat::plain(v);
    }
    const SchemeId id = spec.scheme();
    if (id == SchemeId::Uniform || id == SchemeId::TruncNormal) {
        const double a = spec.number("a"), b = spec.number("b");
        if (a > b)
            return "a: must be ≤ b (" + NumberFormat::plain(b) + "), got " + NumberFormat::plain(a);
        if (id == SchemeId::TruncNormal && a == b)
            return "a: must be < b (" + NumberFormat::plain(b) + "), got " + NumberFormat::plain(a);
        if (id == SchemeId::TruncNormal && spec.number("std") <= 0)
            return "std: must be > 0 for a truncated normal, got " +
                   NumberFormat::plain(spec.number("std"));
    }
    return std::nullopt;
}

std::optional<std::string> SchemeRegistry::check(const InitSpec& spec,
                                                 const TensorContext& context) {
    const SchemeInfo& scheme = info(spec.scheme());
    if (std::string problem = fit_problem(scheme.fit, scheme, context.shape); !problem.empty())
        return problem;
    if (auto problem = check_params(spec)) return problem;
    if (spec.scheme() == SchemeId::Dirac) {
        const double groups = spec.number("groups");
        if (std::fmod(static_cast<double>(context.shape[0]), groups) != 0)
            return "groups: must divide the output channels (" + std::to_string(context.shape[0]) +
                   "), got " + NumberFormat::plain(groups);
    }
    if (spec.scheme() == SchemeId::TruncNormal) {
        // PyTorch's inverse-cdf method needs Φ((b−μ)/σ) > Φ((a−μ)/σ) in double.
        const double mean = spec.number("mean"), stddev = spec.number("std");
        const double l = SpecialFunctions::normal_cdf((spec.number("a") - mean) / stddev);
        const double u = SpecialFunctions::normal_cdf((spec.number("b") - mean) / stddev);
        if (!(u > l)) return "a: the interval [a, b] has no probability under N(mean, std²)";
    }
    return std::nullopt;
}

std::vector<SchemeId> SchemeRegistry::fitting(const TensorContext& context) {
    std::vector<SchemeId> out;
    for (const SchemeInfo& info : all())
        if (fit_problem(info.fit, info, context.shape).empty()) out.push_back(info.id);
    return out;
}

}  // namespace initscope
