#include "core/io/bounded_file_reader.h"

#include <QFile>
#include <QFileInfo>

namespace initscope {

std::string BoundedFileReader::size_text(int64_t bytes) {
    if (bytes >= (int64_t(1) << 20) && bytes % (int64_t(1) << 20) == 0)
        return std::to_string(bytes >> 20) + " MiB";
    if (bytes >= 1024 && bytes % 1024 == 0) return std::to_string(bytes >> 10) + " KiB";
    return std::to_string(bytes) + " bytes";
}

std::optional<QByteArray> BoundedFileReader::read(const QString& path, int64_t max_bytes,
                                                  std::string* error) {
    const auto fail = [&](const std::string& reason) -> std::optional<QByteArray> {
        if (error) *error = path.toStdString() + ": " + reason;
        return std::nullopt;
    };
    if (path.isEmpty()) return fail("the path is empty");
    const QFileInfo info(path);
    if (!info.exists()) return fail("cannot open: No such file or directory");
    if (info.isDir()) return fail("cannot open: it is a directory");
    // QFileInfo::isFile() is true for regular files only (after following links): FIFOs, sockets
    // and devices are refused here, before open() could block on them.
    if (!info.isFile()) return fail("cannot open: not a regular file (a device, pipe or socket)");
    if (info.size() > max_bytes)
        return fail("the file is too large (" + std::to_string(info.size()) + " bytes; at most " +
                    size_text(max_bytes) + ")");
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return fail("cannot open: " + file.errorString().toStdString());
    QByteArray bytes = file.read(max_bytes + 1);
    if (file.error() != QFileDevice::NoError)
        return fail("cannot read: " + file.errorString().toStdString());
    if (bytes.size() > max_bytes)
        return fail("the file is too large (more than " + size_text(max_bytes) + ")");
    return bytes;
}

}  // namespace initscope
