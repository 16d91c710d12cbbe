#pragma once

#include "core/model/tensor_context.h"

#include <qcustomplot.h>
#include <QColor>
#include <QFont>
#include <QPalette>
#include <QStaticText>

namespace initscope {

/// The look every InitScope plot shares, chosen for a classroom projector:
/// - the Okabe–Ito colour-blind-safe palette (Okabe & Ito 2008, "Color Universal Design");
///   weights are always blue #0072B2, biases always orange #E69F00, support bounds reddish
///   purple #CC79A7 (dashed), and the theory curve takes the palette's text colour, so it is
///   near-black on a light palette and near-white on a dark one;
/// - fonts readable at 1920×1080 from the back of a room: tick labels 11 pt, axis labels 12 pt,
///   titles 13 pt bold.
/// Colours that depend on light/dark read the application's current QPalette.
class PlotStyle {
public:
    static constexpr int tick_point_size = 11;
    static constexpr int label_point_size = 12;
    static constexpr int title_point_size = 13;

    /// Weights #0072B2, biases #E69F00, on every plot and table.
    static QColor tensor_color(TensorRole role);
    /// Support-bound markers: #CC79A7, drawn dashed.
    static QColor bound_color();
    /// Colour of the i-th curve of a multi-layer plot (cycles through Okabe–Ito, i ≥ 0). Starts
    /// with vermillion and bluish green so the first layers do not read as "weight" or "bias".
    static QColor layer_color(int index);
    /// The theoretical density: the palette's text colour (contrasts with light and dark bases).
    static QColor theory_color(const QPalette& palette);
    /// Highlight for "sample deviates from theory": translucent vermillion (#D55E00), readable
    /// under the palette's normal text colour on light and dark bases.
    static QColor deviation_color();
    /// True when the palette's base is darker than its text.
    static bool is_dark(const QPalette& palette);

    static QFont tick_font();
    static QFont label_font();
    static QFont title_font();
    static QFont legend_font();

    /// Styles background, axes, grid, tick labels, axis labels and the legend of `plot` from the
    /// widget's current palette, and sets it up for live replots: one paint buffer (the unused
    /// overlay layer is logical), cached tick labels, curves stroked segment by segment
    /// (phFastPolylines; one wide antialiased polyline is far slower in the raster engine).
    /// Idempotent: call again after a palette change.
    static void apply(QCustomPlot* plot);

private:
    static void apply_axis(QCPAxis* axis, const QPalette& palette);
};

/// A QCPTextElement for live plots: the text is measured once per text and font (QCPTextElement
/// re-measures it at every replot) and, on screen, drawn from a cached QStaticText (no text
/// shaping per replot). When `elide` is set the element can shrink below its text: the text is
/// then cut with "…" to the element's width (its minimum width is one line height). Vector
/// exports (PDF, SVG: pmVectorized or pmNoCaching painters) draw exactly as QCPTextElement.
class FastTextElement : public QCPTextElement {
public:
    FastTextElement(QCustomPlot* plot, const QString& text, const QFont& font, bool elide = false);
    /// The full text's width and height in pixels (without margins).
    QSize text_size() const;

protected:
    void draw(QCPPainter* painter) override;
    QSize minimumOuterSizeHint() const override;
    QSize maximumOuterSizeHint() const override;

private:
    void measure() const;

    bool elide_;
    mutable QString measured_text_;
    mutable QFont measured_font_;
    mutable QSize size_;
    mutable bool measured_ = false;
    mutable QStaticText static_text_;  ///< the text drawn, elided to static_width_ if needed
    mutable int static_width_ = -1;    ///< width the static text was prepared for
};

/// A QCPItemText for live plots: same look and placement as QCPItemText (rotation 0), but the
/// text is measured and laid out once per text and font (QStaticText) instead of at every replot.
/// Vector exports and rotated texts draw as QCPItemText.
class FastItemText : public QCPItemText {
public:
    explicit FastItemText(QCustomPlot* plot) : QCPItemText(plot) {}

protected:
    void draw(QCPPainter* painter) override;

private:
    mutable QString measured_text_;
    mutable QFont measured_font_;
    mutable QRect text_rect_;  ///< at the origin, as QFontMetrics::boundingRect gives it
    mutable QStaticText static_text_;
};

/// A QCPGraph whose line is drawn through fewer points: in pixel space, points that deviate less
/// than a quarter pixel from the line through their neighbours are skipped (a uniform density's
/// flat top becomes one segment). The data keep every point; only the drawing is simplified.
/// Vector exports draw every point, as QCPGraph.
class FastGraph : public QCPGraph {
public:
    FastGraph(QCPAxis* key_axis, QCPAxis* value_axis) : QCPGraph(key_axis, value_axis) {}
    /// Points of `line` kept when drawing with tolerance `tolerance` pixels; NaN points (gaps)
    /// are kept.
    static QVector<QPointF> simplified(const QVector<QPointF>& line, double tolerance);
    /// The legend icon (QCPGraph::drawLegendIcon), for FastLegendItem.
    void draw_legend_icon(QCPPainter* painter, const QRectF& rect) const {
        drawLegendIcon(painter, rect);
    }

protected:
    void drawLinePlot(QCPPainter* painter, const QVector<QPointF>& lines) const override;
};

/// A legend entry like QCPPlottableLegendItem (icon, then the plottable's name), with the name
/// measured and laid out once per name and font instead of at every replot. Vector exports and
/// plottables other than FastGraph draw as QCPPlottableLegendItem.
class FastLegendItem : public QCPPlottableLegendItem {
public:
    FastLegendItem(QCPLegend* legend, QCPAbstractPlottable* plottable)
        : QCPPlottableLegendItem(legend, plottable) {}
    /// Replaces the legend entry QCustomPlot added for `plottable` (if any) with a FastLegendItem.
    static void install(QCPLegend* legend, QCPAbstractPlottable* plottable);

protected:
    void draw(QCPPainter* painter) override;
    QSize minimumOuterSizeHint() const override;

private:
    void measure() const;

    mutable QString measured_text_;
    mutable QFont measured_font_;
    mutable QSize icon_size_;
    mutable QRect text_rect_;
    mutable QStaticText static_text_;
};

/// QCPBars drawn as integer rectangles in one QPainter::drawRects call (non-antialiased), which
/// the raster engine fills directly; QCPBars draws each bar as a polygon. Same pixels for
/// non-antialiased bars; antialiased bars, selections and vector exports draw as QCPBars.
class FastBars : public QCPBars {
public:
    FastBars(QCPAxis* key_axis, QCPAxis* value_axis) : QCPBars(key_axis, value_axis) {}

protected:
    void draw(QCPPainter* painter) override;
};

}  // namespace initscope
