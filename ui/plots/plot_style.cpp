#include "ui/plots/plot_style.h"

#include <QGuiApplication>

#include <algorithm>
#include <array>
#include <cmath>

namespace initscope {

namespace {

// Okabe–Ito (Okabe & Ito 2008), in the order per-layer curves take them.
constexpr std::array<QRgb, 7> layer_palette = {
    0xD55E00,  // vermillion
    0x009E73,  // bluish green
    0x56B4E9,  // sky blue
    0xCC79A7,  // reddish purple
    0x0072B2,  // blue
    0xE69F00,  // orange
    0xF0E442,  // yellow (last: weak on a light background)
};

/// The application font at a size. Cached per (application font, size, weight): copies of one
/// QFont share their font engines, so text drawn with them does not look the font up again.
QFont sized_font(int point_size, bool bold = false) {
    struct Entry {
        QFont base, font;
        int point_size;
        bool bold;
    };
    static std::vector<Entry> cache;
    const QFont base = QGuiApplication::font();
    for (const Entry& e : cache)
        if (e.point_size == point_size && e.bold == bold && e.base == base) return e.font;
    QFont font = base;
    font.setPointSize(point_size);
    font.setBold(bold);
    if (cache.size() > 16) cache.clear();
    cache.push_back({base, font, point_size, bold});
    return font;
}

/// Painters that record or export (PDF, SVG, scaled PNG) get QCustomPlot's own drawing.
bool exporting(const QCPPainter* painter) {
    return painter->modes().testFlag(QCPPainter::pmVectorized) ||
           painter->modes().testFlag(QCPPainter::pmNoCaching);
}

}  // namespace

QColor PlotStyle::tensor_color(TensorRole role) {
    return role == TensorRole::Weight ? QColor(0x00, 0x72, 0xB2) : QColor(0xE6, 0x9F, 0x00);
}

QColor PlotStyle::bound_color() {
    return QColor(0xCC, 0x79, 0xA7);
}

QColor PlotStyle::layer_color(int index) {
    const auto n = static_cast<int>(layer_palette.size());
    const int i = ((index % n) + n) % n;
    return QColor(layer_palette[static_cast<size_t>(i)]);
}

QColor PlotStyle::theory_color(const QPalette& palette) {
    return palette.color(QPalette::Active, QPalette::Text);
}

QColor PlotStyle::deviation_color() {
    QColor c(0xD5, 0x5E, 0x00);
    c.setAlpha(90);
    return c;
}

bool PlotStyle::is_dark(const QPalette& palette) {
    return palette.color(QPalette::Base).lightness() < palette.color(QPalette::Text).lightness();
}

QFont PlotStyle::tick_font() {
    return sized_font(tick_point_size);
}
QFont PlotStyle::label_font() {
    return sized_font(label_point_size);
}
QFont PlotStyle::title_font() {
    return sized_font(title_point_size, true);
}
QFont PlotStyle::legend_font() {
    return sized_font(tick_point_size);
}

void PlotStyle::apply_axis(QCPAxis* axis, const QPalette& palette) {
    const QColor text = palette.color(QPalette::Active, QPalette::Text);
    QColor grid = palette.color(QPalette::Active, QPalette::Mid);
    if (is_dark(palette)) grid = grid.lighter(130);
    const QPen axis_pen(text, 1);
    axis->setBasePen(axis_pen);
    axis->setTickPen(axis_pen);
    axis->setSubTickPen(axis_pen);
    axis->setTickLabelColor(text);
    axis->setLabelColor(text);
    axis->setTickLabelFont(tick_font());
    axis->setLabelFont(label_font());
    axis->setSelectedTickLabelFont(tick_font());
    axis->setSelectedLabelFont(label_font());
    axis->setPadding(4);
    axis->setLabelPadding(4);
    axis->setTickLabelPadding(4);
    axis->grid()->setPen(QPen(grid, 1, Qt::DotLine));
    axis->grid()->setZeroLinePen(QPen(grid, 1, Qt::SolidLine));
    axis->grid()->setSubGridVisible(false);
}

void PlotStyle::apply(QCustomPlot* plot) {
    const QPalette palette = plot->palette();
    plot->setBackground(QBrush(palette.color(QPalette::Active, QPalette::Base)));
    // Text stays antialiased (legibility); plottables and items choose their own antialiasing
    // (curves and stems smooth, bars and vertical bound lines crisp). Crisp 1-px axes and grid.
    plot->setAntialiasedElements(QCP::aeLegend | QCP::aeLegendItems);
    plot->setNotAntialiasedElements(QCP::aeAxes | QCP::aeGrid | QCP::aeSubGrid | QCP::aeZeroLine);
    plot->setPlottingHints(QCP::phCacheLabels | QCP::phFastPolylines);
    // One paint buffer instead of two: nothing is drawn on the overlay layer (no selection rect).
    if (QCPLayer* overlay = plot->layer(QStringLiteral("overlay")))
        overlay->setMode(QCPLayer::lmLogical);
    for (QCPAxisRect* rect : plot->axisRects()) {
        rect->setBackground(Qt::NoBrush);
        for (QCPAxis* axis : rect->axes()) apply_axis(axis, palette);
    }
    QCPLegend* legend = plot->legend;
    if (legend) {
        QColor legend_base = palette.color(QPalette::Active, QPalette::Base);
        legend_base.setAlpha(225);
        legend->setBrush(QBrush(legend_base));
        legend->setBorderPen(QPen(palette.color(QPalette::Active, QPalette::Mid), 1));
        legend->setTextColor(palette.color(QPalette::Active, QPalette::Text));
        legend->setFont(legend_font());
        legend->setSelectedFont(legend_font());
        legend->setIconSize(28, 14);
    }
}

// ---- FastTextElement --------------------------------------------------------------------------

FastTextElement::FastTextElement(QCustomPlot* plot, const QString& text, const QFont& font,
                                 bool elide)
    : QCPTextElement(plot, text, font), elide_(elide) {}

void FastTextElement::measure() const {
    if (measured_ && measured_text_ == mText && measured_font_ == mFont) return;
    measured_text_ = mText;
    measured_font_ = mFont;
    measured_ = true;
    static_width_ = -1;
    size_ = mText.isEmpty()
                ? QSize(0, QFontMetrics(mFont).height())
                : QFontMetrics(mFont).boundingRect(0, 0, 0, 0, Qt::TextDontClip, mText).size();
}

QSize FastTextElement::text_size() const {
    measure();
    return size_;
}

QSize FastTextElement::minimumOuterSizeHint() const {
    measure();
    const int width = elide_ ? std::min(size_.width(), size_.height()) : size_.width();
    return QSize(width + mMargins.left() + mMargins.right(),
                 size_.height() + mMargins.top() + mMargins.bottom());
}

QSize FastTextElement::maximumOuterSizeHint() const {
    measure();
    return QSize(QWIDGETSIZE_MAX, size_.height() + mMargins.top() + mMargins.bottom());
}

void FastTextElement::draw(QCPPainter* painter) {
    if (exporting(painter)) {
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

// ---- FastItemText -----------------------------------------------------------------------------

void FastItemText::draw(QCPPainter* painter) {
    if (exporting(painter) || !qFuzzyIsNull(mRotation)) {
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

// ---- FastGraph --------------------------------------------------------------------------------

QVector<QPointF> FastGraph::simplified(const QVector<QPointF>& line, double tolerance) {
    const qsizetype n = line.size();
    if (n <= 2) return line;
    auto is_gap = [](const QPointF& p) { return !std::isfinite(p.x()) || !std::isfinite(p.y()); };
    QVector<QPointF> out;
    out.reserve(n);
    // Sleeve algorithm (Zhao & Saalfeld 1997), O(n): from the anchor, the directions whose ray
    // passes within `tolerance` of every point since the anchor form an angular window; a
    // point whose direction leaves the window ends the segment at the point before it.
    qsizetype anchor = -1;
    double lo = 0, hi = 0;  // the window, as angles relative to `base`
    double base = 0;
    for (qsizetype i = 0; i < n; ++i) {
        const QPointF p = line[i];
        if (is_gap(p)) {
            if (anchor >= 0 && out.back() != line[i - 1]) out.push_back(line[i - 1]);
            out.push_back(p);
            anchor = -1;
            continue;
        }
        if (anchor < 0) {
            out.push_back(p);
            anchor = i;
            lo = -M_PI;
            hi = M_PI;
            continue;
        }
        const QPointF a = line[anchor];
        const double dx = p.x() - a.x(), dy = p.y() - a.y();
        const double d = std::hypot(dx, dy);
        if (d <= tolerance) continue;  // too close to constrain the direction
        if (lo == -M_PI && hi == M_PI) base = std::atan2(dy, dx);
        double angle = std::atan2(dy, dx) - base;
        if (angle > M_PI) angle -= 2 * M_PI;
        if (angle < -M_PI) angle += 2 * M_PI;
        if (angle < lo || angle > hi) {
            // p is outside the sleeve: the previous point becomes the new anchor.
            out.push_back(line[i - 1]);
            anchor = i - 1;
            const QPointF b = line[anchor];
            const double ex = p.x() - b.x(), ey = p.y() - b.y();
            const double e = std::hypot(ex, ey);
            base = std::atan2(ey, ex);
            const double half = e > tolerance ? std::asin(tolerance / e) : M_PI;
            lo = -half;
            hi = half;
            continue;
        }
        const double half = std::asin(tolerance / d);
        lo = std::max(lo, angle - half);
        hi = std::min(hi, angle + half);
    }
    if (anchor >= 0 && out.back() != line[n - 1]) out.push_back(line[n - 1]);
    return out;
}

void FastGraph::drawLinePlot(QCPPainter* painter, const QVector<QPointF>& lines) const {
    if (exporting(painter) || lines.size() < 8) {
        QCPGraph::drawLinePlot(painter, lines);
        return;
    }
    QCPGraph::drawLinePlot(painter, simplified(lines, 0.25));
}

// ---- FastLegendItem ---------------------------------------------------------------------------

void FastLegendItem::install(QCPLegend* legend, QCPAbstractPlottable* plottable) {
    if (!legend || !plottable) return;
    if (QCPPlottableLegendItem* old = legend->itemWithPlottable(plottable)) legend->removeItem(old);
    legend->addItem(new FastLegendItem(legend, plottable));
}

void FastLegendItem::measure() const {
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

QSize FastLegendItem::minimumOuterSizeHint() const {
    if (!mPlottable) return {};
    measure();
    return QSize(
        icon_size_.width() + mParentLegend->iconTextPadding() + text_rect_.width() +
            mMargins.left() + mMargins.right(),
        std::max(text_rect_.height(), icon_size_.height()) + mMargins.top() + mMargins.bottom());
}

void FastLegendItem::draw(QCPPainter* painter) {
    if (!mPlottable) return;
    const auto* graph = dynamic_cast<const FastGraph*>(mPlottable);
    if (exporting(painter) || !graph) {
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

// ---- FastBars ---------------------------------------------------------------------------------

void FastBars::draw(QCPPainter* painter) {
    if (!mKeyAxis || !mValueAxis || mDataContainer->isEmpty()) return;
    if (exporting(painter) || mAntialiasedFill || mAntialiased || !mSelection.isEmpty() ||
        mBarsGroup || mBarBelow) {
        QCPBars::draw(painter);
        return;
    }
    QCPBarsDataContainer::const_iterator begin, end;
    getVisibleDataBounds(begin, end);
    QVector<QRect> rects;
    rects.reserve(static_cast<qsizetype>(end - begin));
    for (auto it = begin; it != end; ++it) {
        if (!std::isfinite(it->key) || !std::isfinite(it->value)) continue;
        const QRectF r = getBarRect(it->key, it->value);
        const int left = static_cast<int>(std::lround(r.left()));
        const int top = static_cast<int>(std::lround(r.top()));
        rects.push_back(QRect(left, top, static_cast<int>(std::lround(r.right())) - left,
                              static_cast<int>(std::lround(r.bottom())) - top));
    }
    applyDefaultAntialiasingHint(painter);
    painter->setPen(mPen);
    painter->setBrush(mBrush);
    painter->drawRects(rects.constData(), static_cast<int>(rects.size()));
}

}  // namespace initscope
