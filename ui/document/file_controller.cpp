#include "ui/document/file_controller.h"

#include "core/io/preset_library.h"
#include "ui/document/network_document.h"
#include "ui/document/recent_files.h"

#include <QAction>
#include <QDragEnterEvent>
#include <QDropEvent>
#include <QFileInfo>
#include <QMainWindow>
#include <QMenu>
#include <QMimeData>
#include <QRegularExpression>
#include <QStatusBar>
#include <QTimer>
#include <QUrl>
#include <algorithm>

namespace initscope {

namespace {

/// The order the Presets menu lists the lesson's networks in; other presets follow.
const char* const kPresetOrder[] = {"course", "course_xavier", "deep_tanh", "deep_relu",
                                    "small_cnn"};

/// The longest short title a Presets entry shows (the description is in its tooltip).
constexpr qsizetype kShortTitleLength = 64;

/// A preset's short title, from its description: the words before the first colon or full stop,
/// without parenthesized details ("Ten 500-unit ReLU layers with kaiming_normal_ weights"), cut
/// at a word to kShortTitleLength characters.
QString short_title(const QString& description) {
    QString title = description;
    const qsizetype end = title.indexOf(QRegularExpression(QStringLiteral("[:.](\\s|$)")));
    if (end >= 0) title.truncate(end);
    title.remove(QRegularExpression(QStringLiteral("\\s*\\([^)]*\\)")));
    title = title.simplified();
    if (title.size() > kShortTitleLength) {
        title.truncate(title.lastIndexOf(QLatin1Char(' '), kShortTitleLength - 1));
        title += QStringLiteral("…");
    }
    return title;
}

const char* const kConfigFilter =
    QT_TRANSLATE_NOOP("FileController", "InitScope config (*.json);;All files (*)");

}  // namespace

FileController::FileController(QMainWindow* window, NetworkDocument* document,
                               const UserPrompts* prompts)
    : QObject(window),
      window_(window),
      document_(document),
      prompts_(prompts),
      recent_(new RecentFiles(this)),
      new_(new QAction(tr("&New"), this)),
      open_(new QAction(tr("&Open…"), this)),
      save_(new QAction(tr("&Save"), this)),
      save_as_(new QAction(tr("Save &As…"), this)) {
    new_->setObjectName(QStringLiteral("action_new"));
    new_->setShortcut(QKeySequence::New);
    new_->setStatusTip(tr("Start from a single 100 × 100 linear layer"));
    open_->setObjectName(QStringLiteral("action_open"));
    open_->setShortcut(QKeySequence::Open);
    open_->setStatusTip(tr("Open an InitScope JSON config"));
    save_->setObjectName(QStringLiteral("action_save"));
    save_->setShortcut(QKeySequence::Save);
    save_->setStatusTip(tr("Write the network to its JSON config"));
    save_as_->setObjectName(QStringLiteral("action_save_as"));
    // QKeySequence::SaveAs is empty on some platforms (plain X11); Ctrl+Shift+S everywhere.
    save_as_->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_S));
    save_as_->setStatusTip(tr("Write the network to a new JSON config"));
    connect(new_, &QAction::triggered, this, &FileController::new_network);
    connect(open_, &QAction::triggered, this, &FileController::open_dialog);
    connect(save_, &QAction::triggered, this, &FileController::save);
    connect(save_as_, &QAction::triggered, this, &FileController::save_as_dialog);
    connect(recent_, &RecentFiles::fileChosen, this, &FileController::open_recent);
    window_->setAcceptDrops(true);
    window_->installEventFilter(this);
}

void FileController::add_actions(QMenu* menu) {
    menu->addAction(new_);
    menu->addAction(open_);
    QMenu* recent = menu->addMenu(tr("Open &Recent"));
    recent->setObjectName(QStringLiteral("menu_recent"));
    recent_->set_menu(recent);
    menu->addSeparator();
    menu->addAction(save_);
    menu->addAction(save_as_);
}

void FileController::add_preset_actions(QMenu* menu) {
    menu->setToolTipsVisible(true);
    std::vector<std::string> names(std::begin(kPresetOrder), std::end(kPresetOrder));
    for (const std::string& name : PresetLibrary::names())
        if (std::find(names.begin(), names.end(), name) == names.end()) names.push_back(name);
    const std::vector<std::string> available = PresetLibrary::names();
    for (const std::string& name : names) {
        if (std::find(available.begin(), available.end(), name) == available.end()) continue;
        const QString qname = QString::fromStdString(name);
        const QString description = QString::fromStdString(PresetLibrary::description(name));
        // Short entries (a long one is cut at 1024 px); the whole description as the tips.
        QAction* action = menu->addAction(
            description.isEmpty() ? qname
                                  : QStringLiteral("%1 — %2").arg(qname, short_title(description)));
        action->setObjectName(QStringLiteral("action_preset_") + qname);
        action->setStatusTip(description);
        action->setToolTip(description);
        connect(action, &QAction::triggered, this, [this, qname] {
            if (!confirm_discard()) return;
            if (std::optional<QString> error = load_preset(qname))
                show_error(tr("Cannot load the preset"), *error);
        });
    }
}

std::optional<QString> FileController::load_preset(const QString& name) {
    return load_preset_into(document_, name);
}

std::optional<QString> FileController::load_preset_into(NetworkDocument* document,
                                                        const QString& name) {
    ConfigFile::Result preset = PresetLibrary::load(name.toStdString());
    if (!preset) return QString::fromStdString(preset.error);
    if (std::optional<QString> reason = document->validate(*preset.network)) return reason;
    return document->reset(std::move(*preset.network), name + QStringLiteral(".json"));
}

QString FileController::config_filter() {
    return tr(kConfigFilter);
}

UserPrompts::Discard FileController::ask_to_save() {
    using Discard = UserPrompts::Discard;
    if (!document_->is_modified()) return Discard::Discard;
    const Discard answer = prompts_->ask_discard(window_, document_->display_name());
    if (answer == Discard::Save) return save() ? Discard::Save : Discard::Cancel;
    return answer;
}

void FileController::new_network() {
    if (!confirm_discard()) return;
    Network network;
    Layer layer;
    layer.name = "fc1";
    layer.in = layer.out = 100;
    network.layers.push_back(layer);
    document_->reset(std::move(network), QStringLiteral("untitled.json"));
}

void FileController::open_dialog() {
    if (!confirm_discard()) return;
    const QString path = prompts_->open_file(window_, tr("Open network"), tr(kConfigFilter));
    if (path.isEmpty()) return;
    if (std::optional<QString> error = open_path(path))
        show_error(tr("Cannot open the network"), *error);
}

bool FileController::open_with_question(const QString& path) {
    if (!confirm_discard()) return false;
    if (std::optional<QString> error = open_path(path)) {
        show_error(tr("Cannot open the network"), *error);
        return false;
    }
    return true;
}

std::optional<QString> FileController::open_path(const QString& path) {
    if (std::optional<QString> error = document_->open(path)) return error;
    recent_->add(document_->file_path());
    show_status(tr("Opened %1").arg(document_->file_path()));
    return std::nullopt;
}

void FileController::open_recent(const QString& path) {
    if (!QFileInfo(path).isFile()) {
        recent_->remove(path);
        show_error(tr("File not found"),
                   tr("%1 no longer exists; it was removed from the recent files.").arg(path));
        return;
    }
    open_with_question(path);
}

bool FileController::save() {
    if (document_->file_path().isEmpty()) return save_as_dialog();
    return save_to(document_->file_path());
}

bool FileController::save_as_dialog() {
    const QString suggested =
        document_->file_path().isEmpty() ? document_->display_name() : document_->file_path();
    QString path = prompts_->save_file(window_, tr("Save network as"), suggested,
                                       tr("InitScope config (*.json)"));
    if (path.isEmpty()) return false;
    if (QFileInfo(path).suffix().isEmpty()) path += QStringLiteral(".json");
    return save_to(path);
}

bool FileController::save_to(const QString& path) {
    if (std::optional<QString> error = document_->save_as(path)) {
        show_error(tr("Cannot save the network"), *error);
        return false;
    }
    recent_->add(document_->file_path());
    show_status(tr("Saved %1").arg(document_->file_path()));
    emit saved(document_->file_path());
    return true;
}

QString FileController::dropped_config(const QMimeData* mime) {
    if (!mime || !mime->hasUrls() || mime->urls().size() != 1) return {};
    const QUrl url = mime->urls().front();
    if (!url.isLocalFile()) return {};
    const QString path = url.toLocalFile();
    if (QFileInfo(path).suffix().compare(QStringLiteral("json"), Qt::CaseInsensitive) != 0)
        return {};
    return path;
}

bool FileController::eventFilter(QObject* watched, QEvent* event) {
    if (watched != window_) return QObject::eventFilter(watched, event);
    switch (event->type()) {
        case QEvent::DragEnter:
        case QEvent::DragMove: {
            auto* drag = static_cast<QDropEvent*>(event);
            if (dropped_config(drag->mimeData()).isEmpty()) {
                drag->ignore();
            } else {
                drag->setDropAction(Qt::CopyAction);
                drag->accept();
            }
            return true;
        }
        case QEvent::Drop: {
            auto* drop = static_cast<QDropEvent*>(event);
            const QString path = dropped_config(drop->mimeData());
            if (path.isEmpty()) {
                drop->ignore();
                return true;
            }
            drop->setDropAction(Qt::CopyAction);
            drop->accept();
            QTimer::singleShot(0, this, [this, path] { open_with_question(path); });
            return true;
        }
        default:
            return QObject::eventFilter(watched, event);
    }
}

void FileController::show_error(const QString& title, const QString& message) {
    show_status(message);
    prompts_->error(window_, title, message);
}

void FileController::show_status(const QString& message) {
    window_->statusBar()->showMessage(message, 10000);
}

}  // namespace initscope
