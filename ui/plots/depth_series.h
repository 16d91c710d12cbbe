#pragma once

#include <QColor>
#include <QString>

#include <vector>

namespace initscope {

/// One curve of a DepthPlot: a value per layer, depth 1 first.
struct DepthSeries {
    QString name;                ///< the legend's text: "std a (pre)", "mean field: a"
    std::vector<double> values;  ///< one per layer; NaN where the layer has none
    QColor color;
    /// A prediction: a dashed line without markers; otherwise measured: a line through dots.
    bool theory = false;
    /// The other set-up's measurement in an A/B comparison: a dotted line through hollow squares.
    bool compared = false;
};

}  // namespace initscope
