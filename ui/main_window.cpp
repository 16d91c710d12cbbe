#include "main_window.h"

#include "layers_tab.h"
#include "network_document.h"
#include "network_panel.h"
#include "number_format.h"
#include "overview_tab.h"
#include "preset_library.h"
#include "scheme_parameter_panel.h"
#include "summary_worker.h"
#include "theory_tab.h"

#include <QAction>
#include <QApplication>
#include <QCloseEvent>
#include <QComboBox>
#include <QFileDialog>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QMenuBar>
#include <QMessageBox>
#include <QProgressBar>
#include <QPushButton>
#include <QRandomGenerator>
#include <QRegularExpressionValidator>
#include <QScrollBar>
#include <QSplitter>
#include <QStatusBar>
#include <QTabWidget>
#include <QTableView>
#include <QTimer>
#include <QToolBar>
#include <QWindow>
#include <chrono>
#include <cmath>
#include <limits>

namespace initscope {

namespace {

/// The order the Presets menu lists the lesson's networks in; other presets follow.
const char* const kPresetOrder[] = {"course", "course_xavier", "deep_tanh", "deep_relu",
                                    "small_cnn"};
/// A refresh shorter than this shows no progress bar (it would only flicker).
constexpr int kProgressDelayMs = 150;

/// The clock NetworkDocument::change_time_ns uses.
qint64 now_ns() {
    return std::chrono::duration_cast<std::chrono::nanoseconds>(
               std::chrono::steady_clock::now().time_since_epoch())
        .count();
}

}  // namespace

MainWindow::MainWindow(QWidget* parent)
    : QMainWindow(parent),
      document_(new NetworkDocument(this)),
      worker_(new SummaryWorker(this)),
      left_splitter_(new QSplitter(Qt::Vertical)),
      main_splitter_(new QSplitter(Qt::Horizontal)),
      tabs_(new QTabWidget),
      overview_tab_(new OverviewTab),
      layers_tab_(new LayersTab),
      theory_tab_(new TheoryTab),
      last_refresh_ms_(std::numeric_limits<double>::quiet_NaN()) {
    worker_->set_memory_limit_bytes(document_->memory_limit_bytes());
    // Connected before the panels exist, so it runs first: the worker computes while the GUI
    // thread updates the table and the parameter panel.
    connect(document_, &NetworkDocument::networkChanged, this, [this] {
        edit_ns_ = document_->change_time_ns();
        request_refresh();
    });
    network_panel_ = new NetworkPanel(document_);
    parameter_panel_ = new SchemeParameterPanel(document_);

    left_splitter_->addWidget(network_panel_);
    left_splitter_->addWidget(parameter_panel_);
    left_splitter_->setStretchFactor(0, 1);
    left_splitter_->setStretchFactor(1, 1);
    left_splitter_->setChildrenCollapsible(false);
    tabs_->addTab(overview_tab_, tr("Overview"));
    tabs_->addTab(layers_tab_, tr("Layers"));
    tabs_->addTab(theory_tab_, tr("Theory vs. sample"));
    tabs_->setTabToolTip(0, tr("All weights and all biases: histograms and densities"));
    tabs_->setTabToolTip(1,
                         tr("Per layer: densities, and each tensor's histogram with its theory"));
    tabs_->setTabToolTip(2, tr("Per tensor: theoretical and sample moments, KS distance"));
    main_splitter_->addWidget(left_splitter_);
    main_splitter_->addWidget(tabs_);
    main_splitter_->setStretchFactor(0, 0);
    main_splitter_->setStretchFactor(1, 1);
    main_splitter_->setChildrenCollapsible(false);
    setCentralWidget(main_splitter_);

    build_menus();
    build_toolbar();
    build_status_bar();

    connect(document_, &NetworkDocument::networkChanged, this, &MainWindow::network_changed);
    connect(document_, &NetworkDocument::modifiedChanged, this, &MainWindow::update_title);
    connect(document_, &NetworkDocument::fileChanged, this, &MainWindow::update_title);
    connect(document_, &NetworkDocument::editRefused, this, &MainWindow::show_refusal);
    connect(network_panel_, &NetworkPanel::tensorSelected, this,
            [this](int layer, TensorRole role) {
                parameter_panel_->show_tensor(layer, role);
                theory_tab_->select_tensor(layer, role);
            });
    connect(layers_tab_, &LayersTab::tensorActivated, this, &MainWindow::tensor_activated);
    connect(theory_tab_, &TheoryTab::tensorActivated, this, &MainWindow::tensor_activated);
    connect(layers_tab_, &LayersTab::histogramOptionsChanged, this, [this] {
        edit_ns_ = now_ns();
        request_refresh();
    });
    connect(tabs_, &QTabWidget::currentChanged, this, &MainWindow::show_in_current_tab);
    connect(worker_, &SummaryWorker::finished, this, &MainWindow::result_arrived);
    connect(worker_, &SummaryWorker::failed, this, [this](quint64, const QString& message) {
        progress_delay_->stop();
        progress_bar_->hide();
        cancel_button_->hide();
        show_refusal(message);
    });
    connect(worker_, &SummaryWorker::discarded, this, [this] {
        if (worker_->busy()) return;
        progress_delay_->stop();
        progress_bar_->hide();
        cancel_button_->hide();
    });
    connect(worker_, &SummaryWorker::started, this, [this] {
        if (!progress_bar_->isVisible()) progress_delay_->start();
    });
    connect(worker_, &SummaryWorker::progress, this,
            [this](quint64, double fraction) { progress_bar_->setValue(int(fraction * 100)); });

    resize(1600, 1000);
    left_splitter_->setSizes({400, 500});
    update_title();
}

MainWindow::~MainWindow() = default;

void MainWindow::build_menus() {
    QMenu* file = menuBar()->addMenu(tr("&File"));
    file->addAction(tr("&New"), QKeySequence::New, this, &MainWindow::new_network)
        ->setStatusTip(tr("Start from a single 100 × 100 linear layer"));
    file->addAction(tr("&Open…"), QKeySequence::Open, this, &MainWindow::open_dialog)
        ->setStatusTip(tr("Open an InitScope JSON config"));
    file->addAction(tr("&Save"), QKeySequence::Save, this, &MainWindow::save);
    file->addAction(tr("Save &As…"), QKeySequence::SaveAs, this, &MainWindow::save_as_dialog);
    file->addSeparator();
    file->addAction(tr("&Quit"), QKeySequence::Quit, this, &QWidget::close);

    QMenu* edit = menuBar()->addMenu(tr("&Edit"));
    QAction* undo = document_->undo_stack()->createUndoAction(this, tr("&Undo"));
    undo->setShortcut(QKeySequence::Undo);
    QAction* redo = document_->undo_stack()->createRedoAction(this, tr("&Redo"));
    redo->setShortcut(QKeySequence::Redo);
    edit->addAction(undo);
    edit->addAction(redo);
    edit->addSeparator();
    edit->addActions(network_panel_->layer_actions());
    edit->addSeparator();
    edit->addAction(network_panel_->apply_weights_to_all_action());
    edit->addAction(network_panel_->apply_biases_to_all_action());

    QMenu* presets = menuBar()->addMenu(tr("&Presets"));
    std::vector<std::string> names(std::begin(kPresetOrder), std::end(kPresetOrder));
    for (const std::string& name : PresetLibrary::names())
        if (std::find(names.begin(), names.end(), name) == names.end()) names.push_back(name);
    const std::vector<std::string> available = PresetLibrary::names();
    for (const std::string& name : names) {
        if (std::find(available.begin(), available.end(), name) == available.end()) continue;
        const QString qname = QString::fromStdString(name);
        const QString description = QString::fromStdString(PresetLibrary::description(name));
        QAction* action = presets->addAction(
            description.isEmpty() ? qname : QStringLiteral("%1 — %2").arg(qname, description));
        action->setStatusTip(description);
        connect(action, &QAction::triggered, this, [this, qname] {
            if (!confirm_discard()) return;
            if (std::optional<QString> error = load_preset(qname)) show_refusal(*error);
        });
    }

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
    QToolBar* bar = addToolBar(tr("Sampling"));
    bar->setObjectName(QStringLiteral("sampling_toolbar"));
    bar->setMovable(false);
    bar->addWidget(new QLabel(tr(" Seed ")));
    seed_edit_ = new QLineEdit;
    // torch.manual_seed takes any 64-bit integer (negatives as two's complement); a QSpinBox is
    // 32-bit, so the seed is typed as text and checked on Enter.
    seed_edit_->setValidator(new QRegularExpressionValidator(
        QRegularExpression(QStringLiteral("-?[0-9]{0,20}")), seed_edit_));
    seed_edit_->setMaximumWidth(seed_edit_->fontMetrics().horizontalAdvance(QString(21, u'0')) +
                                16);
    seed_edit_->setToolTip(tr("torch.manual_seed: any 64-bit integer; press Enter to apply"));
    connect(seed_edit_, &QLineEdit::editingFinished, this, &MainWindow::set_seed_from_text);
    bar->addWidget(seed_edit_);
    QAction* resample = bar->addAction(tr("Resample"), this, &MainWindow::resample);
    resample->setShortcut(QKeySequence(Qt::Key_F5));
    resample->setToolTip(tr("Draw again with a new random seed (F5)"));
    bar->addSeparator();
    bar->addWidget(new QLabel(tr(" Flavour ")));
    flavour_combo_ = new QComboBox;
    flavour_combo_->addItem(QStringLiteral("fma"), int(Flavour::Fma));
    flavour_combo_->addItem(QStringLiteral("portable"), int(Flavour::Portable));
    flavour_combo_->setToolTip(
        tr("Which PyTorch CPU kernels to reproduce bit for bit: fma "
           "(x86-64 with AVX2/FMA, the usual) or portable "
           "(ATEN_CPU_CAPABILITY=default)"));
    connect(flavour_combo_, &QComboBox::activated, this, [this](int index) {
        Network next = document_->network();
        next.flavour = Flavour(flavour_combo_->itemData(index).toInt());
        document_->edit(std::move(next), tr("flavour → %1").arg(flavour_combo_->itemText(index)));
    });
    bar->addWidget(flavour_combo_);
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
        worker_->cancel();
        statusBar()->showMessage(tr("Refresh cancelled: the plots show the previous result"), 8000);
    });
    progress_delay_ = new QTimer(this);
    progress_delay_->setSingleShot(true);
    progress_delay_->setInterval(kProgressDelayMs);
    connect(progress_delay_, &QTimer::timeout, this, [this] {
        if (!worker_->busy()) return;
        progress_bar_->show();
        cancel_button_->show();
    });
    statusBar()->addPermanentWidget(progress_bar_);
    statusBar()->addPermanentWidget(cancel_button_);
    statusBar()->addPermanentWidget(count_label_);
    statusBar()->addPermanentWidget(timing_label_);
}

std::optional<QString> MainWindow::load_preset(const QString& name) {
    ConfigFile::Result preset = PresetLibrary::load(name.toStdString());
    if (!preset) return QString::fromStdString(preset.error);
    return document_->reset(std::move(*preset.network), name + QStringLiteral(".json"));
}

std::optional<QString> MainWindow::open_file(const QString& path) {
    return document_->open(path);
}

void MainWindow::network_changed() {
    const Network& network = document_->network();
    const QString seed = QString::number(qint64(network.seed));
    if (seed_edit_->text() != seed && !seed_edit_->hasFocus()) seed_edit_->setText(seed);
    flavour_combo_->setCurrentIndex(flavour_combo_->findData(int(network.flavour)));
    count_label_->setText(
        tr("%1 parameters")
            .arg(QString::fromStdString(NumberFormat::grouped(network.parameter_count()))));
    if (network_panel_->current_layer() < 0 ||
        network_panel_->current_layer() >= int(network.layers.size()))
        network_panel_->select_tensor(0, TensorRole::Weight);
}

void MainWindow::request_refresh() {
    const quint64 generation =
        worker_->request(document_->network(), layers_tab_->histogram_options());
    request_edit_ns_.insert(generation, edit_ns_);
}

void MainWindow::result_arrived(const SummaryResult& result) {
    progress_delay_->stop();
    progress_bar_->hide();
    cancel_button_->hide();
    summary_ = result.summary;
    parameters_ = result.parameters;
    summary_generation_ = result.generation;
    compute_ms_ = result.elapsed_ms;
    const qint64 edit_ns = request_edit_ns_.value(result.generation, now_ns());
    // Older generations can no longer arrive (the worker drops them).
    for (auto it = request_edit_ns_.begin(); it != request_edit_ns_.end();)
        it = it.key() <= result.generation ? request_edit_ns_.erase(it) : std::next(it);
    painted_edit_ns_ = -1;
    show_in_current_tab();
    // The plots replot in calls queued by show_summary; this call is queued after them, so the
    // first window update once it has run paints the new histograms. The label update makes sure
    // such an update comes even when everything was painted already.
    QMetaObject::invokeMethod(
        this,
        [this, edit_ns] {
            painted_edit_ns_ = edit_ns;
            timing_label_->update();
        },
        Qt::QueuedConnection);
}

void MainWindow::show_in_current_tab() {
    const int index = tabs_->currentIndex();
    if (index < 0 || index >= 3 || !summary_ || shown_generation_[index] == summary_generation_)
        return;
    shown_generation_[index] = summary_generation_;
    if (index == 0) overview_tab_->show_summary(summary_);
    if (index == 1) layers_tab_->show_summary(summary_);
    if (index == 2) {
        theory_tab_->show_summary(summary_);
        theory_tab_->select_tensor(network_panel_->current_layer(), network_panel_->current_role());
    }
    emit summaryShown(summary_generation_);
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
    last_refresh_ms_ = double(now_ns() - painted_edit_ns_) / 1e6;
    painted_edit_ns_ = -1;
    timing_label_->setText(tr("refresh %1 ms (compute %2 ms)")
                               .arg(last_refresh_ms_, 0, 'f', 1)
                               .arg(compute_ms_, 0, 'f', 1));
    emit refreshPainted(last_refresh_ms_);
}

void MainWindow::update_title() {
    setWindowTitle(QStringLiteral("%1[*] — InitScope").arg(document_->display_name()));
    setWindowModified(document_->is_modified());
}

void MainWindow::show_refusal(const QString& message) {
    statusBar()->showMessage(message, 10000);
    // Non-modal: an edit made by a drag or a delegate must not wait in a nested event loop.
    auto* box =
        new QMessageBox(QMessageBox::Warning, tr("InitScope"), message, QMessageBox::Ok, this);
    box->setAttribute(Qt::WA_DeleteOnClose);
    box->open();
}

void MainWindow::tensor_activated(int layer, TensorRole role) {
    network_panel_->select_tensor(layer, role);
}

void MainWindow::set_seed_from_text() {
    const QString text = seed_edit_->text().trimmed();
    bool ok = false;
    uint64_t seed = 0;
    if (text.startsWith(u'-')) {
        seed = uint64_t(text.toLongLong(&ok));  // two's complement, as torch.manual_seed
    } else {
        seed = text.toULongLong(&ok);
    }
    if (!ok) {
        show_refusal(tr("seed: expected an integer in [−2^63, 2^64 − 1], got \"%1\"").arg(text));
        seed_edit_->setText(QString::number(qint64(document_->network().seed)));
        return;
    }
    Network next = document_->network();
    next.seed = seed;
    document_->edit(std::move(next), tr("seed → %1").arg(text));
}

void MainWindow::resample() {
    Network next = document_->network();
    // The UI may pick seeds at random; the core stays deterministic for a given seed. 32 bits keep
    // the number short enough to read out in class.
    const quint32 seed = QRandomGenerator::global()->generate();
    next.seed = seed;
    document_->edit(std::move(next), tr("resample (seed %1)").arg(seed));
}

bool MainWindow::confirm_discard() {
    if (!document_->is_modified()) return true;
    const auto answer = QMessageBox::question(
        this, tr("Unsaved changes"),
        tr("%1 has unsaved changes. Save them first?").arg(document_->display_name()),
        QMessageBox::Save | QMessageBox::Discard | QMessageBox::Cancel, QMessageBox::Save);
    if (answer == QMessageBox::Save) return save();
    return answer == QMessageBox::Discard;
}

void MainWindow::new_network() {
    if (!confirm_discard()) return;
    Network network;
    Layer layer;
    layer.name = "fc1";
    layer.in = layer.out = 100;
    network.layers.push_back(layer);
    document_->reset(std::move(network), QStringLiteral("untitled.json"));
}

void MainWindow::open_dialog() {
    if (!confirm_discard()) return;
    const QString path = QFileDialog::getOpenFileName(
        this, tr("Open network"), {}, tr("InitScope config (*.json);;All files (*)"));
    if (path.isEmpty()) return;
    if (std::optional<QString> error = open_file(path)) show_refusal(*error);
}

bool MainWindow::save() {
    if (document_->file_path().isEmpty()) return save_as_dialog();
    if (std::optional<QString> error = document_->save_as(document_->file_path())) {
        show_refusal(*error);
        return false;
    }
    statusBar()->showMessage(tr("Saved %1").arg(document_->file_path()), 5000);
    return true;
}

bool MainWindow::save_as_dialog() {
    const QString path = QFileDialog::getSaveFileName(
        this, tr("Save network as"), document_->display_name(), tr("InitScope config (*.json)"));
    if (path.isEmpty()) return false;
    if (std::optional<QString> error = document_->save_as(path)) {
        show_refusal(*error);
        return false;
    }
    statusBar()->showMessage(tr("Saved %1").arg(path), 5000);
    return true;
}

void MainWindow::closeEvent(QCloseEvent* event) {
    if (confirm_discard())
        event->accept();
    else
        event->ignore();
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
