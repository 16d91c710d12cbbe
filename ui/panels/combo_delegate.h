#pragma once

#include <QStyledItemDelegate>

namespace initscope {

/// Edits a LayerTableModel cell with a combo box:
/// - Choices::WeightScheme / BiasScheme: the schemes SchemeRegistry::fitting() allows for that
///   layer's weight or bias, by display name, each with its description as tooltip; the model
///   receives the scheme key;
/// - Choices::Activation: ChoiceSpelling::names<Nonlinearity>().
/// A choice is committed as soon as it is picked (one click, one undo step), not when the editor
/// loses focus. The model must be a LayerTableModel.
class ComboDelegate : public QStyledItemDelegate {
    Q_OBJECT
public:
    enum class Choices { WeightScheme, BiasScheme, Activation };

    explicit ComboDelegate(Choices choices, QObject* parent = nullptr);

    QWidget* createEditor(QWidget* parent, const QStyleOptionViewItem& option,
                          const QModelIndex& index) const override;
    void setEditorData(QWidget* editor, const QModelIndex& index) const override;
    void setModelData(QWidget* editor, QAbstractItemModel* model,
                      const QModelIndex& index) const override;
    void updateEditorGeometry(QWidget* editor, const QStyleOptionViewItem& option,
                              const QModelIndex& index) const override;

private:
    Choices choices_;
};

}  // namespace initscope
