#pragma once

#include "core/model/init_spec.h"
#include "core/model/tensor_context.h"

#include <QWidget>
#include <vector>

class QComboBox;
class QDoubleSpinBox;
class QFormLayout;
class QLabel;
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

private:
    struct ParamRow {
        QString name;
        QDoubleSpinBox* spin = nullptr;  ///< Real and Integer
        QSlider* slider = nullptr;       ///< Real and Integer
        QComboBox* combo = nullptr;      ///< Choice
        double slider_min = 0, slider_max = 1;
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
    int slider_position(const ParamRow& row, double value) const;
    double slider_value(const ParamRow& row, int position) const;

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
    QLabel* formula_;
    QLabel* notes_;
    QLabel* paper_;
    QLabel* description_;
};

}  // namespace initscope
