#include "core/io/output_batch.h"

#include "core/io/atomic_file_writer.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>

#include <cerrno>
#include <cstdio>
#include <cstring>

namespace initscope {

namespace {

/// ".<name>.<pid>.staged" beside `target`.
QString staging_path(const QString& target) {
    const QFileInfo info(target);
    return info.dir().filePath(QStringLiteral(".%1.%2.staged")
                                   .arg(info.fileName())
                                   .arg(QCoreApplication::applicationPid()));
}

}  // namespace

OutputBatch::~OutputBatch() {
    for (const Staged& file : staged_) QFile::remove(file.staging);
}

std::optional<std::string> OutputBatch::write(const QString& path, const Writer& write) {
    const QString staging = staging_path(path);
    AtomicFileWriter file(staging);
    std::optional<std::string> reason = file.open();
    if (!reason) {
        reason = write(*file.device());
        if (reason)
            file.cancel();
        else
            reason = file.commit();
    }
    if (reason) return path.toStdString() + ": cannot write: " + *reason;
    if (QFileInfo::exists(path)) QFile::setPermissions(staging, QFile::permissions(path));
    staged_.push_back({staging, path});
    return std::nullopt;
}

std::optional<std::string> OutputBatch::write(const QString& path, const QByteArray& bytes) {
    return write(path, [&bytes](QIODevice& device) -> std::optional<std::string> {
        if (device.write(bytes) != bytes.size()) return device.errorString().toStdString();
        return std::nullopt;
    });
}

std::optional<std::string> OutputBatch::commit() {
    while (!staged_.empty()) {
        const Staged file = staged_.front();
        // std::rename replaces the target atomically (QFile::rename refuses an existing one).
        if (std::rename(QFile::encodeName(file.staging).constData(),
                        QFile::encodeName(file.target).constData()) != 0)
            return file.target.toStdString() + ": cannot replace: " + std::strerror(errno);
        staged_.erase(staged_.begin());
    }
    return std::nullopt;
}

}  // namespace initscope
