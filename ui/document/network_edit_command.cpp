#include "ui/document/network_edit_command.h"

#include "ui/document/network_document.h"

namespace initscope {

NetworkEditCommand::NetworkEditCommand(NetworkDocument* document, Network before, Network after,
                                       const QString& text, QString merge_key)
    : document_(document),
      before_(std::move(before)),
      after_(std::move(after)),
      merge_key_(std::move(merge_key)) {
    setText(text);
}

void NetworkEditCommand::undo() {
    document_->install(before_);
}

void NetworkEditCommand::redo() {
    document_->install(after_);
}

int NetworkEditCommand::id() const {
    return merge_key_.isEmpty() ? -1 : kMergeableId;
}

bool NetworkEditCommand::mergeWith(const QUndoCommand* other) {
    const auto* edit = dynamic_cast<const NetworkEditCommand*>(other);
    if (edit == nullptr || edit->merge_key_ != merge_key_ || edit->document_ != document_)
        return false;
    after_ = edit->after_;
    setText(edit->text());
    setObsolete(after_ == before_);
    return true;
}

}  // namespace initscope
