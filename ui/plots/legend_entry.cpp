#include "ui/plots/legend_entry.h"

#include "ui/plots/plot_curve.h"
#include "ui/plots/plot_style.h"

#include <algorithm>
#include <cmath>

namespace initscope {

void LegendEntry::install(QCPLegend* legend, QCPAbstractPlottable* plottable) {
    if (!legend || !plottable) return;
    if (QCPPlottableLegendItem* old = legend->itemWithPlottable(plottable)) legend->removeItem(old);
    legend->addItem(new LegendEntry(legend, plottable));
}

void LegendEntry::measure() const {
    const QString name = mPlottable ? mPlottable->name() : QString();
    const QFont font = getFont();
    const QSize icon = mParentLegend->iconSize();
    if (name == measured_text_ && font == measured_font_ && icon == icon_size_ &&
        static_text_.text() == name)
        return;
    measured_text_ = name;
    measured_font_ = font;
    icon_size_ = icon;
    // As QCPPlottableLegendItem: the text's bounding rect at the icon's height.
    text_rect_ = QFontMetrics(font).boundingRect(0, 0, 0, icon.height(), Qt::TextDontClip, name);
    static_text_.setTextFormat(Qt::PlainText);
    static_text_.setText(name);
    static_text_.prepare(QTransform(), font);
}

QSize LegendEntry::minimumOuterSizeHint() const {
    if (!mPlottable) return {};
    measure();
    return QSize(
        icon_size_.width() + mParentLegend->iconTextPadding() + text_rect_.width() +
            mMargins.left() + mMargins.right(),
        std::max(text_rect_.height(), icon_size_.height()) + mMargins.top() + mMargins.bottom());
}

void LegendEntry::draw(QCPPainter* painter) {
    if (!mPlottable) return;
    const auto* graph = dynamic_cast<const PlotCurve*>(mPlottable);
    if (PlotStyle::is_export(painter) || !graph) {
        QCPPlottableLegendItem::draw(painter);
        return;
    }
    measure();
    painter->setFont(getFont());
    painter->setPen(QPen(getTextColor()));
    const int text_height = std::max(text_rect_.height(), icon_size_.height());
    const QSizeF size = static_text_.size();
    // Vertically centred in the entry's height, as drawText in QCPPlottableLegendItem.
    const double x = mRect.x() + icon_size_.width() + mParentLegend->iconTextPadding();
    const double y = mRect.y() + 0.5 * (text_height - size.height());
    painter->drawStaticText(QPointF(std::round(x), std::round(y)), static_text_);
    const QRect icon_rect(mRect.topLeft(), icon_size_);
    painter->save();
    painter->setClipRect(icon_rect, Qt::IntersectClip);
    graph->draw_legend_icon(painter, icon_rect);
    painter->restore();
    if (getIconBorderPen().style() != Qt::NoPen) {
        painter->setPen(getIconBorderPen());
        painter->setBrush(Qt::NoBrush);
        const int half = static_cast<int>(std::ceil(painter->pen().widthF() * 0.5)) + 1;
        painter->setClipRect(mOuterRect.adjusted(-half, -half, half, half));
        painter->drawRect(icon_rect);
    }
}

}  // namespace initscope
