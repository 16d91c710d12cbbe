#include "ui/plots/signal_histogram_plot.h"

#include "core/stats/number_format.h"
#include "ui/plots/fitted_ticker.h"
#include "ui/plots/histogram_bars.h"
#include "ui/plots/plot_caption.h"
#include "ui/plots/plot_header.h"
#include "ui/plots/plot_style.h"

#include <algorithm>
#include <cmath>

namespace initscope {

namespace {

constexpr double kHeadroom = 1.5;  // room above the tallest bar for the share label

QString number(double value, int digits) {
    return QString::fromStdString(NumberFormat::short_number(value, digits));
}

}  // namespace

SignalHistogramPlot::SignalHistogramPlot(QWidget* parent) : LivePlot(parent) {
    // Small multiples: the title bold at the tick labels' size.
    header_ = new PlotHeader(this, PlotStyle::scaled_font(1, true), PlotStyle::tick_font());
    header_->setMargins(QMargins(6, 2, 6, 0));
    title_ = header_->title();
    stats_ = header_->stats();

    xAxis->setNumberFormat(QStringLiteral("gb"));
    xAxis->setNumberPrecision(2);
    xAxis->setTicker(QSharedPointer<QCPAxisTicker>(new FittedTicker(xAxis, false, 3)));
    xAxis->ticker()->setTickStepStrategy(QCPAxisTicker::tssMeetTickCount);
    yAxis->setTickLabels(false);
    yAxis->setTicks(false);
    yAxis->grid()->setVisible(false);
    axisRect()->setMinimumMargins(QMargins(4, 2, 8, 2));

    bars_ = new HistogramBars(xAxis, yAxis);
    bars_->setWidthType(QCPBars::wtPlotCoords);
    bars_->setAntialiased(false);
    bars_->setAntialiasedFill(false);

    share_ = new QCPItemText(this);
    share_->setTextAlignment(Qt::AlignRight);
    share_->position->setType(QCPItemPosition::ptAxisRectRatio);
    share_->position->setCoords(0.98, 0.03);
    share_->setPositionAlignment(Qt::AlignRight | Qt::AlignTop);
    share_->setPadding(QMargins(4, 1, 4, 1));
    share_->setVisible(false);
    restyle();
}

void SignalHistogramPlot::show_signal(const Content& content) {
    title_->setText(content.title);
    // σ first: it is what the depth plots follow; a narrow plot elides μ.
    QString stats = QStringLiteral("σ = ") + number(content.stats.stddev, 3) +
                    QStringLiteral(" · μ = ") + number(content.stats.mean, 2);
    if (content.stats.non_finite > 0)
        stats += QStringLiteral(" · ") +
                 QString::fromStdString(NumberFormat::grouped(content.stats.non_finite)) +
                 QStringLiteral(" non-finite");
    stats_->setText(stats);
    share_->setText(content.share);
    share_->setVisible(!content.share.isEmpty());
    const bool recolour = content.color != color_;
    color_ = content.color;

    const Histogram& h = content.histogram;
    const std::vector<double> heights = h.heights(HistogramScale::Density);
    QVector<QCPBarsData> bars(static_cast<qsizetype>(heights.size()));
    double top = 0;
    for (int i = 0; i < static_cast<int>(heights.size()); ++i) {
        bars[i] = QCPBarsData(h.center(i), heights[static_cast<size_t>(i)]);
        if (std::isfinite(bars[i].value)) top = std::max(top, bars[i].value);
    }
    bars_->setWidth(h.bins() > 0 ? h.bin_width() : 1.0);
    bars_->data()->set(bars, true);

    double lo = h.lo(), hi = h.hi();
    if (content.x_range && content.x_range->first < content.x_range->second) {
        std::tie(lo, hi) = *content.x_range;
    } else {
        double span = hi - lo;
        if (!(span > 0)) span = std::max(std::abs(lo), 1e-3);
        lo -= 0.04 * span;
        hi += 0.04 * span;
    }
    xAxis->setRange(lo, hi);
    yAxis->setRange(0, top > 0 ? top * kHeadroom : 1);

    while (thresholds_.size() < content.thresholds.size()) {
        auto* line = new QCPItemStraightLine(this);
        line->setAntialiased(false);
        thresholds_.push_back(line);
        restyle();
    }
    for (size_t i = 0; i < thresholds_.size(); ++i) {
        const bool used = i < content.thresholds.size() && content.thresholds[i] > lo &&
                          content.thresholds[i] < hi;
        thresholds_[i]->setVisible(used);
        if (!used) continue;
        thresholds_[i]->point1->setCoords(content.thresholds[i], 0);
        thresholds_[i]->point2->setCoords(content.thresholds[i], 1);
    }
    if (recolour) restyle();
    header_->fit(width());
    request_replot();
}

QString SignalHistogramPlot::title() const {
    return title_->text();
}

QString SignalHistogramPlot::stats_text() const {
    return stats_->text();
}

QString SignalHistogramPlot::share_text() const {
    return share_->visible() ? share_->text() : QString();
}

QList<QCPItemStraightLine*> SignalHistogramPlot::threshold_lines() const {
    QList<QCPItemStraightLine*> lines;
    for (QCPItemStraightLine* line : thresholds_)
        if (line->visible()) lines << line;
    return lines;
}

void SignalHistogramPlot::resizeEvent(QResizeEvent* event) {
    header_->fit(width());
    QCustomPlot::resizeEvent(event);
}

void SignalHistogramPlot::restyle() {
    PlotStyle::apply(this);
    yAxis->grid()->setVisible(false);
    const QPalette pal = palette();
    const QColor text = pal.color(QPalette::Active, QPalette::Text);
    title_->setTextColor(text);
    stats_->setTextColor(text);
    header_->set_fonts(PlotStyle::scaled_font(1, true), PlotStyle::tick_font());
    header_->fit(width());
    const QColor color = color_.isValid() ? color_ : PlotStyle::layer_color(0);
    bars_->setBrush(QBrush(color));
    bars_->setPen(QPen(color.darker(150), 1));
    QColor background = pal.color(QPalette::Active, QPalette::Base);
    background.setAlpha(210);
    share_->setColor(text);
    share_->setFont(PlotStyle::tick_font());
    share_->setBrush(QBrush(background));
    share_->setPen(Qt::NoPen);
    for (QCPItemStraightLine* line : thresholds_)
        line->setPen(QPen(PlotStyle::bound_color(), 1.5, Qt::DashLine));
}

}  // namespace initscope
