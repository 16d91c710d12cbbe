#pragma once

#include <qcustomplot.h>

#include <algorithm>
#include <cmath>

namespace initscope {

/// Tick steps for counts: whole numbers only (no "2.5" counts); above 10 as QCPAxisTicker chooses.
class CountTicker : public QCPAxisTicker {
protected:
    double getTickStep(const QCPRange& range) override {
        const double step = QCPAxisTicker::getTickStep(range);
        return step < 10 ? std::max(1.0, std::floor(step)) : step;
    }
};

}  // namespace initscope
