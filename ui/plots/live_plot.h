#pragma once

#include <qcustomplot.h>

namespace initscope {

/// A QCustomPlot that follows live data: the base of every InitScope plot.
/// - Replots are queued and only done when seen: request_replot() replots with rpQueuedReplot
///   (one replot per event-loop pass, however many requests) when any of the plot is on
///   screen; otherwise it marks the plot stale and the next paint replots first, so hidden tabs
///   and scrolled-away small multiples cost nothing.
/// - On a palette, font or application-font change the plot restyles itself at once (restyle();
///   an export's palette is in effect when it paints) and replots, so every plot follows
///   QApplication::setFont (zoom, presenter mode) and theme changes.
/// - The mouse wheel scrolls what the plot is in (a page of small multiples), as over any other
///   widget; Ctrl+wheel zooms the x axis about the pointer (until the plot's next update sets
///   its range again).
/// - After each layout the axis rects' ticks are generated again for the laid-out size, so a
///   FittedTicker counts its ticks from the final axis length.
class LivePlot : public QCustomPlot {
    Q_OBJECT
public:
    explicit LivePlot(QWidget* parent = nullptr);

    /// Replots (rpQueuedReplot) if any of the plot is on screen; otherwise marks it stale and
    /// replots at its next paint.
    void request_replot();

protected:
    /// Styles axes, plottables and items from the widget's current palette and the application
    /// font (PlotStyle). Called by the subclass when it builds or recolours its content, and by
    /// LivePlot on every palette and font change.
    virtual void restyle() = 0;

    void changeEvent(QEvent* event) override;
    bool event(QEvent* event) override;
    void wheelEvent(QWheelEvent* event) override;
    void paintEvent(QPaintEvent* event) override;

private:
    bool stale_ = false;
};

}  // namespace initscope
