#pragma once

#include "core/stats/histogram.h"

#include <QColor>
#include <QString>

#include <cstdint>
#include <optional>

namespace initscope {

/// One curve of a DensityPlot: a core histogram drawn in density scale.
struct DensityCurve {
    QString name;         ///< "fc1", "weights"
    Histogram histogram;  ///< drawn with heights(HistogramScale::Density)
    int64_t n = 0;        ///< sample size shown in the legend: "fc1 (n = 10,000)"
    QColor color;
    /// The other set-up's curve in an A/B comparison: drawn dotted.
    bool compared = false;
    /// Set when every element equals this value (zeros, ones, constant): the curve is drawn as
    /// a spike at the value, and leaves the others' ranges alone.
    std::optional<double> point_mass;
};

}  // namespace initscope
