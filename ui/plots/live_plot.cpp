#include "ui/plots/live_plot.h"

#include <QWheelEvent>

#include <cmath>

namespace initscope {

LivePlot::LivePlot(QWidget* parent) : QCustomPlot(parent) {
    // Ticks from the final layout: the axis rects' sizes are known only after it. Direct: a
    // headless export lays plots out on helper threads (ParallelPlotPainter).
    connect(
        this, &QCustomPlot::afterLayout, this,
        [this] {
            for (QCPAxisRect* rect : axisRects()) rect->update(QCPLayoutElement::upPreparation);
        },
        Qt::DirectConnection);
}

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

void LivePlot::wheelEvent(QWheelEvent* event) {
    if (!(event->modifiers() & Qt::ControlModifier)) {
        event->ignore();  // to the parent: the scroll area scrolls
        return;
    }
    QCPAxisRect* rect = axisRectCount() > 0 ? axisRect() : nullptr;
    const double steps = event->angleDelta().y() / 120.0;
    if (!rect || steps == 0) {
        event->accept();
        return;
    }
    // 15 % per wheel step, about the value under the pointer.
    QCPAxis* x = rect->axis(QCPAxis::atBottom);
    const double centre = x->pixelToCoord(event->position().x());
    x->scaleRange(std::pow(0.85, steps), centre);
    replot(rpQueuedReplot);
    event->accept();
}

bool LivePlot::event(QEvent* event) {
    // Sent to every widget by QApplication::setFont, even those with a font of their own.
    if (event->type() == QEvent::ApplicationFontChange) {
        restyle();
        request_replot();
    }
    return QCustomPlot::event(event);
}

}  // namespace initscope
