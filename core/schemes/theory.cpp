// The theory of every scheme: the distribution of one element (core/stats/distribution.h) and the
// formula with the tensor's numbers (init-reference.md, "Theory of the sample").
#include "core/schemes/theory.h"

#include "core/model/nonlinearity.h"
#include "core/schemes/initializer.h"
#include "core/schemes/scheme_registry.h"
#include "core/stats/number_format.h"

#include <algorithm>
#include <cmath>

namespace initscope {

namespace {

std::string num(double v) {
    return NumberFormat::short_number(v);
}
std::string integer(double v) {
    return std::to_string(static_cast<int64_t>(v));
}

}  // namespace

bool Theory::continuous() const {
    return distribution_.atoms().empty();
}

std::string Theory::bound_symbol() const {
    return distribution_.bound_symbol(uniform_symbol_);
}

Theory Theory::of(const InitSpec& spec, const TensorContext& context) {
    Theory t;
    const SchemeId id = spec.scheme();
    t.formula_ = SchemeRegistry::info(id).formula;
    t.uniform_symbol_ = SchemeRegistry::info(id).bound_symbol;
    const TensorShape& shape = context.shape;
    const Fans fans = shape.fans();
    const double fan_in = static_cast<double>(fans.fan_in);
    const double fan_out = static_cast<double>(fans.fan_out);
    const double numel = static_cast<double>(shape.numel());
    std::string& filled = t.formula_filled_;
    auto note = [&t](std::string text) { t.notes_.push_back(std::move(text)); };
    auto std_note = [&t, &note] { note("std = " + num(t.stddev())); };

    switch (id) {
        case SchemeId::TorchDefault: {
            const bool bias = context.role == TensorRole::Bias;
            const double n = bias ? static_cast<double>(context.weight_fans.fan_in) : fan_in;
            double bound = 0;
            if (n > 0) {
                // PyTorch: bias 1/sqrt(fan_in); weight kaiming_uniform_(a=√5): √3·gain/√fan_in.
                const double slope = std::sqrt(5.0);
                const double gain = std::sqrt(2.0 / (1 + slope * slope));
                bound = bias ? 1 / std::sqrt(n) : std::sqrt(3.0) * (gain / std::sqrt(n));
            }
            t.distribution_ = Distribution::uniform(-bound, bound);
            const std::string ns = integer(n);
            filled = "b = 1/√" + ns + " = " + num(bound);
            if (!bias)
                note("kaiming_uniform_(a=√5): gain = √(2/(1+5)), b = √3·gain/√fan_in = 1/√fan_in");
            if (n > 0)
                note("std = 1/√(3·" + ns + ") = " + num(t.stddev()) +
                     " (the notebook's √(1/n) = " + num(bound) + " is the bound, not σ)");
            break;
        }
        case SchemeId::Uniform: {
            const double a = spec.number("a"), b = spec.number("b");
            t.distribution_ = Distribution::uniform(a, b);
            filled = "U(" + num(a) + ", " + num(b) + "): σ = (b−a)/√12 = " + num(t.stddev());
            break;
        }
        case SchemeId::Normal: {
            const double mean = spec.number("mean"), sd = spec.number("std");
            t.distribution_ = Distribution::normal(mean, sd);
            filled = "N(" + num(mean) + ", " + num(sd) + "²): σ = " + num(sd);
            break;
        }
        case SchemeId::Constant:
        case SchemeId::Zeros:
        case SchemeId::Ones: {
            const double v = id == SchemeId::Zeros  ? 0.0
                             : id == SchemeId::Ones ? 1.0
                                                    : spec.number("val");
            t.distribution_ = Distribution::point(v);
            filled = "W = " + num(v) + " (every element)";
            break;
        }
        case SchemeId::Eye:
        case SchemeId::Dirac: {
            double ones = 0;
            if (id == SchemeId::Eye && shape.rank() == 2) {
                ones = static_cast<double>(std::min(shape[0], shape[1]));
            } else if (id == SchemeId::Dirac && shape.rank() >= 3) {
                const auto groups =
                    std::max<int64_t>(1, static_cast<int64_t>(spec.number("groups")));
                ones = static_cast<double>(groups * std::min(shape[0] / groups, shape[1]));
            }
            const double p = numel > 0 ? ones / numel : 0.0;
            t.distribution_ = Distribution::two_point(1.0, p);
            filled = integer(ones) + " ones among " + integer(numel) + " elements: p = " + num(p) +
                     ", the rest 0";
            note("mean = p = " + num(t.mean()) + ", std = √(p(1−p)) = " + num(t.stddev()));
            break;
        }
        case SchemeId::XavierUniform:
        case SchemeId::XavierNormal: {
            const double gain = spec.number("gain");
            const double sd = gain * std::sqrt(2.0 / (fan_in + fan_out));
            const std::string fans_text = integer(fan_in) + "+" + integer(fan_out) + "))";
            if (id == SchemeId::XavierUniform) {
                const double a = std::sqrt(3.0) * sd;
                t.distribution_ = Distribution::uniform(-a, a);
                filled = "a = " + num(gain) + "·√(6/(" + fans_text + " = " + num(a);
                std_note();
            } else {
                t.distribution_ = Distribution::normal(0.0, sd);
                filled = "σ = " + num(gain) + "·√(2/(" + fans_text + " = " + num(sd);
            }
            break;
        }
        case SchemeId::KaimingUniform:
        case SchemeId::KaimingNormal: {
            const double a = spec.number("a");
            const FanMode mode = spec.option<FanMode>("mode");
            const bool fan_out_mode = mode == FanMode::FanOut;
            const double fan = fan_out_mode ? fan_out : fan_in;
            const Nonlinearity nl = spec.option<Nonlinearity>("nonlinearity");
            const double gain = NonlinearityInfo::gain(nl, a);
            const std::string gain_text = NonlinearityInfo::gain_text(nl, a);
            const double sd = fan > 0 ? gain / std::sqrt(fan) : 0.0;
            if (id == SchemeId::KaimingUniform) {
                const double bound = std::sqrt(3.0) * sd;
                t.distribution_ = Distribution::uniform(-bound, bound);
                filled = "b = " + gain_text + "·√(3/" + integer(fan) + ") = " + num(bound);
                std_note();
            } else {
                t.distribution_ = Distribution::normal(0.0, sd);
                filled = "σ = " + gain_text + "/√" + integer(fan) + " = " + num(sd);
            }
            note("gain = " + gain_text + " = " + num(gain) + ", " +
                 std::string(ChoiceSpelling::name(mode)) + " = " + integer(fan));
            break;
        }
        case SchemeId::TruncNormal: {
            const double mean = spec.number("mean"), sd = spec.number("std");
            const double a = spec.number("a"), b = spec.number("b");
            t.distribution_ = Distribution::truncated_normal(mean, sd, a, b);
            filled = "N(" + num(mean) + ", " + num(sd) + "²) cut to [" + num(a) + ", " + num(b) +
                     "]: mean " + num(t.mean()) + ", std " + num(t.stddev());
            note("a and b are absolute bounds; std is the parent σ, not the result's");
            break;
        }
        case SchemeId::Orthogonal: {
            const double gain = spec.number("gain");
            const double rows = shape.rank() >= 1 ? static_cast<double>(shape[0]) : 0.0;
            const double cols = rows > 0 ? numel / rows : 0.0;
            const double d = std::max(rows, cols);
            t.distribution_ = Distribution::scaled_beta(d, gain);
            filled = "σ = gain/√max(rows, cols) = " + num(gain) + "/√" + integer(d) + " = " +
                     num(t.stddev());
            note("each element is gain × one coordinate of a random unit vector in R^" +
                 integer(d) + ": support [−gain, gain], nearly normal for large d");
            break;
        }
        case SchemeId::Sparse: {
            const double sparsity = spec.number("sparsity"), sd = spec.number("std");
            const double rows = shape.rank() >= 1 ? static_cast<double>(shape[0]) : 0.0;
            // As PyTorch: num_zeros = int(math.ceil(sparsity * rows)), in double.
            const double zeros = std::ceil(sparsity * rows);
            const double p = rows > 0 ? std::min(1.0, zeros / rows) : 0.0;
            t.distribution_ = Distribution::sparse_normal(p, sd);
            filled = "⌈" + num(sparsity) + "·" + integer(rows) + "⌉ = " + integer(zeros) +
                     " zeros per column (p = " + num(p) + "), the rest N(0, " + num(sd) + "²)";
            std_note();
            break;
        }
        case SchemeId::GlorotUniform:
        case SchemeId::GlorotNormal:
        case SchemeId::HeUniform:
        case SchemeId::HeNormal:
        case SchemeId::LecunUniform:
        case SchemeId::LecunNormal:
        case SchemeId::VarianceScaling: {
            const Initializer::VarianceScaling vs = Initializer::variance_scaling(spec, fans);
            const std::string s_text = "s = scale/max(1, n) = " + num(vs.s) +
                                       " (n = " + NumberFormat::short_number(vs.fan, 10) + ")";
            if (vs.distribution == VarianceDistribution::TruncatedNormal) {
                t.distribution_ =
                    Distribution::truncated_normal(0.0, vs.stddev, -vs.bound, vs.bound);
                filled = "σ = √" + num(vs.s) + "/0.8796 = " + num(vs.stddev) + ", cut at ±2σ = ±" +
                         num(vs.bound);
                note("the cut brings the std back to √s = " + num(t.stddev()));
            } else if (vs.distribution == VarianceDistribution::UntruncatedNormal) {
                t.distribution_ = Distribution::normal(0.0, vs.stddev);
                filled = "σ = √" + num(vs.s) + " = " + num(vs.stddev);
            } else {
                t.distribution_ = Distribution::uniform(-vs.bound, vs.bound);
                filled = "b = √(3·" + num(vs.s) + ") = " + num(vs.bound);
                std_note();
            }
            note(s_text);
            break;
        }
    }
    return t;
}

}  // namespace initscope
