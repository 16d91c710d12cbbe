#include "ui/plots/sweep_plot.h"

#include "ui/plots/fitted_ticker.h"
#include "ui/plots/plot_caption.h"
#include "ui/plots/plot_curve.h"
#include "ui/plots/plot_header.h"
#include "ui/plots/plot_label.h"
#include "ui/plots/plot_style.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>

namespace initscope {

namespace {

constexpr int kLabelGap = 6;     // pixels between the axis rect and the end labels
constexpr int kMarginRight = 8;  // pixels right of the longest label

bool shown(double v) {
    return std::isfinite(v) && v > 0;
}

QVector<QCPGraphData> points(const std::vector<double>& values) {
    QVector<QCPGraphData> data(static_cast<qsizetype>(values.size()));
    for (size_t l = 0; l < values.size(); ++l) {
        const double v = values[l];
        data[static_cast<qsizetype>(l)] =
            QCPGraphData(double(l + 1), shown(v) ? v : std::numeric_limits<double>::quiet_NaN());
    }
    return data;
}

/// Index of the line's last (or first) value a log axis can show, or −1.
int end_shown(const std::vector<double>& values, SweepPlot::LabelSide side) {
    const int n = static_cast<int>(values.size());
    for (int k = 0; k < n; ++k) {
        const int l = side == SweepPlot::LabelSide::End ? n - 1 - k : k;
        if (shown(values[static_cast<size_t>(l)])) return l;
    }
    return -1;
}

}  // namespace

SweepPlot::SweepPlot(QWidget* parent, LabelSide side)
    : LivePlot(parent), side_(side), value_axis_(side == LabelSide::End ? yAxis : yAxis2) {
    header_ = new PlotHeader(this, PlotStyle::title_font(), PlotStyle::tick_font());
    header_->stats()->setText(tr("solid: measured · dashed: mean field"));

    xAxis->setLabel(tr("layer"));
    xAxis->setTicker(QSharedPointer<QCPAxisTicker>(new FittedTicker(xAxis, true)));
    xAxis->setNumberFormat(QStringLiteral("f"));
    xAxis->setNumberPrecision(0);

    if (side == LabelSide::Start) {
        yAxis->setVisible(false);
        yAxis2->setVisible(true);
        yAxis2->grid()->setVisible(true);
    }
    value_axis_->setScaleType(QCPAxis::stLogarithmic);
    auto y_ticker = QSharedPointer<QCPAxisTickerLog>(new QCPAxisTickerLog);
    y_ticker->setSubTickCount(8);
    value_axis_->setTicker(y_ticker);
    value_axis_->setNumberFormat(QStringLiteral("eb"));  // 10⁻³ typeset as a power
    value_axis_->setNumberPrecision(0);

    // The labels live beside the axis rect, on the side without the axis: that margin is set
    // by set_lines, the others follow the axes.
    axisRect()->setAutoMargins(QCP::msTop | QCP::msBottom |
                               (side == LabelSide::End ? QCP::msLeft : QCP::msRight));
    axisRect()->setMargins(QMargins(kMarginRight, 0, kMarginRight, 0));
    connect(this, &QCustomPlot::afterLayout, this, &SweepPlot::place_labels);
    restyle();
}

void SweepPlot::set_title(const QString& title) {
    header_->title()->setText(title);
    header_->fit(width());
    request_replot();
}

QString SweepPlot::title() const {
    return header_->title()->text();
}

void SweepPlot::set_y_label(const QString& label) {
    value_axis_->setLabel(label);
    request_replot();
}

QCPGraph* SweepPlot::measured_curve(int index) const {
    return index >= 0 && index < line_count() ? measured_[static_cast<size_t>(index)] : nullptr;
}

QCPGraph* SweepPlot::predicted_curve(int index) const {
    return index >= 0 && index < line_count() ? predicted_[static_cast<size_t>(index)] : nullptr;
}

QCPItemText* SweepPlot::end_label(int index) const {
    return index >= 0 && index < line_count() ? labels_[static_cast<size_t>(index)] : nullptr;
}

void SweepPlot::set_lines(const std::vector<SweepLine>& lines, int layers) {
    while (measured_.size() < lines.size()) {
        auto* measured = new PlotCurve(xAxis, value_axis_);
        measured->setAntialiased(true);
        auto* prediction = new PlotCurve(xAxis, value_axis_);  // on top: seen where both agree
        prediction->setAntialiased(true);
        auto* label = new PlotLabel(this);
        label->setClipToAxisRect(false);
        label->position->setType(QCPItemPosition::ptAbsolute);
        label->setPositionAlignment((side_ == LabelSide::End ? Qt::AlignLeft : Qt::AlignRight) |
                                    Qt::AlignVCenter);
        label->setPadding(QMargins(2, 0, 2, 0));
        predicted_.push_back(prediction);
        measured_.push_back(measured);
        labels_.push_back(label);
    }
    while (measured_.size() > lines.size()) {
        removeGraph(measured_.back());
        removeGraph(predicted_.back());
        removeItem(labels_.back());
        measured_.pop_back();
        predicted_.pop_back();
        labels_.pop_back();
    }
    lines_ = lines;

    double lo = std::numeric_limits<double>::infinity(), hi = 0;
    int label_width = 0;
    const QFontMetrics metrics(PlotStyle::tick_font());
    for (size_t i = 0; i < lines.size(); ++i) {
        const SweepLine& line = lines[i];
        measured_[i]->data()->set(points(line.measured), true);
        predicted_[i]->data()->set(points(line.predicted), true);
        for (const std::vector<double>* values : {&line.measured, &line.predicted})
            for (double v : *values)
                if (shown(v)) {
                    lo = std::min(lo, v);
                    hi = std::max(hi, v);
                }
        labels_[i]->setText(line.label);
        labels_[i]->setVisible(end_shown(line.measured, side_) >= 0);
        label_width = std::max(label_width, metrics.horizontalAdvance(line.label) + 4);
    }
    const int margin = label_width + kLabelGap + kMarginRight;
    axisRect()->setMargins(side_ == LabelSide::End ? QMargins(0, 0, margin, 0)
                                                   : QMargins(margin, 0, 0, 0));

    xAxis->setRange(0.5, std::max(layers, 1) + 0.5);
    if (!(hi > 0)) {
        lo = 0.1;
        hi = 10;
    }
    // At least one decade, centred on the data; then a margin of a tenth of the span.
    const double decades = std::log10(hi / lo);
    if (decades < 1) {
        const double centre = std::sqrt(lo * hi);
        lo = centre / std::sqrt(10.0);
        hi = centre * std::sqrt(10.0);
    }
    const double pad = std::pow(10.0, 0.08 * std::max(decades, 1.0));
    value_axis_->setRange(lo / pad, hi * pad);
    restyle();
    request_replot();
}

void SweepPlot::resizeEvent(QResizeEvent* event) {
    header_->fit(width());
    QCustomPlot::resizeEvent(event);
}

void SweepPlot::place_labels() {
    const QRect rect = axisRect()->rect();
    const int height = QFontMetrics(PlotStyle::tick_font()).height();
    struct Wanted {
        size_t index;
        double y;
    };
    std::vector<Wanted> wanted;
    for (size_t i = 0; i < lines_.size(); ++i) {
        const int end = end_shown(lines_[i].measured, side_);
        if (end < 0) continue;
        const double y = value_axis_->coordToPixel(lines_[i].measured[static_cast<size_t>(end)]);
        wanted.push_back({i, std::clamp(y, double(rect.top()), double(rect.bottom()))});
    }
    // Sorted top to bottom, pushed down to one line height apart, then back up where the last
    // ones run past the bottom (keeps every label within the axis rect's height when they fit).
    std::stable_sort(wanted.begin(), wanted.end(),
                     [](const Wanted& a, const Wanted& b) { return a.y < b.y; });
    for (size_t k = 1; k < wanted.size(); ++k)
        wanted[k].y = std::max(wanted[k].y, wanted[k - 1].y + height);
    if (!wanted.empty() && wanted.back().y > rect.bottom()) {
        wanted.back().y = rect.bottom();
        for (size_t k = wanted.size() - 1; k-- > 0;)
            wanted[k].y = std::min(wanted[k].y, wanted[k + 1].y - height);
    }
    const double x = side_ == LabelSide::End ? rect.right() + kLabelGap : rect.left() - kLabelGap;
    for (const Wanted& w : wanted) labels_[w.index]->position->setCoords(x, w.y);
}

int SweepPlot::label_spacing() const {
    std::vector<double> ys;
    for (const QCPItemText* label : labels_)
        if (label->visible()) ys.push_back(label->position->pixelPosition().y());
    std::sort(ys.begin(), ys.end());
    double spacing = std::numeric_limits<int>::max();
    for (size_t k = 1; k < ys.size(); ++k) spacing = std::min(spacing, ys[k] - ys[k - 1]);
    return static_cast<int>(std::lround(spacing));
}

void SweepPlot::restyle() {
    PlotStyle::apply(this);
    const QColor text = palette().color(QPalette::Active, QPalette::Text);
    header_->title()->setTextColor(text);
    header_->stats()->setTextColor(text);
    header_->set_fonts(PlotStyle::title_font(), PlotStyle::tick_font());
    header_->fit(width());
    for (size_t i = 0; i < measured_.size() && i < lines_.size(); ++i) {
        const QColor color = lines_[i].color;
        measured_[i]->setPen(QPen(color, 2));
        measured_[i]->setScatterStyle(QCPScatterStyle(
            lines_[i].marker, color,
            lines_[i].marker == QCPScatterStyle::ssDisc ? color : QColor(Qt::transparent), 7));
        // A darker shade of the line's colour: visible on top of it where theory and measurement
        // agree, and still the scheme's colour where they part.
        predicted_[i]->setPen(QPen(color.darker(170), 1.5, Qt::DashLine));
        predicted_[i]->setScatterStyle(QCPScatterStyle::ssNone);
        labels_[i]->setColor(color);
        labels_[i]->setFont(PlotStyle::tick_font());
    }
}

}  // namespace initscope
