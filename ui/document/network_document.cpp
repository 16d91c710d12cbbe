#include "ui/document/network_document.h"

#include "core/io/config_file.h"
#include "core/model/network_validation.h"
#include "core/stats/number_format.h"
#include "ui/document/network_edit_command.h"

#include <QFileInfo>
#include <chrono>

namespace initscope {

int64_t NetworkDocument::clock_ns() {
    return std::chrono::duration_cast<std::chrono::nanoseconds>(
               std::chrono::steady_clock::now().time_since_epoch())
        .count();
}

NetworkDocument::NetworkDocument(QObject* parent) : QObject(parent) {
    connect(&undo_stack_, &QUndoStack::cleanChanged, this,
            [this](bool clean) { emit modifiedChanged(!clean); });
}

NetworkDocument::~NetworkDocument() {
    QObject::disconnect(&undo_stack_, nullptr, this, nullptr);
}

bool NetworkDocument::edit(Network after, const QString& text, const QString& merge_key) {
    const int64_t entry_ns = clock_ns();
    if (after == network_) return true;
    if (std::optional<QString> reason = validate(after)) {
        emit editRefused(text.isEmpty() ? *reason : tr("%1 refused: %2").arg(text, *reason));
        return false;
    }
    const QString key =
        merge_key.isEmpty() ? QString() : QStringLiteral("%1#%2").arg(merge_key).arg(merge_epoch_);
    // push() calls redo(), which install()s `after` and emits networkChanged().
    edit_entry_ns_ = entry_ns;
    undo_stack_.push(new NetworkEditCommand(this, network_, std::move(after), text, key));
    edit_entry_ns_ = -1;
    return true;
}

bool NetworkDocument::edit(NetworkEdits::Result edited, const QString& text,
                           const QString& merge_key) {
    if (!edited) {
        const QString reason = QString::fromStdString(edited.error);
        emit editRefused(text.isEmpty() ? reason : tr("%1 refused: %2").arg(text, reason));
        return false;
    }
    return edit(std::move(*edited.network), text, merge_key);
}

std::optional<QString> NetworkDocument::reset(Network network, const QString& name,
                                              const QString& file_path) {
    const int64_t entry_ns = clock_ns();
    if (std::optional<QString> reason = validate(network)) {
        emit editRefused(*reason);
        return reason;
    }
    network_ = std::move(network);
    undo_stack_.clear();
    undo_stack_.setClean();
    ++merge_epoch_;
    file_path_ = file_path;
    display_name_ = name.isEmpty() ? QStringLiteral("untitled.json") : name;
    change_time_ns_ = entry_ns;
    emit fileChanged();
    emit modifiedChanged(false);
    emit networkChanged();
    return std::nullopt;
}

std::optional<QString> NetworkDocument::open(const QString& path) {
    // Read without the core's validation: validate() below gives the same first problem and also
    // checks the memory need.
    ConfigFile::Result read = ConfigFile::read(path, /*validate=*/false);
    if (!read) return QString::fromStdString(read.error);
    // Checked here, not by reset(): a file that cannot be shown is reported by the return value
    // only (no editRefused), so the caller shows one message.
    if (std::optional<QString> reason = validate(*read.network))
        return QStringLiteral("%1: %2").arg(QFileInfo(path).fileName(), *reason);
    const QFileInfo info(path);
    return reset(std::move(*read.network), info.fileName(), info.absoluteFilePath());
}

std::optional<QString> NetworkDocument::save_as(const QString& path) {
    if (std::optional<std::string> error = ConfigFile::save(network_, path))
        return QString::fromStdString(*error);
    const QFileInfo info(path);
    file_path_ = info.absoluteFilePath();
    display_name_ = info.fileName();
    undo_stack_.setClean();
    emit fileChanged();
    return std::nullopt;
}

void NetworkDocument::install(const Network& network) {
    change_time_ns_ = edit_entry_ns_ >= 0 ? edit_entry_ns_ : clock_ns();
    network_ = network;
    emit networkChanged();
}

std::optional<QString> NetworkDocument::validate(const Network& network) const {
    // The size check comes first: the problems of an absurd network may be many.
    const int64_t need = MemoryBudget::peak(network).total();
    const int64_t limit = memory_budget_.limit_bytes();
    if (need > limit) {
        return tr("this network has %1 parameters and needs about %2 MiB to show, more than the "
                  "%3 MiB this machine allows; the previous network is kept")
            .arg(QString::fromStdString(NumberFormat::grouped(network.parameter_count())))
            .arg(need / (1024 * 1024))
            .arg(limit / (1024 * 1024));
    }
    const std::vector<std::string> problems = NetworkValidation::problems(network);
    if (!problems.empty()) {
        QString message = QString::fromStdString(problems.front());
        if (problems.size() > 1) message += tr(" (and %1 more)").arg(problems.size() - 1);
        return message;
    }
    return std::nullopt;
}

}  // namespace initscope
