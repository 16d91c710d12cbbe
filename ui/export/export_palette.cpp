#include "ui/export/export_palette.h"

#include "ui/plots/plot_style.h"

#include <QApplication>
#include <QStyle>
#include <QWidget>

namespace initscope {

ExportPalette::ExportPalette(QWidget* widget, ExportBackground background) : widget_(widget) {
    QPalette palette = widget->palette();
    if (PlotStyle::is_dark(palette)) {
        palette = QApplication::style()->standardPalette();
        if (PlotStyle::is_dark(palette))
            palette = QPalette(Qt::black, QColor(0xEFEFEF), Qt::white, QColor(0x9F9F9F),
                               QColor(0xB8B8B8), Qt::black, Qt::white, Qt::white, Qt::white);
    }
    // Transparent *white*: the legend's translucent base (alpha 225) stays white.
    const QColor base =
        background == ExportBackground::White ? QColor(Qt::white) : QColor(255, 255, 255, 0);
    for (QPalette::ColorGroup group : {QPalette::Active, QPalette::Inactive, QPalette::Disabled})
        palette.setColor(group, QPalette::Base, base);
    if (palette == widget->palette()) return;
    had_own_palette_ = widget->testAttribute(Qt::WA_SetPalette);
    previous_ = widget->palette();
    widget->setPalette(palette);
    changed_ = true;
}

ExportPalette::~ExportPalette() {
    if (changed_) widget_->setPalette(had_own_palette_ ? previous_ : QPalette());
}

}  // namespace initscope
