#pragma once

#include "ui/plots/fitted_ticker.h"

namespace initscope {

/// Tick steps for counts: whole numbers only (no "2.5" counts); above 10 as QCPAxisTicker
/// chooses; as many ticks as the axis's length fits (FittedTicker).
class CountTicker : public FittedTicker {
public:
    explicit CountTicker(QCPAxis* axis) : FittedTicker(axis, true) {}
};

}  // namespace initscope
