#pragma once

#include "core/model/tensor_context.h"
#include "ui/document/analysis_result.h"
#include "ui/tabs/summary_view.h"

#include <QList>
#include <QWidget>

#include <memory>
#include <vector>

class QGridLayout;
class QLabel;
class QScrollArea;
class QTableView;

namespace initscope {

class SpectrumPlot;
class SpectrumTableModel;

/// The Spectrum tab: the singular values of every weight (AnalysisResult::spectra) as small
/// multiples, each with what random-matrix theory predicts (the Marchenko–Pastur density and
/// edges for iid schemes, the exact values for orthogonal, eye and dirac, a line saying why there
/// is none for sparse and constant; SpectrumPlot), and beneath them the SpectrumTableModel:
/// spectral norm, condition number and edge agreement per weight. The grid has as many columns
/// as fit the width (each plot at least kMinPlotWidth) and shows the first kMaxPlots weights;
/// the table lists all. Clicking a row scrolls to its plot; clicking a plot selects its row and
/// emits tensorActivated. The summary is not used (show_summary does nothing).
class SpectrumTab : public QWidget, public SummaryView, public AnalysisView {
    Q_OBJECT
public:
    static constexpr int kMaxPlots = 48;
    static constexpr int kMinPlotWidth = 320;
    static constexpr int kPlotHeight = 250;

    explicit SpectrumTab(QWidget* parent = nullptr);

    QString title() const override;
    QString tool_tip() const override;
    QWidget* widget() override { return this; }
    QWidget* export_widget() override { return grid_widget_; }
    void show_summary(std::shared_ptr<const NetworkSummary> summary,
                      const ViewOptions& options) override;
    void show_analysis(std::shared_ptr<const AnalysisResult> analysis) override;
    /// Selects a weight's row and scrolls to its plot (no signal); false for biases and layers
    /// not shown.
    bool select_tensor(int layer_index, TensorRole role) override;

    /// The plots shown, in layer order.
    QList<SpectrumPlot*> plots() const;
    int column_count() const { return columns_; }
    SpectrumTableModel* model() const { return model_; }
    QTableView* view() const { return view_; }
    /// The line above the plots: how many weights, or why there is nothing to show.
    QString status_text() const;

signals:
    void tensorActivated(int layerIndex, initscope::TensorRole role);

protected:
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    void reflow();
    /// The table's columns at their contents' widths, narrowed in proportion to fit the table.
    void fit_columns();

    std::shared_ptr<const AnalysisResult> analysis_;
    SpectrumTableModel* model_ = nullptr;
    QTableView* view_ = nullptr;
    QLabel* status_ = nullptr;
    QScrollArea* scroll_ = nullptr;
    QWidget* grid_widget_ = nullptr;
    QGridLayout* grid_ = nullptr;
    std::vector<SpectrumPlot*> plots_;  ///< built, reused; the first `shown_` are in the grid
    int shown_ = 0;
    int columns_ = 0;
};

}  // namespace initscope
