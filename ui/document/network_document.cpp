#include "ui/document/network_document.h"

#include "core/io/config_file.h"
#include "core/stats/number_format.h"
#include "ui/document/network_edit_command.h"

#include <unistd.h>
#include <QFileInfo>
#include <chrono>
#include <limits>

namespace initscope {

namespace {

constexpr int64_t kInt64Max = std::numeric_limits<int64_t>::max();

/// Network::parameter_count, saturating at INT64_MAX for absurd sizes typed into a cell.
int64_t saturated_parameter_count(const Network& network) {
    int64_t count = 0;
    for (const Layer& layer : network.layers) {
        const int64_t n = layer.parameter_count();  // saturates too
        count = n > kInt64Max - count ? kInt64Max : count + n;
    }
    return count;
}

}  // namespace

int64_t NetworkDocument::clock_ns() {
    return std::chrono::duration_cast<std::chrono::nanoseconds>(
               std::chrono::steady_clock::now().time_since_epoch())
        .count();
}

NetworkDocument::NetworkDocument(QObject* parent)
    : QObject(parent), memory_limit_bytes_(default_memory_limit_bytes()) {
    connect(&undo_stack_, &QUndoStack::cleanChanged, this,
            [this](bool clean) { emit modifiedChanged(!clean); });
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
    // The size check comes first: problems() of an absurd network may be many.
    const int64_t need = estimated_bytes(network);
    if (need > memory_limit_bytes_) {
        return tr("this network has %1 parameters and needs about %2 MiB to show, more than the "
                  "%3 MiB this machine allows; the previous network is kept")
            .arg(QString::fromStdString(NumberFormat::grouped(saturated_parameter_count(network))))
            .arg(need / (1024 * 1024))
            .arg(memory_limit_bytes_ / (1024 * 1024));
    }
    const std::vector<std::string> problems = network.problems();
    if (!problems.empty()) {
        QString message = QString::fromStdString(problems.front());
        if (problems.size() > 1) message += tr(" (and %1 more)").arg(problems.size() - 1);
        return message;
    }
    return std::nullopt;
}

int64_t NetworkDocument::estimated_bytes(const Network& network) {
    const int64_t count = saturated_parameter_count(network);
    constexpr int64_t kBytesPerParameter = 2 * static_cast<int64_t>(sizeof(float));
    return count > kInt64Max / kBytesPerParameter ? kInt64Max : count * kBytesPerParameter;
}

int64_t NetworkDocument::default_memory_limit_bytes() {
    const long pages = sysconf(_SC_PHYS_PAGES);
    const long page_size = sysconf(_SC_PAGE_SIZE);
    if (pages <= 0 || page_size <= 0) return int64_t{4} << 30;
    return static_cast<int64_t>(pages) * page_size / 2;
}

}  // namespace initscope
