#pragma once

#include <QByteArray>
#include <QIODevice>
#include <QString>

#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace initscope {

/// The files of one run, written all or nothing. Each file is written completely, through
/// AtomicFileWriter, to a hidden staging file beside its target (".<name>.<pid>.staged", same
/// directory, so same file system); only commit() renames the staged files onto their targets,
/// one rename each, which needs no disk space. When any write fails, or the batch is destroyed
/// without commit(), every staged file is removed: no target has changed. A target that
/// already exists keeps its permissions. A failure inside commit() itself (a rename refused,
/// which a full disk does not cause) can leave the targets renamed before it.
///
///   OutputBatch batch;
///   if (auto reason = batch.write(path, bytes)) ...;   // nothing replaced yet
///   if (auto reason = batch.commit()) ...;             // every target replaced
class OutputBatch {
public:
    /// Streams the content into the device it is given; returns why it failed, or nullopt.
    using Writer = std::function<std::optional<std::string>(QIODevice& device)>;

    OutputBatch() = default;
    OutputBatch(const OutputBatch&) = delete;
    OutputBatch& operator=(const OutputBatch&) = delete;
    /// Removes the staged files that were not committed.
    ~OutputBatch();

    /// Stages the file `path` with the content `write` streams. Returns "<path>: cannot write:
    /// <reason>" (the staged file is then gone), or nullopt.
    std::optional<std::string> write(const QString& path, const Writer& write);
    /// Stages the file `path` holding `bytes`.
    std::optional<std::string> write(const QString& path, const QByteArray& bytes);

    /// Renames every staged file onto its target, in the order they were written. Returns
    /// "<path>: cannot replace: <reason>" for the first that fails, or nullopt.
    std::optional<std::string> commit();

private:
    struct Staged {
        QString staging;
        QString target;
    };
    std::vector<Staged> staged_;
};

}  // namespace initscope
