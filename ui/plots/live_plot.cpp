#include "ui/plots/live_plot.h"

namespace initscope {

LivePlot::LivePlot(QWidget* parent) : QCustomPlot(parent) {}

void LivePlot::request_replot() {
    if (isVisible() && !visibleRegion().isEmpty()) {
        stale_ = false;
        replot(rpQueuedReplot);
    } else {
        stale_ = true;
    }
}

void LivePlot::paintEvent(QPaintEvent* event) {
    if (stale_) {
        stale_ = false;
        replot(rpQueuedRefresh);  // redraws the buffers now; the widget shows them below
    }
    QCustomPlot::paintEvent(event);
}

void LivePlot::changeEvent(QEvent* event) {
    QCustomPlot::changeEvent(event);
    if (event->type() == QEvent::PaletteChange || event->type() == QEvent::FontChange) {
        restyle();
        request_replot();
    }
}

}  // namespace initscope
