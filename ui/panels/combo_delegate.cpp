#include "ui/panels/combo_delegate.h"

#include "core/model/choice_spelling.h"
#include "core/schemes/scheme_registry.h"
#include "ui/panels/layer_table_model.h"

#include <QComboBox>
#include <QTimer>

namespace initscope {

ComboDelegate::ComboDelegate(Choices choices, QObject* parent)
    : QStyledItemDelegate(parent), choices_(choices) {}

QWidget* ComboDelegate::createEditor(QWidget* parent, const QStyleOptionViewItem& /*option*/,
                                     const QModelIndex& index) const {
    const auto* model = qobject_cast<const LayerTableModel*>(index.model());
    if (model == nullptr) return nullptr;
    auto* combo = new QComboBox(parent);
    combo->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    if (choices_ == Choices::Activation) {
        for (const std::string& name : ChoiceSpelling::names<Activation>()) {
            const QString text = QString::fromStdString(name);
            combo->addItem(text, text);
        }
    } else {
        const Layer& layer = model->layer(index.row());
        const TensorContext context = layer.context(
            choices_ == Choices::WeightScheme ? TensorRole::Weight : TensorRole::Bias);
        for (SchemeId id : SchemeRegistry::fitting(context)) {
            const SchemeInfo& info = SchemeRegistry::info(id);
            combo->addItem(QString::fromStdString(info.display_name),
                           QString::fromStdString(info.key));
            combo->setItemData(combo->count() - 1,
                               QStringLiteral("<b>%1</b> (%2)<br>%3<br><i>%4</i>")
                                   .arg(QString::fromStdString(info.display_name),
                                        QString::fromStdString(info.torch_call),
                                        QString::fromStdString(info.description).toHtmlEscaped(),
                                        QString::fromStdString(info.formula).toHtmlEscaped()),
                               Qt::ToolTipRole);
        }
    }
    // Commit on pick: the histogram follows the click, without waiting for focus to leave.
    connect(combo, &QComboBox::activated, this, [this, combo](int) {
        auto* self = const_cast<ComboDelegate*>(this);
        emit self->commitData(combo);
        emit self->closeEditor(combo);
    });
    // Open the list at once: the cell was clicked to choose something.
    QTimer::singleShot(0, combo, [combo] {
        if (combo->isVisible()) combo->showPopup();
    });
    return combo;
}

void ComboDelegate::setEditorData(QWidget* editor, const QModelIndex& index) const {
    auto* combo = qobject_cast<QComboBox*>(editor);
    if (combo == nullptr) return;
    const int found = combo->findData(index.data(Qt::EditRole).toString());
    combo->setCurrentIndex(found >= 0 ? found : 0);
}

void ComboDelegate::setModelData(QWidget* editor, QAbstractItemModel* model,
                                 const QModelIndex& index) const {
    auto* combo = qobject_cast<QComboBox*>(editor);
    if (combo == nullptr || combo->currentIndex() < 0) return;
    model->setData(index, combo->currentData(), Qt::EditRole);
}

void ComboDelegate::updateEditorGeometry(QWidget* editor, const QStyleOptionViewItem& option,
                                         const QModelIndex& /*index*/) const {
    QRect rect = option.rect;
    rect.setWidth(std::max(rect.width(), editor->sizeHint().width()));
    editor->setGeometry(rect);
}

}  // namespace initscope
