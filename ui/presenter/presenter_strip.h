#pragma once

#include "core/model/init_spec.h"
#include "core/model/tensor_context.h"

#include <QWidget>

class QComboBox;
class QDoubleSpinBox;
class QBoxLayout;
class QHBoxLayout;
class QLabel;
class QLineEdit;
class QPushButton;

namespace initscope {

class NetworkDocument;

/// Presenter mode's one row of controls, in place of the side panels and the toolbar: the
/// selected tensor's name, its scheme (display names of the schemes that fit it), its main
/// parameter (std when the scheme has one, else its first number: gain, a, val, …), the seed
/// (applied on Enter), Resample (Ctrl+R), and a slot for a lesson's step controls at the end.
///
/// Every change is a NetworkDocument edit through NetworkEdits (undoable; the parameter merges
/// like the parameter panel's, one undo step per finished edit). The strip follows the document
/// (undo, open, presets); show_tensor() says which tensor it shows.
///
/// One row when everything fits the strip's width, else the lesson controls go to a second row
/// below the tensor's controls (a large zoom, a narrow projector); the strip never asks the
/// window to be wider than the screen.
class PresenterStrip : public QWidget {
    Q_OBJECT
public:
    explicit PresenterStrip(NetworkDocument* document, QWidget* parent = nullptr);

    /// Shows `layer`'s weight or bias (layer −1, or a missing bias: the name and a note only).
    void show_tensor(int layer, TensorRole role);
    int layer() const { return layer_; }
    TensorRole role() const { return role_; }

    /// Puts `controls` (a lesson's step controls) at the end of the strip, replacing and deleting
    /// the previous ones; the strip owns them. nullptr: the slot is empty.
    void set_lesson_controls(QWidget* controls);
    QWidget* lesson_controls() const { return lesson_controls_; }

    QLabel* tensor_label() const { return tensor_label_; }
    QComboBox* scheme_combo() const { return scheme_combo_; }
    /// The main parameter's name ("std") and value; hidden when the scheme has no number.
    QLabel* parameter_label() const { return parameter_label_; }
    QDoubleSpinBox* parameter_spin() const { return parameter_spin_; }
    QLineEdit* seed_edit() const { return seed_edit_; }
    QPushButton* resample_button() const { return resample_; }
    /// Why the last typed seed was refused; hidden when nothing was.
    QLabel* message_label() const { return message_; }
    /// True when the lesson controls sit on a second row.
    bool two_rows() const;

protected:
    void changeEvent(QEvent* event) override;
    void resizeEvent(QResizeEvent* event) override;

private:
    /// Rebuilds the combo and the parameter when the tensor or its scheme changed; otherwise
    /// copies the values in (signals blocked).
    void network_changed();
    void rebuild();
    void refresh_values();
    /// Widths that depend on the font (the spin box and the seed field).
    void fit_widths();
    /// One row or two, for the current width.
    void arrange();
    void set_scheme(int combo_index);
    void set_parameter(double value);
    void set_seed_from_text();
    void show_message(const QString& message);
    QString tensor_words() const;

    NetworkDocument* document_;
    int layer_ = -1;
    TensorRole role_ = TensorRole::Weight;
    /// What the combo and the parameter were built for.
    bool built_ = false;
    int built_layer_ = -1;
    TensorRole built_role_ = TensorRole::Weight;
    SchemeId built_scheme_ = SchemeId::TorchDefault;
    QString parameter_;  ///< the main parameter's name; empty when none

    QLabel* tensor_label_;
    QComboBox* scheme_combo_;
    QLabel* parameter_label_;
    QDoubleSpinBox* parameter_spin_;
    QLabel* seed_label_;
    QLineEdit* seed_edit_;
    QPushButton* resample_;
    QLabel* message_;
    QBoxLayout* rows_;     ///< the tensor's controls, then the lesson slot
    QWidget* editors_;     ///< the tensor's controls
    QWidget* lesson_box_;  ///< holds lesson_slot_
    QHBoxLayout* lesson_slot_;
    QWidget* lesson_controls_ = nullptr;
};

}  // namespace initscope
