#pragma once

#include "core/stats/histogram.h"
#include "core/stats/network_summary.h"
#include "ui/tabs/summary_view.h"

#include <QList>
#include <QWidget>

#include <memory>

class QCustomPlot;
class QLabel;

namespace initscope {

class DensityPlot;
class HistogramPlot;

/// The Overview tab: the course notebook's first figure, improved. A headline with the parameter
/// counts ("402 biases · 40,200 weights"), the histogram of all biases and of all weights (the
/// core's aggregate histograms and statistics), and both densities on one axis beneath.
/// The histograms keep their own bar scale (counts, as the notebook), whatever the ViewOptions.
class OverviewTab : public QWidget, public SummaryView {
    Q_OBJECT
public:
    explicit OverviewTab(QWidget* parent = nullptr);

    QString title() const override;
    QString tool_tip() const override;
    QWidget* widget() override { return this; }
    QWidget* export_widget() override { return this; }
    /// Shows a summary (nullptr clears).
    void show_summary(std::shared_ptr<const NetworkSummary> summary,
                      const ViewOptions& options) override;
    /// Bar scale of the two histograms (default counts, as the notebook); redraws.
    void set_scale(HistogramScale scale);
    HistogramScale scale() const { return scale_; }
    /// An A/B comparison: the density plot also shows `other`'s biases and weights, dotted and
    /// named "<letter>: biases"; nullptr: only this one's.
    void set_compared(std::shared_ptr<const NetworkSummary> other, const QString& letter);

    /// Bias histogram, weight histogram, density plot.
    QList<QCustomPlot*> plots() const;
    HistogramPlot* bias_plot() const { return bias_plot_; }
    HistogramPlot* weight_plot() const { return weight_plot_; }
    DensityPlot* density_plot() const { return density_plot_; }
    /// "402 biases · 40,200 weights"
    QString headline() const;
    /// The headline for given counts.
    static QString headline_text(int64_t bias_count, int64_t weight_count);

protected:
    bool event(QEvent* event) override;

private:
    void refresh();

    std::shared_ptr<const NetworkSummary> summary_;
    std::shared_ptr<const NetworkSummary> compared_;  ///< the other set-up's (A/B), or null
    QString compared_letter_;
    HistogramScale scale_ = HistogramScale::Counts;
    QLabel* headline_ = nullptr;
    HistogramPlot* bias_plot_ = nullptr;
    HistogramPlot* weight_plot_ = nullptr;
    DensityPlot* density_plot_ = nullptr;
};

}  // namespace initscope
