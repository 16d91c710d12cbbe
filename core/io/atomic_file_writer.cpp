#include "core/io/atomic_file_writer.h"

namespace initscope {

AtomicFileWriter::AtomicFileWriter(const QString& path) : file_(path) {}

std::optional<std::string> AtomicFileWriter::failure() {
    std::string reason = file_.errorString().toStdString();
    if (reason.empty()) reason = "unknown error";
    file_.cancelWriting();
    return reason;
}

std::optional<std::string> AtomicFileWriter::open() {
    if (!file_.open(QIODevice::WriteOnly)) return failure();
    return std::nullopt;
}

std::optional<std::string> AtomicFileWriter::write(const QByteArray& bytes) {
    if (file_.write(bytes) != bytes.size()) return failure();
    return std::nullopt;
}

std::optional<std::string> AtomicFileWriter::commit() {
    if (!file_.flush()) return failure();
    if (!file_.commit()) {
        std::string reason = file_.errorString().toStdString();
        return reason.empty() ? std::string("unknown error") : reason;
    }
    return std::nullopt;
}

std::optional<std::string> AtomicFileWriter::write_file(const QString& path,
                                                        const QByteArray& bytes) {
    AtomicFileWriter file(path);
    std::optional<std::string> reason = file.open();
    if (!reason) reason = file.write(bytes);
    if (!reason) reason = file.commit();
    if (reason) return path.toStdString() + ": cannot write: " + *reason;
    return std::nullopt;
}

}  // namespace initscope
