#pragma once

#include "ui/document/user_prompts.h"

#include <QMainWindow>
#include <optional>
#include <vector>

class QLabel;
class QSplitter;
class QTabWidget;

namespace initscope {

class DataExportController;
class Exploration;
class FileController;
class LessonPlayer;
class NetworkPanel;
class PresenterMode;
class RecoveryFile;
class AnalysisView;
class Comparison;
class SchemeParameterPanel;
class SummaryView;
class WeightsController;
class WorkProgress;

/// The explorer window. Thin: it lays out the panels (NetworkPanel above SchemeParameterPanel on
/// the left; its SummaryViews — Overview, Layers, Theory, Propagation, and Spectrum and Sweep when
/// built — as tabs in the centre), builds menus and the seed / flavour toolbar, and shows its
/// Exploration's results:
///   document edit → Exploration's worker (debounced, off the GUI thread) → resultArrived →
///   the visible view's show_summary → first window repaint after it → refreshPainted(ms).
/// A view that is also an AnalysisView (Propagation, Spectrum, Sweep) gets the Exploration's
/// analysis: while one is visible the Exploration computes it after each summary
/// (analysisArrived → show_analysis), and the refresh is painted once the analysis is shown.
/// Hidden views get the latest summary (and analysis) when they are shown, so an edit repaints
/// only what is seen. Summary and analysis each have a progress bar with Cancel in the status
/// bar, shown when they take longer than WorkProgress::kDelayMs. Files (FileController), data and
/// script export (DataExportController) and the session (SessionStore) live in their own classes;
/// the window only wires them into menus.
///
/// Latency is measured from the edit (the document's networkChanged, or a histogram-option
/// change: Exploration::edit_ns) to the end of the first window update (QEvent::UpdateRequest:
/// paint + flush) after the new summary reached the visible view and its queued replots ran,
/// and shown in the status bar.
class MainWindow : public QMainWindow {
    Q_OBJECT
public:
    /// Shows `exploration`, which must outlive the window; nullptr: the window makes its own.
    explicit MainWindow(Exploration* exploration = nullptr, QWidget* parent = nullptr);
    ~MainWindow() override;

    Exploration* exploration() const { return exploration_; }
    NetworkPanel* network_panel() const { return network_panel_; }
    SchemeParameterPanel* parameter_panel() const { return parameter_panel_; }
    QTabWidget* tabs() const { return tabs_; }
    QSplitter* left_splitter() const { return left_splitter_; }
    QSplitter* main_splitter() const { return main_splitter_; }
    FileController* files() const { return files_; }
    DataExportController* data_export() const { return data_export_; }
    /// Presenter mode, the zoom and the theme (View menu).
    PresenterMode* presenter() const { return presenter_; }
    /// The guided lessons (File → Lessons, the lesson dock, the step keys).
    LessonPlayer* lessons() const { return lessons_; }
    /// The A/B comparison (ui/compare): off until started.
    Comparison* comparison() const { return comparison_; }
    /// A trained model's weights: File → Open Weights…, drops, the Weights tab (ui/weights).
    WeightsController* weights() const { return weights_; }
    /// SidePanelRoom::fold for this window: below SidePanelRoom::kRoomyWidth, hides the network
    /// and parameter panels (F9 brings them back) and says why; true when it hid them.
    bool fold_side_panels(const QString& who);
    /// Shows the network and parameter panels (View → F9's action).
    void show_side_panels();

    /// The questions the window asks (dialogs by default); tests replace them.
    UserPrompts& prompts() { return prompts_; }

    /// Edit-to-repaint time of the last refresh in ms (NaN before the first).
    double last_refresh_ms() const { return last_refresh_ms_; }

    /// Replaces the network with a built-in preset / a config file (asks nothing; a file goes
    /// to the recent files). The reason on failure; then the window keeps its network.
    std::optional<QString> load_preset(const QString& name);
    std::optional<QString> open_file(const QString& path);

    /// Restores the last session (SessionStore::restore) before the window is shown; a stored
    /// network that cannot be used gives the course preset and a status-bar message.
    void restore_session();
    /// Whether closing (after the unsaved-changes question) and every save store the session.
    /// Off by default, so tests and screenshots never touch it; WindowRun (app/) turns it on.
    void set_session_enabled(bool enabled) { session_enabled_ = enabled; }
    /// Crash recovery (RecoveryFile at `path`): when the file holds a network an earlier window
    /// did not save (a crash, a kill), asks prompts().restore_unsaved and shows it as unsaved
    /// (Restore) or removes the file (Discard); from then on keeps the file up to date while
    /// changes are unsaved, and removes it on a clean close. False when another window holds the
    /// file (then nothing is asked nor written). Off until called: WindowRun (app/) calls it
    /// except in screenshot mode, so tests and screenshots never ask.
    bool start_recovery(const QString& path);
    /// The recovery file in use, or nullptr before start_recovery().
    RecoveryFile* recovery() const { return recovery_; }
    /// What "Export tab" / "Copy plot or tab" act on: the current view's export widget (the
    /// Overview or Layers tab), else nullptr (the Theory tab is a table).
    QWidget* current_plot_tab() const;

signals:
    /// The result of `generation` reached the visible tab.
    void summaryShown(quint64 generation);
    /// The analysis following the summary of `generation` reached the visible (analysis) tab.
    void analysisShown(quint64 generation);
    /// The window finished repainting after an edit's result; `editToRepaintMs` from the edit.
    void refreshPainted(double editToRepaintMs);
    /// The summary worker could not compute the network (out of memory, too large, invalid):
    /// `message` is what the window shows.
    void refreshFailed(const QString& message);

protected:
    void closeEvent(QCloseEvent* event) override;
    void showEvent(QShowEvent* event) override;
    bool event(QEvent* event) override;
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    /// A view and the generation of the result it shows (0: none yet); an analysis view also
    /// the Exploration::analysis_serial() of the analysis it shows (0: none yet).
    struct ShownView {
        SummaryView* view;
        AnalysisView* analysis_view = nullptr;
        quint64 generation = 0;
        quint64 analysis_serial = 0;
    };
    void add_view(SummaryView* view);
    /// Whether `shown` is on the current tab (its page, or inside it: a comparison page).
    bool on_current_tab(const ShownView& shown) const;
    void build_menus();
    void build_toolbar();
    void build_status_bar();
    void result_arrived();
    void analysis_arrived();
    void show_in_current_view();
    /// The current tab's AnalysisView, or nullptr.
    AnalysisView* current_analysis_view() const;
    void current_tab_changed();
    /// Ends the edit-to-repaint measurement of the edit at `edit_ns` at the next window update.
    void measure_repaint(qint64 edit_ns);
    /// Ends the edit-to-repaint measurement once the window has painted a new result.
    void finish_refresh_measurement();
    /// The side panel's first width (SidePanelRoom::fit).
    void fit_side_panel();
    void network_changed();
    void update_title();
    void show_refusal(const QString& message);

    Exploration* exploration_;
    NetworkPanel* network_panel_ = nullptr;
    SchemeParameterPanel* parameter_panel_ = nullptr;
    QSplitter* left_splitter_;
    QSplitter* main_splitter_;
    QTabWidget* tabs_;
    std::vector<ShownView> views_;  ///< in tab order
    UserPrompts prompts_;
    FileController* files_ = nullptr;
    DataExportController* data_export_ = nullptr;
    PresenterMode* presenter_ = nullptr;
    LessonPlayer* lessons_ = nullptr;
    Comparison* comparison_ = nullptr;
    WeightsController* weights_ = nullptr;
    RecoveryFile* recovery_ = nullptr;
    QLabel* count_label_ = nullptr;
    QLabel* timing_label_ = nullptr;
    WorkProgress* summary_progress_ = nullptr;
    WorkProgress* analysis_progress_ = nullptr;

    qint64 painted_edit_ns_ = -1;   ///< edit time awaiting its repaint, −1 when none
    qint64 analysis_edit_ns_ = -1;  ///< edit time awaiting its analysis (analysis tab), −1: none
    double last_refresh_ms_;
    bool sized_ = false;
    bool session_enabled_ = false;
};

}  // namespace initscope
