#include "ui/panels/network_panel.h"

#include "ui/document/network_document.h"
#include "ui/panels/combo_delegate.h"
#include "ui/panels/layer_table_model.h"

#include <QAction>
#include <QHeaderView>
#include <QLabel>
#include <QStyle>
#include <QTableView>
#include <QToolBar>
#include <QVBoxLayout>

namespace initscope {

NetworkPanel::NetworkPanel(NetworkDocument* document, QWidget* parent)
    : QWidget(parent),
      document_(document),
      model_(new LayerTableModel(document, this)),
      view_(new QTableView(this)),
      toolbar_(new QToolBar(tr("Layers"), this)),
      apply_toolbar_(new QToolBar(tr("Apply to all layers"), this)),
      draw_order_note_(new QLabel(this)) {
    view_->setModel(model_);
    view_->setSelectionBehavior(QAbstractItemView::SelectRows);
    view_->setSelectionMode(QAbstractItemView::SingleSelection);
    view_->setEditTriggers(QAbstractItemView::DoubleClicked | QAbstractItemView::SelectedClicked |
                           QAbstractItemView::EditKeyPressed | QAbstractItemView::AnyKeyPressed);
    view_->setAlternatingRowColors(true);
    view_->setWordWrap(false);
    view_->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    view_->horizontalHeader()->setHighlightSections(false);
    // Scheme names as the combos show them, in columns as narrow as the ids were: a longer name
    // is elided (its tooltip and the parameter panel show it whole).
    const int scheme_width =
        view_->fontMetrics().horizontalAdvance(QStringLiteral("PyTorch default")) +
        view_->style()->pixelMetric(QStyle::PM_SmallIconSize) + 24;
    for (int column : {int(LayerTableModel::WeightScheme), int(LayerTableModel::BiasScheme)}) {
        view_->horizontalHeader()->setSectionResizeMode(column, QHeaderView::Fixed);
        view_->horizontalHeader()->resizeSection(column, scheme_width);
    }
    view_->verticalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    view_->setItemDelegateForColumn(LayerTableModel::WeightScheme,
                                    new ComboDelegate(ComboDelegate::Choices::WeightScheme, view_));
    view_->setItemDelegateForColumn(LayerTableModel::BiasScheme,
                                    new ComboDelegate(ComboDelegate::Choices::BiasScheme, view_));
    view_->setItemDelegateForColumn(LayerTableModel::Activation,
                                    new ComboDelegate(ComboDelegate::Choices::Activation, view_));
    view_->setToolTip(
        tr("One row per layer. Click a row to see its weight's parameters, a Bias "
           "cell for its bias; click again (or double-click) to edit."));

    build_actions();
    toolbar_->setToolButtonStyle(Qt::ToolButtonTextOnly);
    toolbar_->addActions(layer_actions());
    // A second row: at 1024 px the panel is too narrow for all seven on one.
    apply_toolbar_->setToolButtonStyle(Qt::ToolButtonTextOnly);
    apply_toolbar_->addAction(apply_weights_);
    apply_toolbar_->addAction(apply_biases_);

    draw_order_note_->setWordWrap(true);
    draw_order_note_->setText(
        tr("Every tensor is drawn again in order from the seed, so a layer's sample changes when "
           "an earlier tensor's scheme changes — as in PyTorch."));
    draw_order_note_->setStyleSheet(QStringLiteral("color: palette(placeholder-text);"));
    draw_order_note_->hide();

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(2);
    layout->addWidget(toolbar_);
    layout->addWidget(apply_toolbar_);
    layout->addWidget(draw_order_note_);
    layout->addWidget(view_, 1);

    connect(view_->selectionModel(), &QItemSelectionModel::currentChanged, this,
            &NetworkPanel::current_changed);
    connect(model_, &QAbstractItemModel::modelReset, this,
            [this] { select_row(std::min(std::max(layer_, 0), model_->rowCount() - 1)); });
    connect(model_, &QAbstractItemModel::rowsRemoved, this, &NetworkPanel::current_changed);
    connect(document_, &NetworkDocument::networkChanged, this, [this] {
        if (!applying_) draw_order_note_->hide();
        update_actions();
    });
    update_actions();
}

void NetworkPanel::build_actions() {
    add_ = new QAction(tr("Add"), this);
    add_->setToolTip(
        tr("Add a layer after the selected one (same kind, square, PyTorch "
           "defaults); the chain is unchanged"));
    remove_ = new QAction(tr("Remove"), this);
    remove_->setToolTip(tr("Remove the selected layer; the next layer takes its input"));
    duplicate_ = new QAction(tr("Duplicate"), this);
    duplicate_->setToolTip(tr("Insert a copy of the selected layer after it"));
    up_ = new QAction(tr("Up"), this);
    up_->setToolTip(tr("Move the selected layer up; inputs follow so the network still chains"));
    down_ = new QAction(tr("Down"), this);
    down_->setToolTip(
        tr("Move the selected layer down; inputs follow so the network still "
           "chains"));
    apply_weights_ = new QAction(tr("Weight → all"), this);
    apply_weights_->setToolTip(
        tr("Give every layer's weight the selected layer's weight scheme "
           "and parameters (one undo step)"));
    apply_biases_ = new QAction(tr("Bias → all"), this);
    apply_biases_->setToolTip(
        tr("Give every layer's bias the selected layer's bias scheme and "
           "parameters (one undo step)"));

    connect(add_, &QAction::triggered, this,
            [this] { select_row(model_->add_layer(current_layer())); });
    connect(remove_, &QAction::triggered, this, [this] {
        const int row = current_layer();
        if (model_->remove_layer(row)) select_row(std::min(row, model_->rowCount() - 1));
    });
    connect(duplicate_, &QAction::triggered, this,
            [this] { select_row(model_->duplicate_layer(current_layer())); });
    connect(up_, &QAction::triggered, this,
            [this] { select_row(model_->move_layer(current_layer(), -1)); });
    connect(down_, &QAction::triggered, this,
            [this] { select_row(model_->move_layer(current_layer(), +1)); });
    connect(apply_weights_, &QAction::triggered, this,
            [this] { apply_to_all(TensorRole::Weight); });
    connect(apply_biases_, &QAction::triggered, this, [this] { apply_to_all(TensorRole::Bias); });
}

void NetworkPanel::apply_to_all(TensorRole role) {
    const int row = current_layer();
    if (row < 0) return;
    applying_ = true;
    const bool applied = model_->apply_to_all(role, model_->layer(row).init(role));
    applying_ = false;
    if (!applied) return;
    draw_order_note_->show();
    emit statusMessage(draw_order_note_->text());
}

QList<QAction*> NetworkPanel::layer_actions() const {
    return {add_, remove_, duplicate_, up_, down_};
}

int NetworkPanel::current_layer() const {
    const QModelIndex current = view_->currentIndex();
    return current.isValid() ? current.row() : -1;
}

void NetworkPanel::select_tensor(int layer, TensorRole role) {
    if (layer < 0 || layer >= model_->rowCount()) return;
    const int column =
        role == TensorRole::Bias ? LayerTableModel::BiasScheme : LayerTableModel::WeightScheme;
    const QModelIndex index = model_->index(layer, column);
    view_->setCurrentIndex(index);
    view_->scrollTo(model_->index(layer, LayerTableModel::Name));  // keep the names in view
    current_changed();
}

void NetworkPanel::select_row(int row) {
    if (row < 0 || row >= model_->rowCount()) return;
    select_tensor(row, role_);
}

void NetworkPanel::current_changed() {
    const QModelIndex current = view_->currentIndex();
    const int layer = current.isValid() ? current.row() : -1;
    // Only a Bias cell selects the bias; other columns describe the layer, shown by its weight.
    TensorRole role =
        current.isValid() ? LayerTableModel::role_of_column(current.column()) : TensorRole::Weight;
    if (role == TensorRole::Bias && layer >= 0 && !model_->layer(layer).bias)
        role = TensorRole::Weight;
    update_actions();
    if (layer == layer_ && role == role_) return;
    layer_ = layer;
    role_ = role;
    emit tensorSelected(layer, role);
}

void NetworkPanel::update_actions() {
    const int row = current_layer();
    const int count = model_->rowCount();
    const bool has = row >= 0 && row < count;
    add_->setEnabled(true);
    remove_->setEnabled(has && count > 1);
    duplicate_->setEnabled(has);
    up_->setEnabled(has && row > 0);
    down_->setEnabled(has && row + 1 < count);
    apply_weights_->setEnabled(has);
    apply_biases_->setEnabled(has && model_->layer(row).bias);
}

}  // namespace initscope
