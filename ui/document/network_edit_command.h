#pragma once

#include "core/model/network.h"

#include <QString>
#include <QUndoCommand>

namespace initscope {

class NetworkDocument;

/// One undoable edit of a NetworkDocument: the whole network before and after (a Network is a few
/// hundred bytes, so storing both is cheaper and safer than storing a diff). redo() installs
/// `after`, undo() installs `before`; both go through NetworkDocument::install.
///
/// Merging: commands with the same non-empty `merge_key` that are pushed one after another merge
/// into one undo step (a slider drag makes dozens of edits of "fc1.weight.std"; one Ctrl+Z undoes
/// the whole drag). The document puts a drag counter into the key, so two separate drags of the
/// same slider stay two steps. A merge that returns to `before` makes the command obsolete, and
/// QUndoStack drops it.
class NetworkEditCommand : public QUndoCommand {
public:
    /// The QUndoCommand::id() of mergeable commands; mergeWith() then compares the keys.
    static constexpr int kMergeableId = 0x1e17;

    NetworkEditCommand(NetworkDocument* document, Network before, Network after,
                       const QString& text, QString merge_key = {});

    void undo() override;
    void redo() override;
    int id() const override;
    bool mergeWith(const QUndoCommand* other) override;

    const Network& before() const { return before_; }
    const Network& after() const { return after_; }
    const QString& merge_key() const { return merge_key_; }

private:
    NetworkDocument* document_;
    Network before_;
    Network after_;
    QString merge_key_;
};

}  // namespace initscope
