#pragma once

#include <QWidget>

class QLabel;
class QStackedWidget;
class QTableView;

namespace initscope {

class FingerprintTableModel;
class WeightHistogramPlot;
struct OpenedCheckpoint;

/// What the weights page says about the selected tensor: the verdict (FingerprintVerdict, one
/// line), its statistics in a line (dtype and shape, fans, n, mean, std, min, max, non-finite
/// values, the shard of a sharded model), its histogram with the best fit's theory
/// (WeightHistogramPlot) and its init fingerprint as a table (FingerprintTableModel), best
/// first, a few rows high (it scrolls). Before its analysis arrives it says so; a dtype
/// that is not analysed (ints, bool) shows only what the header says.
class TensorDetail : public QWidget {
    Q_OBJECT
public:
    explicit TensorDetail(QWidget* parent = nullptr);

    /// Shows tensor `index` of `opened` (as far as it is analysed); -1 (or no checkpoint) clears.
    void show_tensor(const OpenedCheckpoint* opened, int index, bool fresh_init);
    int shown_tensor() const { return index_; }

    QLabel* verdict() const { return verdict_; }
    QLabel* statistics() const { return statistics_; }
    WeightHistogramPlot* plot() const { return plot_; }
    QTableView* fingerprint_view() const { return table_; }
    FingerprintTableModel* fingerprint() const { return model_; }
    /// Whether the histogram is on show (rather than a note: not analysed yet, or not analysable).
    bool plot_shown() const;

protected:
    void changeEvent(QEvent* event) override;

private:
    /// The table's height: its header and a few rows in the current font.
    void fit_table();

    int index_ = -1;
    QLabel* verdict_;
    QStackedWidget* stack_;  ///< the plot, or the note
    QLabel* note_;
    WeightHistogramPlot* plot_;
    QLabel* statistics_;
    QTableView* table_;
    FingerprintTableModel* model_;
};

}  // namespace initscope
