#pragma once

#include "core/model/init_spec.h"
#include "core/model/tensor_context.h"
#include "ui/panels/slider_range.h"

#include <QWidget>
#include <vector>

class QComboBox;
class QDoubleSpinBox;
class QFormLayout;
class QLabel;
class QPushButton;
class QSlider;

namespace initscope {

class NetworkDocument;
struct ParamInfo;

/// The selected tensor's initialization, editable: a scheme combo (the schemes that fit the
/// tensor), then ONLY that scheme's parameters within their valid ranges — numbers as a spin box
/// (the full valid range) beside a slider (the registry's comfortable slider range), choices as a
/// combo — then the formula with this tensor's numbers filled in (Theory::formula_filled and its
/// notes), the paper and the description.
///
/// Every change is a NetworkDocument edit. Dragging a slider edits live: each step is an edit
/// merged into one undo step per drag (released slider / finished spin box ends the merge). The
/// parameter widgets are rebuilt only when the tensor or its scheme changes; otherwise they are
/// updated in place (so a drag is never interrupted by its own edit).
///
/// A value the scheme refuses (a above b) is not applied: the panel says why in words beneath
/// that field ("The lower bound a (0.7) must not exceed the upper bound b (0.5). a stays 0.3."),
/// emits statusMessage() with it and shows the kept value again; no dialog opens. A slider's
/// range follows its value (SliderRange). Kaiming's a is disabled, with a hint, unless the
/// nonlinearity is leaky_relu. Schemes with a nonlinearity or a gain offer "Use the layer's
/// activation" (NetworkEdits::use_layer_activation). The formula is followed by σ and σ².
class SchemeParameterPanel : public QWidget {
    Q_OBJECT
public:
    explicit SchemeParameterPanel(NetworkDocument* document, QWidget* parent = nullptr);

    /// Shows `layer`'s weight or bias (layer −1: nothing).
    void show_tensor(int layer, TensorRole role);
    int layer() const { return layer_; }
    TensorRole role() const { return role_; }

    QComboBox* scheme_combo() const { return scheme_combo_; }
    /// The spin box / slider / combo of parameter `name`, or nullptr when not shown.
    QDoubleSpinBox* spin_box(const QString& name) const;
    QSlider* slider(const QString& name) const;
    QComboBox* choice_box(const QString& name) const;
    QLabel* formula_label() const { return formula_; }
    QLabel* paper_label() const { return paper_; }
    /// The refusal shown beneath parameter `name` (hidden when none), or nullptr.
    QLabel* refusal_label(const QString& name) const;
    /// The hint beneath parameter `name` ("a is used only with leaky_relu"), or nullptr.
    QLabel* hint_label(const QString& name) const;
    /// "Use the layer's activation" (hidden for schemes without a nonlinearity or a gain).
    QPushButton* activation_button() const { return activation_button_; }

signals:
    /// A message for the window's status bar (a refused value, in words).
    void statusMessage(const QString& message);

private:
    struct ParamRow {
        QString name;
        QDoubleSpinBox* spin = nullptr;  ///< Real and Integer
        QSlider* slider = nullptr;       ///< Real and Integer
        QComboBox* combo = nullptr;      ///< Choice
        QLabel* hint = nullptr;          ///< why the field is disabled
        QLabel* refusal = nullptr;       ///< why the last value was refused
        SliderRange range;
        bool integer = false;
    };

    void network_changed();
    /// Recreates the scheme combo items and parameter rows for the current tensor and scheme.
    void rebuild();
    /// Copies the spec's values into the widgets (signals blocked) and refreshes the texts.
    void refresh_values();
    void add_param_row(const ParamInfo& info);
    void set_scheme(int combo_index);
    void set_param(const QString& name, const ParamValue& value);
    const InitSpec* spec() const;
    const ParamRow* row(const QString& name) const;
    /// Enables kaiming's a only for leaky_relu and sets up the activation button.
    void refresh_dependencies(const InitSpec& current);
    void use_layer_activation();
    /// Shows beneath `name` why `value` was refused (`problem`: a check's message).
    void show_refusal(const QString& name, const std::string& problem);
    void clear_refusals();

    NetworkDocument* document_;
    int layer_ = -1;
    TensorRole role_ = TensorRole::Weight;
    bool built_ = false;
    SchemeId built_scheme_ = SchemeId::TorchDefault;
    int built_layer_ = -1;
    TensorRole built_role_ = TensorRole::Weight;
    std::vector<SchemeId> built_fitting_;
    std::vector<ParamRow> rows_;

    QLabel* title_;
    QComboBox* scheme_combo_;
    QWidget* params_box_;
    QFormLayout* params_layout_;
    QLabel* no_params_;
    QPushButton* activation_button_;
    QLabel* formula_;
    QLabel* notes_;
    QLabel* paper_;
    QLabel* description_;
};

}  // namespace initscope
