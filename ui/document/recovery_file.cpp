#include "ui/document/recovery_file.h"

#include "core/io/atomic_file_writer.h"
#include "core/io/config_file.h"
#include "ui/document/network_document.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QStandardPaths>

namespace initscope {

namespace {

const QString kFormat = QStringLiteral("initscope-recovery");
constexpr int kVersion = 1;

}  // namespace

QString RecoveryFile::default_path() {
    return QDir(QStandardPaths::writableLocation(QStandardPaths::AppDataLocation))
        .filePath(QStringLiteral("recovery.json"));
}

RecoveryFile::RecoveryFile(NetworkDocument* document, const QString& path, QObject* parent)
    : QObject(parent), document_(document), path_(path) {
    timer_.setSingleShot(true);
    timer_.setTimerType(Qt::PreciseTimer);  // a coarse timer may fire 5 % early
    timer_.setInterval(kDelayMs);
    connect(&timer_, &QTimer::timeout, this, [this] { write_now(); });
}

RecoveryFile::~RecoveryFile() = default;

bool RecoveryFile::lock() {
    if (lock_) return true;
    QDir().mkpath(QFileInfo(path_).absolutePath());
    auto lock = std::make_unique<QLockFile>(path_ + QStringLiteral(".lock"));
    // tryLock() removes a lock whose process is gone (a crash, kill -9) and takes it.
    if (!lock->tryLock(0)) return false;
    lock_ = std::move(lock);
    return true;
}

void RecoveryFile::watch() {
    if (!lock_) return;
    connect(document_, &NetworkDocument::networkChanged, this, &RecoveryFile::document_changed,
            Qt::UniqueConnection);
    connect(document_, &NetworkDocument::modifiedChanged, this, &RecoveryFile::modified_changed,
            Qt::UniqueConnection);
    if (document_->is_modified()) timer_.start();
}

void RecoveryFile::document_changed() {
    if (document_->is_modified()) timer_.start();  // restarts: a burst gives one write
}

void RecoveryFile::modified_changed(bool modified) {
    if (modified) {
        timer_.start();
    } else {
        remove();
    }
}

std::optional<QString> RecoveryFile::write_now() {
    timer_.stop();
    if (!lock_) return tr("the recovery file is in use by another InitScope window");
    QJsonObject object;
    object.insert(QStringLiteral("format"), kFormat);
    object.insert(QStringLiteral("version"), kVersion);
    object.insert(QStringLiteral("saved_at"),
                  QDateTime::currentDateTimeUtc().toString(Qt::ISODate));
    object.insert(QStringLiteral("file_path"), document_->file_path());
    object.insert(QStringLiteral("display_name"), document_->display_name());
    object.insert(QStringLiteral("config"),
                  QJsonDocument::fromJson(ConfigFile::write(document_->network())).object());
    if (std::optional<std::string> error =
            AtomicFileWriter::write_file(path_, QJsonDocument(object).toJson())) {
        const QString message = QString::fromStdString(*error);
        emit written(false, message);
        return message;
    }
    emit written(true, {});
    return std::nullopt;
}

std::optional<RecoveryFile::Content> RecoveryFile::read(QString* error) const {
    const auto fail = [&](const QString& reason) -> std::optional<Content> {
        if (error) *error = QStringLiteral("%1: %2").arg(path_, reason);
        return std::nullopt;
    };
    if (error) error->clear();
    const QFileInfo info(path_);
    if (!info.exists()) return std::nullopt;
    if (!info.isFile()) return fail(tr("not a regular file"));
    if (info.size() > kMaxBytes)
        return fail(
            tr("%1 bytes, more than a recovery file can be (%2)").arg(info.size()).arg(kMaxBytes));
    QFile file(path_);
    if (!file.open(QIODevice::ReadOnly)) return fail(file.errorString());
    QJsonParseError parse_error;
    const QJsonDocument json = QJsonDocument::fromJson(file.read(kMaxBytes), &parse_error);
    if (!json.isObject()) return fail(tr("not JSON (%1)").arg(parse_error.errorString()));
    const QJsonObject object = json.object();
    if (object.value(QStringLiteral("format")).toString() != kFormat ||
        object.value(QStringLiteral("version")).toInt() != kVersion)
        return fail(tr("not an InitScope recovery file"));
    ConfigFile::Result config =
        ConfigFile::parse(QJsonDocument(object.value(QStringLiteral("config")).toObject()).toJson(),
                          path_.toStdString(), /*validate=*/false);
    if (!config) {
        if (error) *error = QString::fromStdString(config.error);  // names path_ already
        return std::nullopt;
    }
    Content content;
    content.network = std::move(*config.network);
    content.file_path = object.value(QStringLiteral("file_path")).toString();
    content.display_name = object.value(QStringLiteral("display_name")).toString();
    content.saved_at =
        QDateTime::fromString(object.value(QStringLiteral("saved_at")).toString(), Qt::ISODate);
    if (!content.saved_at.isValid()) content.saved_at = info.lastModified();
    return content;
}

void RecoveryFile::remove() {
    timer_.stop();
    if (lock_) QFile::remove(path_);
}

}  // namespace initscope
