#include "core/schemes/draw_plan.h"

#include "core/schemes/python_literal.h"

#include <cmath>

namespace initscope {

DrawPlan DrawPlan::uniform(double lo, double hi) {
    DrawPlan plan;
    plan.kind_ = Kind::Uniform;
    plan.lo_ = lo;
    plan.hi_ = hi;
    return plan;
}

DrawPlan DrawPlan::uniform_with_stddev(double stddev) {
    const double bound = std::sqrt(3.0) * stddev;
    return uniform(-bound, bound);
}

DrawPlan DrawPlan::normal(double mean, double stddev) {
    DrawPlan plan;
    plan.kind_ = Kind::Normal;
    plan.mean_ = mean;
    plan.stddev_ = stddev;
    return plan;
}

DrawPlan DrawPlan::truncated_normal(double mean, double stddev, double a, double b) {
    DrawPlan plan = normal(mean, stddev);
    plan.kind_ = Kind::TruncatedNormal;
    plan.lo_ = a;
    plan.hi_ = b;
    return plan;
}

DrawPlan DrawPlan::constant(double value) {
    DrawPlan plan;
    plan.value_ = value;
    return plan;
}

Distribution DrawPlan::distribution() const {
    switch (kind_) {
        case Kind::Uniform:
            return Distribution::uniform(lo_, hi_);
        case Kind::Normal:
            return Distribution::normal(mean_, stddev_);
        case Kind::TruncatedNormal:
            return Distribution::truncated_normal(mean_, stddev_, lo_, hi_);
        case Kind::Constant:
            break;
    }
    return Distribution::point(value_);
}

std::string DrawPlan::torch_call(const std::string& target) const {
    const auto f = [](double v) { return PythonLiteral::number(v); };
    switch (kind_) {
        case Kind::Uniform:
            return "nn.init.uniform_(" + target + ", a=" + f(lo_) + ", b=" + f(hi_) + ")";
        case Kind::Normal:
            return "nn.init.normal_(" + target + ", mean=" + f(mean_) + ", std=" + f(stddev_) + ")";
        case Kind::TruncatedNormal:
            return "nn.init.trunc_normal_(" + target + ", mean=" + f(mean_) +
                   ", std=" + f(stddev_) + ", a=" + f(lo_) + ", b=" + f(hi_) + ")";
        case Kind::Constant:
            break;
    }
    return "nn.init.constant_(" + target + ", " + f(value_) + ")";
}

}  // namespace initscope
