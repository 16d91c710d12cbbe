#pragma once

#include <QByteArray>
#include <QString>

#include <cstdint>
#include <optional>
#include <string>

namespace initscope {

/// The one way InitScope reads a whole file into memory: only a regular file (a directory, FIFO,
/// socket or device is refused by name before it is opened, so /dev/zero or a pipe can neither
/// block nor exhaust memory), and at most `max_bytes` of it (a larger file is refused, not
/// truncated; files that report no size, as in /proc, are capped while reading).
class BoundedFileReader {
public:
    /// The file's bytes, or nullopt with `*error` = "PATH: REASON" (one line).
    static std::optional<QByteArray> read(const QString& path, int64_t max_bytes,
                                          std::string* error);

    /// "4 MiB", "512 KiB", "100 bytes": a limit as a message shows it.
    static std::string size_text(int64_t bytes);
};

}  // namespace initscope
