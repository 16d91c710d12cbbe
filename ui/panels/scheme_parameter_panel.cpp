#include "ui/panels/scheme_parameter_panel.h"

#include "core/model/network_edits.h"
#include "core/schemes/scheme_registry.h"
#include "core/schemes/theory.h"
#include "ui/document/network_document.h"
#include "ui/plots/plot_style.h"

#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QScrollArea>
#include <QSignalBlocker>
#include <QSlider>
#include <QVBoxLayout>
#include <cmath>

namespace initscope {

namespace {

constexpr int kSliderSteps = 1000;

QString qs(const std::string& text) {
    return QString::fromStdString(text);
}

QLabel* wrapping_label(QWidget* parent) {
    auto* label = new QLabel(parent);
    label->setWordWrap(true);
    label->setTextInteractionFlags(Qt::TextSelectableByMouse);
    return label;
}

const Layer* layer_at(const Network& network, int index) {
    if (index < 0 || index >= int(network.layers.size())) return nullptr;
    return &network.layers[size_t(index)];
}

}  // namespace

SchemeParameterPanel::SchemeParameterPanel(NetworkDocument* document, QWidget* parent)
    : QWidget(parent), document_(document) {
    auto* content = new QWidget;
    auto* layout = new QVBoxLayout(content);
    title_ = new QLabel(content);
    QFont title_font = title_->font();
    title_font.setBold(true);
    title_font.setPointSizeF(title_font.pointSizeF() * 1.2);
    title_->setFont(title_font);
    layout->addWidget(title_);

    scheme_combo_ = new QComboBox(content);
    scheme_combo_->setToolTip(tr("Initialization scheme of this tensor"));
    scheme_combo_->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    scheme_combo_->setMinimumContentsLength(16);
    layout->addWidget(scheme_combo_);

    params_box_ = new QWidget(content);
    params_layout_ = new QFormLayout(params_box_);
    params_layout_->setContentsMargins(0, 0, 0, 0);
    params_layout_->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    layout->addWidget(params_box_);
    no_params_ = new QLabel(tr("This scheme has no parameters."), content);
    layout->addWidget(no_params_);

    formula_ = wrapping_label(content);
    QFont formula_font = formula_->font();
    formula_font.setPointSizeF(formula_font.pointSizeF() * 1.15);
    formula_->setFont(formula_font);
    formula_->setToolTip(tr("The scheme's formula with this tensor's numbers filled in"));
    layout->addWidget(formula_);
    notes_ = wrapping_label(content);
    layout->addWidget(notes_);
    paper_ = wrapping_label(content);
    paper_->setToolTip(tr("Where the scheme comes from"));
    layout->addWidget(paper_);
    description_ = wrapping_label(content);
    layout->addWidget(description_);
    layout->addStretch(1);

    auto* scroll = new QScrollArea(this);
    scroll->setWidget(content);
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    scroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    auto* outer = new QVBoxLayout(this);
    outer->setContentsMargins(0, 0, 0, 0);
    outer->addWidget(scroll);

    connect(scheme_combo_, &QComboBox::activated, this, &SchemeParameterPanel::set_scheme);
    connect(document_, &NetworkDocument::networkChanged, this,
            &SchemeParameterPanel::network_changed);
    rebuild();
}

void SchemeParameterPanel::show_tensor(int layer, TensorRole role) {
    layer_ = layer;
    role_ = role;
    network_changed();
}

const InitSpec* SchemeParameterPanel::spec() const {
    const Layer* l = layer_at(document_->network(), layer_);
    if (l == nullptr || (role_ == TensorRole::Bias && !l->bias)) return nullptr;
    return &l->init(role_);
}

void SchemeParameterPanel::network_changed() {
    const InitSpec* current = spec();
    std::vector<SchemeId> fitting;
    if (current != nullptr)
        fitting =
            SchemeRegistry::fitting(document_->network().layers[size_t(layer_)].context(role_));
    const bool same = built_ && built_layer_ == layer_ && built_role_ == role_ &&
                      current != nullptr && current->scheme() == built_scheme_ &&
                      fitting == built_fitting_;
    if (same)
        refresh_values();
    else
        rebuild();
}

void SchemeParameterPanel::rebuild() {
    const InitSpec* current = spec();
    built_ = current != nullptr;
    built_layer_ = layer_;
    built_role_ = role_;
    built_scheme_ = current ? current->scheme() : SchemeId::TorchDefault;
    rows_.clear();
    while (params_layout_->rowCount() > 0) params_layout_->removeRow(0);

    const QSignalBlocker blocker(scheme_combo_);
    scheme_combo_->clear();
    built_fitting_.clear();
    if (current == nullptr) {
        title_->setText(layer_ < 0 ? tr("Select a layer") : tr("This layer has no bias"));
        scheme_combo_->setEnabled(false);
        params_box_->hide();
        no_params_->hide();
        for (QLabel* label : {formula_, notes_, paper_, description_}) label->clear();
        return;
    }
    const Layer& layer = document_->network().layers[size_t(layer_)];
    built_fitting_ = SchemeRegistry::fitting(layer.context(role_));
    for (SchemeId id : built_fitting_) {
        const SchemeInfo& info = SchemeRegistry::info(id);
        scheme_combo_->addItem(qs(info.display_name), int(id));
        scheme_combo_->setItemData(
            scheme_combo_->count() - 1,
            QStringLiteral("<b>%1</b><br>%2")
                .arg(qs(info.torch_call), qs(info.description).toHtmlEscaped()),
            Qt::ToolTipRole);
    }
    scheme_combo_->setEnabled(true);
    const SchemeInfo& info = SchemeRegistry::info(current->scheme());
    for (const ParamInfo& param : info.params) add_param_row(param);
    params_box_->setVisible(!info.params.empty());
    no_params_->setVisible(info.params.empty());
    refresh_values();
}

void SchemeParameterPanel::add_param_row(const ParamInfo& info) {
    ParamRow row;
    row.name = qs(info.name);
    const QString tip =
        tr("%1 — valid range [%2, %3]").arg(qs(info.description)).arg(info.min).arg(info.max);
    auto* label = new QLabel(row.name, params_box_);
    label->setToolTip(info.kind == ParamKind::Choice ? qs(info.description) : tip);
    if (info.kind == ParamKind::Choice) {
        row.combo = new QComboBox(params_box_);
        for (const std::string& choice : info.choices) row.combo->addItem(qs(choice), qs(choice));
        row.combo->setToolTip(qs(info.description));
        const QString name = row.name;
        connect(row.combo, &QComboBox::activated, this, [this, name, combo = row.combo](int) {
            set_param(name, combo->currentData().toString().toStdString());
            document_->end_merge();
        });
        params_layout_->addRow(label, row.combo);
        rows_.push_back(row);
        return;
    }
    row.integer = info.kind == ParamKind::Integer;
    row.slider_min = std::max(info.min, info.slider_min);
    row.slider_max = std::min(info.max, info.slider_max);
    row.spin = new QDoubleSpinBox(params_box_);
    row.spin->setRange(info.min, info.max);
    row.spin->setDecimals(row.integer ? 0 : 4);
    row.spin->setSingleStep(row.integer ? 1.0 : (row.slider_max - row.slider_min) / 100.0);
    row.spin->setKeyboardTracking(false);  // one edit per Enter / arrow step, not per keystroke
    row.spin->setToolTip(tip);
    row.spin->setMinimumWidth(
        row.spin->fontMetrics().horizontalAdvance(QStringLiteral("-0.00000")) + 40);
    row.slider = new QSlider(Qt::Horizontal, params_box_);
    row.slider->setRange(0, row.integer ? int(row.slider_max - row.slider_min) : kSliderSteps);
    row.slider->setToolTip(
        tr("Drag: the histograms follow live (%1 … %2)").arg(row.slider_min).arg(row.slider_max));
    auto* field = new QWidget(params_box_);
    auto* field_layout = new QHBoxLayout(field);
    field_layout->setContentsMargins(0, 0, 0, 0);
    field_layout->addWidget(row.spin);
    field_layout->addWidget(row.slider, 1);
    params_layout_->addRow(label, field);

    const QString name = row.name;
    const size_t index = rows_.size();
    connect(row.spin, &QDoubleSpinBox::valueChanged, this,
            [this, name](double value) { set_param(name, value); });
    connect(row.spin, &QDoubleSpinBox::editingFinished, this, [this] { document_->end_merge(); });
    connect(row.slider, &QSlider::valueChanged, this, [this, name, index](int position) {
        set_param(name, slider_value(rows_[index], position));
    });
    connect(row.slider, &QSlider::sliderReleased, this, [this] { document_->end_merge(); });
    rows_.push_back(row);
}

double SchemeParameterPanel::slider_value(const ParamRow& row, int position) const {
    if (row.integer) return row.slider_min + position;
    const double t = double(position) / kSliderSteps;
    // Round to 4 significant decimals so a dragged σ reads 0.1, not 0.100000000003.
    return std::round((row.slider_min + t * (row.slider_max - row.slider_min)) * 1e4) / 1e4;
}

int SchemeParameterPanel::slider_position(const ParamRow& row, double value) const {
    const double span = row.slider_max - row.slider_min;
    if (span <= 0) return 0;
    const double t = std::clamp((value - row.slider_min) / span, 0.0, 1.0);
    return row.integer ? int(std::lround(value - row.slider_min))
                       : int(std::lround(t * kSliderSteps));
}

void SchemeParameterPanel::refresh_values() {
    const InitSpec* current = spec();
    if (current == nullptr) return;
    const Layer& layer = document_->network().layers[size_t(layer_)];
    const TensorContext context = layer.context(role_);
    const SchemeInfo& info = SchemeRegistry::info(current->scheme());

    const QString role_word = role_ == TensorRole::Weight ? tr("weight") : tr("bias");
    title_->setText(
        tr("%1.%2  ·  %3").arg(qs(layer.name), role_word, qs(context.shape.to_string())));
    QPalette title_palette = title_->palette();
    title_palette.setColor(QPalette::WindowText, PlotStyle::tensor_color(role_));
    title_->setPalette(title_palette);
    {
        const QSignalBlocker blocker(scheme_combo_);
        scheme_combo_->setCurrentIndex(scheme_combo_->findData(int(current->scheme())));
    }
    for (const ParamRow& row : rows_) {
        const std::string name = row.name.toStdString();
        if (row.combo != nullptr) {
            const QSignalBlocker blocker(row.combo);
            row.combo->setCurrentIndex(row.combo->findData(qs(current->choice(name))));
            continue;
        }
        const double value = current->number(name);
        const QSignalBlocker spin_blocker(row.spin);
        row.spin->setValue(value);
        // Leave a slider being dragged alone: its position is the value (up to rounding).
        if (!row.slider->isSliderDown()) {
            const QSignalBlocker slider_blocker(row.slider);
            row.slider->setValue(slider_position(row, value));
        }
    }

    if (std::optional<std::string> why = SchemeRegistry::check(*current, context)) {
        formula_->setText(tr("<i>%1</i>").arg(qs(*why).toHtmlEscaped()));
        notes_->clear();
    } else {
        const Theory theory = Theory::of(*current, context);
        formula_->setText(qs(theory.formula_filled()));
        QStringList notes;
        for (const std::string& note : theory.notes()) notes << qs(note);
        notes_->setText(notes.join(QLatin1Char('\n')));
    }
    notes_->setVisible(!notes_->text().isEmpty());
    paper_->setText(info.paper.empty() ? QString() : tr("Paper: %1").arg(qs(info.paper)));
    paper_->setVisible(!info.paper.empty());
    description_->setText(tr("%1\n(%2)").arg(qs(info.description), qs(info.torch_call)));
}

void SchemeParameterPanel::set_scheme(int combo_index) {
    const InitSpec* current = spec();
    if (current == nullptr || combo_index < 0) return;
    const auto id = SchemeId(scheme_combo_->itemData(combo_index).toInt());
    if (id == current->scheme()) return;
    const Network& network = document_->network();
    const QString text = tr("%1 %2 → %3")
                             .arg(qs(network.layers[size_t(layer_)].name),
                                  role_ == TensorRole::Weight ? tr("weight") : tr("bias"),
                                  qs(SchemeRegistry::key(id)));
    if (!document_->edit(NetworkEdits::set_scheme(network, layer_, role_, id), text))
        refresh_values();
}

void SchemeParameterPanel::set_param(const QString& name, const ParamValue& value) {
    if (spec() == nullptr) return;
    const Network& network = document_->network();
    const QString layer_name = qs(network.layers[size_t(layer_)].name);
    const QString role_word = qs(std::string(Layer::role_name(role_)));
    const QString shown = std::holds_alternative<double>(value)
                              ? QString::number(std::get<double>(value))
                              : qs(std::get<std::string>(value));
    const QString text = tr("%1 %2 %3 → %4").arg(layer_name, role_word, name, shown);
    const QString key = QStringLiteral("%1.%2.%3").arg(layer_name, role_word, name);
    NetworkEdits::Result edited =
        NetworkEdits::set_init_parameter(network, layer_, role_, name.toStdString(), value);
    if (!document_->edit(std::move(edited), text, key)) refresh_values();  // back to the kept value
}

QDoubleSpinBox* SchemeParameterPanel::spin_box(const QString& name) const {
    for (const ParamRow& row : rows_)
        if (row.name == name) return row.spin;
    return nullptr;
}

QSlider* SchemeParameterPanel::slider(const QString& name) const {
    for (const ParamRow& row : rows_)
        if (row.name == name) return row.slider;
    return nullptr;
}

QComboBox* SchemeParameterPanel::choice_box(const QString& name) const {
    for (const ParamRow& row : rows_)
        if (row.name == name) return row.combo;
    return nullptr;
}

}  // namespace initscope
