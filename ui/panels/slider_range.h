#pragma once

namespace initscope {

/// The range a parameter's slider spans, following the value: the registry's comfortable range
/// (ParamInfo::slider_min … slider_max) while the value lies in it, else widened to a round
/// number (1, 2 or 5 × 10^k) at least 1.25 × the value's magnitude, so a typed std of 5 puts the
/// slider at half of [0, 10] instead of pinning it at the end of [0, 1]. Coming back into the
/// comfortable range restores it, with its precision near typical values. Never beyond the valid
/// range [valid_min, valid_max].
///
/// Positions run from 0 to steps(): kSteps for a real parameter, one per whole number for an
/// integer one.
class SliderRange {
public:
    static constexpr int kSteps = 1000;

    SliderRange() = default;
    SliderRange(double comfortable_min, double comfortable_max, double valid_min, double valid_max,
                bool integer);

    /// Makes the range cover `value` (see the class comment); true when the range changed.
    bool follow(double value);

    double min() const { return min_; }
    double max() const { return max_; }
    int steps() const;
    /// The slider position of `value`, clamped to [0, steps()].
    int position(double value) const;
    /// The value at `position`; a real one rounded to 4 decimals so a dragged σ reads 0.1, not
    /// 0.100000000003.
    double value(int position) const;

private:
    double comfortable_min_ = 0, comfortable_max_ = 1;
    double valid_min_ = 0, valid_max_ = 1;
    double min_ = 0, max_ = 1;
    bool integer_ = false;
};

}  // namespace initscope
