#include "ui/plots/density_plot.h"

#include "core/stats/number_format.h"
#include "ui/plots/legend_entry.h"
#include "ui/plots/plot_caption.h"
#include "ui/plots/plot_curve.h"
#include "ui/plots/plot_style.h"

#include <algorithm>

namespace initscope {

namespace {
constexpr int64_t kMinDensityN = 50;
}  // namespace

DensityPlot::DensityPlot(QWidget* parent) : LivePlot(parent) {
    plotLayout()->insertRow(0);
    plotLayout()->setRowSpacing(0);
    title_ = new PlotCaption(this, QString(), PlotStyle::title_font(), true);
    title_->setMargins(QMargins(8, 4, 8, 0));
    plotLayout()->addElement(0, 0, title_);

    // Legend in its own column right of the axis rect, so it never hides a curve.
    legend->setVisible(true);
    auto* legend_column = new QCPLayoutGrid;
    plotLayout()->addElement(1, 1, legend_column);
    legend_column->addElement(0, 0, legend);
    legend_column->setMargins(QMargins(0, 8, 8, 8));
    legend_column->setRowStretchFactor(0, 0.01);
    // An element without size limits takes the height the legend leaves.
    legend_column->addElement(1, 0, new QCPLayoutElement(this));
    plotLayout()->setColumnStretchFactor(1, 0.001);
    plotLayout()->setColumnSpacing(0);
    legend->setRowSpacing(2);

    xAxis->setLabel(QStringLiteral("value"));
    yAxis->setLabel(QStringLiteral("density"));
    xAxis->setNumberFormat(QStringLiteral("gb"));
    xAxis->setNumberPrecision(3);
    yAxis->setNumberFormat(QStringLiteral("gbc"));
    yAxis->setNumberPrecision(3);
    restyle();
}

void DensityPlot::set_title(const QString& title) {
    title_->setText(title);
    request_replot();
}

QString DensityPlot::title() const {
    return title_->text();
}

void DensityPlot::set_style(Style style) {
    style_ = style;  // applied by the next set_curves
}

QCPGraph* DensityPlot::curve(int index) const {
    return index >= 0 && index < curve_count() ? curves_[static_cast<size_t>(index)] : nullptr;
}

QString DensityPlot::legend_text(const QString& name, int64_t n) {
    return name + QStringLiteral(" (n = ") + QString::fromStdString(NumberFormat::grouped(n)) +
           QStringLiteral(")");
}

void DensityPlot::set_curves(const std::vector<DensityCurve>& curves) {
    bool restyle_needed = curves_.size() != curves.size();
    bool legend_changed = restyle_needed;
    while (curves_.size() < curves.size()) {
        auto* graph = new PlotCurve(xAxis, yAxis);
        LegendEntry::install(legend, graph);
        curves_.push_back(graph);
    }
    while (curves_.size() > curves.size()) {
        removeGraph(curves_.back());
        curves_.pop_back();
    }
    colors_.resize(curves.size());
    compared_.resize(curves.size());
    bool data_changed = false;

    // y-range from the curves with a sample large enough to estimate a density (n ≥ 50, or the
    // largest n when none is): a 2-value bias would otherwise dwarf every other curve; its
    // spikes are clipped and its legend entry shows the small n.
    int64_t max_n = 0;
    for (const DensityCurve& curve : curves) max_n = std::max(max_n, curve.n);
    const int64_t y_range_n = std::min<int64_t>(kMinDensityN, max_n);
    double x_lo = 0, x_hi = 0, y_hi = 0;
    bool any = false;
    for (size_t c = 0; c < curves.size(); ++c) {
        const DensityCurve& curve = curves[c];
        const Histogram& h = curve.histogram;
        QCPGraph* graph = curves_[c];
        const QString name = legend_text(curve.name, curve.n);
        if (graph->name() != name) {
            graph->setName(name);
            legend_changed = true;
        }
        if (colors_[c] != curve.color || compared_[c] != curve.compared) {
            colors_[c] = curve.color;
            compared_[c] = curve.compared;
            restyle_needed = true;
        }
        const std::vector<double> heights = h.heights(HistogramScale::Density);
        QVector<double> keys, values;
        if (!heights.empty()) {
            const double w = h.bin_width();
            keys.reserve(static_cast<qsizetype>(heights.size()) + 2);
            values.reserve(static_cast<qsizetype>(heights.size()) + 2);
            if (style_ == Style::Polygon) {
                keys << h.lo() - 0.5 * w;
                values << 0.0;
                for (int i = 0; i < h.bins(); ++i) {
                    keys << h.center(i);
                    values << heights[static_cast<size_t>(i)];
                }
                keys << h.hi() + 0.5 * w;
                values << 0.0;
            } else {
                // Steps: each bin's height held across [edge_i, edge_{i+1}), closed to 0.
                keys << h.lo();
                values << 0.0;
                for (int i = 0; i < h.bins(); ++i) {
                    keys << h.edges()[static_cast<size_t>(i)];
                    values << heights[static_cast<size_t>(i)];
                }
                keys << h.hi() << h.hi();
                values << heights.back() << 0.0;
            }
            const double lo = keys.front(), hi = keys.back();
            x_lo = any ? std::min(x_lo, lo) : lo;
            x_hi = any ? std::max(x_hi, hi) : hi;
            any = true;
        }
        if (curve.n >= y_range_n)
            for (double v : values) y_hi = std::max(y_hi, v);
        const QCPGraph::LineStyle line_style =
            style_ == Style::Polygon ? QCPGraph::lsLine : QCPGraph::lsStepLeft;
        if (graph->lineStyle() != line_style) {
            graph->setLineStyle(line_style);
            data_changed = true;
        }
        // Refill the container only when the points differ (an unchanged layer keeps its curve).
        const auto& old = *graph->data();
        bool same = old.size() == keys.size();
        for (int i = 0; same && i < keys.size(); ++i)
            same = old.at(i)->key == keys[i] && old.at(i)->value == values[i];
        if (!same) {
            QVector<QCPGraphData> points(keys.size());
            for (int i = 0; i < keys.size(); ++i) points[i] = QCPGraphData(keys[i], values[i]);
            graph->data()->set(points, true);
            data_changed = true;
        }
    }
    if (restyle_needed) restyle();
    if (legend_changed) {
        // The legend keeps its natural height at the top of its column.
        legend->setSizeConstraintRect(QCPLayoutElement::scrOuterRect);
        legend->setMaximumSize(QWIDGETSIZE_MAX, legend->minimumOuterSizeHint().height());
    }
    const QCPRange x_before = xAxis->range(), y_before = yAxis->range();
    if (any && x_hi > x_lo) {
        const double pad = 0.03 * (x_hi - x_lo);
        xAxis->setRange(x_lo - pad, x_hi + pad);
    } else {
        xAxis->setRange(-1, 1);
    }
    yAxis->setRange(0, y_hi > 0 ? y_hi * 1.08 : 1);
    // Nothing drawn changed (e.g. only another plot's tensor was edited): no replot.
    if (data_changed || restyle_needed || legend_changed || xAxis->range() != x_before ||
        yAxis->range() != y_before)
        request_replot();
}

void DensityPlot::restyle() {
    PlotStyle::apply(this);
    title_->setTextColor(palette().color(QPalette::Active, QPalette::Text));
    for (size_t c = 0; c < curves_.size(); ++c) {
        const QColor color = c < colors_.size() && colors_[c].isValid()
                                 ? colors_[c]
                                 : PlotStyle::layer_color(static_cast<int>(c));
        const Qt::PenStyle dash = c < compared_.size() && compared_[c] ? Qt::DotLine
                                  : c >= 7                             ? Qt::DashLine
                                                                       : Qt::SolidLine;
        QCPGraph* graph = curves_[c];
        graph->setPen(QPen(color, 2.5, dash));
        graph->setAntialiased(true);
    }
}

}  // namespace initscope
