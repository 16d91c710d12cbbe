#include "ui/weights/weights_controller.h"

#include "ui/main_window.h"
#include "ui/panels/work_progress.h"
#include "ui/presenter/presenter_mode.h"
#include "ui/weights/opened_checkpoint.h"
#include "ui/weights/weights_tab.h"
#include "ui/weights/weights_worker.h"

#include <QAction>
#include <QDropEvent>
#include <QFileInfo>
#include <QMenu>
#include <QMimeData>
#include <QShortcut>
#include <QStatusBar>
#include <QTabWidget>
#include <QTimer>
#include <QUrl>

namespace initscope {

WeightsController::WeightsController(MainWindow* window, WeightsTab* tab)
    : QObject(window),
      window_(window),
      tab_(tab),
      worker_(new WeightsWorker(this)),
      progress_(new WorkProgress(tr("weights %p%"),
                                 tr("Stop analysing the checkpoint (Esc); the tensors analysed "
                                    "so far stay"),
                                 [this] { return worker_->analysing(); })),
      open_(new QAction(tr("Open &Weights…"), this)),
      escape_(new QShortcut(QKeySequence(Qt::Key_Escape), window)) {
    progress_->setObjectName(QStringLiteral("weights_progress"));
    open_->setObjectName(QStringLiteral("action_open_weights"));
    open_->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_O));
    open_->setStatusTip(tr("Open a trained model's checkpoint: safetensors, npz, npy, pt"));
    window->addAction(open_);
    escape_->setEnabled(false);
    connect(escape_, &QShortcut::activated, this, &WeightsController::cancel);
    // In presenter mode Esc also leaves it (its action is enabled then): it keeps that meaning.
    connect(escape_, &QShortcut::activatedAmbiguously, this, [this] {
        if (PresenterMode* presenter = window_->presenter()) presenter->set_active(false);
    });
    connect(open_, &QAction::triggered, this, &WeightsController::open_dialog);
    connect(tab_, &WeightsTab::openRequested, this, &WeightsController::open_dialog);
    connect(tab_, &WeightsTab::tensorSelected, worker_, &WeightsWorker::prioritise);
    connect(progress_, &WorkProgress::cancelRequested, this, &WeightsController::cancel);

    connect(worker_, &WeightsWorker::refused, this, [this](const QString&, const QString& message) {
        window_->statusBar()->showMessage(message, 15000);
        window_->prompts().error(window_, tr("Cannot open the weights"), message);
        emit refused(message);
    });
    connect(
        worker_, &WeightsWorker::opened, this,
        [this](const QString& path, std::shared_ptr<const Checkpoint> checkpoint) {
            auto shown = std::make_unique<OpenedCheckpoint>();
            shown->path = path;
            shown->checkpoint = checkpoint;
            tab_->set_checkpoint(std::move(shown));
            worker_->analyse(checkpoint, tab_->selected_tensor());
            window_->tabs()->setCurrentWidget(tab_);
            fold_pending_ = true;  // now, or when the window is shown at its size
            fold_side_panels();
            window_->statusBar()->showMessage(
                tr("Opened %1: %2")
                    .arg(QFileInfo(path).fileName(), QString::fromStdString(checkpoint->format())),
                8000);
            emit opened(path);
        });
    connect(worker_, &WeightsWorker::analysed, tab_, &WeightsTab::tensor_analysed);
    connect(worker_, &WeightsWorker::started, progress_, &WorkProgress::start);
    connect(worker_, &WeightsWorker::started, this, &WeightsController::update_escape);
    connect(worker_, &WeightsWorker::progress, progress_, &WorkProgress::set_fraction);
    connect(worker_, &WeightsWorker::finished, progress_, &WorkProgress::stop);
    connect(worker_, &WeightsWorker::finished, tab_, &WeightsTab::refresh_overview);
    connect(worker_, &WeightsWorker::cancelled, tab_, &WeightsTab::refresh_overview);
    connect(worker_, &WeightsWorker::finished, this, &WeightsController::update_escape);
    connect(worker_, &WeightsWorker::cancelled, progress_, &WorkProgress::stop);
    connect(worker_, &WeightsWorker::cancelled, this, &WeightsController::update_escape);
    window_->statusBar()->addPermanentWidget(progress_);
    window_->setAcceptDrops(true);
    window_->installEventFilter(this);  // before the FileController's: an index.json is weights
}

void WeightsController::add_actions(QMenu* file) {
    file->addAction(open_);
}

QString WeightsController::file_filter() {
    return tr(
        "Checkpoints (*.safetensors *.safetensors.index.json *.npz *.npy *.pt *.pth);;"
        "All files (*)");
}

void WeightsController::open_dialog() {
    const QString path = window_->prompts().open_file(window_, tr("Open Weights"), file_filter());
    if (!path.isEmpty()) open(path);
}

void WeightsController::open(const QString& path) {
    window_->statusBar()->showMessage(tr("Opening %1…").arg(QFileInfo(path).fileName()));
    worker_->open(path);
}

bool WeightsController::busy() const {
    return worker_->busy();
}

void WeightsController::cancel() {
    if (!worker_->analysing()) return;
    worker_->cancel();
    window_->statusBar()->showMessage(
        tr("Analysis stopped: the tensors analysed so far keep their statistics"), 8000);
}

void WeightsController::update_escape() {
    escape_->setEnabled(worker_->analysing());
}

QString WeightsController::dropped_checkpoint(const QMimeData* mime) {
    if (!mime || !mime->hasUrls() || mime->urls().size() != 1) return {};
    const QUrl url = mime->urls().front();
    if (!url.isLocalFile()) return {};
    const QString path = url.toLocalFile();
    const QString name = QFileInfo(path).fileName().toLower();
    for (const char* ending :
         {".safetensors", ".safetensors.index.json", ".npz", ".npy", ".pt", ".pth"})
        if (name.endsWith(QLatin1String(ending))) return path;
    return {};
}

void WeightsController::fold_side_panels() {
    // Until it folds, or the Weights tab is left: the window may be shown wide and then get its
    // size (-qwindowgeometry, a window manager), or be made narrow by the user.
    if (!fold_pending_ || !window_->isVisible()) return;
    if (window_->tabs()->currentWidget() != tab_) {
        fold_pending_ = false;
        return;
    }
    if (window_->fold_side_panels(tr("The weights take"))) fold_pending_ = false;
}

bool WeightsController::eventFilter(QObject* watched, QEvent* event) {
    if (watched != window_) return QObject::eventFilter(watched, event);
    switch (event->type()) {
        case QEvent::Show:
        case QEvent::Resize:
            if (fold_pending_) QTimer::singleShot(0, this, &WeightsController::fold_side_panels);
            return false;
        case QEvent::DragEnter:
        case QEvent::DragMove: {
            auto* drag = static_cast<QDropEvent*>(event);
            if (dropped_checkpoint(drag->mimeData()).isEmpty()) return false;  // a config?
            drag->setDropAction(Qt::CopyAction);
            drag->accept();
            return true;
        }
        case QEvent::Drop: {
            auto* drop = static_cast<QDropEvent*>(event);
            const QString path = dropped_checkpoint(drop->mimeData());
            if (path.isEmpty()) return false;
            drop->setDropAction(Qt::CopyAction);
            drop->accept();
            QTimer::singleShot(0, this, [this, path] { open(path); });
            return true;
        }
        default:
            return QObject::eventFilter(watched, event);
    }
}

}  // namespace initscope
