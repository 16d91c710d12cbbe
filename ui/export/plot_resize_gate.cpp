#include "ui/export/plot_resize_gate.h"

#include <qcustomplot.h>
#include <QCoreApplication>
#include <QResizeEvent>

#include <vector>

namespace initscope {

PlotResizeGate::PlotResizeGate(QWidget* tab, bool restore) : restore_(restore) {
    plots_ = tab->findChildren<QCustomPlot*>();
    for (QCustomPlot* plot : plots_) plot->installEventFilter(this);
}

PlotResizeGate::~PlotResizeGate() {
    for (QCustomPlot* plot : plots_) {
        plot->removeEventFilter(this);
        if (restore_ && plot->isVisible())
            deliver(plot, true);  // on screen: drawn for the screen
        else if (restore_ && plot->viewport().size() != plot->size())
            plot->setAttribute(Qt::WA_PendingResizeEvent);  // delivered when shown
    }
}

void PlotResizeGate::sync(QCustomPlot* plot) {
    deliver(plot, false);
}

void PlotResizeGate::deliver(QCustomPlot* plot, bool draw) {
    const QSize seen = plot->viewport().size();
    if (seen == plot->size()) return;
    // The plot adapts to its new size in its resizeEvent, then QCustomPlot's replots into the
    // widget's pixel buffers, which an export never shows: with every layer hidden meanwhile
    // that replot lays the plot out but draws nothing.
    std::vector<QCPLayer*> shown;
    for (int i = 0; i < plot->layerCount(); ++i)
        if (QCPLayer* layer = plot->layer(i); !draw && layer->visible()) {
            layer->setVisible(false);
            shown.push_back(layer);
        }
    passing_ = true;
    QResizeEvent event(plot->size(), seen);
    QCoreApplication::sendEvent(plot, &event);
    passing_ = false;
    for (QCPLayer* layer : shown) layer->setVisible(true);
}

bool PlotResizeGate::eventFilter(QObject* watched, QEvent* event) {
    if (event->type() == QEvent::Resize && !passing_) return true;
    return QObject::eventFilter(watched, event);
}

}  // namespace initscope
