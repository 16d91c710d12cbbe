#include "ui/plots/plot_label.h"

#include "ui/plots/plot_style.h"

#include <algorithm>
#include <cmath>

namespace initscope {

void PlotLabel::draw(QCPPainter* painter) {
    if (PlotStyle::is_export(painter) || !qFuzzyIsNull(mRotation)) {
        QCPItemText::draw(painter);
        return;
    }
    const QFont font = mainFont();
    if (measured_text_ != mText || measured_font_ != font || static_text_.text() != mText) {
        measured_text_ = mText;
        measured_font_ = font;
        text_rect_ =
            QFontMetrics(font).boundingRect(0, 0, 0, 0, Qt::TextDontClip | mTextAlignment, mText);
        static_text_.setTextFormat(Qt::PlainText);
        static_text_.setText(mText);
        static_text_.prepare(QTransform(), font);
    }
    // As QCPItemText::draw: the padded box placed at the position by the position alignment.
    const QPointF pos(position->pixelPosition());
    QRect text_rect = text_rect_;
    QRect box =
        text_rect.adjusted(-mPadding.left(), -mPadding.top(), mPadding.right(), mPadding.bottom());
    const QPointF draw_point = getTextDrawPoint(pos, box, mPositionAlignment);
    box.moveTopLeft(draw_point.toPoint());
    text_rect.moveTopLeft(draw_point.toPoint() + QPoint(mPadding.left(), mPadding.top()));
    const int clip_pad = static_cast<int>(std::ceil(mainPen().widthF()));
    if (!box.adjusted(-clip_pad, -clip_pad, clip_pad, clip_pad).intersects(clipRect())) return;
    if ((mainBrush().style() != Qt::NoBrush && mainBrush().color().alpha() != 0) ||
        (mainPen().style() != Qt::NoPen && mainPen().color().alpha() != 0)) {
        painter->setPen(mainPen());
        painter->setBrush(mainBrush());
        painter->drawRect(box);
    }
    painter->setBrush(Qt::NoBrush);
    painter->setPen(QPen(mainColor()));
    painter->setFont(font);
    // Horizontally as the alignment places the text in its rect; the static text is one line.
    const QSizeF size = static_text_.size();
    double x = text_rect.left();
    if (mTextAlignment & Qt::AlignRight) x = text_rect.right() + 1 - size.width();
    if (mTextAlignment & Qt::AlignHCenter)
        x = text_rect.left() + 0.5 * (text_rect.width() - size.width());
    const double y = text_rect.top() + 0.5 * (text_rect.height() - size.height());
    painter->drawStaticText(QPointF(std::round(x), std::round(y)), static_text_);
}

}  // namespace initscope
