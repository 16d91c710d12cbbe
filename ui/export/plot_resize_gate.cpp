#include "ui/export/plot_resize_gate.h"

#include <qcustomplot.h>
#include <QCoreApplication>
#include <QResizeEvent>

namespace initscope {

PlotResizeGate::PlotResizeGate(QWidget* tab, bool restore) : restore_(restore) {
    plots_ = tab->findChildren<QCustomPlot*>();
    for (QCustomPlot* plot : plots_) plot->installEventFilter(this);
}

PlotResizeGate::~PlotResizeGate() {
    for (QCustomPlot* plot : plots_) {
        plot->removeEventFilter(this);
        if (restore_ && plot->isVisible())
            sync(plot);
        else if (restore_ && plot->viewport().size() != plot->size())
            plot->setAttribute(Qt::WA_PendingResizeEvent);  // delivered when shown
    }
}

void PlotResizeGate::sync(QCustomPlot* plot) {
    const QSize seen = plot->viewport().size();
    if (seen == plot->size()) return;
    passing_ = true;
    QResizeEvent event(plot->size(), seen);
    QCoreApplication::sendEvent(plot, &event);
    passing_ = false;
}

bool PlotResizeGate::eventFilter(QObject* watched, QEvent* event) {
    if (event->type() == QEvent::Resize && !passing_) return true;
    return QObject::eventFilter(watched, event);
}

}  // namespace initscope
