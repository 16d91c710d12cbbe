#include "ui/plots/density_plot.h"

#include "core/stats/number_format.h"
#include "ui/plots/fitted_ticker.h"
#include "ui/plots/legend_entry.h"
#include "ui/plots/legend_flow.h"
#include "ui/plots/plot_caption.h"
#include "ui/plots/plot_curve.h"
#include "ui/plots/plot_style.h"

#include <algorithm>

namespace initscope {

DensityPlot::DensityPlot(QWidget* parent) : LivePlot(parent) {
    plotLayout()->insertRow(0);
    plotLayout()->setRowSpacing(0);
    title_ = new PlotCaption(this, QString(), PlotStyle::title_font(), true);
    title_->setMargins(QMargins(8, 4, 8, 0));
    plotLayout()->addElement(0, 0, title_);

    // Legend in a row below the axes, as many columns as fit (LegendFlow): it never hides a
    // curve, and the axes keep the plot's whole width.
    legend->setVisible(true);
    plotLayout()->addElement(2, 0, legend);
    plotLayout()->setRowStretchFactor(2, 0.001);
    legend->setMargins(QMargins(6, 0, 6, 4));
    legend->setRowSpacing(0);
    legend->setColumnSpacing(12);
    legend->setFillOrder(QCPLayoutGrid::foColumnsFirst);

    xAxis->setTicker(QSharedPointer<QCPAxisTicker>(new FittedTicker(xAxis)));
    yAxis->setTicker(QSharedPointer<QCPAxisTicker>(new FittedTicker(yAxis)));
    xAxis->setLabel(QStringLiteral("value"));
    yAxis->setLabel(QStringLiteral("density"));
    xAxis->setNumberFormat(QStringLiteral("gb"));
    xAxis->setNumberPrecision(3);
    yAxis->setNumberFormat(QStringLiteral("gbc"));
    yAxis->setNumberPrecision(3);
    restyle();
}

void DensityPlot::set_title(const QString& title) {
    title_text_ = title;
    show_title();
}

void DensityPlot::show_title() {
    title_->setText(common_n_.isEmpty() ? title_text_
                                        : title_text_ + QStringLiteral(" · ") + common_n_);
    request_replot();
}

QString DensityPlot::title() const {
    return title_text_;
}

QString DensityPlot::shown_title() const {
    return title_->text();
}

void DensityPlot::set_style(Style style) {
    style_ = style;  // applied by the next set_curves
}

QCPGraph* DensityPlot::curve(int index) const {
    return index >= 0 && index < curve_count() ? curves_[static_cast<size_t>(index)] : nullptr;
}

QString DensityPlot::legend_text(const QString& name, int64_t n, std::optional<double> point_mass) {
    QString text =
        name + QStringLiteral(" (n = ") + QString::fromStdString(NumberFormat::grouped(n));
    if (point_mass)
        text += QStringLiteral(", all ") +
                QString::fromStdString(NumberFormat::short_number(*point_mass, 3));
    return text + QStringLiteral(")");
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
    point_masses_.resize(curves.size());
    bool data_changed = false;

    // Ranges from the curves with a continuous sample, every peak included (a 2-value output
    // bias is two tall spikes: the lecture's question). A point mass (a zero bias) is a spike
    // at its value that leaves the others' ranges alone; only point masses: their histograms'.
    // Many curves of one n (ten layers of 500 biases): the n goes into the title once and the
    // legend names only the layers, so it takes a row or two instead of ten.
    bool one_n = curves.size() > 3;
    for (const DensityCurve& curve : curves)
        one_n = one_n && curve.n == curves.front().n &&
                curve.point_mass.has_value() == curves.front().point_mass.has_value() &&
                (!curve.point_mass || *curve.point_mass == *curves.front().point_mass);
    QString common;
    if (one_n) {
        const DensityCurve& first = curves.front();
        common = QStringLiteral("n = ") + QString::fromStdString(NumberFormat::grouped(first.n)) +
                 QStringLiteral(" each");
        if (first.point_mass)
            common += QStringLiteral(", all ") +
                      QString::fromStdString(NumberFormat::short_number(*first.point_mass, 3));
    }
    if (common != common_n_) {
        common_n_ = common;
        show_title();
    }
    const bool only_point_masses =
        std::all_of(curves.begin(), curves.end(),
                    [](const DensityCurve& curve) { return curve.point_mass.has_value(); });
    double x_lo = 0, x_hi = 0, y_hi = 0;
    bool any = false;
    std::vector<QVector<double>> all_keys(curves.size()), all_values(curves.size());
    for (size_t c = 0; c < curves.size(); ++c) {
        const DensityCurve& curve = curves[c];
        const Histogram& h = curve.histogram;
        QCPGraph* graph = curves_[c];
        const QString name =
            one_n ? curve.name : legend_text(curve.name, curve.n, curve.point_mass);
        if (graph->name() != name) {
            graph->setName(name);
            legend_changed = true;
        }
        if (colors_[c] != curve.color || compared_[c] != curve.compared ||
            point_masses_[c] != curve.point_mass.has_value()) {
            colors_[c] = curve.color;
            compared_[c] = curve.compared;
            point_masses_[c] = curve.point_mass.has_value();
            restyle_needed = true;
        }
        const std::vector<double> heights = h.heights(HistogramScale::Density);
        QVector<double>& keys = all_keys[c];
        QVector<double>& values = all_values[c];
        if (curve.point_mass || heights.empty()) {
            if (curve.point_mass && only_point_masses && h.bins() > 0) {
                x_lo = any ? std::min(x_lo, h.lo()) : h.lo();
                x_hi = any ? std::max(x_hi, h.hi()) : h.hi();
                any = true;
            }
            continue;  // spikes get their height below, from the others' range
        }
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
        x_lo = any ? std::min(x_lo, keys.front()) : keys.front();
        x_hi = any ? std::max(x_hi, keys.back()) : keys.back();
        any = true;
        for (double v : values) y_hi = std::max(y_hi, v);
    }
    const double y_top = y_hi > 0 ? y_hi * 1.08 : 1;
    // A spike: its value from 0 to just below the top, a disc at its tip (the first point).
    for (size_t c = 0; c < curves.size(); ++c) {
        if (!curves[c].point_mass) continue;
        const double v = *curves[c].point_mass;
        all_keys[c] = {v, v};
        all_values[c] = {0.94 * y_top, 0.0};
    }
    for (size_t c = 0; c < curves.size(); ++c) {
        QCPGraph* graph = curves_[c];
        const QCPGraph::LineStyle line_style = style_ == Style::Polygon || curves[c].point_mass
                                                   ? QCPGraph::lsLine
                                                   : QCPGraph::lsStepLeft;
        if (graph->lineStyle() != line_style) {
            graph->setLineStyle(line_style);
            data_changed = true;
        }
        // Refill the container only when the points differ (an unchanged layer keeps its curve).
        const QVector<double>& keys = all_keys[c];
        const QVector<double>& values = all_values[c];
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
    if (legend_changed) place_legend(width(), height());
    const QCPRange x_before = xAxis->range(), y_before = yAxis->range();
    if (locked_x_) {
        xAxis->setRange(*locked_x_);
    } else if (any && x_hi > x_lo) {
        const double pad = 0.03 * (x_hi - x_lo);
        xAxis->setRange(x_lo - pad, x_hi + pad);
    } else {
        xAxis->setRange(-1, 1);
    }
    yAxis->setRange(locked_y_ ? *locked_y_ : QCPRange(0, y_top));
    // Only spikes: the y axis has no scale to show.
    yAxis->setTickLabels(!only_point_masses || curves.empty());
    // Nothing drawn changed (e.g. only another plot's tensor was edited): no replot.
    if (data_changed || restyle_needed || legend_changed || xAxis->range() != x_before ||
        yAxis->range() != y_before)
        request_replot();
}

void DensityPlot::lock_ranges(const QCPRange& x, const QCPRange& y) {
    locked_x_ = x;
    locked_y_ = y;
    xAxis->setRange(x);
    yAxis->setRange(y);
    request_replot();
}

void DensityPlot::unlock_ranges() {
    locked_x_.reset();
    locked_y_.reset();
}

void DensityPlot::place_legend(int width, int /*height*/) {
    LegendFlow::fit(legend, width);
}

void DensityPlot::resizeEvent(QResizeEvent* event) {
    place_legend(event->size().width(), event->size().height());
    title_->set_wrap_width(event->size().width() - 16);
    QCustomPlot::resizeEvent(event);
}

void DensityPlot::restyle() {
    PlotStyle::apply(this);
    legend->setBorderPen(Qt::NoPen);
    legend->setBrush(Qt::NoBrush);
    title_->setTextColor(palette().color(QPalette::Active, QPalette::Text));
    title_->setFont(PlotStyle::title_font());
    title_->set_wrap_width(width() - 16);
    place_legend(width(), height());
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
        const bool spike = c < point_masses_.size() && point_masses_[c];
        graph->setScatterStyle(spike ? QCPScatterStyle(QCPScatterStyle::ssDisc, color, color, 9)
                                     : QCPScatterStyle(QCPScatterStyle::ssNone));
        graph->setScatterSkip(spike ? 1 : 0);  // the disc at the tip only
    }
}

}  // namespace initscope
