#pragma once

#include <qcustomplot.h>

namespace initscope {

/// A legend laid out in a row below (or above) the axes: as many columns as fit the plot's width,
/// filled row by row, each column as wide as its widest entry. So a legend never covers data and
/// takes only the height it needs.
class LegendFlow {
public:
    /// Re-wraps `legend` (columns first) for a plot `width` pixels wide; cheap when unchanged.
    static void fit(QCPLegend* legend, int width);
    /// The number of columns `fit` chooses for `width`.
    static int columns(const QCPLegend* legend, int width);
};

}  // namespace initscope
