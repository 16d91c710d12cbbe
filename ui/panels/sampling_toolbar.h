#pragma once

#include <QToolBar>

class QComboBox;
class QLineEdit;

namespace initscope {

class NetworkDocument;

/// The window's "Sampling" toolbar: the seed (typed as text: torch.manual_seed takes any 64-bit
/// integer, negatives as two's complement, applied on Enter), Resample (Ctrl+R: a new random
/// 32-bit seed; F5 is presenter mode's) and the flavour (which PyTorch CPU kernels to reproduce).
/// Each change is one undoable document edit; the fields follow the document's network (undo, open,
/// presets).
class SamplingToolbar : public QToolBar {
    Q_OBJECT
public:
    explicit SamplingToolbar(NetworkDocument* document, QWidget* parent = nullptr);

    QLineEdit* seed_edit() const { return seed_edit_; }
    QComboBox* flavour_combo() const { return flavour_combo_; }

    /// Resample's edit: a new random 32-bit seed for `document`'s network, as one undo step.
    static void resample(NetworkDocument* document);

signals:
    /// A typed seed was not an integer in range; `message` is for the user.
    void refused(const QString& message);

private:
    void network_changed();
    void set_seed_from_text();

    NetworkDocument* document_;
    QLineEdit* seed_edit_;
    QComboBox* flavour_combo_;
};

}  // namespace initscope
