#include "ui/plots/spectrum_plot.h"

#include "core/stats/number_format.h"
#include "ui/plots/count_ticker.h"
#include "ui/plots/histogram_bars.h"
#include "ui/plots/plot_caption.h"
#include "ui/plots/plot_curve.h"
#include "ui/plots/plot_header.h"
#include "ui/plots/plot_label.h"
#include "ui/plots/plot_style.h"

#include <algorithm>
#include <cmath>
#include <numbers>

namespace initscope {

namespace {

constexpr double kHeadroom = 1.18;  // room above the tallest bar or stem for its label

QString number(double value, int digits = 3) {
    if (std::isinf(value)) return QStringLiteral("∞");
    return QString::fromStdString(NumberFormat::short_number(value, digits));
}

QString count_text(int64_t count) {
    return QStringLiteral("×") + QString::fromStdString(NumberFormat::grouped(count));
}

}  // namespace

SpectrumPlot::SpectrumPlot(QWidget* parent) : LivePlot(parent) {
    // Small multiples: a title at the axis labels' size (bold), smaller than the overview's.
    header_ = new PlotHeader(this, PlotStyle::scaled_font(PlotStyle::label_scale, true),
                             PlotStyle::tick_font());
    // The statistics and the theory's note: the row below the title.
    plotLayout()->insertRow(1);
    plotLayout()->setRowSpacing(0);
    for (PlotCaption*& line : note_lines_) {
        line = new PlotCaption(this, QString(), PlotStyle::tick_font(), true);
        line->setTextFlags(Qt::AlignLeft | Qt::AlignVCenter);
        line->setMargins(QMargins(8, 0, 8, 0));
    }
    plotLayout()->addElement(1, 0, note_lines_[0]);  // the second line's row: fit_texts()

    xAxis->setLabel(tr("singular value"));
    yAxis->setLabel(tr("count"));
    xAxis->setNumberFormat(QStringLiteral("gb"));
    xAxis->setNumberPrecision(3);
    yAxis->setTicker(QSharedPointer<QCPAxisTicker>(new CountTicker(yAxis)));
    yAxis->setNumberFormat(QStringLiteral("f"));
    yAxis->setNumberPrecision(0);

    bars_ = new HistogramBars(xAxis, yAxis);
    bars_->setWidthType(QCPBars::wtPlotCoords);
    bars_->setAntialiased(false);
    bars_->setAntialiasedFill(false);
    curve_ = new PlotCurve(xAxis, yAxis);
    curve_->setLineStyle(QCPGraph::lsLine);
    curve_->setAntialiased(true);
    restyle();
}

SpectrumPlot::~SpectrumPlot() {
    if (!second_line_placed()) delete note_lines_[1];  // a layout owns only what it holds
}

bool SpectrumPlot::second_line_placed() const {
    return plotLayout()->rowCount() > 2 && plotLayout()->element(2, 0) == note_lines_[1];
}

void SpectrumPlot::show_spectrum(const WeightSpectrum& spectrum) {
    const SpectrumTheory& theory = spectrum.theory;
    const Histogram& histogram = spectrum.histogram;
    header_->title()->setText(
        QString::fromStdString(spectrum.layer) + QStringLiteral(".weight — ") +
        QString::fromStdString(NumberFormat::grouped(spectrum.rows)) + QStringLiteral(" × ") +
        QString::fromStdString(NumberFormat::grouped(spectrum.cols)));
    stats_ = QStringLiteral("‖W‖₂ = ") + number(spectrum.spectral_norm, 4) +
             QStringLiteral(" · κ = ") + number(spectrum.condition_number, 4);
    QString note = QString::fromStdString(theory.note);
    if (theory.kind == SpectrumTheory::Kind::MarchenkoPastur) {
        const QString edges =
            tr("MP edges %1 – %2").arg(number(theory.lower, 4), number(theory.upper, 4));
        note = note.isEmpty() ? edges : edges + QStringLiteral(" · ") + note;
    }
    note_text_ = note;
    setToolTip(stats_ + QStringLiteral(" · ") + note);

    // Bars, in counts (keys ascending: already sorted).
    const std::vector<double> heights = histogram.heights(HistogramScale::Counts);
    QVector<QCPBarsData> bars(static_cast<qsizetype>(heights.size()));
    double top = 0;
    for (int i = 0; i < static_cast<int>(heights.size()); ++i) {
        bars[i] = QCPBarsData(histogram.center(i), heights[static_cast<size_t>(i)]);
        top = std::max(top, bars[i].value);
    }
    const double bin_width = histogram.bins() > 0 ? histogram.bin_width() : 1.0;
    bars_->setWidth(bin_width);
    bars_->data()->set(bars, true);
    const double bar_top = top;

    // The theory: the MP density in counts, or the exact values, or nothing.
    QVector<double> keys, values;
    std::vector<double> edges;
    std::vector<std::pair<double, int64_t>> stems;
    if (theory.kind == SpectrumTheory::Kind::MarchenkoPastur && theory.upper > theory.lower) {
        const double scale = bin_width * static_cast<double>(histogram.binned());
        // Points crowd towards both edges, where the density has its square-root ends.
        for (int k = 0; k < kCurvePoints; ++k) {
            const double t = 0.5 * (1 - std::cos(std::numbers::pi * k / (kCurvePoints - 1)));
            const double s = theory.lower + t * (theory.upper - theory.lower);
            const double value = theory.density(s) * scale;
            keys << s;
            values << value;
        }
        double curve_top = 0;
        for (double v : values) curve_top = std::max(curve_top, std::isfinite(v) ? v : 0.0);
        // A curve far above the bars (a square matrix's density near 0) is capped.
        top = std::max(top, bar_top > 0 ? std::min(curve_top, 3 * bar_top) : curve_top);
        edges = {theory.lower, theory.upper};
        if (theory.lower == theory.upper) edges.pop_back();
    } else if (theory.kind == SpectrumTheory::Kind::Exact) {
        const int64_t m = std::min(spectrum.rows, spectrum.cols);
        stems.emplace_back(theory.upper, theory.upper_count);
        if (theory.upper_count < m && theory.lower != theory.upper)
            stems.emplace_back(theory.lower, m - theory.upper_count);
        for (const auto& [x, count] : stems) top = std::max(top, static_cast<double>(count));
    }
    double lo = histogram.lo(), hi = histogram.hi();
    for (double x : edges) hi = std::max(hi, x);
    for (const auto& stem : stems) hi = std::max(hi, stem.first);
    if (!(hi > lo)) hi = lo + 1;
    xAxis->setRange(lo - 0.02 * (hi - lo), hi + 0.02 * (hi - lo));
    yAxis->setRange(0, top > 0 ? top * kHeadroom : 1);
    curve_->setData(keys, values, true);
    set_edges(edges);
    set_stems(stems, 0.5 * (lo + hi));
    fit_texts();
    restyle();
    request_replot();
}

void SpectrumPlot::set_edges(const std::vector<double>& edges) {
    while (edges_.size() < edges.size()) {
        auto* line = new QCPItemStraightLine(this);
        line->setAntialiased(false);
        edges_.push_back(line);
    }
    for (size_t i = 0; i < edges_.size(); ++i) {
        const bool used = i < edges.size();
        edges_[i]->setVisible(used);
        if (!used) continue;
        edges_[i]->point1->setCoords(edges[i], 0);
        edges_[i]->point2->setCoords(edges[i], 1);
    }
}

void SpectrumPlot::set_stems(const std::vector<std::pair<double, int64_t>>& stems, double x_mid) {
    while (stems_.size() < stems.size()) {
        auto* stem = new QCPItemLine(this);
        stem->setHead(QCPLineEnding(QCPLineEnding::esDisc, 9, 9));
        auto* label = new PlotLabel(this);
        label->position->setParentAnchor(stem->end);
        stems_.push_back(stem);
        stem_labels_.push_back(label);
    }
    for (size_t i = 0; i < stems_.size(); ++i) {
        const bool used = i < stems.size();
        stems_[i]->setVisible(used);
        stem_labels_[i]->setVisible(used);
        if (!used) continue;
        const auto [x, count] = stems[i];
        stems_[i]->start->setCoords(x, 0);
        stems_[i]->end->setCoords(x, static_cast<double>(count));
        stem_labels_[i]->setText(number(x) + QStringLiteral(" ") + count_text(count));
        // Beside the disc, on the side with more room.
        const bool right_half = x > x_mid;
        stem_labels_[i]->setPositionAlignment((right_half ? Qt::AlignRight : Qt::AlignLeft) |
                                              Qt::AlignVCenter);
        stem_labels_[i]->position->setCoords(right_half ? -8 : 8, 0);  // pixels
    }
}

void SpectrumPlot::fit_texts() {
    const int available = width() - 20;  // the captions' margins
    // The statistics share the title's row when both fit, else they are left to the table.
    const QFontMetrics stats_metrics(header_->stats()->font());
    const QFontMetrics title_metrics(header_->title()->font());
    const bool stats_fit = title_metrics.horizontalAdvance(header_->title()->text()) + 12 +
                               stats_metrics.horizontalAdvance(stats_) <=
                           available;
    header_->stats()->setText(stats_fit ? stats_ : QString());
    header_->fit(width());
    // The theory's note, word-wrapped to the width (never cut): one caption of as many lines
    // as it needs (the second caption stays empty).
    note_lines_[0]->set_wrap_width(available);
    note_lines_[0]->setText(note_text_);
    note_lines_[1]->setText(QString());
    if (second_line_placed()) {
        plotLayout()->take(note_lines_[1]);
        plotLayout()->simplify();
    }
}

QList<QCPItemStraightLine*> SpectrumPlot::edge_lines() const {
    QList<QCPItemStraightLine*> out;
    for (QCPItemStraightLine* line : edges_)
        if (line->visible()) out << line;
    return out;
}

QList<QCPItemLine*> SpectrumPlot::exact_stems() const {
    QList<QCPItemLine*> out;
    for (QCPItemLine* stem : stems_)
        if (stem->visible()) out << stem;
    return out;
}

QString SpectrumPlot::title() const {
    return header_->title()->text();
}

QString SpectrumPlot::stats_text() const {
    return stats_;
}

QString SpectrumPlot::note_text() const {
    return note_text_;
}

QString SpectrumPlot::shown_note() const {
    return note_lines_[0]->lines().join(QLatin1Char('\n'));
}

void SpectrumPlot::resizeEvent(QResizeEvent* event) {
    fit_texts();
    QCustomPlot::resizeEvent(event);
}

void SpectrumPlot::restyle() {
    PlotStyle::apply(this);
    const QPalette pal = palette();
    const QColor text = pal.color(QPalette::Active, QPalette::Text);
    const QColor weight = PlotStyle::tensor_color(TensorRole::Weight);
    header_->title()->setTextColor(text);
    header_->stats()->setTextColor(text);
    header_->set_fonts(PlotStyle::scaled_font(PlotStyle::label_scale, true),
                       PlotStyle::tick_font());
    for (PlotCaption* line : note_lines_) {
        line->setTextColor(text);
        line->setFont(PlotStyle::tick_font());
    }
    fit_texts();
    bars_->setBrush(QBrush(weight));
    bars_->setPen(QPen(weight.darker(150), 1));
    curve_->setPen(QPen(PlotStyle::theory_color(pal), 2.5));
    for (QCPItemStraightLine* line : edges_)
        line->setPen(QPen(PlotStyle::bound_color(), 2, Qt::DashLine));
    for (QCPItemLine* stem : stems_) stem->setPen(QPen(PlotStyle::theory_color(pal), 2.5));
    for (QCPItemText* label : stem_labels_) {
        label->setColor(text);
        label->setFont(PlotStyle::tick_font());
    }
}

}  // namespace initscope
