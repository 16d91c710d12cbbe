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

class TheoryTableModel;

/// The "Theory vs. sample" tab: the TheoryTableModel in a table, and beneath it, for the selected
/// row, the scheme's formula with the tensor's numbers filled in, the theory's teaching notes
/// (e.g. the notebook's √(1/n) is the bias bound, its std is 1/√(3·fan_in)) and the paper.
/// Clicking or activating a row emits tensorActivated. The selection survives updates.
/// A table, not a picture: no export widget.
class TheoryTab : public QWidget, public SummaryView {
    Q_OBJECT
public:
    explicit TheoryTab(QWidget* parent = nullptr);

    QString title() const override;
    QString tool_tip() const override;
    QWidget* widget() override { return this; }
    QWidget* export_widget() override { return nullptr; }
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

private:
    void update_details();
    void follow_selection();

    TheoryTableModel* model_ = nullptr;
    QTableView* view_ = nullptr;
    QLabel* details_ = nullptr;
};

}  // namespace initscope
