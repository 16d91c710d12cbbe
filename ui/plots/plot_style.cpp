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

/// The application font × factor. Cached per (application font, factor, weight): copies of one
/// QFont share their font engines, so text drawn with them does not look the font up again.
QFont sized_font(double factor, bool bold = false) {
    struct Entry {
        QFont base, font;
        double factor;
        bool bold;
    };
    static std::vector<Entry> cache;
    const QFont base = QGuiApplication::font();
    for (const Entry& e : cache)
        if (e.factor == factor && e.bold == bold && e.base == base) return e.font;
    QFont font = base;
    if (factor != 1) {
        if (base.pixelSize() > 0)
            font.setPixelSize(
                std::max(1, static_cast<int>(std::lround(base.pixelSize() * factor))));
        else if (base.pointSizeF() > 0)
            font.setPointSizeF(base.pointSizeF() * factor);
    }
    font.setBold(bold);
    if (cache.size() > 16) cache.clear();
    cache.push_back({base, font, factor, bold});
    return font;
}

}  // namespace

QColor PlotStyle::tensor_color(TensorRole role) {
    return role == TensorRole::Weight ? QColor(0x00, 0x72, 0xB2) : QColor(0xE6, 0x9F, 0x00);
}

bool PlotStyle::is_export(const QCPPainter* painter) {
    return painter->modes().testFlag(QCPPainter::pmVectorized) ||
           painter->modes().testFlag(QCPPainter::pmNoCaching);
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
    return sized_font(1);
}
QFont PlotStyle::label_font() {
    return sized_font(label_scale);
}
QFont PlotStyle::title_font() {
    return sized_font(title_scale, true);
}
QFont PlotStyle::legend_font() {
    return sized_font(1);
}
QFont PlotStyle::scaled_font(double factor, bool bold) {
    return sized_font(factor, bold);
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
        // The icon follows the text: as tall as most of a line, twice as wide.
        const int line = QFontMetrics(legend_font()).height();
        legend->setIconSize(std::max(28, 2 * line), std::max(14, line * 4 / 5));
    }
}

}  // namespace initscope
