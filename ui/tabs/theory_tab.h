#pragma once

#include "core/model/tensor_context.h"
#include "core/stats/network_summary.h"
#include "ui/tabs/summary_view.h"

#include <QWidget>

#include <memory>

class QAbstractItemModel;
class QLabel;
class QTableView;

namespace initscope {

class TheoryPicture;
class TheoryTableModel;

/// The "Theory vs. sample" tab: the TheoryTableModel in a table, and beneath it, for the selected
/// row, the scheme's formula with the tensor's numbers filled in, the theory's teaching notes
/// (e.g. the notebook's √(1/n) is the bias bound, its std is 1/√(3·fan_in)) and the paper.
/// Clicking or activating a row emits tensorActivated. The selection survives updates.
/// Fonts derive from the application font (larger, for a projector); the columns fit the tab of
/// a 1024-px window (the Scheme column gives way, eliding). Exported as a TheoryPicture.
class TheoryTab : public QWidget, public SummaryView {
    Q_OBJECT
public:
    explicit TheoryTab(QWidget* parent = nullptr);

    QString title() const override;
    QString tool_tip() const override;
    QWidget* widget() override { return this; }
    /// The TheoryPicture, filled with the table and details as they are now.
    QWidget* export_widget() override;
    void show_summary(std::shared_ptr<const NetworkSummary> summary,
                      const ViewOptions& options) override;
    /// Selects the tensor's row (no signal); false when it is not shown.
    bool select_tensor(int layer_index, TensorRole role) override;

    /// An A/B comparison: the table shows `comparison` instead of model(); its first rows must be
    /// model()'s, in order (the details follow model()). nullptr: model() again.
    void set_comparison(QAbstractItemModel* comparison);

    TheoryTableModel* model() const { return model_; }
    QTableView* view() const { return view_; }
    /// The details text (rich text) shown for the selected row.
    QString details() const;

signals:
    void tensorActivated(int layerIndex, initscope::TensorRole role);

protected:
    bool eventFilter(QObject* watched, QEvent* event) override;
    /// A new application font (zoom, presenter mode) re-sizes the table's and details' text.
    void changeEvent(QEvent* event) override;

private:
    void update_details();
    /// Gives the Scheme column what the other columns leave of the view's width.
    void fit_columns();
    /// The table's and the details' font from the application's (PlotStyle::scaled_font).
    void apply_fonts();
    void follow_selection();

    TheoryTableModel* model_ = nullptr;
    QTableView* view_ = nullptr;
    QLabel* details_ = nullptr;
    TheoryPicture* picture_ = nullptr;
};

}  // namespace initscope
