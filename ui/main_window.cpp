#include "ui/main_window.h"

#include "core/stats/number_format.h"
#include "ui/document/exploration.h"
#include "ui/document/file_controller.h"
#include "ui/document/network_document.h"
#include "ui/document/recovery_file.h"
#include "ui/document/session_store.h"
#include "ui/document/summary_worker.h"
#include "ui/export/data_export_controller.h"
#include "ui/panels/network_panel.h"
#include "ui/panels/sampling_toolbar.h"
#include "ui/panels/scheme_parameter_panel.h"
#include "ui/plots/plot_context_menu.h"
#include "ui/tabs/layers_tab.h"
#include "ui/tabs/overview_tab.h"
#include "ui/tabs/theory_tab.h"

#include <QAction>
#include <QApplication>
#include <QCloseEvent>
#include <QHeaderView>
#include <QLabel>
#include <QLocale>
#include <QMenuBar>
#include <QMessageBox>
#include <QProgressBar>
#include <QPushButton>
#include <QScrollBar>
#include <QSplitter>
#include <QStatusBar>
#include <QTabWidget>
#include <QTableView>
#include <QTimer>
#include <QWindow>
#include <algorithm>
#include <cmath>
#include <limits>

namespace initscope {

namespace {

/// A refresh shorter than this shows no progress bar (it would only flicker).
constexpr int kProgressDelayMs = 150;

}  // namespace

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
    for (SummaryView* view : std::initializer_list<SummaryView*>{overview, layers, theory})
        add_view(view);
    main_splitter_->addWidget(left_splitter_);
    main_splitter_->addWidget(tabs_);
    main_splitter_->setStretchFactor(0, 0);
    main_splitter_->setStretchFactor(1, 1);
    main_splitter_->setChildrenCollapsible(false);
    setCentralWidget(main_splitter_);
    files_ = new FileController(this, document, &prompts_);
    data_export_ = new DataExportController(this, exploration_, &prompts_);
    connect(files_, &FileController::saved, this, [this] {
        if (session_enabled_) SessionStore::save(*this);
    });

    build_menus();
    build_toolbar();
    build_status_bar();

    connect(document, &NetworkDocument::networkChanged, this, &MainWindow::network_changed);
    connect(document, &NetworkDocument::modifiedChanged, this, &MainWindow::update_title);
    connect(document, &NetworkDocument::fileChanged, this, &MainWindow::update_title);
    connect(document, &NetworkDocument::editRefused, this, &MainWindow::show_refusal);
    connect(network_panel_, &NetworkPanel::tensorSelected, this,
            [this](int layer, TensorRole role) {
                parameter_panel_->show_tensor(layer, role);
                for (const ShownView& shown : views_) shown.view->select_tensor(layer, role);
            });
    connect(layers, &LayersTab::tensorActivated, network_panel_, &NetworkPanel::select_tensor);
    connect(theory, &TheoryTab::tensorActivated, network_panel_, &NetworkPanel::select_tensor);
    connect(layers, &LayersTab::histogramOptionsChanged, exploration_,
            &Exploration::set_histogram_options);
    connect(layers, &LayersTab::scaleChanged, exploration_, &Exploration::set_scale);
    connect(tabs_, &QTabWidget::currentChanged, this, &MainWindow::show_in_current_view);
    connect(exploration_, &Exploration::resultArrived, this, &MainWindow::result_arrived);
    connect(worker, &SummaryWorker::failed, this, [this](quint64, const QString& message) {
        hide_progress();
        show_refusal(message);
        emit refreshFailed(message);
    });
    connect(worker, &SummaryWorker::discarded, this, [this] {
        if (exploration_->worker()->busy()) return;
        hide_progress();
    });
    connect(worker, &SummaryWorker::started, this, [this] {
        if (!progress_bar_->isVisible()) progress_delay_->start();
    });
    connect(worker, &SummaryWorker::progress, this,
            [this](quint64, double fraction) { progress_bar_->setValue(int(fraction * 100)); });

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
    views_.push_back({view});
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
    file->addSeparator();
    file->addAction(export_tab);
    data_export_->add_export_menu(file);
    file->addSeparator();
    file->addAction(tr("&Quit"), QKeySequence::Quit, this, &QWidget::close);

    QMenu* edit = menuBar()->addMenu(tr("&Edit"));
    QAction* undo = exploration_->document()->undo_stack()->createUndoAction(this, tr("&Undo"));
    undo->setShortcut(QKeySequence::Undo);
    QAction* redo = exploration_->document()->undo_stack()->createRedoAction(this, tr("&Redo"));
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
    side->setCheckable(true);
    side->setChecked(true);
    side->setShortcut(QKeySequence(Qt::Key_F9));
    connect(side, &QAction::toggled, left_splitter_, &QWidget::setVisible);

    QMenu* help = menuBar()->addMenu(tr("&Help"));
    help->addAction(tr("&About InitScope"), this, &MainWindow::about);
    help->addAction(tr("About &Qt"), qApp, &QApplication::aboutQt);
}

void MainWindow::build_toolbar() {
    auto* bar = new SamplingToolbar(exploration_->document(), this);
    connect(bar, &SamplingToolbar::refused, this, &MainWindow::show_refusal);
    addToolBar(bar);
    bar->addSeparator();
    bar->addAction(findChild<QAction*>(QStringLiteral("action_export_tab")));
}

void MainWindow::build_status_bar() {
    count_label_ = new QLabel;
    timing_label_ = new QLabel;
    timing_label_->setToolTip(
        tr("Edit → finished repaint of the visible plots, and the "
           "materialize + summarize time on the worker thread"));
    progress_bar_ = new QProgressBar;
    progress_bar_->setRange(0, 100);
    progress_bar_->setMaximumWidth(220);
    progress_bar_->hide();
    cancel_button_ = new QPushButton(tr("Cancel"));
    cancel_button_->setToolTip(tr("Stop computing; the plots keep the previous result"));
    cancel_button_->hide();
    connect(cancel_button_, &QPushButton::clicked, this, [this] {
        exploration_->worker()->cancel();
        statusBar()->showMessage(tr("Refresh cancelled: the plots show the previous result"), 8000);
    });
    progress_delay_ = new QTimer(this);
    progress_delay_->setSingleShot(true);
    progress_delay_->setInterval(kProgressDelayMs);
    connect(progress_delay_, &QTimer::timeout, this, [this] {
        if (!exploration_->worker()->busy()) return;
        progress_bar_->show();
        cancel_button_->show();
    });
    statusBar()->addPermanentWidget(progress_bar_);
    statusBar()->addPermanentWidget(cancel_button_);
    statusBar()->addPermanentWidget(count_label_);
    statusBar()->addPermanentWidget(timing_label_);
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

QWidget* MainWindow::current_plot_tab() const {
    for (const ShownView& shown : views_)
        if (shown.view->widget() == tabs_->currentWidget()) return shown.view->export_widget();
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
    hide_progress();
    painted_edit_ns_ = -1;
    show_in_current_view();
    // The plots replot in calls queued by show_summary; this call is queued after them, so the
    // first window update once it has run paints the new histograms. The label update makes sure
    // such an update comes even when everything was painted already.
    QMetaObject::invokeMethod(
        this,
        [this, edit_ns = exploration_->edit_ns()] {
            painted_edit_ns_ = edit_ns;
            timing_label_->update();
        },
        Qt::QueuedConnection);
}

void MainWindow::hide_progress() {
    progress_delay_->stop();
    progress_bar_->hide();
    cancel_button_->hide();
}

void MainWindow::show_in_current_view() {
    const quint64 generation = exploration_->generation();
    if (!exploration_->summary()) return;
    for (ShownView& shown : views_) {
        if (shown.view->widget() != tabs_->currentWidget() || shown.generation == generation)
            continue;
        shown.generation = generation;
        shown.view->show_summary(exploration_->summary(), exploration_->view_options());
        shown.view->select_tensor(network_panel_->current_layer(), network_panel_->current_role());
        emit summaryShown(generation);
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
    // The whole table when it fits in 40 % of the window; the plots keep the rest.
    QTableView* view = network_panel_->view();
    const int table = view->verticalHeader()->width() + view->horizontalHeader()->length() +
                      2 * view->frameWidth() + view->verticalScrollBar()->sizeHint().width();
    const int total = main_splitter_->width();
    const int left = std::clamp(table, std::min(480, total / 3), total * 2 / 5);
    main_splitter_->setSizes({left, total - left});
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
    timing_label_->setText(tr("refresh %1 ms (compute %2 ms)")
                               .arg(last_refresh_ms_, 0, 'f', 1)
                               .arg(exploration_->compute_ms(), 0, 'f', 1));
    emit refreshPainted(last_refresh_ms_);
}

void MainWindow::update_title() {
    setWindowTitle(
        QStringLiteral("%1[*] — InitScope").arg(exploration_->document()->display_name()));
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
    if (session_enabled_) SessionStore::save(*this, answer == UserPrompts::Discard::Discard);
    if (recovery_) recovery_->remove();  // a clean exit: nothing is left to recover
    event->accept();
}

void MainWindow::about() {
    QMessageBox::about(
        this, tr("About InitScope"),
        tr("<h3>InitScope %1</h3>"
           "<p>See and teach how neural-network weights are initialized: pick a scheme per "
           "layer and watch every weight and bias histogram, with its theory, follow at once.</p>"
           "<p>The tensors are drawn exactly as PyTorch draws them (same generator, same "
           "kernels), so a seed here gives the numbers <code>torch.manual_seed</code> gives.</p>"
           "<p>Built with Qt %2, QCustomPlot and Eigen.</p>")
            .arg(QStringLiteral(INITSCOPE_VERSION), QString::fromLatin1(qVersion())));
}

}  // namespace initscope
