#pragma once

#include "core/model/probe_settings.h"

#include <QWidget>

class QComboBox;
class QSpinBox;

namespace initscope {

class NetworkDocument;

/// The probe's settings above the Propagation tab: the batch size (a spin box, 1 to
/// ProbeSettings::kMaxBatch, applied on Enter, on leaving the field and at each arrow step) and
/// the input (normal: torch.randn; uniform: U(−√3, √3), both of unit variance). Each change is
/// one undoable document edit through NetworkEdits::set_probe (consecutive batch steps merge into
/// one), so it is saved in the config; the fields follow the document's network (undo, open,
/// presets) without editing it.
class ProbeSettingsBar : public QWidget {
    Q_OBJECT
public:
    explicit ProbeSettingsBar(NetworkDocument* document, QWidget* parent = nullptr);

    QSpinBox* batch_box() const { return batch_; }
    QComboBox* input_combo() const { return input_; }
    /// What the fields show.
    ProbeSettings settings() const;

private:
    void network_changed();
    void apply(const ProbeSettings& settings, const QString& text, const QString& merge_key);

    NetworkDocument* document_;
    QSpinBox* batch_;
    QComboBox* input_;
};

}  // namespace initscope
