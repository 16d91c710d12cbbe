#include "ui/panels/slider_range.h"

#include <algorithm>
#include <cmath>

namespace initscope {

namespace {

/// The smallest of 1, 2, 5 × 10^k that is at least 1.25·magnitude (magnitude > 0).
double round_cover(double magnitude) {
    const double wanted = 1.25 * magnitude;
    double decade = std::pow(10.0, std::floor(std::log10(wanted)));
    for (;;) {
        for (double m : {1.0, 2.0, 5.0})
            if (m * decade >= wanted) return m * decade;
        decade *= 10;
    }
}

}  // namespace

SliderRange::SliderRange(double comfortable_min, double comfortable_max, double valid_min,
                         double valid_max, bool integer)
    : comfortable_min_(std::max(valid_min, comfortable_min)),
      comfortable_max_(std::min(valid_max, comfortable_max)),
      valid_min_(valid_min),
      valid_max_(valid_max),
      min_(comfortable_min_),
      max_(comfortable_max_),
      integer_(integer) {}

bool SliderRange::follow(double value) {
    double lo = comfortable_min_, hi = comfortable_max_;
    if (std::isfinite(value)) {
        if (value > hi) hi = std::min(valid_max_, round_cover(value));
        if (value < lo) lo = value < 0 ? std::max(valid_min_, -round_cover(-value)) : 0.0;
    }
    if (lo == min_ && hi == max_) return false;
    min_ = lo;
    max_ = hi;
    return true;
}

int SliderRange::steps() const {
    return integer_ ? std::max(0, int(max_ - min_)) : kSteps;
}

int SliderRange::position(double value) const {
    const double span = max_ - min_;
    if (!(span > 0)) return 0;
    if (integer_) return std::clamp(int(std::lround(value - min_)), 0, steps());
    const double t = std::clamp((value - min_) / span, 0.0, 1.0);
    return int(std::lround(t * kSteps));
}

double SliderRange::value(int position) const {
    if (integer_) return min_ + position;
    const double t = double(position) / kSteps;
    return std::round((min_ + t * (max_ - min_)) * 1e4) / 1e4;
}

}  // namespace initscope
