#pragma once

#include "core/model/tensor_context.h"
#include "core/stats/histogram.h"
#include "core/stats/network_summary.h"

#include <QList>
#include <QWidget>

#include <memory>
#include <vector>

class QCustomPlot;
class QGridLayout;
class QLabel;
class QScrollArea;

namespace initscope {

class DensityPlot;
class HistogramOptionsBar;
class HistogramPlot;

/// The Layers tab: the course notebook's per-layer density curves (biases, weights; the legend
/// gives each layer's n), and beneath them a scrollable grid of small multiples, one row per
/// layer: its bias histogram and its weight histogram, each with its theory curve and bounds.
/// Columns follow the notebook's order (biases left, weights right) in both parts.
/// Updates are cheap: plot widgets are reused and only added or removed when the layer count
/// changes. The bar scale is display-only (redrawn from the same summary); rule, bin count and
/// shared range need the core to recompute, so they are emitted as histogramOptionsChanged.
class LayersTab : public QWidget {
    Q_OBJECT
public:
    explicit LayersTab(QWidget* parent = nullptr);

    /// Shows a summary (nullptr clears). Keeps a reference for display-only changes.
    void show_summary(std::shared_ptr<const NetworkSummary> summary);
    /// The options the histograms should be computed with (rule, bins, shared range).
    HistogramOptions histogram_options() const;
    HistogramScale scale() const;
    /// Sets the controls without emitting (e.g. from a loaded config).
    void set_histogram_options(const HistogramOptions& options);

    /// Every plot of the tab: the two density plots, then per layer the weight and bias plots.
    QList<QCustomPlot*> plots() const;
    int layer_count() const { return static_cast<int>(rows_.size()); }
    HistogramPlot* weight_plot(int layer) const;
    /// nullptr when the layer has no bias (or the index is out of range).
    HistogramPlot* bias_plot(int layer) const;
    DensityPlot* weight_density_plot() const { return weight_density_; }
    DensityPlot* bias_density_plot() const { return bias_density_; }
    HistogramOptionsBar* options_bar() const { return options_bar_; }

signals:
    void histogramOptionsChanged(const initscope::HistogramOptions& options);
    /// A small multiple was clicked.
    void tensorActivated(int layerIndex, initscope::TensorRole role);

private:
    struct Row {
        HistogramPlot* weight = nullptr;
        HistogramPlot* bias = nullptr;
        QLabel* no_bias = nullptr;
        bool has_bias = false;
    };
    void resize_rows(int count);
    void refresh_histograms();
    void refresh_densities();
    void apply_shared_range();
    HistogramPlot* make_plot(int layer, TensorRole role);

    std::shared_ptr<const NetworkSummary> summary_;
    HistogramOptionsBar* options_bar_ = nullptr;
    DensityPlot* weight_density_ = nullptr;
    DensityPlot* bias_density_ = nullptr;
    QScrollArea* scroll_ = nullptr;
    QWidget* grid_widget_ = nullptr;
    QGridLayout* grid_ = nullptr;
    std::vector<Row> rows_;
};

}  // namespace initscope
