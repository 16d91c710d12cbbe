#pragma once

#include "core/model/parameters.h"
#include "core/model/tensor_context.h"
#include "core/stats/network_summary.h"
#include "ui/document/user_prompts.h"

#include <QHash>
#include <QMainWindow>
#include <memory>
#include <optional>

class QLabel;
class QProgressBar;
class QPushButton;
class QSplitter;
class QTabWidget;
class QTimer;

namespace initscope {

class DataExportController;
class FileController;
class LayersTab;
class NetworkDocument;
class NetworkPanel;
class OverviewTab;
class SchemeParameterPanel;
class SummaryWorker;
class TheoryTab;
struct SummaryResult;

/// The explorer window. Thin: it lays out the panels (NetworkPanel above SchemeParameterPanel on
/// the left; Overview, Layers and Theory tabs in the centre), builds menus and the seed / flavour
/// toolbar, and runs the refresh loop:
///   document edit → SummaryWorker (debounced, off the GUI thread) → visible tab show_summary →
///   first window repaint after it → refreshPainted(ms).
/// Hidden tabs get the latest summary when they are shown, so an edit repaints only what is seen.
/// Files (FileController), data and script export (DataExportController) and the session
/// (SessionStore) live in their own classes; the window only wires them into menus.
///
/// Latency is measured from the edit (the document's networkChanged, or a histogram-option
/// change) to the end of the first window update (QEvent::UpdateRequest: paint + flush) after the
/// new summary reached the visible tab and its queued replots ran, and shown in the status bar.
class MainWindow : public QMainWindow {
    Q_OBJECT
public:
    explicit MainWindow(QWidget* parent = nullptr);
    ~MainWindow() override;

    NetworkDocument* document() const { return document_; }
    NetworkPanel* network_panel() const { return network_panel_; }
    SchemeParameterPanel* parameter_panel() const { return parameter_panel_; }
    QTabWidget* tabs() const { return tabs_; }
    OverviewTab* overview_tab() const { return overview_tab_; }
    LayersTab* layers_tab() const { return layers_tab_; }
    TheoryTab* theory_tab() const { return theory_tab_; }
    SummaryWorker* worker() const { return worker_; }
    QSplitter* left_splitter() const { return left_splitter_; }
    QSplitter* main_splitter() const { return main_splitter_; }
    FileController* files() const { return files_; }
    DataExportController* data_export() const { return data_export_; }
    /// The questions the window asks (dialogs by default); tests replace them.
    UserPrompts& prompts() { return prompts_; }

    /// The summary and tensors on screen (null before the first result).
    std::shared_ptr<const NetworkSummary> summary() const { return summary_; }
    std::shared_ptr<const Parameters> parameters() const { return parameters_; }
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
    /// Off by default, so tests and screenshots never touch it; GuiLauncher turns it on.
    void set_session_enabled(bool enabled) { session_enabled_ = enabled; }
    /// The tab whose plots "Export tab" / "Copy plot or tab" act on: Overview or Layers, else
    /// nullptr (the Theory tab is a table).
    QWidget* current_plot_tab() const;

signals:
    /// The result of `generation` reached the visible tab.
    void summaryShown(quint64 generation);
    /// The window finished repainting after an edit's result; `editToRepaintMs` from the edit.
    void refreshPainted(double editToRepaintMs);

protected:
    void closeEvent(QCloseEvent* event) override;
    void showEvent(QShowEvent* event) override;
    bool event(QEvent* event) override;
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    void build_menus();
    void build_toolbar();
    void build_status_bar();
    void request_refresh();
    void result_arrived(const SummaryResult& result);
    void show_in_current_tab();
    void hide_progress();
    /// Ends the edit-to-repaint measurement once the window has painted a new result.
    void finish_refresh_measurement();
    /// Gives the side panel the table's full width, up to 40 % of the window.
    void fit_side_panel();
    void network_changed();
    void update_title();
    void show_refusal(const QString& message);
    void about();

    NetworkDocument* document_;
    SummaryWorker* worker_;
    NetworkPanel* network_panel_ = nullptr;
    SchemeParameterPanel* parameter_panel_ = nullptr;
    QSplitter* left_splitter_;
    QSplitter* main_splitter_;
    QTabWidget* tabs_;
    OverviewTab* overview_tab_;
    LayersTab* layers_tab_;
    TheoryTab* theory_tab_;
    UserPrompts prompts_;
    FileController* files_ = nullptr;
    DataExportController* data_export_ = nullptr;
    QLabel* count_label_ = nullptr;
    QLabel* timing_label_ = nullptr;
    QProgressBar* progress_bar_ = nullptr;
    QPushButton* cancel_button_ = nullptr;
    QTimer* progress_delay_ = nullptr;

    std::shared_ptr<const NetworkSummary> summary_;
    std::shared_ptr<const Parameters> parameters_;
    quint64 summary_generation_ = 0;
    quint64 shown_generation_[3] = {0, 0, 0};  ///< per tab: generation it shows
    double compute_ms_ = 0;

    qint64 edit_ns_ =
        0;  ///< steady_clock time of the latest edit (NetworkDocument::change_time_ns)
    QHash<quint64, qint64> request_edit_ns_;  ///< generation → its edit's time
    qint64 painted_edit_ns_ = -1;             ///< edit time awaiting its repaint, −1 when none
    double last_refresh_ms_;
    bool sized_ = false;
    bool session_enabled_ = false;
};

}  // namespace initscope
