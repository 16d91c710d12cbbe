#pragma once

#include "core/model/tensor_context.h"

#include <qcustomplot.h>
#include <QColor>
#include <QFont>
#include <QPalette>

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

    /// True for painters that record or export (PDF, SVG, scaled PNG: pmVectorized or
    /// pmNoCaching). The plot elements' screen shortcuts step aside for them: exports get
    /// QCustomPlot's own drawing.
    static bool is_export(const QCPPainter* painter);

private:
    static void apply_axis(QCPAxis* axis, const QPalette& palette);
};

}  // namespace initscope
