#pragma once

#include "core/model/tensor_context.h"

#include <QWidget>

class QAction;
class QLabel;
class QTableView;
class QToolBar;

namespace initscope {

class LayerTableModel;
class NetworkDocument;

/// The network as an editable table (LayerTableModel + ComboDelegate for schemes and
/// activations) with a toolbar: add, remove, duplicate, move up / down, and apply the selected
/// layer's weight (bias) scheme to every layer. The selected tensor is the current row's weight,
/// or its bias when the current cell is in the Bias column; tensorSelected() reports it.
/// The layer actions and the two "→ all" actions sit in two toolbar rows, so all are visible in a
/// narrow panel. After "→ all" a note beneath the toolbar (and statusMessage()) says why samples
/// of layers whose scheme did not change change too (the draw order from the seed); the next
/// other edit hides it.
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
    /// The note shown after "→ all" (hidden otherwise).
    QLabel* draw_order_note() const { return draw_order_note_; }
    /// The toolbar row holding "Weight → all" and "Bias → all".
    QToolBar* apply_toolbar() const { return apply_toolbar_; }

signals:
    /// The tensor whose parameters the parameter panel should show.
    void tensorSelected(int layer, initscope::TensorRole role);
    /// A message for the window's status bar.
    void statusMessage(const QString& message);

private:
    void build_actions();
    void current_changed();
    void update_actions();
    void select_row(int row);
    void apply_to_all(TensorRole role);

    NetworkDocument* document_;
    LayerTableModel* model_;
    QTableView* view_;
    QToolBar* toolbar_;
    QToolBar* apply_toolbar_;
    QLabel* draw_order_note_;
    bool applying_ = false;  ///< an "→ all" edit is being made
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
