#include "ui/export/tab_painter.h"

#include "ui/export/parallel_plot_painter.h"

#include <qcustomplot.h>
#include <QCoreApplication>
#include <QLabel>
#include <QLayout>
#include <QScrollArea>
#include <QtMath>

#include <algorithm>
#include <utility>
#include <vector>

namespace initscope {

bool TabPainter::can_paint(const QWidget* widget) {
    return qobject_cast<const QCustomPlot*>(widget) || widget->isVisible() || widget->isWindow();
}

TabPainter::TabPainter(QWidget* widget, QSize size, ExportBackground background, bool restore)
    : widget_(widget),
      plot_(qobject_cast<QCustomPlot*>(widget)),
      size_(size),
      restore_(restore),
      palette_(widget, background) {
    if (plot_) return;
    gate_.emplace(widget, restore);
    layout_.emplace(widget, size, restore);
}

void TabPainter::paint(QCPPainter& painter, ParallelPlotPainter* deferred) {
    deferred_ = deferred;
    device_clip_ = QRect(0, 0, painter.device()->width(), painter.device()->height());
    if (plot_) {
        paint_plot(painter, plot_, QRect(QPoint(), size_), QRect(QPoint(), size_));
    } else {
        paint_tab(painter);
    }
    deferred_ = nullptr;
}

void TabPainter::paint_tab(QCPPainter& painter) {
    const QSize laid = layout_->layout_size();
    const double fit =
        std::min(double(size_.width()) / laid.width(), double(size_.height()) / laid.height());
    painter.translate((size_.width() - laid.width() * fit) / 2,
                      (size_.height() - laid.height() * fit) / 2);
    painter.scale(fit, fit);
    paint_children(painter, widget_, QPoint(), QRect(QPoint(), laid));
}

QRect TabPainter::device_rect(const QCPPainter& painter, const QRect& rect) {
    // As the raster engine maps a rectangular clip under a scaling transform.
    return painter.combinedTransform().mapRect(QRectF(rect)).toRect();
}

void TabPainter::paint_plot(QCPPainter& painter, QCustomPlot* plot, const QRect& target,
                            const QRect& clip) {
    if (gate_) gate_->sync(plot);
    painter.save();
    painter.setClipRect(clip, Qt::IntersectClip);
    const QRect device = device_rect(painter, clip) & device_clip_;
    painter.translate(target.topLeft());
    if (deferred_)
        deferred_->add(plot, painter, target.size(), device);
    else
        plot->toPainter(&painter, target.width(), target.height());
    painter.restore();
    // toPainter lays the plot out at the export size; lay it out again for the screen.
    if (restore_) plot->replot(QCustomPlot::rpQueuedReplot);
}

void TabPainter::paint_scroll_content(QCPPainter& painter, QScrollArea* area, const QRect& viewport,
                                      const QRect& clip) {
    QWidget* content = area->widget();
    // Plots may be shorter than on screen (down to kExportMinPlotHeight) before the content is
    // scaled down: a tall export shows every small multiple at full text size, like the plots
    // outside the scroll area; only a short one scales them (and their text) down.
    std::vector<std::pair<QWidget*, int>> minimum_heights;
    for (QWidget* child : content->findChildren<QWidget*>(Qt::FindDirectChildrenOnly)) {
        if (child->minimumHeight() <= kExportMinPlotHeight) continue;
        minimum_heights.emplace_back(child, child->minimumHeight());
        child->setMinimumHeight(kExportMinPlotHeight);
    }
    if (QLayout* layout = content->layout()) layout->activate();
    const QSize natural = content->minimumSizeHint().expandedTo(content->minimumSize());
    double fit = 1;
    if (natural.width() > 0) fit = std::min(fit, double(viewport.width()) / natural.width());
    if (natural.height() > 0) fit = std::min(fit, double(viewport.height()) / natural.height());
    const QSize laid(qCeil(viewport.width() / fit), qCeil(viewport.height() / fit));
    const QRect geometry = content->geometry();
    // A resizable scroll area would size its content back to the viewport at once.
    const bool resizable = area->widgetResizable();
    area->setWidgetResizable(false);
    content->setGeometry(QRect(QPoint(), laid));
    QCoreApplication::sendPostedEvents(nullptr, QEvent::LayoutRequest);
    painter.save();
    painter.setClipRect(viewport & clip, Qt::IntersectClip);
    const QRect outer_clip = device_clip_;
    device_clip_ &= device_rect(painter, viewport & clip);
    painter.translate(viewport.topLeft());
    painter.scale(fit, fit);
    paint_children(painter, content, QPoint(), QRect(QPoint(), laid));
    device_clip_ = outer_clip;
    painter.restore();
    if (!restore_) return;  // the tab is thrown away after the export
    for (const auto& [child, height] : minimum_heights) child->setMinimumHeight(height);
    content->setGeometry(geometry);
    area->setWidgetResizable(resizable);
    QCoreApplication::sendPostedEvents(nullptr, QEvent::LayoutRequest);
}

void TabPainter::paint_children(QCPPainter& painter, QWidget* widget, QPoint origin,
                                const QRect& clip) {
    for (QObject* object : widget->children()) {
        auto* child = qobject_cast<QWidget*>(object);
        if (!child || child->isWindow() || child->isHidden()) continue;
        const QRect rect = child->geometry().translated(origin);
        const QRect visible = rect & clip;
        if (visible.isEmpty()) continue;
        auto* scroll = qobject_cast<QScrollArea*>(child);
        if (auto* plot = qobject_cast<QCustomPlot*>(child)) {
            paint_plot(painter, plot, rect, visible);
        } else if (auto* label = qobject_cast<QLabel*>(child)) {
            if (label->buddy()) continue;
            painter.save();
            painter.setClipRect(visible, Qt::IntersectClip);
            label->render(&painter, rect.topLeft(), QRegion(), QWidget::RenderFlags());
            painter.restore();
        } else if (scroll && scroll->widget() && !scroll->widget()->isHidden()) {
            const QRect viewport = scroll->viewport()->geometry().translated(rect.topLeft());
            paint_scroll_content(painter, scroll, viewport, visible);
        } else {
            paint_children(painter, child, rect.topLeft(), visible);
        }
    }
}

}  // namespace initscope
