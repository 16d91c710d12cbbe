#pragma once

#include <QByteArray>
#include <QSaveFile>
#include <QString>

#include <optional>
#include <string>

namespace initscope {

/// The one way InitScope writes a file: the new content goes to a temporary file beside the target
/// (AtomicFileWriter) and replaces it only when every byte was written and flushed, so the target is
/// either the complete new file or left exactly as it was. Qt 6.4's QSaveFile::commit() does not
/// report a short write still in its buffer, so commit() flushes first and checks that too.
///
///   AtomicFileWriter file(path);
///   if (auto reason = file.open()) ...;        // the target cannot be written
///   encoder.write(file.device());             // stream into it
///   if (auto reason = file.commit()) ...;      // nothing replaced
class AtomicFileWriter {
public:
    explicit AtomicFileWriter(const QString& path);

    /// Opens the temporary file. Returns why it cannot be opened (Qt's reason), or nullopt.
    std::optional<std::string> open();
    /// Where to stream the content; valid after a successful open().
    QFileDevice* device() { return &file_; }
    /// Appends `bytes`. Returns why not all of them were written, or nullopt.
    std::optional<std::string> write(const QByteArray& bytes);
    /// Flushes and atomically replaces the target. Returns why it failed (the target is then
    /// unchanged and the temporary file removed), or nullopt.
    std::optional<std::string> commit();
    /// Drops what was written; the target is unchanged.
    void cancel() { file_.cancelWriting(); }

    /// Writes `bytes` to `path` in one go. Returns "PATH: cannot write: REASON", or nullopt.
    static std::optional<std::string> write_file(const QString& path, const QByteArray& bytes);

private:
    std::optional<std::string> failure();
    QSaveFile file_;
};

}  // namespace initscope
