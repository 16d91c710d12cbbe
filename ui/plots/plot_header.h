#pragma once

#include <qcustomplot.h>

namespace initscope {

class PlotCaption;

/// The header row above a plot's axes: a title on the left ("fc1.weight — xavier_normal") and a
/// line of statistics on the right ("n = 10,000 · σ = 0.0577"), both elided when the plot is
/// narrower than they are. One row when both fit the plot's width (the spare width shared in
/// proportion to the texts), else the statistics go below the title (fit()).
class PlotHeader : public QCPLayoutGrid {
public:
    /// Inserts the header as the top row of `plot`'s layout; the title takes `title_font`, the
    /// statistics `stats_font`.
    PlotHeader(QCustomPlot* plot, const QFont& title_font, const QFont& stats_font);

    PlotCaption* title() const { return title_; }
    PlotCaption* stats() const { return stats_; }
    /// Puts the statistics right of the title when both fit `width` pixels, else below it.
    void fit(int width);
    bool two_rows() const { return two_rows_; }

private:
    PlotCaption* title_;
    PlotCaption* stats_;
    bool two_rows_ = false;
};

}  // namespace initscope
