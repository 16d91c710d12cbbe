#include "ui/panels/scheme_parameter_panel.h"

#include "core/model/network_edits.h"
#include "core/schemes/scheme_registry.h"
#include "core/schemes/theory.h"
#include "core/stats/number_format.h"
#include "ui/document/network_document.h"
#include "ui/plots/plot_style.h"

#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QScrollArea>
#include <QSignalBlocker>
#include <QSlider>
#include <QVBoxLayout>
#include <cmath>

namespace initscope {

namespace {

QString qs(const std::string& text) {
    return QString::fromStdString(text);
}

QString short_number(double value) {
    return qs(NumberFormat::short_number(value));
}

/// A check's message ("a: the lower bound a (0.7) must not exceed …", "std: must be ≥ 0, got -1")
/// as a sentence for the panel: without the leading name where the words name it.
QString problem_in_words(const std::string& problem) {
    QString text = qs(problem);
    const qsizetype colon = text.indexOf(QStringLiteral(": "));
    if (colon > 0 && !text.left(colon).contains(QLatin1Char(' '))) {
        const QString name = text.left(colon);
        text = text.mid(colon + 2);
        if (text.startsWith(QStringLiteral("must"))) text = name + QLatin1Char(' ') + text;
    }
    if (text.startsWith(QStringLiteral("the "))) text[0] = text[0].toUpper();
    if (!text.endsWith(QLatin1Char('.'))) text += QLatin1Char('.');
    return text;
}

QLabel* small_label(const QString& style, QWidget* parent) {
    auto* label = new QLabel(parent);
    label->setWordWrap(true);
    label->setStyleSheet(style);
    label->hide();
    return label;
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
    title_->setWordWrap(true);  // the panel may be a quarter of a 1024 px window
    layout->addWidget(title_);

    scheme_combo_ = new QComboBox(content);
    scheme_combo_->setToolTip(tr("Initialization scheme of this tensor"));
    scheme_combo_->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    scheme_combo_->setMinimumContentsLength(12);
    layout->addWidget(scheme_combo_);

    params_box_ = new QWidget(content);
    params_layout_ = new QFormLayout(params_box_);
    params_layout_->setContentsMargins(0, 0, 0, 0);
    params_layout_->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    layout->addWidget(params_box_);
    no_params_ = new QLabel(tr("This scheme has no parameters."), content);
    no_params_->setWordWrap(true);
    layout->addWidget(no_params_);
    activation_button_ = new QPushButton(content);
    // Narrow panels cut the button's text rather than widen the window (its tooltip has it).
    activation_button_->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Fixed);
    layout->addWidget(activation_button_);
    connect(activation_button_, &QPushButton::clicked, this,
            &SchemeParameterPanel::use_layer_activation);

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
    clear_refusals();  // the network changed: what was refused is no longer the latest word
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
        activation_button_->hide();
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
    row.range = SliderRange(info.slider_min, info.slider_max, info.min, info.max, row.integer);
    row.spin = new QDoubleSpinBox(params_box_);
    row.spin->setRange(info.min, info.max);
    row.spin->setDecimals(row.integer ? 0 : 4);
    row.spin->setSingleStep(row.integer ? 1.0 : (row.range.max() - row.range.min()) / 100.0);
    row.spin->setKeyboardTracking(false);  // one edit per Enter / arrow step, not per keystroke
    row.spin->setToolTip(tip);
    row.spin->setMinimumWidth(
        row.spin->fontMetrics().horizontalAdvance(QStringLiteral("-0.00000")) + 40);
    row.slider = new QSlider(Qt::Horizontal, params_box_);
    row.slider->setRange(0, row.range.steps());
    auto* field = new QWidget(params_box_);
    auto* field_layout = new QVBoxLayout(field);
    field_layout->setContentsMargins(0, 0, 0, 0);
    field_layout->setSpacing(0);
    auto* controls = new QHBoxLayout;
    controls->addWidget(row.spin);
    controls->addWidget(row.slider, 1);
    field_layout->addLayout(controls);
    row.hint = small_label(QStringLiteral("color: palette(placeholder-text);"), field);
    row.refusal = small_label(QStringLiteral("color: #c0392b; font-weight: bold;"), field);
    field_layout->addWidget(row.hint);
    field_layout->addWidget(row.refusal);
    params_layout_->addRow(label, field);

    const QString name = row.name;
    const size_t index = rows_.size();
    connect(row.spin, &QDoubleSpinBox::valueChanged, this,
            [this, name](double value) { set_param(name, value); });
    connect(row.spin, &QDoubleSpinBox::editingFinished, this, [this] { document_->end_merge(); });
    connect(row.slider, &QSlider::valueChanged, this, [this, name, index](int position) {
        set_param(name, rows_[index].range.value(position));
    });
    connect(row.slider, &QSlider::sliderReleased, this, [this] { document_->end_merge(); });
    rows_.push_back(row);
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
    for (ParamRow& row : rows_) {
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
            if (row.range.follow(value)) row.slider->setRange(0, row.range.steps());
            row.slider->setValue(row.range.position(value));
            row.slider->setToolTip(tr("Drag: the histograms follow live (%1 … %2; typing a value "
                                      "beyond widens the range)")
                                       .arg(row.range.min())
                                       .arg(row.range.max()));
        }
    }
    refresh_dependencies(*current);

    std::string paper = info.paper;
    if (std::optional<std::string> why = SchemeRegistry::check(*current, context)) {
        formula_->setText(tr("<i>%1</i>").arg(qs(*why).toHtmlEscaped()));
        notes_->clear();
    } else {
        const Theory theory = Theory::of(*current, context);
        // The variance beside σ: the notebook compares var(W) with 2/(fan_in+fan_out).
        formula_->setText(tr("%1\nσ = %2, σ² = %3")
                              .arg(qs(theory.formula_filled()), short_number(theory.stddev()),
                                   short_number(theory.variance())));
        QStringList notes;
        for (const std::string& note : theory.notes()) notes << qs(note);
        notes_->setText(notes.join(QLatin1Char('\n')));
        paper = theory.paper();
    }
    notes_->setVisible(!notes_->text().isEmpty());
    paper_->setText(paper.empty() ? QString() : tr("Paper: %1").arg(qs(paper)));
    paper_->setVisible(!paper.empty());
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
    if (!edited) {
        // Said here, in words, beneath the field; the document is not asked (no dialog).
        InitSpec candidate = *spec();
        candidate.set(name.toStdString(), value);
        const std::optional<std::string> problem =
            SchemeRegistry::check(candidate, network.layers[size_t(layer_)].context(role_));
        refresh_values();  // back to the kept value
        show_refusal(name, problem.value_or(edited.error));
        return;
    }
    if (!document_->edit(std::move(edited), text, key)) refresh_values();  // back to the kept value
}

void SchemeParameterPanel::show_refusal(const QString& name, const std::string& problem) {
    const ParamRow* shown = row(name);
    if (shown == nullptr || shown->refusal == nullptr || spec() == nullptr) return;
    const QString kept = shown->combo != nullptr ? qs(spec()->choice(name.toStdString()))
                                                 : short_number(spec()->number(name.toStdString()));
    const QString message = tr("%1 %2 stays %3.").arg(problem_in_words(problem), name, kept);
    shown->refusal->setText(message);
    shown->refusal->show();
    emit statusMessage(message);
}

void SchemeParameterPanel::clear_refusals() {
    for (const ParamRow& r : rows_)
        if (r.refusal != nullptr) r.refusal->hide();
}

void SchemeParameterPanel::refresh_dependencies(const InitSpec& current) {
    const SchemeId scheme = current.scheme();
    const bool has_nonlinearity = SchemeRegistry::param(scheme, "nonlinearity") != nullptr;
    // Kaiming's a is calculate_gain's param, which only leaky_relu reads.
    if (const ParamRow* a = row(QStringLiteral("a")); a != nullptr && has_nonlinearity) {
        const bool used = current.option<Nonlinearity>("nonlinearity") == Nonlinearity::LeakyRelu;
        a->spin->setEnabled(used);
        a->slider->setEnabled(used);
        a->hint->setText(tr("a is used only with leaky_relu"));
        a->hint->setVisible(!used);
    }
    const bool has_gain = SchemeRegistry::param(scheme, "gain") != nullptr;
    activation_button_->setVisible(has_nonlinearity || has_gain);
    if (!has_nonlinearity && !has_gain) return;
    const Network& network = document_->network();
    const Layer& layer = network.layers[size_t(layer_)];
    const QString activation = qs(std::string(ChoiceSpelling::name(layer.activation)));
    activation_button_->setText(tr("Use the layer's activation (%1)").arg(activation));
    const NetworkEdits::Result edited = NetworkEdits::use_layer_activation(network, layer_, role_);
    activation_button_->setEnabled(edited && *edited.network != network);
    if (!edited) {
        activation_button_->setToolTip(problem_in_words(edited.error));
    } else if (*edited.network == network) {
        activation_button_->setToolTip(
            tr("%1 already follows the layer's activation %2").arg(qs(layer.name), activation));
    } else if (has_nonlinearity) {
        activation_button_->setToolTip(
            tr("nonlinearity = %1%2: the gain calculate_gain gives the activation after %3")
                .arg(activation,
                     layer.activation == Activation::LeakyRelu
                         ? tr(", a = its negative slope %1").arg(short_number(layer.negative_slope))
                         : QString(),
                     qs(layer.name)));
    } else {
        activation_button_->setToolTip(
            tr("gain = calculate_gain(%1) = %2, the gain for the activation after %3")
                .arg(
                    activation,
                    short_number(edited.network->layers[size_t(layer_)].init(role_).number("gain")),
                    qs(layer.name)));
    }
}

void SchemeParameterPanel::use_layer_activation() {
    if (spec() == nullptr) return;
    const Network& network = document_->network();
    const QString text =
        tr("%1 %2 follows its activation")
            .arg(qs(network.layers[size_t(layer_)].name), qs(std::string(Layer::role_name(role_))));
    document_->edit(NetworkEdits::use_layer_activation(network, layer_, role_), text);
}

const SchemeParameterPanel::ParamRow* SchemeParameterPanel::row(const QString& name) const {
    for (const ParamRow& r : rows_)
        if (r.name == name) return &r;
    return nullptr;
}

QLabel* SchemeParameterPanel::refusal_label(const QString& name) const {
    const ParamRow* r = row(name);
    return r != nullptr ? r->refusal : nullptr;
}

QLabel* SchemeParameterPanel::hint_label(const QString& name) const {
    const ParamRow* r = row(name);
    return r != nullptr ? r->hint : nullptr;
}

QDoubleSpinBox* SchemeParameterPanel::spin_box(const QString& name) const {
    const ParamRow* r = row(name);
    return r != nullptr ? r->spin : nullptr;
}

QSlider* SchemeParameterPanel::slider(const QString& name) const {
    const ParamRow* r = row(name);
    return r != nullptr ? r->slider : nullptr;
}

QComboBox* SchemeParameterPanel::choice_box(const QString& name) const {
    const ParamRow* r = row(name);
    return r != nullptr ? r->combo : nullptr;
}

}  // namespace initscope
