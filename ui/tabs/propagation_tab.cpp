#include "ui/tabs/propagation_tab.h"

#include "core/model/choice_spelling.h"
#include "core/stats/number_format.h"
#include "ui/document/analysis_worker.h"
#include "ui/panels/probe_settings_bar.h"
#include "ui/plots/depth_plot.h"
#include "ui/plots/phase_diagram_plot.h"
#include "ui/plots/plot_context_menu.h"
#include "ui/plots/plot_style.h"
#include "ui/plots/signal_histogram_plot.h"

#include <QGridLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QScrollArea>
#include <QStringList>
#include <QVBoxLayout>

#include <algorithm>
#include <cmath>
#include <limits>

namespace initscope {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
/// A bounded activation's range is kept on the x axis while the histogram covers at least this
/// share of it (a collapsed layer's narrow spike gets its own range, or its bars would vanish).
constexpr double kMinRangeShare = 0.05;
constexpr int kMultipleHeight = 130;

QColor pre_color() {
    return PlotStyle::layer_color(0);  // vermillion
}
QColor post_color() {
    return PlotStyle::layer_color(1);  // bluish green
}
QColor gradient_color() {
    return PlotStyle::layer_color(2);  // sky blue
}

QString activation_name(const ActivationFunction& phi) {
    return QString::fromUtf8(ChoiceSpelling::name(phi.kind));
}

QString percent(double fraction) {
    return QString::number(100 * fraction, 'f', 1) + QStringLiteral(" %");
}

/// One short line, so it fits above the bars of a narrow small multiple at projector font sizes:
/// "saturated 12.3 %"; for relu-like activations "zeros 52.1 %", or "dead 4.0 %" once any unit is
/// dead for the whole batch (the shares vs depth plot has both, layer by layer); or empty.
QString share_text(const LayerSignal& signal) {
    if (signal.saturated_fraction)
        return PropagationTab::tr("saturated %1").arg(percent(*signal.saturated_fraction));
    if (signal.dead_fraction && *signal.dead_fraction > 0)
        return PropagationTab::tr("dead %1").arg(percent(*signal.dead_fraction));
    if (signal.zero_fraction)
        return PropagationTab::tr("zeros %1").arg(percent(*signal.zero_fraction));
    return {};
}

/// The range h = φ(a) can take, for the bounded activations.
std::optional<std::pair<double, double>> post_range(const ActivationFunction& phi) {
    if (phi.kind == Activation::Tanh) return std::make_pair(-1.05, 1.05);
    if (phi.kind == Activation::Sigmoid) return std::make_pair(-0.05, 1.05);
    return std::nullopt;
}

/// The saturation thresholds of signal-propagation.md §1.
std::vector<double> thresholds(const ActivationFunction& phi) {
    if (phi.kind == Activation::Tanh) return {-0.97, 0.97};
    if (phi.kind == Activation::Sigmoid) return {0.03, 0.97};
    return {};
}

}  // namespace

PropagationTab::PropagationTab(NetworkDocument* document, QWidget* parent) : QWidget(parent) {
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->setSpacing(4);
    auto* top = new QHBoxLayout;
    probe_bar_ = new ProbeSettingsBar(document, this);
    top->addWidget(probe_bar_);
    top->addStretch(1);
    status_ = new QLabel(this);
    status_->setTextFormat(Qt::PlainText);
    top->addWidget(status_);
    layout->addLayout(top);

    message_ = new QLabel(this);
    message_->setTextFormat(Qt::PlainText);
    message_->setWordWrap(true);
    message_->setObjectName(QStringLiteral("propagation_message"));
    QFont bold = message_->font();
    bold.setBold(true);
    message_->setFont(bold);
    message_->hide();
    layout->addWidget(message_);

    auto* columns = new QHBoxLayout;
    columns->setSpacing(6);
    auto* left = new QWidget;
    auto* left_layout = new QVBoxLayout(left);
    left_layout->setContentsMargins(0, 0, 0, 0);
    left_layout->setSpacing(2);
    auto* heading = new QLabel(tr("Per layer: a (pre), h = φ(a) (post)"));
    heading->setFont(PlotStyle::label_font());
    heading->setWordWrap(true);
    left_layout->addWidget(heading);
    rows_note_ = new QLabel;
    rows_note_->hide();
    left_layout->addWidget(rows_note_);
    scroll_ = new QScrollArea;
    scroll_->setWidgetResizable(true);
    scroll_->setFrameShape(QFrame::NoFrame);
    grid_widget_ = new QWidget;
    grid_ = new QGridLayout(grid_widget_);
    grid_->setContentsMargins(0, 0, 0, 0);
    grid_->setSpacing(4);
    scroll_->setWidget(grid_widget_);
    left_layout->addWidget(scroll_, 1);
    columns->addWidget(left, 2);

    // The depth plots and the phase diagram in a column that scrolls vertically when the tab is
    // shorter than their legible heights (a 960×540 window: 1920×1080 at 2×).
    auto* right_widget = new QWidget;
    auto* right = new QVBoxLayout(right_widget);
    right->setContentsMargins(0, 0, 0, 0);
    right->setSpacing(4);
    std_plot_ = new DepthPlot;
    std_plot_->set_title(tr("std vs depth (dashed: mean field)"));
    std_plot_->set_y_label(tr("std"));
    std_plot_->set_empty_text(tr("nothing to show"));
    fraction_plot_ = new DepthPlot(DepthPlot::LegendPlace::BesideTitle);
    fraction_plot_->set_title(tr("Saturated, dead vs depth"));
    fraction_plot_->set_y_label(tr("% of h"));
    fraction_plot_->set_y_scale(DepthPlot::YScale::Percent);
    fraction_plot_->set_empty_text(tr("no tanh, sigmoid or relu layer"));
    phase_plot_ = new PhaseDiagramPlot;
    std_plot_->setMinimumSize(260, 190);
    fraction_plot_->setMinimumSize(260, 140);
    phase_plot_->setMinimumSize(260, 190);
    right->addWidget(std_plot_, 5);
    right->addWidget(fraction_plot_, 4);
    right->addWidget(phase_plot_, 5);
    auto* right_scroll = new QScrollArea;
    right_scroll->setWidget(right_widget);
    right_scroll->setWidgetResizable(true);
    right_scroll->setFrameShape(QFrame::NoFrame);
    right_scroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    columns->addWidget(right_scroll, 3);
    left->setMinimumWidth(240);
    layout->addLayout(columns, 1);
    refresh();
}

QString PropagationTab::title() const {
    return tr("Propagation");
}

QString PropagationTab::tool_tip() const {
    return tr(
        "A batch pushed forward and backward through the initialized network, per layer, "
        "beside the mean-field prediction and the phase diagram");
}

void PropagationTab::show_summary(std::shared_ptr<const NetworkSummary> summary,
                                  const ViewOptions&) {
    if (!summary) show_analysis(nullptr);
}

void PropagationTab::show_analysis(std::shared_ptr<const AnalysisResult> analysis) {
    analysis_ = std::move(analysis);
    refresh();
}

SignalHistogramPlot* PropagationTab::pre_plot(int row) const {
    return row >= 0 && row < int(rows_.size()) ? rows_[size_t(row)].pre : nullptr;
}

SignalHistogramPlot* PropagationTab::post_plot(int row) const {
    return row >= 0 && row < int(rows_.size()) ? rows_[size_t(row)].post : nullptr;
}

QList<SignalHistogramPlot*> PropagationTab::multiples() const {
    QList<SignalHistogramPlot*> plots;
    for (const Row& row : rows_) plots << row.pre << row.post;
    return plots;
}

QString PropagationTab::message() const {
    return message_->isVisibleTo(this) ? message_->text() : QString();
}

QString PropagationTab::status() const {
    return status_->text();
}

QString PropagationTab::rows_note() const {
    return rows_note_->isVisibleTo(this) ? rows_note_->text() : QString();
}

std::vector<int> PropagationTab::rows_for(int layers) {
    std::vector<int> rows;
    if (layers <= kMaxRows) {
        for (int l = 0; l < layers; ++l) rows.push_back(l);
        return rows;
    }
    for (int r = 0; r < kMaxRows; ++r)
        rows.push_back(int(std::lround(double(r) * (layers - 1) / (kMaxRows - 1))));
    return rows;
}

void PropagationTab::refresh() {
    QStringList messages;
    QString status;
    if (!analysis_ || !analysis_->network) {
        status = tr("no analysis yet");
    } else {
        const ProbeSettings& probe = analysis_->network->probe;
        if (analysis_->probe)
            status = tr("batch %1 · %2 input · ")
                         .arg(QString::fromStdString(NumberFormat::grouped(probe.batch)),
                              QString::fromUtf8(ChoiceSpelling::name(probe.input)));
        status += tr("analysed in %1 ms").arg(analysis_->elapsed_ms, 0, 'f', 1);
        if (!analysis_->probe_unavailable.isEmpty())
            messages << tr("The probe cannot run: %1. The mean-field prediction and the phase "
                           "diagram are shown.")
                            .arg(analysis_->probe_unavailable);
        if (!analysis_->error.isEmpty()) messages << analysis_->error;
    }
    status_->setText(status);
    message_->setText(messages.join(QStringLiteral("\n")));
    message_->setVisible(!messages.isEmpty());
    refresh_multiples();
    refresh_depth_plots();
    refresh_phase();
}

void PropagationTab::set_row_count(int count) {
    while (int(rows_.size()) > count) {
        Row& row = rows_.back();
        delete row.pre;
        delete row.post;
        rows_.pop_back();
    }
    while (int(rows_.size()) < count) {
        Row row;
        row.pre = new SignalHistogramPlot(grid_widget_);
        row.post = new SignalHistogramPlot(grid_widget_);
        // Built after the window's attach_all: the menus are attached here.
        PlotContextMenu::attach(row.pre);
        PlotContextMenu::attach(row.post);
        for (SignalHistogramPlot* plot : {row.pre, row.post})
            plot->setMinimumSize(140, kMultipleHeight);
        const int r = int(rows_.size());
        grid_->addWidget(row.pre, r, 0);
        grid_->addWidget(row.post, r, 1);
        rows_.push_back(row);
    }
    // The rows keep their height; spare height stays below them.
    for (int r = 0; r < grid_->rowCount(); ++r) grid_->setRowStretch(r, 0);
    grid_->setRowStretch(count, 1);
}

void PropagationTab::refresh_multiples() {
    const ProbeResult* probe = analysis_ && analysis_->probe ? &*analysis_->probe : nullptr;
    const int layers = probe ? int(probe->layers.size()) : 0;
    shown_layers_ = rows_for(layers);
    set_row_count(int(shown_layers_.size()));
    if (layers > int(shown_layers_.size())) {
        rows_note_->setText(tr("%1 of %2 layers, evenly spaced")
                                .arg(shown_layers_.size())
                                .arg(QString::fromStdString(NumberFormat::grouped(layers))));
        rows_note_->show();
    } else {
        rows_note_->hide();
    }
    for (size_t r = 0; r < shown_layers_.size(); ++r) {
        const int l = shown_layers_[r];
        const LayerSignal& signal = probe->layers[size_t(l)];
        const QString name =
            QString::number(l + 1) + QStringLiteral(" ") + QString::fromStdString(signal.layer);
        SignalHistogramPlot::Content pre;
        pre.title = name + QStringLiteral(" · a");
        pre.histogram = signal.pre_histogram;
        pre.stats = signal.pre;
        pre.color = pre_color();
        rows_[r].pre->show_signal(pre);

        SignalHistogramPlot::Content post;
        // The row's name is on its pre plot; the post plot says which φ.
        post.title =
            QStringLiteral("h = ") + activation_name(signal.activation) + QStringLiteral("(a)");
        post.histogram = signal.post_histogram;
        post.stats = signal.post;
        post.color = post_color();
        post.share = share_text(signal);
        post.thresholds = thresholds(signal.activation);
        if (auto range = post_range(signal.activation)) {
            const double span = signal.post_histogram.hi() - signal.post_histogram.lo();
            if (span >= kMinRangeShare * (range->second - range->first)) post.x_range = range;
        }
        rows_[r].post->show_signal(post);
    }
}

void PropagationTab::refresh_depth_plots() {
    const ProbeResult* probe = analysis_ && analysis_->probe ? &*analysis_->probe : nullptr;
    const std::vector<MeanFieldLayer> none;
    const std::vector<MeanFieldLayer>& theory = analysis_ ? analysis_->theory : none;
    const int layers = analysis_ && analysis_->network ? int(analysis_->network->layers.size()) : 0;

    std::vector<DepthSeries> stds;
    std::vector<DepthSeries> shares;
    if (probe) {
        DepthSeries pre{tr("a (pre)"), {}, pre_color(), false};
        DepthSeries post{tr("h (post)"), {}, post_color(), false};
        DepthSeries grad{tr("∂L/∂a"), {}, gradient_color(), false};
        DepthSeries saturated{tr("saturated"), {}, PlotStyle::layer_color(0), false};
        DepthSeries dead{tr("dead"), {}, PlotStyle::tensor_color(TensorRole::Weight), false};
        DepthSeries zeros{tr("h = 0"), {}, PlotStyle::layer_color(1), false};
        bool any_saturating = false, any_relu = false;
        for (const LayerSignal& signal : probe->layers) {
            pre.values.push_back(signal.pre.stddev);
            post.values.push_back(signal.post.stddev);
            grad.values.push_back(signal.grad_pre_std);
            saturated.values.push_back(signal.saturated_fraction.value_or(kNaN));
            dead.values.push_back(signal.dead_fraction.value_or(kNaN));
            zeros.values.push_back(signal.zero_fraction.value_or(kNaN));
            any_saturating = any_saturating || signal.saturated_fraction.has_value();
            any_relu = any_relu || signal.dead_fraction.has_value();
        }
        stds = {pre, post, grad};
        if (any_saturating) shares.push_back(saturated);
        if (any_relu) {
            shares.push_back(dead);
            shares.push_back(zeros);
        }
    }
    if (int(theory.size()) == layers && layers > 0) {
        DepthSeries pre{tr("a: √q (theory)"), {}, pre_color(), true};
        DepthSeries grad{tr("∂L/∂a (theory)"), {}, gradient_color(), true};
        for (const MeanFieldLayer& layer : theory) {
            pre.values.push_back(layer.pre_std);
            grad.values.push_back(layer.grad_pre_std);
        }
        stds.push_back(pre);
        stds.push_back(grad);
    }
    int compared_layers = 0;
    if (compared_ && compared_->probe) {
        DepthSeries pre{compared_letter_ + tr(": a (pre)"), {}, pre_color(), false, true};
        DepthSeries grad{compared_letter_ + tr(": ∂L/∂a"), {}, gradient_color(), false, true};
        for (const LayerSignal& signal : compared_->probe->layers) {
            pre.values.push_back(signal.pre.stddev);
            grad.values.push_back(signal.grad_pre_std);
        }
        compared_layers = int(pre.values.size());
        stds.push_back(pre);
        stds.push_back(grad);
    }
    std_plot_->set_series(stds, std::max(layers, compared_layers));
    fraction_plot_->set_series(shares, layers);
}

void PropagationTab::set_compared(std::shared_ptr<const AnalysisResult> other,
                                  const QString& letter) {
    compared_ = std::move(other);
    compared_letter_ = letter;
    refresh_depth_plots();
}

void PropagationTab::refresh_phase() {
    if (!analysis_ || !analysis_->network) {
        phase_plot_->clear(tr("no analysis yet"));
        return;
    }
    if (!analysis_->phase || analysis_->theory.size() != analysis_->network->layers.size()) {
        phase_plot_->clear(tr("no mean-field prediction for this network"));
        return;
    }
    std::vector<PhaseDiagramPlot::Point> points;
    for (size_t l = 0; l < analysis_->theory.size(); ++l)
        points.push_back({QString::fromStdString(analysis_->network->layers[l].name),
                          analysis_->theory[l].sigma_w2, analysis_->theory[l].sigma_b2});
    phase_plot_->show_diagram(
        *analysis_->phase, activation_name(AnalysisWorker::phase_activation(*analysis_->network)),
        points);
}

}  // namespace initscope
