#include "ui/plots/plot_curve.h"

#include "ui/plots/plot_style.h"

#include <algorithm>
#include <cmath>

namespace initscope {

QVector<QPointF> PlotCurve::simplified(const QVector<QPointF>& line, double tolerance) {
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

void PlotCurve::drawLinePlot(QCPPainter* painter, const QVector<QPointF>& lines) const {
    if (PlotStyle::is_export(painter) || lines.size() < 8) {
        QCPGraph::drawLinePlot(painter, lines);
        return;
    }
    QCPGraph::drawLinePlot(painter, simplified(lines, 0.25));
}

}  // namespace initscope
