#pragma once

#include <qcustomplot.h>

namespace initscope {

/// A curve on a plot (a theoretical pdf, a layer's density): a QCPGraph whose line is drawn through
/// fewer points: in pixel space, points that deviate less than a quarter pixel from the line
/// through their neighbours are skipped (a uniform density's flat top becomes one segment). The
/// data keep every point; only the drawing is simplified. Vector exports draw every point, as
/// QCPGraph.
class PlotCurve : public QCPGraph {
public:
    PlotCurve(QCPAxis* key_axis, QCPAxis* value_axis) : QCPGraph(key_axis, value_axis) {}
    /// Points of `line` kept when drawing with tolerance `tolerance` pixels; NaN points (gaps)
    /// are kept.
    static QVector<QPointF> simplified(const QVector<QPointF>& line, double tolerance);
    /// The legend icon (QCPGraph::drawLegendIcon), for LegendEntry.
    void draw_legend_icon(QCPPainter* painter, const QRectF& rect) const {
        drawLegendIcon(painter, rect);
    }

protected:
    void drawLinePlot(QCPPainter* painter, const QVector<QPointF>& lines) const override;
};

}  // namespace initscope
