#include "ui/panels/sampling_toolbar.h"

#include "core/model/network_edits.h"
#include "core/model/seed.h"
#include "ui/document/network_document.h"

#include <QAction>
#include <QComboBox>
#include <QLabel>
#include <QLineEdit>
#include <QRandomGenerator>
#include <QRegularExpressionValidator>

namespace initscope {

SamplingToolbar::SamplingToolbar(NetworkDocument* document, QWidget* parent)
    : QToolBar(tr("Sampling"), parent),
      document_(document),
      seed_edit_(new QLineEdit),
      flavour_combo_(new QComboBox) {
    setObjectName(QStringLiteral("sampling_toolbar"));
    setMovable(false);
    addWidget(new QLabel(tr(" Seed ")));
    // torch.manual_seed takes any 64-bit integer (negatives as two's complement); a QSpinBox is
    // 32-bit, so the seed is typed as text and checked on Enter.
    seed_edit_->setValidator(new QRegularExpressionValidator(
        QRegularExpression(QStringLiteral("-?[0-9]{0,20}")), seed_edit_));
    seed_edit_->setMaximumWidth(seed_edit_->fontMetrics().horizontalAdvance(QString(21, u'0')) +
                                16);
    seed_edit_->setToolTip(tr("torch.manual_seed: any 64-bit integer; press Enter to apply"));
    connect(seed_edit_, &QLineEdit::editingFinished, this, &SamplingToolbar::set_seed_from_text);
    addWidget(seed_edit_);
    QAction* resample =
        addAction(tr("Resample"), this, [this] { SamplingToolbar::resample(document_); });
    resample->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_R));
    resample->setToolTip(tr("Draw again with a new random seed (Ctrl+R)"));
    addSeparator();
    const QString flavour_tip =
        tr("Flavour: which of PyTorch's CPU kernels the numbers match bit for bit. The kernels "
           "round differently, so the same seed gives values that differ in the last bits.\n"
           "fma: PyTorch on a usual x86-64 CPU (AVX2 with fused multiply-add).\n"
           "portable: PyTorch without vector kernels (ATEN_CPU_CAPABILITY=default).");
    auto* flavour_label = new QLabel(tr(" Flavour "));
    flavour_label->setToolTip(flavour_tip);
    addWidget(flavour_label);
    flavour_combo_->addItem(QStringLiteral("fma"), int(Flavour::Fma));
    flavour_combo_->setItemData(
        0, tr("PyTorch on a usual x86-64 CPU (AVX2 with fused multiply-add)"), Qt::ToolTipRole);
    flavour_combo_->addItem(QStringLiteral("portable"), int(Flavour::Portable));
    flavour_combo_->setItemData(
        1, tr("PyTorch without vector kernels (ATEN_CPU_CAPABILITY=default)"), Qt::ToolTipRole);
    flavour_combo_->setToolTip(flavour_tip);
    connect(flavour_combo_, &QComboBox::activated, this, [this](int index) {
        const auto flavour = Flavour(flavour_combo_->itemData(index).toInt());
        document_->edit(NetworkEdits::set_flavour(document_->network(), flavour),
                        tr("flavour → %1").arg(flavour_combo_->itemText(index)));
    });
    addWidget(flavour_combo_);
    connect(document_, &NetworkDocument::networkChanged, this, &SamplingToolbar::network_changed);
    network_changed();
}

void SamplingToolbar::network_changed() {
    const Network& network = document_->network();
    const QString seed = QString::number(qint64(network.seed));
    if (seed_edit_->text() != seed && !seed_edit_->hasFocus()) seed_edit_->setText(seed);
    flavour_combo_->setCurrentIndex(flavour_combo_->findData(int(network.flavour)));
}

void SamplingToolbar::set_seed_from_text() {
    const QString text = seed_edit_->text().trimmed();
    const std::optional<uint64_t> seed = Seed::parse(text.toStdString());
    if (!seed) {
        emit refused(tr("seed: expected an integer in [−2^63, 2^64 − 1], got \"%1\"").arg(text));
        seed_edit_->setText(QString::number(qint64(document_->network().seed)));
        return;
    }
    document_->edit(NetworkEdits::set_seed(document_->network(), *seed), tr("seed → %1").arg(text));
}

void SamplingToolbar::resample(NetworkDocument* document) {
    // The UI may pick seeds at random; the core stays deterministic for a given seed. 32 bits keep
    // the number short enough to read out in class.
    const quint32 seed = QRandomGenerator::global()->generate();
    document->edit(NetworkEdits::set_seed(document->network(), seed),
                   tr("resample (seed %1)").arg(seed));
}

}  // namespace initscope
