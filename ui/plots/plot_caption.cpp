#include "ui/plots/plot_caption.h"

#include "ui/plots/plot_style.h"

#include <algorithm>
#include <cmath>

namespace initscope {

PlotCaption::PlotCaption(QCustomPlot* plot, const QString& text, const QFont& font, bool elide)
    : QCPTextElement(plot, text, font), elide_(elide) {}

void PlotCaption::measure() const {
    if (measured_ && measured_text_ == mText && measured_font_ == mFont) return;
    measured_text_ = mText;
    measured_font_ = mFont;
    measured_ = true;
    static_width_ = -1;
    size_ = mText.isEmpty()
                ? QSize(0, QFontMetrics(mFont).height())
                : QFontMetrics(mFont).boundingRect(0, 0, 0, 0, Qt::TextDontClip, mText).size();
}

QSize PlotCaption::text_size() const {
    measure();
    return size_;
}

QSize PlotCaption::minimumOuterSizeHint() const {
    measure();
    const int width = elide_ ? std::min(size_.width(), size_.height()) : size_.width();
    return QSize(width + mMargins.left() + mMargins.right(),
                 size_.height() + mMargins.top() + mMargins.bottom());
}

QSize PlotCaption::maximumOuterSizeHint() const {
    measure();
    return QSize(QWIDGETSIZE_MAX, size_.height() + mMargins.top() + mMargins.bottom());
}

void PlotCaption::draw(QCPPainter* painter) {
    if (PlotStyle::is_export(painter)) {
        QCPTextElement::draw(painter);
        return;
    }
    measure();
    if (mText.isEmpty()) return;
    const int width = mRect.width();
    const bool elided = size_.width() > width;
    const int wanted = elided ? width : size_.width();
    if (static_width_ != wanted) {
        static_width_ = wanted;
        static_text_.setTextFormat(Qt::PlainText);
        static_text_.setText(elided && elide_
                                 ? QFontMetrics(mFont).elidedText(mText, Qt::ElideRight, width)
                                 : mText);
        static_text_.prepare(QTransform(), mFont);
    }
    const QSizeF text = static_text_.size();
    double x = mRect.left();
    if (mTextFlags & Qt::AlignRight) x = mRect.right() + 1 - text.width();
    if (mTextFlags & Qt::AlignHCenter) x = mRect.left() + 0.5 * (mRect.width() - text.width());
    double y = mRect.top();
    if (mTextFlags & Qt::AlignBottom) y = mRect.bottom() + 1 - text.height();
    if (mTextFlags & Qt::AlignVCenter) y = mRect.top() + 0.5 * (mRect.height() - text.height());
    painter->setFont(mainFont());
    painter->setPen(QPen(mainTextColor()));
    const QPointF at(std::round(x), std::round(y));
    if (elided && !elide_) {
        painter->save();
        painter->setClipRect(mRect, Qt::IntersectClip);
        painter->drawStaticText(at, static_text_);
        painter->restore();
    } else {
        painter->drawStaticText(at, static_text_);
    }
    mTextBoundingRect = QRect(at.toPoint(), text.toSize());
}

}  // namespace initscope
