#pragma once

#include <QList>
#include <QObject>

class QCustomPlot;
class QWidget;

namespace initscope {

/// While alive, holds back the resize events of the plots under a tab. A QCustomPlot answers
/// every resize with a full replot into its pixel buffers (reallocated at the new size), which
/// an export never shows: it draws with toPainter. Laying a tab out at the export size, then
/// its scroll content at the fitting size, then both back, would replot every plot four or
/// five times. Instead each plot gets one resize, to its final size, just before it is drawn
/// (sync: plots adapt to their width on resize, e.g. a header in one row or two), and, when the
/// tab is kept (restore), one more at the end if its size then differs from the last it saw.
class PlotResizeGate : public QObject {
public:
    PlotResizeGate(QWidget* tab, bool restore);
    ~PlotResizeGate() override;
    PlotResizeGate(const PlotResizeGate&) = delete;
    PlotResizeGate& operator=(const PlotResizeGate&) = delete;

    /// Delivers the resize `plot` missed, if any (QCustomPlot's viewport is the size it last saw),
    /// without drawing: the replot QCustomPlot answers it with runs with the plot's layers
    /// hidden (the export draws the plot once, with toPainter).
    void sync(QCustomPlot* plot);

protected:
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    /// Sends `plot` the resize it missed; its replot draws only when `draw`.
    void deliver(QCustomPlot* plot, bool draw);

    QList<QCustomPlot*> plots_;
    bool restore_;
    bool passing_ = false;
};

}  // namespace initscope
