#pragma once

#include "core/model/tensor_context.h"
#include "core/stats/histogram.h"
#include "core/stats/network_summary.h"
#include "ui/tabs/summary_view.h"

#include <qcustomplot.h>
#include <QList>
#include <QWidget>

#include <map>
#include <memory>
#include <optional>
#include <utility>
#include <vector>

class QGridLayout;
class QLabel;
class QScrollArea;
class QSplitter;

namespace initscope {

class DensityPlot;
class HistogramOptionsBar;
class HistogramPlot;

/// The Layers tab: the course notebook's per-layer density curves (biases, weights; the legend
/// gives each layer's n), and beneath them a scrollable grid of small multiples, one row per
/// layer: its bias histogram and its weight histogram, each with its theory curve and bounds.
/// Columns follow the notebook's order (biases left, weights right) in both parts.
///
/// Only the rows in view are built (issue 9, defect 7: one plot per tensor made 2,000 layers
/// take 33 s and 2.3 GB): the rows from kExtraRows above the view to kExtraRows below it, at
/// least kMinRows, are plot widgets; the others are empty space of the same height, so the
/// scroll bar is the one of the whole grid. Scrolling or resizing builds the rows that come into
/// view and deletes those that leave it; every other step is O(layers). Plot widgets are reused
/// across summaries while their rows stay built. The options bar shows the ViewOptions given
/// with the summary. A bar scale change is display-only (redrawn at once from the same summary)
/// and emitted as scaleChanged; rule, bin count and shared range need the core to recompute, so
/// they are emitted as histogramOptionsChanged (the shared range is applied at once).
class LayersTab : public QWidget, public SummaryView {
    Q_OBJECT
public:
    explicit LayersTab(QWidget* parent = nullptr);

    QString title() const override;
    QString tool_tip() const override;
    QWidget* widget() override { return this; }
    QWidget* export_widget() override { return this; }
    /// Shows a summary (nullptr clears) and sets the options bar to `options` without
    /// emitting. Keeps a reference for display-only changes.
    void show_summary(std::shared_ptr<const NetworkSummary> summary,
                      const ViewOptions& options) override;
    /// What the options bar shows: the options the histograms should be computed with (rule,
    /// bins, shared range) and the bar scale.
    ViewOptions view_options() const;

    /// Rows built beyond the view on each side, and the fewest rows built (before the tab is
    /// laid out, and for exports).
    static constexpr int kExtraRows = 2;
    static constexpr int kMinRows = 16;
    /// The density plots show the first this many layers (more curves cannot be told apart).
    static constexpr int kMaxDensityCurves = 50;

    /// Every plot built: the two density plots, then per built row its bias and weight plots.
    QList<QCustomPlot*> plots() const;
    /// Layers of the summary shown (rows of the grid, built or not).
    int layer_count() const { return static_cast<int>(layers_.size()); }
    /// The layers whose rows are built: [first, first + count).
    int first_built_row() const { return first_row_; }
    int built_row_count() const { return static_cast<int>(rows_.size()); }
    /// The layer's weight plot, its row built first when it is not (the built rows then start
    /// there); nullptr when the index is out of range.
    HistogramPlot* weight_plot(int layer);
    /// The same for the bias plot; nullptr when the layer has no bias.
    HistogramPlot* bias_plot(int layer);
    DensityPlot* weight_density_plot() const { return weight_density_; }
    DensityPlot* bias_density_plot() const { return bias_density_; }
    HistogramOptionsBar* options_bar() const { return options_bar_; }

signals:
    void histogramOptionsChanged(const initscope::HistogramOptions& options);
    /// "Lock axes" was toggled in the options bar.
    void lockAxesChanged(bool locked);
    void scaleChanged(initscope::HistogramScale scale);
    /// A small multiple was clicked.
    void tensorActivated(int layerIndex, initscope::TensorRole role);

protected:
    bool event(QEvent* event) override;
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    /// A built row: the plots of layer `layer`.
    struct Row {
        int layer = 0;
        HistogramPlot* weight = nullptr;
        HistogramPlot* bias = nullptr;
        QLabel* no_bias = nullptr;
        bool has_bias = false;
    };
    /// A layer's tensors in the summary shown (nullptr: none).
    struct LayerTensors {
        const TensorSummary* weight = nullptr;
        const TensorSummary* bias = nullptr;
    };
    /// Builds the rows the view needs (scroll position and viewport height).
    void follow_view();
    /// Makes [first, last) the built rows: deletes the others, builds and fills the new ones.
    void build_rows(int first, int last);
    Row* built_row(int layer);
    void fill_row(Row& row);
    void delete_row(Row& row);
    void refresh_histograms();
    void refresh_densities();
    void apply_shared_range();
    void apply_shared_range(Row& row);
    HistogramPlot* make_plot(int layer, TensorRole role);
    /// Lock axes: every plot keeps the x and y ranges it shows now (rows built later keep their
    /// first ones) until unlocked.
    void set_axes_locked(bool locked);
    void apply_lock(Row& row);

    std::shared_ptr<const NetworkSummary> summary_;
    std::vector<LayerTensors> layers_;
    /// The x-range every plot of a role shares (lo < hi), when the options ask for one.
    std::optional<std::pair<double, double>> weight_range_, bias_range_;
    HistogramOptionsBar* options_bar_ = nullptr;
    DensityPlot* weight_density_ = nullptr;
    DensityPlot* bias_density_ = nullptr;
    QScrollArea* scroll_ = nullptr;
    QSplitter* splitter_ = nullptr;
    QWidget* grid_widget_ = nullptr;
    QGridLayout* grid_ = nullptr;
    int first_row_ = 0;
    bool axes_locked_ = false;
    /// Locked (x, y) ranges per (layer, role).
    std::map<std::pair<int, TensorRole>, std::pair<QCPRange, QCPRange>> locked_;
    std::vector<Row> rows_;  ///< layers first_row_, first_row_ + 1, …
};

}  // namespace initscope
