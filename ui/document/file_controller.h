#pragma once

#include "ui/document/user_prompts.h"

#include <QObject>
#include <QString>
#include <optional>

class QAction;
class QMainWindow;
class QMenu;
class QMimeData;

namespace initscope {

class NetworkDocument;
class RecentFiles;

/// Networks as files for the window: New, Open…, Open Recent, Save, Save As… and a .json config
/// dropped onto the window, all on the window's NetworkDocument.
///
/// Unsaved changes are never dropped silently: New, Open, a recent file, a drop (and the window's
/// preset menu and close, through ask_to_save()) first ask prompts->ask_discard — Save (then
/// save; a failed or cancelled save cancels), Discard, or Cancel. A file that cannot be read is
/// reported with prompts->error (its ConfigFile error line) and the document keeps its network.
/// Saves are atomic (NetworkDocument::save_as → AtomicFileWriter). Every file opened or saved goes to
/// the top of recent_files(); a recent file that no longer exists is removed from the list with a
/// message. Status messages go to the window's status bar.
class FileController : public QObject {
    Q_OBJECT
public:
    /// `prompts` must outlive the controller (the window owns both).
    FileController(QMainWindow* window, NetworkDocument* document, const UserPrompts* prompts);

    RecentFiles* recent_files() const { return recent_; }
    QAction* new_action() const { return new_; }
    QAction* open_action() const { return open_; }
    QAction* save_action() const { return save_; }
    QAction* save_as_action() const { return save_as_; }
    /// Adds New, Open…, Open Recent ▸, Save, Save As… to `menu`.
    void add_actions(QMenu* menu);
    /// Adds one entry per built-in preset (the lesson's networks first); choosing one asks
    /// about unsaved changes, then load_preset().
    void add_preset_actions(QMenu* menu);

    /// Asks about unsaved changes (nothing to ask: Discard). Save means saved successfully;
    /// a save that failed or was cancelled returns Cancel.
    UserPrompts::Discard ask_to_save();
    /// ask_to_save() != Cancel: the current network may be replaced.
    bool confirm_discard() { return ask_to_save() != UserPrompts::Discard::Cancel; }

    /// Starts from a single 100 × 100 linear layer "fc1" (asks first).
    void new_network();
    /// Asks, then shows the open dialog.
    void open_dialog();
    /// Asks, then opens `path`; an error is shown. True when the network was replaced.
    bool open_with_question(const QString& path);
    /// Replaces the network with a built-in preset without asking; the reason on failure (nothing
    /// is shown, the document is untouched).
    std::optional<QString> load_preset(const QString& name);
    /// The same for any document (named "<name>.json"; the comparison's B).
    static std::optional<QString> load_preset_into(NetworkDocument* document, const QString& name);
    /// The file dialogs' filter for configs: "InitScope config (*.json);;All files (*)".
    static QString config_filter();
    /// Opens `path` without asking and adds it to the recent files; the reason on failure
    /// (nothing is shown, the document is untouched).
    std::optional<QString> open_path(const QString& path);
    /// Saves to the document's file, or asks where (Save As) when it has none.
    bool save();
    bool save_as_dialog();
    /// Writes the network to `path` (atomic) and makes it the document's file; an error is shown.
    bool save_to(const QString& path);

    /// The local .json file a drag carries (exactly one URL, a local file ending in .json, any
    /// case), or an empty string.
    static QString dropped_config(const QMimeData* mime);

signals:
    /// The document was written to `path` (Save, Save As, or Save from the discard question).
    void saved(const QString& path);

protected:
    /// Drag enter / move / drop on the window: accepts a dropped config and opens it (after
    /// the drop has returned, so the question and any error do not run inside the drag).
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    void open_recent(const QString& path);
    void show_error(const QString& title, const QString& message);
    void show_status(const QString& message);

    QMainWindow* window_;
    NetworkDocument* document_;
    const UserPrompts* prompts_;
    RecentFiles* recent_;
    QAction* new_;
    QAction* open_;
    QAction* save_;
    QAction* save_as_;
};

}  // namespace initscope
