#include "ui/main_window.h"

#include "ui/about_box.h"
#include "ui/side_panel_room.h"

#include "core/stats/number_format.h"
#include "ui/compare/comparison.h"
#include "ui/document/analysis_result.h"
#include "ui/document/analysis_worker.h"
#include "ui/document/exploration.h"
#include "ui/document/file_controller.h"
#include "ui/document/network_document.h"
#include "ui/document/recovery_file.h"
#include "ui/document/session_store.h"
#include "ui/document/summary_worker.h"
#include "ui/export/data_export_controller.h"
#include "ui/export/export_announcer.h"
#include "ui/lessons/lesson_player.h"
#include "ui/panels/network_panel.h"
#include "ui/panels/sampling_toolbar.h"
#include "ui/panels/scheme_parameter_panel.h"
#include "ui/panels/work_progress.h"
#include "ui/plots/plot_context_menu.h"
#include "ui/presenter/presenter_mode.h"
#include "ui/presenter/presenter_strip.h"
#include "ui/tabs/layers_tab.h"
#include "ui/tabs/overview_tab.h"
#include "ui/tabs/propagation_tab.h"
#include "ui/tabs/spectrum_tab.h"
#include "ui/tabs/sweep_tab.h"
#include "ui/tabs/theory_tab.h"
#include "ui/weights/weights_controller.h"
#include "ui/weights/weights_tab.h"

#include <QAction>
#include <QApplication>
#include <QCloseEvent>
#include <QLabel>
#include <QLocale>
#include <QMenuBar>
#include <QMessageBox>
#include <QSplitter>
#include <QStatusBar>
#include <QTabWidget>
#include <QUndoGroup>
#include <QWindow>
#include <algorithm>
#include <cmath>
#include <limits>

namespace initscope {

MainWindow::MainWindow(Exploration* exploration, QWidget* parent)
    : QMainWindow(parent),
      exploration_(exploration ? exploration : new Exploration(this)),
      left_splitter_(new QSplitter(Qt::Vertical)),
      main_splitter_(new QSplitter(Qt::Horizontal)),
      tabs_(new QTabWidget),
      prompts_(UserPrompts::dialogs()),
      last_refresh_ms_(std::numeric_limits<double>::quiet_NaN()) {
    NetworkDocument* document = exploration_->document();
    SummaryWorker* worker = exploration_->worker();
    network_panel_ = new NetworkPanel(document);
    parameter_panel_ = new SchemeParameterPanel(document);

    left_splitter_->addWidget(network_panel_);
    left_splitter_->addWidget(parameter_panel_);
    left_splitter_->setStretchFactor(0, 1);
    left_splitter_->setStretchFactor(1, 1);
    left_splitter_->setChildrenCollapsible(false);
    auto* overview = new OverviewTab;
    auto* layers = new LayersTab;
    auto* theory = new TheoryTab;
    auto* propagation = new PropagationTab(document);
    auto* spectrum = new SpectrumTab;
    auto* sweep = new SweepTab;
    auto* weights = new WeightsTab;
    // This order is --tab's (app/command_line.cpp).
    for (SummaryView* view : std::initializer_list<SummaryView*>{
             overview, layers, theory, propagation, spectrum, sweep, weights})
        add_view(view);
    main_splitter_->addWidget(left_splitter_);
    main_splitter_->addWidget(tabs_);
    main_splitter_->setStretchFactor(0, 0);
    main_splitter_->setStretchFactor(1, 1);
    main_splitter_->setChildrenCollapsible(false);
    setCentralWidget(main_splitter_);
    files_ = new FileController(this, document, &prompts_);
    data_export_ = new DataExportController(this, exploration_, &prompts_);
    weights_ = new WeightsController(this, weights);
    connect(files_, &FileController::saved, this, [this] {
        if (session_enabled_) SessionStore::save(*this);
    });

    lessons_ = new LessonPlayer(this);
    comparison_ = new Comparison(this);
    connect(comparison_, &Comparison::changed, this, &MainWindow::update_title);
    build_menus();
    build_toolbar();
    build_status_bar();

    connect(document, &NetworkDocument::networkChanged, this, &MainWindow::network_changed);
    connect(document, &NetworkDocument::modifiedChanged, this, &MainWindow::update_title);
    connect(document, &NetworkDocument::fileChanged, this, &MainWindow::update_title);
    connect(document, &NetworkDocument::editRefused, this, &MainWindow::show_refusal);
    // The panels say their refusals and notes themselves; the status bar repeats them, no dialog.
    auto show_status = [this](const QString& message) { statusBar()->showMessage(message, 15000); };
    connect(parameter_panel_, &SchemeParameterPanel::statusMessage, this, show_status);
    connect(network_panel_, &NetworkPanel::statusMessage, this, show_status);
    connect(network_panel_, &NetworkPanel::tensorSelected, this,
            [this](int layer, TensorRole role) {
                parameter_panel_->show_tensor(layer, role);
                for (const ShownView& shown : views_) shown.view->select_tensor(layer, role);
            });
    connect(layers, &LayersTab::tensorActivated, network_panel_, &NetworkPanel::select_tensor);
    connect(theory, &TheoryTab::tensorActivated, network_panel_, &NetworkPanel::select_tensor);
    connect(spectrum, &SpectrumTab::tensorActivated, network_panel_, &NetworkPanel::select_tensor);
    connect(layers, &LayersTab::histogramOptionsChanged, exploration_,
            &Exploration::set_histogram_options);
    connect(layers, &LayersTab::scaleChanged, exploration_, &Exploration::set_scale);
    connect(layers, &LayersTab::lockAxesChanged, this, [this](bool locked) {
        ViewOptions options = exploration_->view_options();
        options.lock_axes = locked;
        exploration_->set_view_options(options);
    });
    connect(tabs_, &QTabWidget::currentChanged, this, &MainWindow::current_tab_changed);
    connect(exploration_, &Exploration::resultArrived, this, &MainWindow::result_arrived);
    connect(exploration_, &Exploration::analysisArrived, this, &MainWindow::analysis_arrived);
    connect(worker, &SummaryWorker::failed, this, [this](quint64, const QString& message) {
        summary_progress_->stop();
        show_refusal(message);
        emit refreshFailed(message);
    });
    connect(worker, &SummaryWorker::discarded, this, [this] {
        if (!exploration_->worker()->busy()) summary_progress_->stop();
    });
    connect(worker, &SummaryWorker::started, summary_progress_, &WorkProgress::start);
    connect(worker, &SummaryWorker::progress, summary_progress_,
            [this](quint64, double fraction) { summary_progress_->set_fraction(fraction); });
    AnalysisWorker* analysis = exploration_->analysis_worker();
    connect(analysis, &AnalysisWorker::started, analysis_progress_, &WorkProgress::start);
    connect(analysis, &AnalysisWorker::progress, analysis_progress_,
            [this](quint64, double fraction) { analysis_progress_->set_fraction(fraction); });
    connect(analysis, &AnalysisWorker::discarded, this, [this] {
        if (!exploration_->analysis_worker()->busy()) analysis_progress_->stop();
    });

    resize(1600, 1000);
    left_splitter_->setSizes({400, 500});
    update_title();
}

MainWindow::~MainWindow() {
    // First: the document's undo stack, cleared as it goes, must not look like a save that
    // leaves nothing to recover. Only a clean close (closeEvent) removes the recovery file.
    delete recovery_;
}

void MainWindow::add_view(SummaryView* view) {
    const int index = tabs_->addTab(view->widget(), view->title());
    tabs_->setTabToolTip(index, view->tool_tip());
    if (QWidget* picture = view->export_widget()) PlotContextMenu::attach_all(picture);
    views_.push_back({view, dynamic_cast<AnalysisView*>(view)});
}

void MainWindow::build_menus() {
    const auto plot_tab = [this] { return current_plot_tab(); };
    QAction* export_tab = PlotContextMenu::make_export_action(this, plot_tab);
    export_tab->setObjectName(QStringLiteral("action_export_tab"));
    export_tab->setText(tr("&Export Current Tab as Image…"));
    export_tab->setIconText(tr("Export image"));
    QAction* copy_image = PlotContextMenu::make_copy_action(this, plot_tab);
    copy_image->setObjectName(QStringLiteral("action_copy_image"));
    connect(tabs_, &QTabWidget::currentChanged, this, [this, export_tab, copy_image] {
        export_tab->setEnabled(current_plot_tab() != nullptr);
        copy_image->setEnabled(current_plot_tab() != nullptr);
    });

    QMenu* file = menuBar()->addMenu(tr("&File"));
    files_->add_actions(file);
    weights_->add_actions(file);
    file->addSeparator();
    lessons_->add_menu_actions(file);
    file->addSeparator();
    file->addAction(export_tab);
    data_export_->add_export_menu(file);
    file->addSeparator();
    file->addAction(tr("&Quit"), QKeySequence::Quit, this, &QWidget::close);

    QMenu* edit = menuBar()->addMenu(tr("&Edit"));
    QAction* undo = comparison_->undo_group()->createUndoAction(this, tr("&Undo"));
    undo->setShortcut(QKeySequence::Undo);
    QAction* redo = comparison_->undo_group()->createRedoAction(this, tr("&Redo"));
    redo->setShortcut(QKeySequence::Redo);
    edit->addAction(undo);
    edit->addAction(redo);
    edit->addSeparator();
    edit->addAction(copy_image);
    edit->addAction(data_export_->copy_pytorch_action());
    edit->addSeparator();
    edit->addActions(network_panel_->layer_actions());
    edit->addSeparator();
    edit->addAction(network_panel_->apply_weights_to_all_action());
    edit->addAction(network_panel_->apply_biases_to_all_action());

    files_->add_preset_actions(menuBar()->addMenu(tr("&Presets")));

    QMenu* view = menuBar()->addMenu(tr("&View"));
    for (int i = 0; i < tabs_->count(); ++i) {
        QAction* action =
            view->addAction(tabs_->tabText(i), this, [this, i] { tabs_->setCurrentIndex(i); });
        action->setShortcut(QKeySequence(Qt::CTRL | Qt::Key(Qt::Key_1 + i)));
    }
    view->addSeparator();
    QAction* side = view->addAction(tr("Network and &parameter panels"));
    side->setObjectName(QStringLiteral("action_side_panels"));
    side->setCheckable(true);
    side->setChecked(true);
    side->setShortcut(QKeySequence(Qt::Key_F9));
    connect(side, &QAction::toggled, left_splitter_, &QWidget::setVisible);
    presenter_ = new PresenterMode(this);
    presenter_->add_to_menu(view);
    // The lesson's ← k / n → in the presenter strip, so a lesson is stepped with the panels away.
    presenter_->strip()->set_lesson_controls(lessons_->make_step_controls(presenter_->strip()));

    comparison_->add_actions(menuBar()->addMenu(tr("&Compare")));

    QMenu* help = menuBar()->addMenu(tr("&Help"));
    help->addAction(tr("&About InitScope"), this, [this] { AboutBox::show(this); });
    help->addAction(tr("About &Qt"), qApp, &QApplication::aboutQt);
}

void MainWindow::build_toolbar() {
    auto* bar = new SamplingToolbar(exploration_->document(), this);
    connect(bar, &SamplingToolbar::refused, this, &MainWindow::show_refusal);
    addToolBar(bar);
    bar->addSeparator();
    bar->addAction(findChild<QAction*>(QStringLiteral("action_export_tab")));
    bar->addSeparator();
    comparison_->add_toolbar_actions(bar);
}

void MainWindow::build_status_bar() {
    count_label_ = new QLabel;
    timing_label_ = new QLabel;
    timing_label_->setToolTip(
        tr("Edit → finished repaint of the visible plots, and the "
           "materialize + summarize time on the worker thread (and, on an analysis tab, the "
           "probe + theory + spectra time)"));
    summary_progress_ = new WorkProgress(tr("computing %p%"),
                                         tr("Stop computing; the plots keep the previous result"),
                                         [this] { return exploration_->worker()->busy(); });
    summary_progress_->setObjectName(QStringLiteral("summary_progress"));
    connect(summary_progress_, &WorkProgress::cancelRequested, this, [this] {
        exploration_->worker()->cancel();
        statusBar()->showMessage(tr("Refresh cancelled: the plots show the previous result"), 8000);
    });
    analysis_progress_ = new WorkProgress(
        tr("analysis %p%"),
        tr("Stop the probe and the spectra; the analysis tabs keep the previous result"),
        [this] { return exploration_->analysis_worker()->busy(); });
    analysis_progress_->setObjectName(QStringLiteral("analysis_progress"));
    connect(analysis_progress_, &WorkProgress::cancelRequested, this, [this] {
        exploration_->cancel_analysis();
        analysis_progress_->stop();
        analysis_edit_ns_ = -1;
        statusBar()->showMessage(
            tr("Analysis cancelled: the analysis tabs show the previous result"), 8000);
    });
    statusBar()->addPermanentWidget(summary_progress_);
    statusBar()->addPermanentWidget(analysis_progress_);
    statusBar()->addPermanentWidget(count_label_);
    statusBar()->addPermanentWidget(timing_label_);
    connect(ExportAnnouncer::instance(), &ExportAnnouncer::saved, this,
            [this](const QString& path) {
                statusBar()->showMessage(ExportAnnouncer::message(path), 10000);
            });
}

std::optional<QString> MainWindow::load_preset(const QString& name) {
    return files_->load_preset(name);
}

std::optional<QString> MainWindow::open_file(const QString& path) {
    return files_->open_path(path);
}

void MainWindow::restore_session() {
    const SessionStore::Restored restored = SessionStore::restore(*this);
    if (restored.layout) sized_ = true;  // keep the stored splitter sizes
    if (!restored.message.isEmpty()) statusBar()->showMessage(restored.message, 20000);
}

bool MainWindow::start_recovery(const QString& path) {
    if (recovery_) return recovery_->locked();
    recovery_ = new RecoveryFile(exploration_->document(), path, this);
    if (!recovery_->lock()) {
        statusBar()->showMessage(
            tr("Another InitScope window keeps the unsaved work; this one does not"), 10000);
        return false;
    }
    QString error;
    if (std::optional<RecoveryFile::Content> content = recovery_->read(&error)) {
        if (prompts_.restore_unsaved(this, content->display_name, content->saved_at)) {
            NetworkDocument* document = exploration_->document();
            if (std::optional<QString> reason = document->reset(
                    std::move(content->network), content->display_name, content->file_path)) {
                error = tr("The unsaved network cannot be shown: %1").arg(*reason);
            } else {
                document->undo_stack()->resetClean();  // unsaved, as it was
                statusBar()->showMessage(
                    tr("Restored the unsaved network of %1")
                        .arg(QLocale().toString(content->saved_at.toLocalTime(),
                                                QLocale::ShortFormat)),
                    20000);
            }
        } else {
            recovery_->remove();
        }
    }
    if (!error.isEmpty()) statusBar()->showMessage(error, 20000);
    recovery_->watch();
    return true;
}

bool MainWindow::on_current_tab(const ShownView& shown) const {
    const QWidget* page = tabs_->currentWidget();
    return page && (page == shown.view->widget() || page->isAncestorOf(shown.view->widget()));
}

bool MainWindow::fold_side_panels(const QString& who) {
    return SidePanelRoom::fold(findChild<QAction*>(QStringLiteral("action_side_panels")), width(),
                               statusBar(), who);
}

void MainWindow::show_side_panels() {
    if (auto* side = findChild<QAction*>(QStringLiteral("action_side_panels")))
        side->setChecked(true);
}

QWidget* MainWindow::current_plot_tab() const {
    if (QWidget* page = comparison_->current_page()) return page;
    for (const ShownView& shown : views_)
        if (on_current_tab(shown)) return shown.view->export_widget();
    return nullptr;
}

void MainWindow::network_changed() {
    const Network& network = exploration_->document()->network();
    count_label_->setText(
        tr("%1 parameters")
            .arg(QString::fromStdString(NumberFormat::grouped(network.parameter_count()))));
    if (network_panel_->current_layer() < 0 ||
        network_panel_->current_layer() >= int(network.layers.size()))
        network_panel_->select_tensor(0, TensorRole::Weight);
}

void MainWindow::result_arrived() {
    summary_progress_->stop();
    painted_edit_ns_ = -1;
    show_in_current_view();
    // An analysis tab is refreshed when the analysis of this result is shown; the Exploration
    // asks for it right after this signal.
    if (current_analysis_view() && exploration_->analysis_wanted()) {
        analysis_edit_ns_ = exploration_->edit_ns();
        return;
    }
    analysis_edit_ns_ = -1;
    measure_repaint(exploration_->edit_ns());
}

void MainWindow::analysis_arrived() {
    if (!exploration_->analysis_worker()->busy()) analysis_progress_->stop();
    show_in_current_view();
    const std::shared_ptr<const AnalysisResult> analysis = exploration_->analysis();
    if (analysis_edit_ns_ >= 0 && analysis && analysis->generation == exploration_->generation()) {
        measure_repaint(analysis_edit_ns_);
        analysis_edit_ns_ = -1;
    }
}

void MainWindow::measure_repaint(qint64 edit_ns) {
    // The plots replot in calls queued by show_summary / show_analysis; this call is queued after
    // them, so the first window update once it has run paints the new plots. The label update
    // makes sure such an update comes even when everything was painted already.
    QMetaObject::invokeMethod(
        this,
        [this, edit_ns] {
            painted_edit_ns_ = edit_ns;
            timing_label_->update();
        },
        Qt::QueuedConnection);
}

AnalysisView* MainWindow::current_analysis_view() const {
    for (const ShownView& shown : views_)
        if (on_current_tab(shown)) return shown.analysis_view;
    return nullptr;
}

void MainWindow::current_tab_changed() {
    show_in_current_view();
    exploration_->set_analysis_wanted(current_analysis_view() != nullptr);
}

void MainWindow::show_in_current_view() {
    const quint64 generation = exploration_->generation();
    if (!exploration_->summary()) return;
    const std::shared_ptr<const AnalysisResult> analysis = exploration_->analysis();
    for (ShownView& shown : views_) {
        if (!on_current_tab(shown)) continue;
        if (shown.generation != generation) {
            shown.generation = generation;
            shown.view->show_summary(exploration_->summary(), exploration_->view_options());
            shown.view->select_tensor(network_panel_->current_layer(),
                                      network_panel_->current_role());
            emit summaryShown(generation);
        }
        if (shown.analysis_view && analysis &&
            shown.analysis_serial != exploration_->analysis_serial()) {
            shown.analysis_serial = exploration_->analysis_serial();
            shown.analysis_view->show_analysis(analysis);
            emit analysisShown(analysis->generation);
        }
    }
}

void MainWindow::showEvent(QShowEvent* event) {
    QMainWindow::showEvent(event);
    if (QWindow* window = windowHandle()) window->installEventFilter(this);
    if (!sized_) {
        sized_ = true;
        fit_side_panel();
    }
}

void MainWindow::fit_side_panel() {
    SidePanelRoom::fit(main_splitter_, network_panel_->view());
}

// A window repaint arrives as QEvent::UpdateRequest: posted to this top-level widget by Qt's
// repaint manager, or (on platforms that throttle updates) to its QWindow. Either paints every
// dirty widget and flushes, so once it has been handled the new histograms are on screen.
bool MainWindow::event(QEvent* event) {
    const bool result = QMainWindow::event(event);
    if (event->type() == QEvent::UpdateRequest) finish_refresh_measurement();
    return result;
}

bool MainWindow::eventFilter(QObject* watched, QEvent* event) {
    if (event->type() == QEvent::UpdateRequest && watched == windowHandle() &&
        painted_edit_ns_ >= 0)
        QMetaObject::invokeMethod(this, &MainWindow::finish_refresh_measurement,
                                  Qt::QueuedConnection);
    return QMainWindow::eventFilter(watched, event);
}

void MainWindow::finish_refresh_measurement() {
    if (painted_edit_ns_ < 0) return;
    last_refresh_ms_ = double(NetworkDocument::clock_ns() - painted_edit_ns_) / 1e6;
    painted_edit_ns_ = -1;
    QString text = tr("refresh %1 ms (compute %2 ms")
                       .arg(last_refresh_ms_, 0, 'f', 1)
                       .arg(exploration_->compute_ms(), 0, 'f', 1);
    const std::shared_ptr<const AnalysisResult> analysis = exploration_->analysis();
    if (current_analysis_view() && analysis && analysis->generation == exploration_->generation())
        text += tr(", analysis %1 ms").arg(analysis->elapsed_ms, 0, 'f', 1);
    timing_label_->setText(text + QStringLiteral(")"));
    emit refreshPainted(last_refresh_ms_);
}

void MainWindow::update_title() {
    setWindowTitle(QStringLiteral("%1[*]%2 — InitScope")
                       .arg(exploration_->document()->display_name(), comparison_->title_note()));
    setWindowModified(exploration_->document()->is_modified());
}

void MainWindow::show_refusal(const QString& message) {
    statusBar()->showMessage(message, 10000);
    // Non-modal: an edit made by a drag or a delegate must not wait in a nested event loop.
    auto* box =
        new QMessageBox(QMessageBox::Warning, tr("InitScope"), message, QMessageBox::Ok, this);
    box->setAttribute(Qt::WA_DeleteOnClose);
    box->open();
}

void MainWindow::closeEvent(QCloseEvent* event) {
    const UserPrompts::Discard answer = files_->ask_to_save();
    if (answer == UserPrompts::Discard::Cancel) {
        event->ignore();
        return;
    }
    presenter_->set_active(false);  // the session keeps the normal window
    if (session_enabled_) SessionStore::save(*this, answer == UserPrompts::Discard::Discard);
    if (recovery_) recovery_->remove();  // a clean exit: nothing is left to recover
    event->accept();
}

}  // namespace initscope
