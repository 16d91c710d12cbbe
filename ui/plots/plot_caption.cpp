#include "ui/plots/plot_caption.h"

#include "ui/plots/plot_style.h"

#include <algorithm>
#include <cmath>

namespace initscope {

namespace {

/// Greedy line filling of `parts` joined by `glue`; parts wider than `width` stay whole. A line
/// broken at the glue ends with it, trimmed ("fc1.weight —"), so the next line reads on.
QStringList fill(const QStringList& parts, const QString& glue, const QFontMetrics& metrics,
                 int width) {
    const QString line_end =
        glue.trimmed().isEmpty() ? QString() : QLatin1Char(' ') + glue.trimmed();
    QStringList lines;
    QString line;
    for (const QString& part : parts) {
        const QString longer = line.isEmpty() ? part : line + glue + part;
        if (line.isEmpty() || metrics.horizontalAdvance(longer) <= width) {
            line = longer;
        } else {
            lines << line + line_end;
            line = part;
        }
    }
    if (!line.isEmpty() || lines.isEmpty()) lines << line;
    return lines;
}

}  // namespace

PlotCaption::PlotCaption(QCustomPlot* plot, const QString& text, const QFont& font, bool elide)
    : QCPTextElement(plot, text, font), elide_(elide) {}

QStringList PlotCaption::wrap(const QString& text, const QFontMetrics& metrics, int width) {
    if (width <= 0 || text.isEmpty() || metrics.horizontalAdvance(text) <= width) return {text};
    // Units first: the separators keep a number with its name ("σ = 0.224").
    QStringList units;
    QString glue;
    for (const QString& separator : {QStringLiteral(" · "), QStringLiteral(" — ")}) {
        if (!text.contains(separator)) continue;
        units = text.split(separator);
        glue = separator;
        break;
    }
    if (units.isEmpty())
        return fill(text.split(QLatin1Char(' ')), QStringLiteral(" "), metrics, width);
    // A separator ends its line ("fc1.weight —" / "Xavier normal"), so each line reads on.
    QStringList lines;
    for (const QString& line : fill(units, glue, metrics, width)) {
        const QStringList words =
            metrics.horizontalAdvance(line) <= width
                ? QStringList{line}
                : fill(line.split(QLatin1Char(' ')), QStringLiteral(" "), metrics, width);
        lines << words;
    }
    return lines;
}

void PlotCaption::measure() const {
    if (measured_ && measured_text_ == mText && measured_font_ == mFont &&
        measured_wrap_ == wrap_width_)
        return;
    measured_text_ = mText;
    measured_font_ = mFont;
    measured_wrap_ = wrap_width_;
    measured_ = true;
    static_width_ = -1;
    const QFontMetrics metrics(mFont);
    lines_ = wrap(mText, metrics, wrap_width_);
    int widest = 0;
    for (const QString& line : lines_)
        widest = std::max(widest, metrics.boundingRect(0, 0, 0, 0, Qt::TextDontClip, line).width());
    single_width_ =
        mText.isEmpty() ? 0 : metrics.boundingRect(0, 0, 0, 0, Qt::TextDontClip, mText).width();
    size_ =
        QSize(widest, metrics.height() * static_cast<int>(std::max<qsizetype>(1, lines_.size())));
}

QSize PlotCaption::text_size() const {
    measure();
    return size_;
}

int PlotCaption::single_line_width() const {
    measure();
    return single_width_;
}

void PlotCaption::set_wrap_width(int width) {
    wrap_width_ = std::max(0, width);
}

QStringList PlotCaption::lines() const {
    measure();
    return lines_;
}

QSize PlotCaption::minimumOuterSizeHint() const {
    measure();
    const int line = QFontMetrics(mFont).height();
    const int width = elide_ ? std::min(size_.width(), line) : size_.width();
    return QSize(width + mMargins.left() + mMargins.right(),
                 size_.height() + mMargins.top() + mMargins.bottom());
}

QSize PlotCaption::maximumOuterSizeHint() const {
    measure();
    return QSize(QWIDGETSIZE_MAX, size_.height() + mMargins.top() + mMargins.bottom());
}

void PlotCaption::draw(QCPPainter* painter) {
    measure();
    if (PlotStyle::is_export(painter)) {
        const QString text = mText;
        mText = lines_.join(QLatin1Char('\n'));
        QCPTextElement::draw(painter);
        mText = text;
        return;
    }
    if (mText.isEmpty()) return;
    const int width = mRect.width();
    const QFontMetrics metrics(mFont);
    if (static_width_ != width) {
        static_width_ = width;
        static_lines_.clear();
        for (const QString& line : lines_) {
            QStaticText text;
            text.setTextFormat(Qt::PlainText);
            const bool wide = metrics.horizontalAdvance(line) > width;
            text.setText(wide && elide_ ? metrics.elidedText(line, Qt::ElideRight, width) : line);
            text.prepare(QTransform(), mFont);
            static_lines_.push_back(text);
        }
    }
    const int line_height = metrics.height();
    const int block = line_height * static_cast<int>(static_lines_.size());
    double top = mRect.top();
    if (mTextFlags & Qt::AlignBottom) top = mRect.bottom() + 1 - block;
    if (mTextFlags & Qt::AlignVCenter) top = mRect.top() + 0.5 * (mRect.height() - block);
    painter->setFont(mainFont());
    painter->setPen(QPen(mainTextColor()));
    const bool clip = !elide_ && size_.width() > width;
    if (clip) {
        painter->save();
        painter->setClipRect(mRect, Qt::IntersectClip);
    }
    QRect bounds;
    for (size_t i = 0; i < static_lines_.size(); ++i) {
        const QSizeF text = static_lines_[i].size();
        double x = mRect.left();
        if (mTextFlags & Qt::AlignRight) x = mRect.right() + 1 - text.width();
        if (mTextFlags & Qt::AlignHCenter) x = mRect.left() + 0.5 * (mRect.width() - text.width());
        const QPointF at(std::round(x), std::round(top + static_cast<double>(i) * line_height));
        painter->drawStaticText(at, static_lines_[i]);
        bounds |= QRect(at.toPoint(), text.toSize());
    }
    if (clip) painter->restore();
    mTextBoundingRect = bounds;
}

}  // namespace initscope
