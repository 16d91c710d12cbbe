#pragma once

#include "ui/document/user_prompts.h"

#include <QObject>
#include <QString>
#include <QStringList>
#include <optional>

class QAction;
class QMainWindow;
class QMenu;

namespace initscope {

class Exploration;

/// Numbers and code out of the window: File → Export ▸ (the tensors as .npy, statistics and
/// histogram bins as CSV or JSON — SummaryExport —, the PyTorch script) and Edit → Copy as
/// PyTorch (Ctrl+Shift+P).
///
/// The data is the Exploration's latest result: Exploration::summary() and parameters() (what
/// the window shows). The PyTorch script is PytorchScriptWriter::write(document network,
/// display name). Every file is written atomically (AtomicFileWriter); a failure is shown with
/// prompts->error and leaves nothing half-written. Successes are reported in `window`'s status
/// bar; its dialogs are parented to `window`.
class DataExportController : public QObject {
    Q_OBJECT
public:
    enum class DataKind { StatisticsCsv, StatisticsJson, HistogramsCsv, HistogramsJson };

    /// `exploration` and `prompts` must outlive the controller.
    DataExportController(QMainWindow* window, const Exploration* exploration,
                         const UserPrompts* prompts);

    /// Adds the "Export" submenu (data and script) to `menu`; returns it.
    QMenu* add_export_menu(QMenu* menu);
    QAction* copy_pytorch_action() const { return copy_pytorch_; }

    /// Puts the PyTorch script on the clipboard (as plain text).
    void copy_pytorch();
    /// The script for the exploration's network.
    QString pytorch_script() const;

    /// Writes `<layer>.weight.npy` and `<layer>.bias.npy` of the shown tensors into `directory`
    /// (which must exist); the files written go to `written`. The first error, or nullopt.
    std::optional<QString> write_npy(const QString& directory,
                                     QStringList* written = nullptr) const;
    /// Writes the shown summary as `kind` to `path`; the error or nullopt.
    std::optional<QString> write_data(DataKind kind, const QString& path) const;
    std::optional<QString> write_pytorch(const QString& path) const;

private:
    /// The dialog-driven versions behind the menu entries.
    void export_npy();
    void export_data(DataKind kind);
    void export_pytorch();
    /// "course" for course.json: the stem suggested file names start with.
    QString stem() const;
    void report(const std::optional<QString>& error, const QString& done);

    QMainWindow* window_;
    const Exploration* exploration_;
    const UserPrompts* prompts_;
    QAction* copy_pytorch_;
};

}  // namespace initscope
