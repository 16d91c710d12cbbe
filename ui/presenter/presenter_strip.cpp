#include "ui/presenter/presenter_strip.h"

#include "core/model/network_edits.h"
#include "core/model/seed.h"
#include "core/schemes/scheme_registry.h"
#include "ui/document/network_document.h"
#include "ui/panels/sampling_toolbar.h"

#include <QComboBox>
#include <QDoubleSpinBox>
#include <QEvent>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QRegularExpressionValidator>
#include <QResizeEvent>
#include <QSignalBlocker>

namespace initscope {

namespace {

QString qs(const std::string& text) {
    return QString::fromStdString(text);
}

/// The parameter the strip offers: std when the scheme has it (normal, trunc_normal, sparse),
/// else its first number (gain, a, val, groups); nullptr when it has none.
const ParamInfo* main_parameter(const SchemeInfo& info) {
    const ParamInfo* first = nullptr;
    for (const ParamInfo& param : info.params) {
        if (param.kind == ParamKind::Choice) continue;
        if (param.name == "std") return &param;
        if (first == nullptr) first = &param;
    }
    return first;
}

/// The seed field holds a 32-bit seed (Resample's) without scrolling; longer ones scroll.
constexpr int kSeedDigits = 11;

}  // namespace

PresenterStrip::PresenterStrip(NetworkDocument* document, QWidget* parent)
    : QWidget(parent),
      document_(document),
      tensor_label_(new QLabel),
      scheme_combo_(new QComboBox),
      parameter_label_(new QLabel),
      parameter_spin_(new QDoubleSpinBox),
      seed_label_(new QLabel(tr("Seed"))),
      seed_edit_(new QLineEdit),
      resample_(new QPushButton(tr("Resample"))),
      message_(new QLabel),
      lesson_slot_(nullptr) {
    setObjectName(QStringLiteral("presenter_strip"));
    QFont bold = tensor_label_->font();
    bold.setBold(true);
    tensor_label_->setFont(bold);
    tensor_label_->setToolTip(tr("The selected tensor (click one in a plot or the table)"));

    scheme_combo_->setToolTip(tr("Initialization scheme of this tensor"));
    scheme_combo_->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    scheme_combo_->setMinimumContentsLength(18);
    connect(scheme_combo_, &QComboBox::activated, this, &PresenterStrip::set_scheme);

    parameter_spin_->setKeyboardTracking(false);  // one edit per Enter / arrow step
    parameter_spin_->setDecimals(4);
    connect(parameter_spin_, &QDoubleSpinBox::valueChanged, this, &PresenterStrip::set_parameter);
    connect(parameter_spin_, &QDoubleSpinBox::editingFinished, this,
            [this] { document_->end_merge(); });

    // torch.manual_seed takes any 64-bit integer: typed as text, checked on Enter.
    seed_edit_->setValidator(new QRegularExpressionValidator(
        QRegularExpression(QStringLiteral("-?[0-9]{0,20}")), seed_edit_));
    seed_edit_->setToolTip(tr("torch.manual_seed: any 64-bit integer; press Enter to apply"));
    connect(seed_edit_, &QLineEdit::editingFinished, this, &PresenterStrip::set_seed_from_text);
    resample_->setToolTip(tr("Draw again with a new random seed (Ctrl+R)"));
    resample_->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_R));
    resample_->setFocusPolicy(Qt::TabFocus);
    connect(resample_, &QPushButton::clicked, this,
            [this] { SamplingToolbar::resample(document_); });
    message_->hide();

    editors_ = new QWidget(this);
    auto* layout = new QHBoxLayout(editors_);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(tensor_label_);
    layout->addWidget(scheme_combo_, 1);
    layout->addSpacing(6);
    layout->addWidget(parameter_label_);
    layout->addWidget(parameter_spin_);
    layout->addSpacing(6);
    layout->addWidget(seed_label_);
    layout->addWidget(seed_edit_);
    layout->addWidget(resample_);
    layout->addWidget(message_);
    lesson_box_ = new QWidget(this);
    lesson_slot_ = new QHBoxLayout(lesson_box_);
    lesson_slot_->setContentsMargins(0, 0, 0, 0);
    lesson_box_->hide();
    rows_ = new QBoxLayout(QBoxLayout::LeftToRight, this);
    rows_->setContentsMargins(6, 2, 6, 2);
    rows_->addWidget(editors_, 0, Qt::AlignLeft);
    rows_->addStretch(1);
    rows_->addWidget(lesson_box_, 0, Qt::AlignLeft);
    // The window must not grow to the strip's row: arrange() wraps it instead, and the strip
    // takes the tool bar's whole width.
    setMinimumWidth(1);
    setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Preferred);
    fit_widths();

    connect(document_, &NetworkDocument::networkChanged, this, &PresenterStrip::network_changed);
    network_changed();
}

void PresenterStrip::show_tensor(int layer, TensorRole role) {
    layer_ = layer;
    role_ = role;
    network_changed();
}

void PresenterStrip::set_lesson_controls(QWidget* controls) {
    delete lesson_controls_;
    lesson_controls_ = controls;
    if (controls != nullptr) lesson_slot_->addWidget(controls);
    lesson_box_->setVisible(controls != nullptr);
    arrange();
}

bool PresenterStrip::two_rows() const {
    return rows_->direction() == QBoxLayout::TopToBottom;
}

void PresenterStrip::changeEvent(QEvent* event) {
    QWidget::changeEvent(event);
    if (event->type() == QEvent::FontChange) {
        fit_widths();
        arrange();
    }
}

void PresenterStrip::resizeEvent(QResizeEvent* event) {
    QWidget::resizeEvent(event);
    arrange();
}

void PresenterStrip::arrange() {
    const QMargins margins = rows_->contentsMargins();
    int needed = margins.left() + editors_->sizeHint().width() + margins.right();
    if (lesson_controls_ != nullptr) needed += rows_->spacing() + lesson_box_->sizeHint().width();
    const auto direction = needed <= width() ? QBoxLayout::LeftToRight : QBoxLayout::TopToBottom;
    if (direction != rows_->direction()) rows_->setDirection(direction);
}

void PresenterStrip::fit_widths() {
    const QFontMetrics metrics(font());
    // Room for "-0.0000" and the arrows (the range alone would ask for 1e9's width).
    parameter_spin_->setFixedWidth(metrics.horizontalAdvance(QStringLiteral("-00.0000")) +
                                   2 * metrics.height());
    seed_edit_->setFixedWidth(metrics.horizontalAdvance(QString(kSeedDigits, u'0')) +
                              metrics.height() / 2);
    // The scheme's name is what gives way (elided) when a row is too narrow.
    scheme_combo_->setMinimumWidth(metrics.averageCharWidth() * 8 + 2 * metrics.height());
}

QString PresenterStrip::tensor_words() const {
    const Network& network = document_->network();
    if (layer_ < 0 || layer_ >= int(network.layers.size())) return {};
    return tr("%1 %2").arg(qs(network.layers[size_t(layer_)].name),
                           role_ == TensorRole::Weight ? tr("weight") : tr("bias"));
}

void PresenterStrip::network_changed() {
    message_->hide();
    const Network& network = document_->network();
    const QString seed = QString::number(qint64(network.seed));
    if (seed_edit_->text() != seed && !seed_edit_->hasFocus()) seed_edit_->setText(seed);

    const bool exists = layer_ >= 0 && layer_ < int(network.layers.size()) &&
                        (role_ == TensorRole::Weight || network.layers[size_t(layer_)].bias);
    const bool same = built_ && exists && built_layer_ == layer_ && built_role_ == role_ &&
                      network.layers[size_t(layer_)].init(role_).scheme() == built_scheme_;
    if (!same) rebuild();
    refresh_values();
}

void PresenterStrip::rebuild() {
    const Network& network = document_->network();
    const QSignalBlocker blocker(scheme_combo_);
    scheme_combo_->clear();
    parameter_.clear();
    built_ = layer_ >= 0 && layer_ < int(network.layers.size()) &&
             (role_ == TensorRole::Weight || network.layers[size_t(layer_)].bias);
    built_layer_ = layer_;
    built_role_ = role_;
    if (!built_) {
        tensor_label_->setText(layer_ < 0 ? tr("No tensor selected") : tr("No bias"));
        scheme_combo_->setEnabled(false);
        parameter_label_->hide();
        parameter_spin_->hide();
        return;
    }
    const Layer& layer = network.layers[size_t(layer_)];
    built_scheme_ = layer.init(role_).scheme();
    for (SchemeId id : SchemeRegistry::fitting(layer.context(role_))) {
        const SchemeInfo& info = SchemeRegistry::info(id);
        scheme_combo_->addItem(qs(info.display_name), int(id));
        scheme_combo_->setItemData(scheme_combo_->count() - 1, qs(info.description),
                                   Qt::ToolTipRole);
    }
    scheme_combo_->setEnabled(true);
    const ParamInfo* param = main_parameter(SchemeRegistry::info(built_scheme_));
    parameter_label_->setVisible(param != nullptr);
    parameter_spin_->setVisible(param != nullptr);
    if (param == nullptr) return;
    parameter_ = qs(param->name);
    const bool integer = param->kind == ParamKind::Integer;
    const QSignalBlocker spin_blocker(parameter_spin_);
    parameter_label_->setText(parameter_);
    parameter_label_->setToolTip(qs(param->description));
    parameter_spin_->setToolTip(tr("%1 — valid range [%2, %3]")
                                    .arg(qs(param->description))
                                    .arg(param->min)
                                    .arg(param->max));
    parameter_spin_->setRange(param->min, param->max);
    parameter_spin_->setDecimals(integer ? 0 : 4);
    const double slider_span =
        std::min(param->max, param->slider_max) - std::max(param->min, param->slider_min);
    parameter_spin_->setSingleStep(integer ? 1.0 : slider_span / 100.0);
}

void PresenterStrip::refresh_values() {
    if (!built_) return;
    const Layer& layer = document_->network().layers[size_t(layer_)];
    const InitSpec& spec = layer.init(role_);
    tensor_label_->setText(
        QStringLiteral("%1.%2").arg(qs(layer.name), qs(std::string(Layer::role_name(role_)))));
    tensor_label_->setToolTip(tr("The selected tensor, %1 (click one in a plot to choose)")
                                  .arg(qs(layer.context(role_).shape.to_string())));
    {
        const QSignalBlocker blocker(scheme_combo_);
        scheme_combo_->setCurrentIndex(scheme_combo_->findData(int(spec.scheme())));
    }
    if (!parameter_.isEmpty()) {
        const QSignalBlocker blocker(parameter_spin_);
        parameter_spin_->setValue(spec.number(parameter_.toStdString()));
    }
}

void PresenterStrip::set_scheme(int combo_index) {
    if (!built_ || combo_index < 0) return;
    const auto id = SchemeId(scheme_combo_->itemData(combo_index).toInt());
    const Network& network = document_->network();
    if (id == network.layers[size_t(layer_)].init(role_).scheme()) return;
    const QString text = tr("%1 → %2").arg(tensor_words(), qs(SchemeRegistry::key(id)));
    if (!document_->edit(NetworkEdits::set_scheme(network, layer_, role_, id), text))
        refresh_values();
}

void PresenterStrip::set_parameter(double value) {
    if (!built_ || parameter_.isEmpty()) return;
    const Network& network = document_->network();
    const QString layer_name = qs(network.layers[size_t(layer_)].name);
    const QString role_word = qs(std::string(Layer::role_name(role_)));
    const QString text = tr("%1 %2 → %3").arg(tensor_words(), parameter_).arg(value);
    // The parameter panel's merge key: a drag there and steps here on the same value merge.
    const QString key = QStringLiteral("%1.%2.%3").arg(layer_name, role_word, parameter_);
    NetworkEdits::Result edited = NetworkEdits::set_init_parameter(
        network, layer_, role_, parameter_.toStdString(), ParamValue(value));
    if (!document_->edit(std::move(edited), text, key)) refresh_values();
}

void PresenterStrip::set_seed_from_text() {
    const QString text = seed_edit_->text().trimmed();
    const std::optional<uint64_t> seed = Seed::parse(text.toStdString());
    if (!seed) {
        seed_edit_->setText(QString::number(qint64(document_->network().seed)));
        show_message(tr("A seed is a whole number from −2⁶³ to 2⁶⁴ − 1, not “%1”").arg(text));
        return;
    }
    if (*seed == document_->network().seed) return;
    document_->edit(NetworkEdits::set_seed(document_->network(), *seed), tr("seed → %1").arg(text));
}

void PresenterStrip::show_message(const QString& message) {
    message_->setText(message);
    message_->show();
}

}  // namespace initscope
