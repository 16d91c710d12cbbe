#pragma once

#include "ui/tabs/summary_view.h"

#include <QWidget>

#include <memory>

class QCheckBox;
class QLabel;
class QLineEdit;
class QSortFilterProxyModel;
class QSplitter;
class QStackedWidget;
class QTimer;
class QTreeView;

namespace initscope {

class RoleOverview;
class TensorDetail;
class WeightsTreeModel;
struct CheckpointTensorAnalysis;
struct OpenedCheckpoint;

/// The Weights tab: a trained model's checkpoint next to the init theory. Left, the tree of its
/// tensors by name prefix (WeightsTreeModel) under a filter line (a tensor shows when its name,
/// its shape as "4096x11008" or as shown, or its dtype contains the text, case-insensitively),
/// above the role across depth (RoleOverview, which follows the selected tensor's role unless
/// it shows all roles); right, the selected tensor (TensorDetail: verdict, statistics,
/// histogram with the best fit's theory, fingerprint table). "Compare with a
/// fresh init" adds, dotted, what PyTorch's default init of the same shapes gives (its density
/// on the histogram, its σ and KS across depth). Before a checkpoint is open the tab says how
/// to open one. The network's summaries do not concern it (show_summary does nothing).
class WeightsTab : public QWidget, public SummaryView {
    Q_OBJECT
public:
    explicit WeightsTab(QWidget* parent = nullptr);
    ~WeightsTab() override;

    QString title() const override;
    QString tool_tip() const override;
    QWidget* widget() override { return this; }
    /// The page (tree, role overview, selected tensor) once a checkpoint is open.
    QWidget* export_widget() override;
    void show_summary(std::shared_ptr<const NetworkSummary>, const ViewOptions&) override {}

    /// Shows a newly opened checkpoint (its analyses arrive by tensor_analysed) and selects its
    /// first tensor.
    void set_checkpoint(std::unique_ptr<OpenedCheckpoint> opened);
    /// The checkpoint shown, or nullptr.
    const OpenedCheckpoint* checkpoint() const { return opened_.get(); }
    void tensor_analysed(int index, std::shared_ptr<const CheckpointTensorAnalysis> analysis);
    /// Redraws the role overview now (the analysis finished or stopped) rather than after the
    /// merging delay.
    void refresh_overview();
    /// Selects tensor `index` in the tree (clearing a filter that hides it).
    void select_tensor_index(int index);
    /// The tensor selected, -1 when none.
    int selected_tensor() const;
    void set_fresh_init(bool on);

    QLineEdit* filter() const { return filter_; }
    QTreeView* tree() const { return tree_; }
    WeightsTreeModel* tree_model() const { return model_; }
    QSortFilterProxyModel* filtered_model() const { return proxy_; }
    TensorDetail* detail() const { return detail_; }
    RoleOverview* overview() const { return overview_; }
    QCheckBox* fresh_init_box() const { return fresh_; }

signals:
    /// The user selected tensor `index` (the worker analyses it next if it has not).
    void tensorSelected(int index);
    /// The empty page's "Open Weights…" button.
    void openRequested();

protected:
    void showEvent(QShowEvent* event) override;

private:
    /// The first split of the page between the tree, the role overview and the tensor.
    void share_room();
    void selection_changed();
    void apply_filter(const QString& text);

    std::unique_ptr<OpenedCheckpoint> opened_;
    QStackedWidget* pages_;
    QLabel* file_label_;
    QLineEdit* filter_;
    QTreeView* tree_;
    WeightsTreeModel* model_;
    QSortFilterProxyModel* proxy_;
    QCheckBox* fresh_;
    QSplitter* content_;  ///< the tree and the role overview | the selected tensor
    QSplitter* left_;     ///< the tree above the role overview
    TensorDetail* detail_;
    RoleOverview* overview_;
    QTimer* overview_refresh_;  ///< merges the overview's redraws while analyses pour in
    bool shown_ = false;
};

}  // namespace initscope
