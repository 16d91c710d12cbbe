#include "ui/plots/histogram_plot.h"

#include "core/schemes/scheme_registry.h"
#include "core/stats/number_format.h"
#include "ui/plots/count_ticker.h"
#include "ui/plots/histogram_bars.h"
#include "ui/plots/pdf_curve.h"
#include "ui/plots/plot_caption.h"
#include "ui/plots/plot_curve.h"
#include "ui/plots/plot_header.h"
#include "ui/plots/plot_label.h"
#include "ui/plots/plot_style.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <tuple>

namespace initscope {

namespace {

constexpr double kHeadroom = 1.28;  // room above the tallest bar for the labels, at least

/// Distributions that are point masses only (zeros, ones, constant, eye, dirac).
bool atoms_only(const Theory& theory) {
    return theory.kind() == DistributionKind::PointMass ||
           theory.kind() == DistributionKind::TwoPoint;
}

QString number(double value, int digits = 3) {
    return QString::fromStdString(NumberFormat::short_number(value, digits));
}

/// The labels of a tensor's bound marks: one label for a symmetric pair ("±1/√fan_in = ±0.1",
/// "±σ = ±0.1"), else one per mark ("a = 0", "b = 1", "μ − σ = 0.9").
QStringList bound_label_texts(const TensorSummary& tensor, const std::vector<double>& marks) {
    const DistributionKind kind = tensor.theory.kind();
    const SchemeId scheme = tensor.spec.scheme();
    const bool has_a_b = SchemeRegistry::param(scheme, "a") && SchemeRegistry::param(scheme, "b");
    const QString pm(QChar(0x00B1));
    if (marks.size() == 2) {
        const double lo = std::min(marks[0], marks[1]);
        const double hi = std::max(marks[0], marks[1]);
        const double scale = std::max(std::abs(lo), std::abs(hi));
        const bool symmetric = std::abs(lo + hi) <= 1e-9 * scale && hi > 0;
        if (has_a_b && kind != DistributionKind::Normal)
            return {QStringLiteral("a = ") + number(lo), QStringLiteral("b = ") + number(hi)};
        if (symmetric) {
            const QString symbol = QString::fromStdString(tensor.theory.bound_symbol());
            const QString value = pm + number(hi);
            return {symbol.isEmpty() ? value : pm + symbol + QStringLiteral(" = ") + value};
        }
        if (kind == DistributionKind::Normal)
            return {QStringLiteral("μ − σ = ") + number(lo),
                    QStringLiteral("μ + σ = ") + number(hi)};
        return {number(lo), number(hi)};
    }
    QStringList texts;
    for (double mark : marks) texts << number(mark);
    return texts;
}

}  // namespace

HistogramPlot::HistogramPlot(QWidget* parent) : LivePlot(parent) {
    // Header row: title on the left, n and σ on the right.
    header_ = new PlotHeader(this, PlotStyle::title_font(), PlotStyle::tick_font());
    title_ = header_->title();
    stats_ = header_->stats();

    xAxis->setLabel(QStringLiteral("value"));
    yAxis->setLabel(scale_label(scale_));
    count_ticker_ = QSharedPointer<QCPAxisTicker>(new CountTicker(yAxis));
    fraction_ticker_ = QSharedPointer<QCPAxisTicker>(new FittedTicker(yAxis));
    xAxis->setTicker(QSharedPointer<QCPAxisTicker>(new FittedTicker(xAxis)));
    yAxis->setTicker(count_ticker_);
    xAxis->setNumberFormat(QStringLiteral("gb"));
    xAxis->setNumberPrecision(3);

    bars_ = new HistogramBars(xAxis, yAxis);
    bars_->setWidthType(QCPBars::wtPlotCoords);
    bars_->setAntialiased(false);
    bars_->setAntialiasedFill(false);
    bars_->setName(QStringLiteral("sample"));

    theory_curve_ = new PlotCurve(xAxis, yAxis);
    theory_curve_->setLineStyle(QCPGraph::lsLine);
    theory_curve_->setAntialiased(true);
    theory_curve_->setName(QStringLiteral("theory"));

    restyle();
}

QString HistogramPlot::scale_label(HistogramScale scale) {
    switch (scale) {
        case HistogramScale::Counts:
            return QStringLiteral("count");
        case HistogramScale::Probability:
            return QStringLiteral("probability");
        case HistogramScale::Density:
            return QStringLiteral("density");
    }
    return {};
}

void HistogramPlot::show_tensor(const TensorSummary& tensor, HistogramScale scale) {
    // The scheme as the combos name it ("PyTorch default"), not its config id.
    show_tensor(
        tensor, scale,
        QString::fromStdString(tensor.label()) + QStringLiteral(" — ") +
            QString::fromStdString(SchemeRegistry::info(tensor.spec.scheme()).display_name));
}

void HistogramPlot::show_tensor(const TensorSummary& tensor, HistogramScale scale,
                                const QString& title) {
    QString stats =
        QStringLiteral("n = ") + QString::fromStdString(NumberFormat::grouped(tensor.stats.n)) +
        QStringLiteral(" · σ = ") + number(tensor.stats.stddev) + QStringLiteral(" (theory ") +
        number(tensor.theory.stddev()) + QStringLiteral(")");
    theory_ = tensor.theory;
    set_bounds(&tensor);
    display(title, stats, tensor.histogram, tensor.role, scale);
}

void HistogramPlot::show_aggregate(const QString& title, const Histogram& histogram,
                                   const SampleStatistics& stats, TensorRole role,
                                   HistogramScale scale) {
    const QString text = QStringLiteral("n = ") +
                         QString::fromStdString(NumberFormat::grouped(stats.n)) +
                         QStringLiteral(" · σ = ") + number(stats.stddev);
    theory_.reset();
    set_bounds(nullptr);
    display(title, text, histogram, role, scale);
}

void HistogramPlot::display(const QString& title, const QString& stats, const Histogram& histogram,
                            TensorRole role, HistogramScale scale) {
    title_->setText(title);
    QString header = stats;
    const int64_t outside = histogram.below() + histogram.above() + histogram.non_finite();
    if (outside > 0)
        header += QStringLiteral(" · ") + QString::fromStdString(NumberFormat::grouped(outside)) +
                  QStringLiteral(" outside");
    stats_->setText(header);
    const bool restyle_needed = role != role_;
    role_ = role;
    if (scale != scale_ || yAxis->label().isEmpty()) {
        yAxis->setLabel(scale_label(scale));
        yAxis->setTicker(scale == HistogramScale::Counts ? count_ticker_ : fraction_ticker_);
    }
    scale_ = scale;
    // Counts: plain integers up to 99,999, then 1.2·10⁶; fractions: 3 significant digits.
    const bool large = scale == HistogramScale::Counts && histogram.binned() >= 100000;
    yAxis->setNumberFormat(scale == HistogramScale::Counts && !large ? QStringLiteral("f")
                                                                     : QStringLiteral("gb"));
    yAxis->setNumberPrecision(scale == HistogramScale::Counts && !large ? 0 : 3);

    // The bars' container is refilled in place (keys ascending: already sorted).
    const std::vector<double> heights = histogram.heights(scale);
    QVector<QCPBarsData> bars(static_cast<qsizetype>(heights.size()));
    bar_max_ = 0;
    for (int i = 0; i < static_cast<int>(heights.size()); ++i) {
        bars[i] = QCPBarsData(histogram.center(i), heights[static_cast<size_t>(i)]);
        bar_max_ = std::max(bar_max_, bars[i].value);
    }
    // A point mass is drawn at its value: the bar of the bin holding an atom is centred on the
    // atom (numpy's bins put a lone 0 in [0, w), right of 0). Stays sorted: |shift| ≤ w/2.
    if (theory_ && atoms_only(*theory_) && histogram.bins() > 0) {
        const std::vector<double>& edges = histogram.edges();
        for (const Theory::Atom& atom : theory_->atoms()) {
            if (!(atom.x >= edges.front() && atom.x <= edges.back())) continue;
            const auto it = std::upper_bound(edges.begin(), edges.end(), atom.x);
            const int bin = std::min(histogram.bins() - 1,
                                     std::max(0, static_cast<int>(it - edges.begin()) - 1));
            bars[bin].key = atom.x;
        }
    }
    bin_width_ = histogram.bins() > 0 ? histogram.bin_width() : 1.0;
    binned_ = static_cast<double>(histogram.binned());
    histogram_lo_ = histogram.lo();
    histogram_hi_ = histogram.hi();
    bars_->setWidth(bin_width_);
    bars_->data()->set(bars, true);
    // Outlines help with few bins; with many they would hide the fill.
    const bool outline = histogram.bins() <= 80;
    if (outline != (bars_->pen().style() != Qt::NoPen) || restyle_needed) restyle();

    header_->fit(width());
    update_theory_and_ranges();
    replot_if_changed();
}

void HistogramPlot::replot_if_changed() {
    std::vector<double> numbers;
    QStringList texts{title_->text(), stats_->text(), xAxis->label(), yAxis->label(),
                      yAxis->numberFormat()};
    numbers.reserve(
        static_cast<size_t>(2 * bars_->data()->size() + 2 * theory_curve_->data()->size() + 32));
    const QCPRange x = xAxis->range(), y = yAxis->range();
    numbers.insert(numbers.end(), {x.lower, x.upper, y.lower, y.upper, bars_->width(),
                                   double(yAxis->numberPrecision()), double(role_),
                                   double(bars_->pen().style()), double(header_->two_rows())});
    for (const QCPBarsData& bar : *bars_->data())
        numbers.insert(numbers.end(), {bar.key, bar.value});
    numbers.push_back(-1);  // separates the bars from the curve
    for (const QCPGraphData& point : *theory_curve_->data())
        numbers.insert(numbers.end(), {point.key, point.value});
    for (size_t i = 0; i < bound_lines_.size(); ++i) {
        numbers.insert(
            numbers.end(),
            {double(bound_lines_[i]->visible()), bound_lines_[i]->point1->key(),
             double(bound_labels_[i]->visible()), double(bound_labels_[i]->positionAlignment())});
        texts << bound_labels_[i]->text();
    }
    for (size_t i = 0; i < atom_stems_.size(); ++i) {
        numbers.insert(numbers.end(), {double(atom_stems_[i]->visible()),
                                       atom_stems_[i]->start->key(), atom_stems_[i]->end->value(),
                                       double(atom_labels_[i]->positionAlignment())});
        texts << atom_labels_[i]->text();
    }
    // NaN != NaN: a curve with gaps compares as changed, which only costs a replot.
    if (numbers == drawn_numbers_ && texts == drawn_texts_) return;
    drawn_numbers_ = std::move(numbers);
    drawn_texts_ = std::move(texts);
    request_replot();
}

void HistogramPlot::resizeEvent(QResizeEvent* event) {
    header_->fit(event->size().width());
    const int before = label_room_;
    update_label_room(event->size().height());
    if (label_room_ != before) update_theory_and_ranges();
    QCustomPlot::resizeEvent(event);
}

void HistogramPlot::update_label_room(int plot_height) {
    // The axis rect's height: the plot's less the header, the x axis and the margins (the last
    // layout's when there was one).
    const int header = header_->minimumOuterSizeHint().height();
    const QFontMetrics tick(PlotStyle::tick_font()), label(PlotStyle::label_font());
    const int estimated = plot_height - header - tick.height() - label.height() - 28;
    axis_height_ = std::max(20, estimated);
    // Bound and point-mass labels sit in the top 2 % plus one label line (and a disc).
    label_room_ = tick.height() + 12;
}

void HistogramPlot::set_bounds(const TensorSummary* tensor) {
    std::vector<double> marks;
    QStringList texts;
    // Point masses are drawn as stems; a bound line on top would only hide them.
    const bool atoms_only = tensor && (tensor->theory.kind() == DistributionKind::PointMass ||
                                       tensor->theory.kind() == DistributionKind::TwoPoint);
    if (tensor && !atoms_only) {
        marks = tensor->theory.bound_marks();
        texts = bound_label_texts(*tensor, marks);
    }
    while (bound_lines_.size() < marks.size()) {
        auto* line = new QCPItemStraightLine(this);
        line->setAntialiased(false);  // a vertical line: crisp without smoothing
        auto* label = new PlotLabel(this);
        label->setAntialiased(false);  // the box's 1-px border; the text stays smooth
        label->position->setTypeX(QCPItemPosition::ptPlotCoords);
        label->position->setTypeY(QCPItemPosition::ptAxisRectRatio);
        label->setPadding(QMargins(4, 1, 4, 1));
        bound_lines_.push_back(line);
        bound_labels_.push_back(label);
        restyle();
    }
    const bool symmetric = marks.size() == 2 && texts.size() == 1;
    for (size_t i = 0; i < bound_lines_.size(); ++i) {
        const bool used = i < marks.size();
        bound_lines_[i]->setVisible(used);
        bound_labels_[i]->setVisible(false);
        if (!used) continue;
        const double x = marks[i];
        bound_lines_[i]->point1->setCoords(x, 0);
        bound_lines_[i]->point2->setCoords(x, 1);
        // A symmetric pair has one label, at the right mark; otherwise each mark has its own.
        const bool is_right = i + 1 == marks.size() && marks.size() > 1;
        QString text;
        if (symmetric) {
            if (is_right) text = texts[0];
        } else if (static_cast<qsizetype>(i) < texts.size()) {
            text = texts[static_cast<qsizetype>(i)];
        }
        if (text.isEmpty()) continue;
        QCPItemText* label = bound_labels_[i];
        label->setText(text);
        label->position->setCoords(x, 0.02);
        label->setPositionAlignment((is_right ? Qt::AlignRight : Qt::AlignLeft) | Qt::AlignTop);
        label->setVisible(true);
    }
}

void HistogramPlot::set_x_range(double lo, double hi) {
    if (!(lo < hi)) return;
    fixed_x_range_ = std::make_pair(lo, hi);
    update_theory_and_ranges();
    replot_if_changed();
}

void HistogramPlot::clear_x_range() {
    if (!fixed_x_range_) return;
    fixed_x_range_.reset();
    update_theory_and_ranges();
    replot_if_changed();
}

void HistogramPlot::update_theory_and_ranges() {
    std::vector<Theory::Atom> atoms;
    if (theory_) atoms = theory_->atoms();

    // x-range: fixed, or the histogram's range widened to every bound mark and point mass (a
    // 2-value bias still shows its ±1/√fan_in lines and label), plus 4 % of the span each side.
    double x_lo = histogram_lo_, x_hi = histogram_hi_;
    if (locked_x_) {
        x_lo = locked_x_->lower;
        x_hi = locked_x_->upper;
    } else if (fixed_x_range_) {
        std::tie(x_lo, x_hi) = *fixed_x_range_;
    } else {
        auto include = [&](double x) {
            if (!std::isfinite(x)) return;
            x_lo = std::min(x_lo, x);
            x_hi = std::max(x_hi, x);
        };
        for (const QCPItemStraightLine* line : bound_lines_)
            if (line->visible()) include(line->point1->key());
        for (const Theory::Atom& atom : atoms) include(atom.x);
        double span = x_hi - x_lo;
        if (!(span > 0)) span = std::max(std::abs(x_lo), 1.0);  // one value: a unit-wide window
        const double pad = 0.04 * span;
        x_lo -= pad;
        x_hi += pad;
    }
    xAxis->setRange(x_lo, x_hi);

    // Theory curve scaled like the bars.
    double factor = 1;
    if (scale_ == HistogramScale::Probability) factor = bin_width_;
    if (scale_ == HistogramScale::Counts) factor = bin_width_ * binned_;
    double curve_max = 0, stem_height = 0;
    // Distributions with a continuous part (all but constants, eye and dirac).
    const bool continuous_part =
        theory_ && theory_->kind() != DistributionKind::PointMass &&
        theory_->kind() != DistributionKind::TwoPoint &&
        !(theory_->kind() == DistributionKind::ScaledBeta && !theory_->atoms().empty());
    if (continuous_part) {
        const PdfCurve curve = PdfCurve::sample(*theory_, x_lo, x_hi, theory_points, factor);
        curve_max = curve.max;
        theory_curve_->setData(curve.keys, curve.values, true);
    } else {
        theory_curve_->data()->clear();
    }

    // Point masses: stems as tall as a bar holding the whole atom.
    while (atom_stems_.size() < atoms.size()) {
        auto* stem = new QCPItemLine(this);
        stem->setHead(QCPLineEnding(QCPLineEnding::esDisc, 10, 10));
        auto* label = new PlotLabel(this);
        label->position->setParentAnchor(stem->end);
        label->setPadding(QMargins(6, 0, 6, 0));
        atom_stems_.push_back(stem);
        atom_labels_.push_back(label);
        restyle();
    }
    for (size_t i = 0; i < atom_stems_.size(); ++i) {
        const bool used = i < atoms.size();
        atom_stems_[i]->setVisible(used);
        atom_labels_[i]->setVisible(used);
        if (!used) continue;
        const auto [x, p] = atoms[i];
        double height = p;
        if (scale_ == HistogramScale::Counts) height = p * binned_;
        if (scale_ == HistogramScale::Density) height = p / bin_width_;
        stem_height = std::max(stem_height, height);
        atom_stems_[i]->start->setCoords(x, 0);
        atom_stems_[i]->end->setCoords(x, height);
        atom_labels_[i]->setText(QStringLiteral("P(x = ") + number(x) + QStringLiteral(") = ") +
                                 number(p));
        // Label on the side with more room.
        // Above the disc, to the side with more room: never on the x axis (a short stem, as
        // eye's P(x = 1) = 0.01) nor on the bars below the disc.
        const bool right_half = x > 0.5 * (x_lo + x_hi);
        atom_labels_[i]->setPositionAlignment((right_half ? Qt::AlignRight : Qt::AlignLeft) |
                                              Qt::AlignBottom);
        atom_labels_[i]->position->setCoords(right_half ? -4 : 4, -6);  // pixels from the disc
    }

    // y-range: the bars, the stem and the curve (a curve far above the bars is capped), with
    // room above them for a line of labels (bounds, point masses), so no label covers a bar.
    double top = std::max(bar_max_, stem_height);
    top = std::max(top, bar_max_ > 0 ? std::min(curve_max, 3 * bar_max_) : curve_max);
    const double free =
        std::clamp(1.0 - double(label_room_) / std::max(axis_height_, 1), 0.3, 1.0 / kHeadroom);
    if (locked_y_) {
        yAxis->setRange(*locked_y_);
    } else {
        yAxis->setRange(0, top > 0 ? top / free : 1);
    }
}

void HistogramPlot::lock_ranges(const QCPRange& x, const QCPRange& y) {
    locked_x_ = x;
    locked_y_ = y;
    update_theory_and_ranges();
    replot_if_changed();
}

void HistogramPlot::unlock_ranges() {
    if (!locked_x_ && !locked_y_) return;
    locked_x_.reset();
    locked_y_.reset();
    update_theory_and_ranges();
    replot_if_changed();
}

QList<QCPItemStraightLine*> HistogramPlot::bound_lines() const {
    QList<QCPItemStraightLine*> lines;
    for (QCPItemStraightLine* line : bound_lines_)
        if (line->visible()) lines << line;
    return lines;
}

QList<QCPItemLine*> HistogramPlot::atom_stems() const {
    QList<QCPItemLine*> stems;
    for (QCPItemLine* stem : atom_stems_)
        if (stem->visible()) stems << stem;
    return stems;
}

QStringList HistogramPlot::bound_texts() const {
    QStringList texts;
    for (QCPItemText* label : bound_labels_)
        if (label->visible()) texts << label->text();
    return texts;
}

QString HistogramPlot::title() const {
    return title_->text();
}

QString HistogramPlot::stats_text() const {
    return stats_->text();
}

void HistogramPlot::restyle() {
    PlotStyle::apply(this);
    const QPalette pal = palette();
    const QColor text = pal.color(QPalette::Active, QPalette::Text);
    const QColor role_color = PlotStyle::tensor_color(role_);
    title_->setTextColor(text);
    stats_->setTextColor(text);
    header_->set_fonts(PlotStyle::title_font(), PlotStyle::tick_font());
    header_->fit(width());
    update_label_room(height());
    bars_->setBrush(QBrush(role_color));
    const bool outline = bars_->data()->size() <= 80;
    bars_->setPen(outline ? QPen(role_color.darker(150), 1) : QPen(Qt::NoPen));
    theory_curve_->setPen(QPen(PlotStyle::theory_color(pal), 2.5));
    for (QCPItemLine* stem : atom_stems_) {
        stem->setPen(QPen(PlotStyle::theory_color(pal), 2.5));
    }
    for (QCPItemText* label : atom_labels_) {
        label->setColor(text);
        label->setFont(PlotStyle::tick_font());
    }
    QColor label_background = pal.color(QPalette::Active, QPalette::Base);
    label_background.setAlpha(210);
    for (QCPItemStraightLine* line : bound_lines_)
        line->setPen(QPen(PlotStyle::bound_color(), 2, Qt::DashLine));
    for (QCPItemText* label : bound_labels_) {
        label->setColor(text);
        label->setFont(PlotStyle::tick_font());
        label->setBrush(QBrush(label_background));
        label->setPen(QPen(PlotStyle::bound_color(), 1));
    }
}

}  // namespace initscope
