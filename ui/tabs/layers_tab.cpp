#include "ui/tabs/layers_tab.h"

#include "ui/panels/histogram_options_bar.h"
#include "ui/plots/density_plot.h"
#include "ui/plots/histogram_plot.h"
#include "ui/plots/plot_style.h"

#include <QGridLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QMouseEvent>
#include <QScrollArea>
#include <QSplitter>
#include <QVBoxLayout>

#include <algorithm>
#include <cmath>
#include <limits>

namespace initscope {

namespace {

constexpr int kSmallMultipleHeight = 250;
constexpr int kSmallMultipleMinWidth = 220;  // the grid shrinks to the tab, never scrolls sideways
constexpr int kDensityHeight = 300;

/// Union of one role's histogram ranges, bound marks and point masses (so every bound line stays
/// in view); lo > hi when there is none.
std::pair<double, double> histogram_union(const NetworkSummary& summary, TensorRole role) {
    double lo = std::numeric_limits<double>::infinity();
    double hi = -std::numeric_limits<double>::infinity();
    for (const TensorSummary& t : summary.tensors) {
        if (t.role != role || t.histogram.bins() == 0) continue;
        lo = std::min(lo, t.histogram.lo());
        hi = std::max(hi, t.histogram.hi());
        std::vector<double> marks = t.theory.bound_marks();
        for (const Theory::Atom& atom : t.theory.atoms()) marks.push_back(atom.x);
        for (double x : marks) {
            if (!std::isfinite(x)) continue;
            lo = std::min(lo, x);
            hi = std::max(hi, x);
        }
    }
    return {lo, hi};
}

}  // namespace

LayersTab::LayersTab(QWidget* parent) : QWidget(parent) {
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(2);

    options_bar_ = new HistogramOptionsBar(this);
    layout->addWidget(options_bar_);

    auto* splitter = new QSplitter(Qt::Vertical, this);
    splitter->setChildrenCollapsible(false);
    layout->addWidget(splitter, 1);

    auto* densities = new QWidget(splitter);
    auto* density_layout = new QHBoxLayout(densities);
    density_layout->setContentsMargins(0, 0, 0, 0);
    bias_density_ = new DensityPlot(densities);
    bias_density_->set_title(tr("Bias densities per layer"));
    weight_density_ = new DensityPlot(densities);
    weight_density_->set_title(tr("Weight densities per layer"));
    for (DensityPlot* plot : {bias_density_, weight_density_}) {
        plot->setMinimumSize(kSmallMultipleMinWidth, 200);
        density_layout->addWidget(plot);
    }
    splitter->addWidget(densities);

    scroll_ = new QScrollArea(splitter);
    scroll_->setWidgetResizable(true);
    scroll_->setFrameShape(QFrame::NoFrame);
    // The grid takes the viewport's width (its plots have small minimum widths): no sideways
    // scrolling at any window width.
    scroll_->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    grid_widget_ = new QWidget(scroll_);
    grid_ = new QGridLayout(grid_widget_);
    grid_->setContentsMargins(0, 0, 0, 0);
    grid_->setHorizontalSpacing(6);
    grid_->setVerticalSpacing(6);
    grid_->setColumnStretch(0, 1);
    grid_->setColumnStretch(1, 1);
    scroll_->setWidget(grid_widget_);
    splitter->addWidget(scroll_);
    splitter->setStretchFactor(0, 0);
    splitter->setStretchFactor(1, 1);
    splitter->setSizes({kDensityHeight, 2 * kSmallMultipleHeight});

    connect(options_bar_, &HistogramOptionsBar::optionsChanged, this,
            [this](const HistogramOptions& options) {
                apply_shared_range();
                emit histogramOptionsChanged(options);
            });
    connect(options_bar_, &HistogramOptionsBar::scaleChanged, this, [this](HistogramScale scale) {
        refresh_histograms();
        emit scaleChanged(scale);
    });
}

QString LayersTab::title() const {
    return tr("Layers");
}

QString LayersTab::tool_tip() const {
    return tr("Per layer: densities, and each tensor's histogram with its theory");
}

void LayersTab::show_summary(std::shared_ptr<const NetworkSummary> summary,
                             const ViewOptions& options) {
    options_bar_->set_options(options.histogram);
    options_bar_->set_scale(options.scale);
    summary_ = std::move(summary);
    refresh_histograms();
    refresh_densities();
}

ViewOptions LayersTab::view_options() const {
    return {options_bar_->options(), options_bar_->scale()};
}

QList<QCustomPlot*> LayersTab::plots() const {
    QList<QCustomPlot*> list{bias_density_, weight_density_};
    for (const Row& row : rows_) {
        if (row.has_bias) list << row.bias;
        list << row.weight;
    }
    return list;
}

HistogramPlot* LayersTab::weight_plot(int layer) const {
    if (layer < 0 || layer >= layer_count()) return nullptr;
    return rows_[static_cast<size_t>(layer)].weight;
}

HistogramPlot* LayersTab::bias_plot(int layer) const {
    if (layer < 0 || layer >= layer_count()) return nullptr;
    const Row& row = rows_[static_cast<size_t>(layer)];
    return row.has_bias ? row.bias : nullptr;
}

HistogramPlot* LayersTab::make_plot(int layer, TensorRole role) {
    auto* plot = new HistogramPlot(grid_widget_);
    plot->setMinimumSize(kSmallMultipleMinWidth, kSmallMultipleHeight);
    plot->setCursor(Qt::PointingHandCursor);
    plot->setToolTip(tr("Click to edit this tensor's initialization"));
    connect(plot, &QCustomPlot::mousePress, this, [this, layer, role](QMouseEvent* event) {
        if (event->button() == Qt::LeftButton) emit tensorActivated(layer, role);
    });
    return plot;
}

void LayersTab::resize_rows(int count) {
    while (layer_count() > count) {
        Row row = rows_.back();
        rows_.pop_back();
        for (QWidget* w : {static_cast<QWidget*>(row.weight), static_cast<QWidget*>(row.bias),
                           static_cast<QWidget*>(row.no_bias)}) {
            grid_->removeWidget(w);
            delete w;
        }
    }
    while (layer_count() < count) {
        const int layer = layer_count();
        Row row;
        row.bias = make_plot(layer, TensorRole::Bias);
        row.weight = make_plot(layer, TensorRole::Weight);
        row.no_bias = new QLabel(grid_widget_);
        row.no_bias->setAlignment(Qt::AlignCenter);
        row.no_bias->setMinimumSize(kSmallMultipleMinWidth, kSmallMultipleHeight);
        row.no_bias->setWordWrap(true);
        row.no_bias->hide();
        grid_->addWidget(row.bias, layer, 0);
        grid_->addWidget(row.no_bias, layer, 0);
        grid_->addWidget(row.weight, layer, 1);
        rows_.push_back(row);
    }
}

void LayersTab::refresh_histograms() {
    if (!summary_) {
        resize_rows(0);
        return;
    }
    int count = 0;
    for (const TensorSummary& t : summary_->tensors) count = std::max(count, t.layer_index + 1);
    resize_rows(count);
    std::vector<bool> has_bias(static_cast<size_t>(count), false);
    const HistogramScale scale = options_bar_->scale();
    for (const TensorSummary& t : summary_->tensors) {
        Row& row = rows_[static_cast<size_t>(t.layer_index)];
        if (t.role == TensorRole::Weight) {
            row.weight->show_tensor(t, scale);
        } else {
            row.bias->show_tensor(t, scale);
            has_bias[static_cast<size_t>(t.layer_index)] = true;
        }
    }
    for (int i = 0; i < count; ++i) {
        Row& row = rows_[static_cast<size_t>(i)];
        row.has_bias = has_bias[static_cast<size_t>(i)];
        row.bias->setVisible(row.has_bias);
        row.no_bias->setVisible(!row.has_bias);
        if (!row.has_bias) {
            const TensorSummary* weight = nullptr;
            for (const TensorSummary& t : summary_->tensors)
                if (t.layer_index == i) weight = &t;
            const QString name =
                weight ? QString::fromStdString(weight->layer_name) : tr("layer %1").arg(i);
            row.no_bias->setText(tr("%1 has no bias").arg(name));
        }
    }
    apply_shared_range();
}

void LayersTab::apply_shared_range() {
    const bool shared = options_bar_->options().range == RangeMode::Shared;
    if (!summary_) return;
    for (TensorRole role : {TensorRole::Weight, TensorRole::Bias}) {
        auto [lo, hi] = histogram_union(*summary_, role);
        const bool valid = shared && lo < hi;
        const double pad = valid ? 0.04 * (hi - lo) : 0;
        for (const Row& row : rows_) {
            HistogramPlot* plot = role == TensorRole::Weight ? row.weight : row.bias;
            if (valid)
                plot->set_x_range(lo - pad, hi + pad);
            else
                plot->clear_x_range();
        }
    }
}

void LayersTab::refresh_densities() {
    std::vector<DensityCurve> weights, biases;
    if (summary_) {
        for (const TensorSummary& t : summary_->tensors) {
            DensityCurve curve{QString::fromStdString(t.layer_name), t.histogram, t.stats.n,
                               PlotStyle::layer_color(t.layer_index)};
            (t.role == TensorRole::Weight ? weights : biases).push_back(std::move(curve));
        }
    }
    weight_density_->set_curves(weights);
    bias_density_->set_curves(biases);
}

}  // namespace initscope
