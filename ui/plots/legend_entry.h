#pragma once

#include <qcustomplot.h>
#include <QStaticText>

namespace initscope {

/// A legend entry like QCPPlottableLegendItem (icon, then the plottable's name), with the name
/// measured and laid out once per name and font instead of at every replot. Vector exports and
/// plottables other than PlotCurve draw as QCPPlottableLegendItem.
class LegendEntry : public QCPPlottableLegendItem {
public:
    LegendEntry(QCPLegend* legend, QCPAbstractPlottable* plottable)
        : QCPPlottableLegendItem(legend, plottable) {}
    /// Replaces the legend entry QCustomPlot added for `plottable` (if any) with a LegendEntry.
    static void install(QCPLegend* legend, QCPAbstractPlottable* plottable);

protected:
    void draw(QCPPainter* painter) override;
    QSize minimumOuterSizeHint() const override;

private:
    void measure() const;

    mutable QString measured_text_;
    mutable QFont measured_font_;
    mutable QSize icon_size_;
    mutable QRect text_rect_;
    mutable QStaticText static_text_;
};

}  // namespace initscope
