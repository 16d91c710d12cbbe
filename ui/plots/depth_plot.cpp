#include "ui/plots/depth_plot.h"

#include "ui/plots/fitted_ticker.h"
#include "ui/plots/legend_entry.h"
#include "ui/plots/legend_flow.h"
#include "ui/plots/plot_caption.h"
#include "ui/plots/plot_curve.h"
#include "ui/plots/plot_label.h"
#include "ui/plots/plot_style.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace initscope {

DepthPlot::DepthPlot(LegendPlace place, QWidget* parent) : LivePlot(parent), legend_place_(place) {
    plotLayout()->insertRow(0);
    plotLayout()->setRowSpacing(0);
    auto* header = new QCPLayoutGrid;
    plotLayout()->addElement(0, 0, header);
    header->setColumnSpacing(8);
    title_ = new PlotCaption(this, QString(), PlotStyle::title_font(), true);
    title_->setMargins(QMargins(8, 4, 8, 0));
    header->addElement(0, 0, title_);

    legend->setVisible(true);
    if (place == LegendPlace::Below) {
        plotLayout()->addElement(2, 0, legend);
        plotLayout()->setRowStretchFactor(2, 0.001);
    } else {
        header->addElement(0, 1, legend);
        header->setColumnStretchFactors({1.0, 0.001});
    }
    legend->setMargins(QMargins(6, 2, 6, 4));
    legend->setRowSpacing(0);
    legend->setColumnSpacing(12);
    legend->setBorderPen(Qt::NoPen);
    legend->setBrush(Qt::NoBrush);
    legend->setFillOrder(QCPLayoutGrid::foColumnsFirst);

    // Integer ticks only: depth is a layer number.
    xAxis->setTicker(QSharedPointer<QCPAxisTicker>(new FittedTicker(xAxis, true)));
    xAxis->setLabel(QStringLiteral("layer"));
    linear_ticker_ = QSharedPointer<QCPAxisTicker>(new FittedTicker(yAxis, false, 4));
    percent_ticker_ = QSharedPointer<QCPAxisTickerFixed>(new QCPAxisTickerFixed);
    percent_ticker_->setTickStep(50);  // 0, 50, 100: room for a short plot
    log_ticker_ = QSharedPointer<QCPAxisTickerLog>(new QCPAxisTickerLog);
    log_ticker_->setSubTickCount(0);
    log_ticker_->setTickCount(3);  // a decade per tick would crowd a short plot
    yAxis->setNumberFormat(QStringLiteral("gb"));
    yAxis->setNumberPrecision(3);

    empty_ = new PlotLabel(this);
    empty_->position->setType(QCPItemPosition::ptAxisRectRatio);
    empty_->position->setCoords(0.5, 0.5);
    empty_->setPositionAlignment(Qt::AlignCenter);
    empty_->setVisible(false);
    restyle();
}

void DepthPlot::set_title(const QString& title) {
    title_->setText(title);
    request_replot();
}

QString DepthPlot::title() const {
    return title_->text();
}

void DepthPlot::set_y_label(const QString& label) {
    yAxis->setLabel(label);
    request_replot();
}

void DepthPlot::set_y_scale(YScale scale) {
    y_scale_ = scale;
}

void DepthPlot::set_empty_text(const QString& text) {
    empty_text_ = text;
}

QCPGraph* DepthPlot::graph(int index) const {
    return index >= 0 && index < series_count() ? graphs_[static_cast<size_t>(index)] : nullptr;
}

bool DepthPlot::log_y() const {
    return yAxis->scaleType() == QCPAxis::stLogarithmic;
}

QString DepthPlot::shown_empty_text() const {
    return empty_->visible() ? empty_->text() : QString();
}

bool DepthPlot::wants_log(const std::vector<DepthSeries>& series) {
    double lo = std::numeric_limits<double>::infinity(), hi = 0;
    for (const DepthSeries& s : series)
        for (double v : s.values)
            if (std::isfinite(v) && v > 0) {
                lo = std::min(lo, v);
                hi = std::max(hi, v);
            }
    return hi > 0 && hi / lo > kLogRatio;
}

void DepthPlot::set_series(const std::vector<DepthSeries>& series, int layers) {
    const bool legend_changed = graphs_.size() != series.size();
    while (graphs_.size() < series.size()) {
        auto* graph = new PlotCurve(xAxis, yAxis);
        LegendEntry::install(legend, graph);
        graphs_.push_back(graph);
    }
    while (graphs_.size() > series.size()) {
        removeGraph(graphs_.back());
        graphs_.pop_back();
    }
    series_ = series;
    const bool log = y_scale_ == YScale::Auto && wants_log(series);
    double lo = std::numeric_limits<double>::infinity(), hi = 0;
    bool any = false;
    for (size_t s = 0; s < series.size(); ++s) {
        QCPGraph* graph = graphs_[s];
        graph->setName(series[s].name);
        QVector<QCPGraphData> points;
        points.reserve(static_cast<qsizetype>(series[s].values.size()));
        for (size_t l = 0; l < series[s].values.size(); ++l) {
            double v = series[s].values[l];
            if (!std::isfinite(v) || (log && v <= 0)) v = std::numeric_limits<double>::quiet_NaN();
            if (y_scale_ == YScale::Percent && std::isfinite(v)) v *= 100;
            if (std::isfinite(v)) {
                any = true;
                lo = std::min(lo, v);
                hi = std::max(hi, v);
            }
            points.push_back(QCPGraphData(double(l) + first_layer_, v));
        }
        graph->data()->set(points, true);
    }
    if (log) {
        yAxis->setScaleType(QCPAxis::stLogarithmic);
        yAxis->setTicker(log_ticker_);
        yAxis->setNumberFormat(QStringLiteral("eb"));
        yAxis->setNumberPrecision(0);
        yAxis->setRange(lo / 1.6, hi * 1.6);
    } else {
        yAxis->setScaleType(QCPAxis::stLinear);
        if (y_scale_ == YScale::Percent)
            yAxis->setTicker(percent_ticker_);
        else
            yAxis->setTicker(linear_ticker_);
        yAxis->setNumberFormat(QStringLiteral("gb"));
        yAxis->setNumberPrecision(3);
        if (y_scale_ == YScale::Percent)
            yAxis->setRange(0, 100);
        else
            yAxis->setRange(0, any && hi > 0 ? hi * 1.1 : 1);
    }
    xAxis->setRange(first_layer_ - 0.5, first_layer_ + std::max(layers, 1) - 0.5);
    empty_->setText(empty_text_);
    empty_->setVisible(!any && !empty_text_.isEmpty());
    restyle();
    if (legend_changed) {
        fit_legend(width());
        fit_title(width());
    }
    request_replot();
}

void DepthPlot::fit_legend(int width) {
    const int count = legend->itemCount();
    if (count == 0) return;
    if (legend_place_ == LegendPlace::BesideTitle) {  // one line
        if (legend->wrap() != count) {
            legend->setWrap(count);
            legend->setFillOrder(QCPLayoutGrid::foColumnsFirst, true);
        }
        return;
    }
    LegendFlow::fit(legend, width);
}

void DepthPlot::fit_title(int width) {
    int room = width - title_->margins().left() - title_->margins().right();
    if (legend_place_ == LegendPlace::BesideTitle && legend->itemCount() > 0)
        room -= legend->minimumOuterSizeHint().width() + 8;
    title_->set_wrap_width(std::max(room, 40));
}

void DepthPlot::resizeEvent(QResizeEvent* event) {
    fit_legend(event->size().width());
    fit_title(event->size().width());
    QCustomPlot::resizeEvent(event);
}

void DepthPlot::restyle() {
    PlotStyle::apply(this);
    legend->setBorderPen(Qt::NoPen);
    legend->setBrush(Qt::NoBrush);
    const QPalette pal = palette();
    const QColor text = pal.color(QPalette::Active, QPalette::Text);
    title_->setTextColor(text);
    title_->setFont(PlotStyle::title_font());
    fit_legend(width());
    fit_title(width());
    empty_->setColor(text);
    empty_->setFont(PlotStyle::label_font());
    for (size_t s = 0; s < graphs_.size() && s < series_.size(); ++s) {
        QCPGraph* graph = graphs_[s];
        const DepthSeries& series = series_[s];
        graph->setAntialiased(true);
        graph->setLineStyle(QCPGraph::lsLine);
        if (series.theory) {
            graph->setPen(QPen(series.color, 2, Qt::DashLine));
            graph->setScatterStyle(QCPScatterStyle::ssNone);
        } else if (series.compared) {
            graph->setPen(QPen(series.color, 1.5, Qt::DotLine));
            graph->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssSquare, series.color, 7));
        } else {
            graph->setPen(QPen(series.color, 1.5));
            graph->setScatterStyle(
                QCPScatterStyle(QCPScatterStyle::ssDisc, series.color, series.color, 7));
        }
    }
}

}  // namespace initscope
