#include "ui/panels/probe_settings_bar.h"

#include "core/model/network_edits.h"
#include "ui/document/network_document.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QSignalBlocker>
#include <QSpinBox>

namespace initscope {

ProbeSettingsBar::ProbeSettingsBar(NetworkDocument* document, QWidget* parent)
    : QWidget(parent), document_(document), batch_(new QSpinBox), input_(new QComboBox) {
    setObjectName(QStringLiteral("probe_settings_bar"));
    auto* layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    auto* batch_label = new QLabel(tr("Probe batch"));
    batch_label->setBuddy(batch_);
    layout->addWidget(batch_label);
    batch_->setRange(1, int(ProbeSettings::kMaxBatch));
    batch_->setGroupSeparatorShown(true);
    batch_->setAccelerated(true);
    // Typing "2000" is one edit when it is finished, not four.
    batch_->setKeyboardTracking(false);
    batch_->setToolTip(tr("How many samples the probe pushes through the network (1 to %L1); "
                          "x = torch.randn(batch, *input_shape)")
                           .arg(ProbeSettings::kMaxBatch));
    layout->addWidget(batch_);
    auto* input_label = new QLabel(tr("input"));
    input_label->setBuddy(input_);
    layout->addWidget(input_label);
    input_->addItem(tr("normal"), int(ProbeInput::Normal));
    input_->addItem(tr("uniform"), int(ProbeInput::Uniform));
    input_->setItemData(0, tr("torch.randn: N(0, 1)"), Qt::ToolTipRole);
    input_->setItemData(1, tr("uniform_(−√3, √3): also of unit variance"), Qt::ToolTipRole);
    input_->setToolTip(tr("The distribution of the probe's input batch (both have E[x²] = 1)"));
    layout->addWidget(input_);

    connect(batch_, &QSpinBox::valueChanged, this, [this](int value) {
        ProbeSettings next = document_->network().probe;
        next.batch = value;
        apply(next, tr("probe batch → %L1").arg(value), QStringLiteral("probe.batch"));
    });
    connect(input_, &QComboBox::activated, this, [this](int index) {
        ProbeSettings next = document_->network().probe;
        next.input = ProbeInput(input_->itemData(index).toInt());
        apply(next, tr("probe input → %1").arg(input_->itemText(index)), {});
    });
    connect(document_, &NetworkDocument::networkChanged, this, &ProbeSettingsBar::network_changed);
    network_changed();
}

ProbeSettings ProbeSettingsBar::settings() const {
    return {batch_->value(), ProbeInput(input_->currentData().toInt())};
}

void ProbeSettingsBar::apply(const ProbeSettings& settings, const QString& text,
                             const QString& merge_key) {
    if (settings == document_->network().probe) return;
    if (!document_->edit(NetworkEdits::set_probe(document_->network(), settings), text, merge_key))
        network_changed();  // refused: show the network's settings again
}

void ProbeSettingsBar::network_changed() {
    const ProbeSettings& probe = document_->network().probe;
    const QSignalBlocker block_batch(batch_), block_input(input_);
    if (batch_->value() != probe.batch) batch_->setValue(int(probe.batch));
    input_->setCurrentIndex(input_->findData(int(probe.input)));
}

}  // namespace initscope
