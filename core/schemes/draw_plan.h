#pragma once

#include "core/stats/distribution.h"

#include <string>

namespace initscope {

/// How most schemes draw: a distribution with its parameters, computed from the fans and the
/// scheme's parameters (LibTorch's shape: "σ from the fans × a distribution", the uniform bound
/// √3·σ). The Initializer executes it with PyTorch's kernels, the theory reads its distribution,
/// the script writer its torch call.
class DrawPlan {
public:
    enum class Kind { Uniform, Normal, TruncatedNormal, Constant };

    /// U(lo, hi): uniform_(a=lo, b=hi).
    static DrawPlan uniform(double lo, double hi);
    /// U(−√3·σ, √3·σ): the uniform with standard deviation σ, as xavier_ and kaiming_uniform_.
    static DrawPlan uniform_with_stddev(double stddev);
    /// N(mean, stddev²): normal_.
    static DrawPlan normal(double mean, double stddev);
    /// N(mean, stddev²) cut to [a, b] (absolute bounds): trunc_normal_.
    static DrawPlan truncated_normal(double mean, double stddev, double a, double b);
    /// Every element `value`: fill_.
    static DrawPlan constant(double value);

    Kind kind() const { return kind_; }
    double lo() const { return lo_; }  ///< uniform lower bound; truncation a
    double hi() const { return hi_; }  ///< uniform upper bound; truncation b
    double mean() const { return mean_; }
    double stddev() const { return stddev_; }
    double value() const { return value_; }

    /// The distribution of one element.
    Distribution distribution() const;
    /// The torch.nn.init call that draws the same: "nn.init.uniform_(w, a=-0.1, b=0.1)",
    /// normal_(…, mean=, std=), trunc_normal_(…, mean=, std=, a=, b=), constant_(w, v).
    std::string torch_call(const std::string& target) const;

private:
    Kind kind_ = Kind::Constant;
    double lo_ = 0, hi_ = 0, mean_ = 0, stddev_ = 0, value_ = 0;
};

}  // namespace initscope
