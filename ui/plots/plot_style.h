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
/// - fonts from the application font (QApplication::font(), which presenter mode and zoom set):
///   tick labels, legends, statistics and in-plot labels take it at its own size (never
///   smaller); axis labels 1.1×; titles 1.25×, bold. A font set in pixels scales its pixel size,
///   one set in points its point size. Plots restyle when the application font changes
///   (LivePlot).
/// Colours that depend on light/dark read the application's current QPalette.
class PlotStyle {
public:
    static constexpr double label_scale = 1.1;
    static constexpr double title_scale = 1.25;

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

    /// The application font at its size (tick labels, legends, statistics, in-plot labels).
    static QFont tick_font();
    /// The application font × label_scale (axis labels).
    static QFont label_font();
    /// The application font × title_scale, bold (plot titles).
    static QFont title_font();
    static QFont legend_font();
    /// The application font × `factor` (≥ 1 keeps it at least the application's size).
    static QFont scaled_font(double factor, bool bold = false);

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
