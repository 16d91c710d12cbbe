#include "ui/export/export_layout.h"

#include <QCoreApplication>
#include <QWidget>

namespace initscope {

ExportLayout::ExportLayout(QWidget* widget, QSize size, bool restore)
    : widget_(widget), geometry_(widget->geometry()), restore_(restore) {
    layout_size_ = size.expandedTo(widget->minimumSizeHint()).expandedTo(widget->minimumSize());
    widget->resize(layout_size_);
    if (!widget->isVisible() && widget->isWindow()) {
        dont_show_was_set_ = widget->testAttribute(Qt::WA_DontShowOnScreen);
        widget->setAttribute(Qt::WA_DontShowOnScreen, true);
        widget->show();
        shown_ = true;
    }
    // Nested layouts may still have requests queued (e.g. scroll-area contents).
    for (int pass = 0; pass < 3; ++pass)
        QCoreApplication::sendPostedEvents(nullptr, QEvent::LayoutRequest);
}

ExportLayout::~ExportLayout() {
    if (!restore_) return;  // the widget is thrown away after the export
    if (shown_) {
        widget_->hide();
        widget_->setAttribute(Qt::WA_DontShowOnScreen, dont_show_was_set_);
    }
    widget_->setGeometry(geometry_);
    QCoreApplication::sendPostedEvents(nullptr, QEvent::LayoutRequest);
}

}  // namespace initscope
