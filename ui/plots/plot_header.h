#pragma once

#include <qcustomplot.h>

namespace initscope {

class PlotCaption;

/// The header row above a plot's axes: a title on the left ("fc1.weight — xavier_normal") and a
/// line of statistics on the right ("n = 10,000 · σ = 0.0577"). One row when both fit the plot's
/// width (the spare width shared in proportion to the texts), else the statistics go below the
/// title (fit()); a text wider than the plot wraps onto more lines (PlotCaption::wrap), so a
/// title or a number is never cut.
class PlotHeader : public QCPLayoutGrid {
public:
    /// Inserts the header as the top row of `plot`'s layout; the title takes `title_font`, the
    /// statistics `stats_font`.
    PlotHeader(QCustomPlot* plot, const QFont& title_font, const QFont& stats_font);

    PlotCaption* title() const { return title_; }
    PlotCaption* stats() const { return stats_; }
    /// Puts the statistics right of the title when both fit `width` pixels, else below it;
    /// wraps either to the width. Call on every resize and font change.
    void fit(int width);
    /// New fonts (after an application font change); call fit() after.
    void set_fonts(const QFont& title_font, const QFont& stats_font);
    bool two_rows() const { return two_rows_; }

private:
    PlotCaption* title_;
    PlotCaption* stats_;
    bool two_rows_ = false;
};

}  // namespace initscope
