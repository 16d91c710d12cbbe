#pragma once

#include "core/model/tensor_context.h"
#include "core/stats/histogram.h"
#include "core/stats/network_summary.h"
#include "ui/tabs/summary_view.h"

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
/// changes. The options bar shows the ViewOptions given with the summary. A bar scale change is
/// display-only (redrawn at once from the same summary) and emitted as scaleChanged; rule, bin
/// count and shared range need the core to recompute, so they are emitted as
/// histogramOptionsChanged (the shared range is applied at once to the summary shown).
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
    void scaleChanged(initscope::HistogramScale scale);
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
