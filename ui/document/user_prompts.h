#pragma once

#include <QDateTime>
#include <QString>

#include <functional>

class QWidget;

namespace initscope {

/// The questions the window asks about files, as replaceable functions. dialogs() gives the
/// standard Qt dialogs; tests install answers instead, so that no modal dialog ever runs.
/// Every function gets the window as `parent`. An empty path means "cancelled".
struct UserPrompts {
    enum class Discard { Save, Discard, Cancel };

    /// "<name> has unsaved changes. Save them first?" — Save / Discard / Cancel.
    std::function<Discard(QWidget* parent, const QString& name)> ask_discard;
    /// An existing file to read.
    std::function<QString(QWidget* parent, const QString& caption, const QString& filter)>
        open_file;
    /// A file to write, the dialog starting at `suggested` (a name or a path).
    std::function<QString(QWidget* parent, const QString& caption, const QString& suggested,
                          const QString& filter)>
        save_file;
    /// An existing directory to write into.
    std::function<QString(QWidget* parent, const QString& caption)> directory;
    /// "Restore the unsaved network from 10:42?" — true: Restore, false: Discard. `name` is the
    /// network's display name, `saved_at` when its recovery file was written.
    std::function<bool(QWidget* parent, const QString& name, const QDateTime& saved_at)>
        restore_unsaved;
    /// Shows a failure. The default is a window-modal QMessageBox::Warning that does not block
    /// (QDialog::open), so an error met inside a drop or a menu handler needs no nested loop.
    std::function<void(QWidget* parent, const QString& title, const QString& message)> error;

    /// Prompts that show QMessageBox / QFileDialog.
    static UserPrompts dialogs();
};

}  // namespace initscope
