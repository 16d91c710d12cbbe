#pragma once

#include "ui/export/plot_exporter.h"

#include <QDialog>
#include <QSize>
#include <QString>

class QButtonGroup;
class QComboBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QRadioButton;
class QSpinBox;

namespace initscope {

/// "Export plot…" / "Export tab…": where and how to write a picture.
/// - File name (with "Browse…"); the format follows the extension, and choosing a format in the
///   combo rewrites the extension, so the two never disagree.
/// - Size: the current size of what is exported, 1920×1080, 1280×720, 3840×2160, or custom W×H
///   (logical pixels: the layout the plots get).
/// - Scale 1×, 2×, 3× (pixels only; PDF and SVG stay vector) and background white or
///   transparent (JPEG is always white: the choice is disabled).
/// A line under the choices says what comes out ("3840 × 2160 pixels", "vector, 1920 × 1080").
/// OK is enabled only when the choices can be exported (PlotExporter::check and a file
/// name with a known extension). Choices are remembered in QSettings under "export/" (format,
/// size preset, custom size, scale, background, directory) and restored next time.
class ExportDialog : public QDialog {
    Q_OBJECT
public:
    /// `current_size` is the exported widget's size (the first size preset); `base_name` the
    /// suggested file name without extension ("overview", "fc1.weight").
    ExportDialog(QSize current_size, const QString& base_name, QWidget* parent = nullptr);

    /// The chosen file path (absolute when the directory was remembered or browsed).
    QString path() const;
    ImageFormat format() const;
    ExportOptions options() const;
    /// Why the current choices cannot be exported, or an empty string.
    QString problem() const;

    /// Sets the choices (also used by tests): path, size, scale (1, 2 or 3), background.
    void set_path(const QString& path);
    void set_size(QSize size);
    void set_scale(int scale);
    void set_background(ExportBackground background);

    /// Remembers the choices in QSettings (done on accept).
    void save_settings() const;

    void accept() override;

private:
    void restore_settings();
    void browse();
    void on_path_edited();
    void on_format_chosen(int index);
    void update_state();
    QSize chosen_size() const;

    QSize current_size_;
    QLineEdit* path_ = nullptr;
    QComboBox* format_ = nullptr;
    QComboBox* size_preset_ = nullptr;
    QSpinBox* width_ = nullptr;
    QSpinBox* height_ = nullptr;
    QComboBox* scale_ = nullptr;
    QRadioButton* white_ = nullptr;
    QRadioButton* transparent_ = nullptr;
    QLabel* summary_ = nullptr;
    QPushButton* ok_ = nullptr;
};

}  // namespace initscope
