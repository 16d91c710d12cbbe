#pragma once

#include <qcustomplot.h>

namespace initscope {

/// A QCustomPlot that follows live data: the base of every InitScope plot.
/// - Replots are queued and only done when seen: request_replot() replots with rpQueuedReplot
///   (one replot per event-loop pass, however many requests) when any of the plot is on
///   screen; otherwise it marks the plot stale and the next paint replots first, so hidden tabs
///   and scrolled-away small multiples cost nothing.
/// - On a palette or font change the plot restyles itself (restyle()) and replots.
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
    void paintEvent(QPaintEvent* event) override;

private:
    bool stale_ = false;
};

}  // namespace initscope
