#include "core/io/output_path.h"

#include "core/model/quoted_text.h"

#include <QDir>
#include <QFileInfo>

#include <initializer_list>
#include <string_view>

namespace initscope {

namespace {

/// The pieces one after the other (appending, which also keeps GCC 12's -Wrestrict quiet).
std::string concat(std::initializer_list<std::string_view> pieces) {
    std::string s;
    for (std::string_view piece : pieces) s += piece;
    return s;
}

}  // namespace

std::optional<std::string> OutputPath::directory_problem(const QString& directory) {
    if (directory.isEmpty()) return std::string("the path is empty");
    const std::string path = QuotedText::escaped(directory.toStdString());
    const QFileInfo info(directory);
    if (info.exists()) {
        if (!info.isDir()) return concat({"'", path, "' exists and is not a directory"});
        if (!info.isWritable()) return concat({"'", path, "' is not writable"});
        return std::nullopt;
    }
    // The nearest existing ancestor must be a writable directory (mkpath creates the rest).
    QString ancestor = info.absoluteFilePath();
    while (!QFileInfo::exists(ancestor) && QFileInfo(ancestor).absolutePath() != ancestor)
        ancestor = QFileInfo(ancestor).absolutePath();
    const QFileInfo existing(ancestor);
    if (!existing.isDir() || !existing.isWritable())
        return concat({"cannot create '", path, "': '",
                       QuotedText::escaped(existing.absoluteFilePath().toStdString()),
                       "' is not a writable directory"});
    return std::nullopt;
}

QString OutputPath::identity(const QString& path) {
    const QFileInfo info(QDir::cleanPath(QFileInfo(path).absoluteFilePath()));
    const QString directory = QFileInfo(info.absolutePath()).canonicalFilePath();
    if (directory.isEmpty()) return info.absoluteFilePath();
    return QDir(directory).filePath(info.fileName());
}

std::optional<std::string> OutputPath::file_problem(const QString& path) {
    if (path.isEmpty()) return std::string("the path is empty");
    const QFileInfo info(path);
    if (info.isDir())
        return concat({"'", QuotedText::escaped(path.toStdString()), "' is a directory"});
    const std::string directory = QuotedText::escaped(info.absolutePath().toStdString());
    const QFileInfo parent(info.absolutePath());
    if (!parent.isDir()) return concat({"the directory '", directory, "' does not exist"});
    if (!parent.isWritable()) return concat({"the directory '", directory, "' is not writable"});
    return std::nullopt;
}

}  // namespace initscope
