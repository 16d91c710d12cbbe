#pragma once

#include <QObject>
#include <QString>

class QAction;
class QMenu;
class QMimeData;
class QShortcut;

namespace initscope {

class MainWindow;
class WeightsTab;
class WeightsWorker;
class WorkProgress;

/// How the window opens a trained model's checkpoint into its WeightsTab:
/// - File → Open Weights… (Ctrl+Shift+O), the tab's own button, a dropped .safetensors, .npz,
///   .npy, .pt, .pth or *.safetensors.index.json file (dropped_checkpoint), and open(path)
///   (`initscope --weights FILE`);
/// - the WeightsWorker opens it off the GUI thread; a refused file shows its one-line refusal
///   (the window's prompts().error and the status bar) and nothing else changes — the network
///   and the checkpoint shown stay as they were; an opened one replaces the shown checkpoint,
///   the Weights tab comes to the front (taking the side panels' room on a narrow window) and
///   the analysis starts, the selected tensor first;
/// - the analysis' progress is a WorkProgress in the status bar; its Cancel (or Esc while it
///   runs; in presenter mode Esc leaves presenter mode) stops it, keeping what was analysed.
class WeightsController : public QObject {
    Q_OBJECT
public:
    WeightsController(MainWindow* window, WeightsTab* tab);

    /// Adds Open Weights… to `file`.
    void add_actions(QMenu* file);
    void open(const QString& path);
    /// Asks for a file (prompts().open_file) and opens it.
    void open_dialog();

    WeightsWorker* worker() const { return worker_; }
    WorkProgress* progress() const { return progress_; }
    QAction* open_action() const { return open_; }
    /// Opening or analysing.
    bool busy() const;
    /// The checkpoint file among `mime`'s URLs (one local file of a checkpoint's kind), or "".
    static QString dropped_checkpoint(const QMimeData* mime);
    /// The open dialog's name filter.
    static QString file_filter();

signals:
    /// `path` was opened and is shown.
    void opened(const QString& path);
    /// `path` was refused with `message` (Checkpoint's "PATH: reason").
    void refused(const QString& message);

protected:
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    void cancel();
    void update_escape();
    /// After a checkpoint opened, gives the weights the side panels' room (SidePanelRoom::fold)
    /// as soon as the window is on screen and narrow, while the Weights tab is in front.
    void fold_side_panels();

    MainWindow* window_;
    WeightsTab* tab_;
    WeightsWorker* worker_;
    WorkProgress* progress_;
    QAction* open_;
    QShortcut* escape_;
    bool fold_pending_ = false;
};

}  // namespace initscope
