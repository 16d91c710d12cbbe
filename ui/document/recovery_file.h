#pragma once

#include "core/model/network.h"

#include <QDateTime>
#include <QLockFile>
#include <QObject>
#include <QString>
#include <QTimer>

#include <memory>
#include <optional>

namespace initscope {

class NetworkDocument;

/// Unsaved work kept safe from a crash or a kill: while the document holds unsaved changes, its
/// network is written to one recovery file kDelayMs after the last edit (a restarting
/// single-shot timer, so a burst of edits gives one write). The write is atomic
/// (AtomicFileWriter): after a kill the file is the previous complete version or the new one.
///
/// The file is one JSON object:
///   { "format": "initscope-recovery", "version": 1,
///     "saved_at": "2026-12-01T10:42:05Z",        (UTC, ISO 8601)
///     "file_path": "/home/…/net.json",           (empty for a preset or a new network)
///     "display_name": "net.json",
///     "config": { …the network as ConfigFile::write gives it… } }
/// It lives in QStandardPaths::AppDataLocation (default_path(): ~/.local/share/InitScope/
/// InitScope/recovery.json on Linux), not beside the user's file, so a read-only or removable
/// folder loses nothing and one place is looked at on start. A QLockFile beside it
/// ("recovery.json.lock") is held while a window uses it: a second window finds it locked and
/// neither offers nor writes (it cannot tell a crash from a running window otherwise); a lock left
/// by a killed process is stale (its PID is gone) and is taken over.
///
/// The file is removed when the document has nothing unsaved any more (a save, New / Open / a
/// preset after the user discarded, an undo back to the saved state) and by remove() (a clean
/// exit, or a recovery the user declined).
class RecoveryFile : public QObject {
    Q_OBJECT
public:
    /// Delay between the last edit and the write, in ms.
    static constexpr int kDelayMs = 2000;
    /// A recovery file larger than this (bytes) is not read: a config is a few KiB.
    static constexpr qint64 kMaxBytes = 16 << 20;

    /// What a recovery file holds.
    struct Content {
        Network network;
        QString file_path;     ///< the file the network belongs to; empty for a preset / new one
        QString display_name;  ///< "net.json"
        QDateTime saved_at;    ///< when it was written (UTC)
    };

    /// ~/.local/share/InitScope/InitScope/recovery.json (QStandardPaths::AppDataLocation, which
    /// follows the application's organisation and name, and test mode).
    static QString default_path();

    /// For `document`, at `path`; does nothing before lock() and watch().
    RecoveryFile(NetworkDocument* document, const QString& path, QObject* parent = nullptr);
    ~RecoveryFile() override;

    const QString& path() const { return path_; }
    /// Takes the lock; false when another running window holds it (then this object never
    /// writes nor removes the file).
    bool lock();
    bool locked() const { return lock_ != nullptr; }
    /// From now on follows the document (locked only): writes kDelayMs after each change while it
    /// is modified (and soon when it already is), removes the file when it is not.
    void watch();
    /// What the file holds, when it exists and is usable; else nullopt, and `error` (when given)
    /// says why in one line naming the file (empty when there is no file at all).
    std::optional<Content> read(QString* error = nullptr) const;
    /// Writes the document now (also what the timer does). The reason on failure.
    std::optional<QString> write_now();
    /// Removes the file and stops a pending write (a clean exit, a declined recovery).
    void remove();

signals:
    /// The recovery file was written (`ok`) or a write failed (`message` says why).
    void written(bool ok, const QString& message);

private:
    void document_changed();
    void modified_changed(bool modified);

    NetworkDocument* document_;
    QString path_;
    QTimer timer_;
    std::unique_ptr<QLockFile> lock_;
};

}  // namespace initscope
