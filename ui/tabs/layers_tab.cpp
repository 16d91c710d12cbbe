#include "ui/tabs/layers_tab.h"

#include "ui/panels/histogram_options_bar.h"
#include "ui/plots/density_plot.h"
#include "ui/plots/histogram_plot.h"
#include "ui/plots/plot_context_menu.h"
#include "ui/plots/plot_style.h"

#include <QGridLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QMouseEvent>
#include <QScrollArea>
#include <QScrollBar>
#include <QSplitter>
#include <QVBoxLayout>

#include <algorithm>
#include <cmath>
#include <limits>

namespace initscope {

namespace {

constexpr int kSmallMultipleMinWidth = 180;  // the grid shrinks to the tab, never scrolls sideways
constexpr int kRowSpacing = 6;               // between rows and columns of the grid

/// A small multiple's height: 250 px, or 13 lines of the application font when that is more
/// (zoomed fonts keep an axis rect between the header and the axis labels).
int small_multiple_height() {
    return std::max(250, 13 * QFontMetrics(PlotStyle::tick_font()).height());
}

/// The density plots' height: 300 px, or 13 lines of the application font when that is more
/// (title, axes and a legend of up to three rows).
int density_height() {
    return std::max(300, 13 * QFontMetrics(PlotStyle::tick_font()).height());
}

/// Every element equals one value (zeros, ones, constant).
bool is_point_mass(const TensorSummary& t) {
    return t.theory.kind() == DistributionKind::PointMass && t.theory.atoms().size() == 1;
}

/// Union of one role's histogram ranges, bound marks and point masses (so every bound line stays
/// in view), leaving out point-mass tensors (a zero bias would widen ±0.1 to ±0.5) unless every
/// tensor of the role is one; lo > hi when there is none.
std::pair<double, double> histogram_union(const NetworkSummary& summary, TensorRole role) {
    double lo = std::numeric_limits<double>::infinity();
    double hi = -std::numeric_limits<double>::infinity();
    bool all_point_masses = true;
    for (const TensorSummary& t : summary.tensors)
        if (t.role == role && t.histogram.bins() > 0 && !is_point_mass(t)) all_point_masses = false;
    for (const TensorSummary& t : summary.tensors) {
        if (t.role != role || t.histogram.bins() == 0) continue;
        if (is_point_mass(t) && !all_point_masses) continue;
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

    auto* splitter = splitter_ = new QSplitter(Qt::Vertical, this);
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
        plot->setMinimumSize(kSmallMultipleMinWidth, 150);
        PlotContextMenu::attach(plot);
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
    grid_->setHorizontalSpacing(kRowSpacing);
    grid_->setVerticalSpacing(kRowSpacing);
    grid_->setColumnStretch(0, 1);
    grid_->setColumnStretch(1, 1);
    scroll_->setWidget(grid_widget_);
    scroll_->viewport()->installEventFilter(this);
    connect(scroll_->verticalScrollBar(), &QScrollBar::valueChanged, this, &LayersTab::follow_view);
    splitter->addWidget(scroll_);
    splitter->setStretchFactor(0, 0);
    splitter->setStretchFactor(1, 1);
    splitter->setSizes({density_height(), 2 * small_multiple_height()});

    connect(options_bar_, &HistogramOptionsBar::optionsChanged, this,
            [this](const HistogramOptions& options) {
                apply_shared_range();
                emit histogramOptionsChanged(options);
            });
    connect(options_bar_, &HistogramOptionsBar::scaleChanged, this, [this](HistogramScale scale) {
        locked_.clear();  // counts and densities have different y ranges: lock them anew
        refresh_histograms();
        emit scaleChanged(scale);
    });
    connect(options_bar_, &HistogramOptionsBar::lockAxesChanged, this, [this](bool locked) {
        set_axes_locked(locked);
        emit lockAxesChanged(locked);
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
    options_bar_->set_lock_axes(options.lock_axes);
    if (options.lock_axes != axes_locked_) set_axes_locked(options.lock_axes);
    summary_ = std::move(summary);
    refresh_histograms();
    refresh_densities();
}

ViewOptions LayersTab::view_options() const {
    return {options_bar_->options(), options_bar_->scale(), options_bar_->lock_axes()};
}

void LayersTab::set_axes_locked(bool locked) {
    axes_locked_ = locked;
    locked_.clear();
    if (locked) {
        // The ranges shown now are the ones kept.
        for (const Row& row : rows_) {
            locked_[{row.layer, TensorRole::Weight}] = {row.weight->xAxis->range(),
                                                        row.weight->yAxis->range()};
            if (row.has_bias)
                locked_[{row.layer, TensorRole::Bias}] = {row.bias->xAxis->range(),
                                                          row.bias->yAxis->range()};
        }
        for (DensityPlot* plot : {bias_density_, weight_density_}) {
            plot->lock_ranges(plot->xAxis->range(), plot->yAxis->range());
        }
    } else {
        for (DensityPlot* plot : {bias_density_, weight_density_}) plot->unlock_ranges();
        refresh_densities();
    }
    for (Row& row : rows_) apply_lock(row);
}

void LayersTab::apply_lock(Row& row) {
    for (TensorRole role : {TensorRole::Weight, TensorRole::Bias}) {
        HistogramPlot* plot = role == TensorRole::Weight ? row.weight : row.bias;
        if (role == TensorRole::Bias && !row.has_bias) continue;
        if (!axes_locked_) {
            plot->unlock_ranges();
            continue;
        }
        // A row built while locked keeps the ranges it was first shown with.
        const auto key = std::make_pair(row.layer, role);
        auto it = locked_.find(key);
        if (it == locked_.end())
            it = locked_.emplace(key, std::make_pair(plot->xAxis->range(), plot->yAxis->range()))
                     .first;
        plot->lock_ranges(it->second.first, it->second.second);
    }
}

QList<QCustomPlot*> LayersTab::plots() const {
    QList<QCustomPlot*> list{bias_density_, weight_density_};
    for (const Row& row : rows_) {
        if (row.has_bias) list << row.bias;
        list << row.weight;
    }
    return list;
}

LayersTab::Row* LayersTab::built_row(int layer) {
    if (layer < first_row_ || layer >= first_row_ + built_row_count()) return nullptr;
    return &rows_[static_cast<size_t>(layer - first_row_)];
}

HistogramPlot* LayersTab::weight_plot(int layer) {
    if (layer < 0 || layer >= layer_count()) return nullptr;
    if (!built_row(layer)) build_rows(layer, std::min(layer_count(), layer + kMinRows));
    return built_row(layer)->weight;
}

HistogramPlot* LayersTab::bias_plot(int layer) {
    if (layer < 0 || layer >= layer_count()) return nullptr;
    if (!built_row(layer)) build_rows(layer, std::min(layer_count(), layer + kMinRows));
    const Row* row = built_row(layer);
    return row->has_bias ? row->bias : nullptr;
}

HistogramPlot* LayersTab::make_plot(int layer, TensorRole role) {
    auto* plot = new HistogramPlot(grid_widget_);
    plot->setMinimumSize(kSmallMultipleMinWidth, small_multiple_height());
    // Rows are built after the window's attach_all: each plot gets its menu here.
    PlotContextMenu::attach(plot);
    plot->setCursor(Qt::PointingHandCursor);
    plot->setToolTip(tr("Click to edit this tensor's initialization"));
    connect(plot, &QCustomPlot::mousePress, this, [this, layer, role](QMouseEvent* event) {
        if (event->button() == Qt::LeftButton) emit tensorActivated(layer, role);
    });
    return plot;
}

bool LayersTab::event(QEvent* event) {
    // Zoomed fonts: taller small multiples, rebuilt at their new pitch.
    if (event->type() == QEvent::ApplicationFontChange) {
        splitter_->setSizes({density_height(), std::max(splitter_->height() - density_height(),
                                                        small_multiple_height())});
        if (summary_) {
            build_rows(0, 0);
            follow_view();
        }
    }
    return QWidget::event(event);
}

bool LayersTab::eventFilter(QObject* watched, QEvent* event) {
    if (watched == scroll_->viewport() && event->type() == QEvent::Resize) follow_view();
    return QWidget::eventFilter(watched, event);
}

void LayersTab::follow_view() {
    const int n = layer_count();
    const int pitch = small_multiple_height() + kRowSpacing;
    const int top = scroll_->verticalScrollBar()->value();
    const int height = scroll_->viewport()->height();
    int first = std::clamp(top / pitch - kExtraRows, 0, n);
    int last = std::clamp((top + height) / pitch + 1 + kExtraRows, first, n);
    if (last - first < kMinRows) {
        last = std::min(n, first + kMinRows);
        first = std::max(0, last - kMinRows);
    }
    build_rows(first, last);
}

void LayersTab::delete_row(Row& row) {
    for (QWidget* w : {static_cast<QWidget*>(row.weight), static_cast<QWidget*>(row.bias),
                       static_cast<QWidget*>(row.no_bias)}) {
        grid_->removeWidget(w);
        delete w;
    }
}

void LayersTab::build_rows(int first, int last) {
    const int pitch = small_multiple_height() + kRowSpacing;
    // The rows not built are margins of their height: the grid keeps its full size and rows
    // their places, so the scroll bar and the built rows are where the whole grid puts them.
    const QMargins margins(0, first * pitch, 0, (layer_count() - last) * pitch);
    const int built_first = first_row_, built_last = first_row_ + built_row_count();
    if (first == built_first && last == built_last) {
        if (grid_->contentsMargins() != margins) grid_->setContentsMargins(margins);
        return;
    }
    std::vector<Row> kept;
    for (Row& row : rows_) {
        if (row.layer >= first && row.layer < last)
            kept.push_back(row);
        else
            delete_row(row);
    }
    // The kept rows move to new grid rows when rows are added above them.
    const bool shifted = first != built_first;
    if (shifted)
        for (const Row& row : kept)
            for (QWidget* w : {static_cast<QWidget*>(row.weight), static_cast<QWidget*>(row.bias),
                               static_cast<QWidget*>(row.no_bias)})
                grid_->removeWidget(w);
    rows_.clear();
    size_t next_kept = 0;
    for (int layer = first; layer < last; ++layer) {
        const int grid_row = layer - first;
        if (next_kept < kept.size() && kept[next_kept].layer == layer) {
            const Row& row = kept[next_kept++];
            rows_.push_back(row);
            if (!shifted) continue;
            grid_->addWidget(row.bias, grid_row, 0);
            grid_->addWidget(row.no_bias, grid_row, 0);
            grid_->addWidget(row.weight, grid_row, 1);
            continue;
        }
        Row row;
        row.layer = layer;
        row.bias = make_plot(layer, TensorRole::Bias);
        row.weight = make_plot(layer, TensorRole::Weight);
        row.no_bias = new QLabel(grid_widget_);
        row.no_bias->setAlignment(Qt::AlignCenter);
        row.no_bias->setMinimumSize(kSmallMultipleMinWidth, small_multiple_height());
        row.no_bias->setWordWrap(true);
        row.no_bias->hide();
        grid_->addWidget(row.bias, grid_row, 0);
        grid_->addWidget(row.no_bias, grid_row, 0);
        grid_->addWidget(row.weight, grid_row, 1);
        fill_row(row);
        rows_.push_back(row);
    }
    first_row_ = first;
    grid_->setContentsMargins(margins);
}

void LayersTab::fill_row(Row& row) {
    if (!summary_) return;
    const LayerTensors& tensors = layers_[static_cast<size_t>(row.layer)];
    const HistogramScale scale = options_bar_->scale();
    if (tensors.weight) row.weight->show_tensor(*tensors.weight, scale);
    row.has_bias = tensors.bias != nullptr;
    if (row.has_bias) row.bias->show_tensor(*tensors.bias, scale);
    row.bias->setVisible(row.has_bias);
    row.no_bias->setVisible(!row.has_bias);
    if (!row.has_bias) {
        const QString name = tensors.weight ? QString::fromStdString(tensors.weight->layer_name)
                                            : tr("layer %1").arg(row.layer);
        row.no_bias->setText(tr("%1 has no bias").arg(name));
    }
    apply_shared_range(row);
    apply_lock(row);
}

void LayersTab::refresh_histograms() {
    layers_.clear();
    if (summary_) {
        int count = 0;
        for (const TensorSummary& t : summary_->tensors) count = std::max(count, t.layer_index + 1);
        layers_.resize(static_cast<size_t>(count));
        for (const TensorSummary& t : summary_->tensors)
            (t.role == TensorRole::Weight ? layers_[static_cast<size_t>(t.layer_index)].weight
                                          : layers_[static_cast<size_t>(t.layer_index)].bias) = &t;
    }
    // Rows past the new end go; then the view's rows are built, and the kept ones refilled.
    const int n = layer_count();
    build_rows(std::min(first_row_, n), std::min(first_row_ + built_row_count(), n));
    const std::vector<int> refill = [this] {
        std::vector<int> layers;
        for (const Row& row : rows_) layers.push_back(row.layer);
        return layers;
    }();
    apply_shared_range();
    follow_view();
    for (int layer : refill)
        if (Row* row = built_row(layer)) fill_row(*row);
}

void LayersTab::apply_shared_range() {
    weight_range_.reset();
    bias_range_.reset();
    if (!summary_) return;
    if (options_bar_->options().range == RangeMode::Shared) {
        for (TensorRole role : {TensorRole::Weight, TensorRole::Bias}) {
            auto [lo, hi] = histogram_union(*summary_, role);
            if (!(lo < hi)) continue;
            const double pad = 0.04 * (hi - lo);
            (role == TensorRole::Weight ? weight_range_ : bias_range_) = {lo - pad, hi + pad};
        }
    }
    for (Row& row : rows_) apply_shared_range(row);
}

void LayersTab::apply_shared_range(Row& row) {
    for (TensorRole role : {TensorRole::Weight, TensorRole::Bias}) {
        const auto& range = role == TensorRole::Weight ? weight_range_ : bias_range_;
        HistogramPlot* plot = role == TensorRole::Weight ? row.weight : row.bias;
        const LayerTensors& tensors = layers_[static_cast<size_t>(row.layer)];
        const TensorSummary* tensor = role == TensorRole::Weight ? tensors.weight : tensors.bias;
        // A point mass outside the shared range keeps its own range around its value.
        const bool own = range && tensor && is_point_mass(*tensor) &&
                         !(tensor->theory.atoms()[0].x > range->first &&
                           tensor->theory.atoms()[0].x < range->second);
        if (range && !own)
            plot->set_x_range(range->first, range->second);
        else
            plot->clear_x_range();
    }
}

void LayersTab::refresh_densities() {
    std::vector<DensityCurve> weights, biases;
    if (summary_) {
        for (const TensorSummary& t : summary_->tensors) {
            if (t.layer_index >= kMaxDensityCurves) continue;
            DensityCurve curve{QString::fromStdString(t.layer_name),  t.histogram, t.stats.n,
                               PlotStyle::layer_color(t.layer_index), false,       std::nullopt};
            if (is_point_mass(t)) curve.point_mass = t.theory.atoms()[0].x;
            (t.role == TensorRole::Weight ? weights : biases).push_back(std::move(curve));
        }
    }
    // Beyond kMaxDensityCurves layers the curves could not be told apart: the first ones, and
    // the titles say so.
    const QString part =
        layer_count() > kMaxDensityCurves
            ? tr(" (the first %1 of %2 layers)").arg(kMaxDensityCurves).arg(layer_count())
            : QString();
    for (auto [plot, title] : {std::pair{bias_density_, tr("Bias densities per layer") + part},
                               std::pair{weight_density_, tr("Weight densities per layer") + part}})
        if (plot->title() != title) plot->set_title(title);
    weight_density_->set_curves(weights);
    bias_density_->set_curves(biases);
}

}  // namespace initscope
