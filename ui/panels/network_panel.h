#pragma once

#include "core/model/tensor_context.h"

#include <QWidget>

class QAction;
class QTableView;
class QToolBar;

namespace initscope {

class LayerTableModel;
class NetworkDocument;

/// The network as an editable table (LayerTableModel + ComboDelegate for schemes and
/// activations) with a toolbar: add, remove, duplicate, move up / down, and apply the selected
/// layer's weight (bias) scheme to every layer. The selected tensor is the current row's weight,
/// or its bias when the current cell is in the Bias column; tensorSelected() reports it.
class NetworkPanel : public QWidget {
    Q_OBJECT
public:
    explicit NetworkPanel(NetworkDocument* document, QWidget* parent = nullptr);

    LayerTableModel* model() const { return model_; }
    QTableView* view() const { return view_; }
    /// Actions for the Edit menu (they act on the current row).
    QAction* apply_weights_to_all_action() const { return apply_weights_; }
    QAction* apply_biases_to_all_action() const { return apply_biases_; }
    QList<QAction*> layer_actions() const;

    /// Selects `layer`'s weight cell (or bias cell) and scrolls to it; emits tensorSelected().
    void select_tensor(int layer, TensorRole role);
    int current_layer() const;
    TensorRole current_role() const { return role_; }

signals:
    /// The tensor whose parameters the parameter panel should show.
    void tensorSelected(int layer, initscope::TensorRole role);

private:
    void build_actions();
    void current_changed();
    void update_actions();
    void select_row(int row);

    NetworkDocument* document_;
    LayerTableModel* model_;
    QTableView* view_;
    QToolBar* toolbar_;
    QAction* add_ = nullptr;
    QAction* remove_ = nullptr;
    QAction* duplicate_ = nullptr;
    QAction* up_ = nullptr;
    QAction* down_ = nullptr;
    QAction* apply_weights_ = nullptr;
    QAction* apply_biases_ = nullptr;
    int layer_ = -1;
    TensorRole role_ = TensorRole::Weight;
};

}  // namespace initscope
