#pragma once

#include "core/model/memory_budget.h"
#include "core/model/network.h"
#include "core/model/network_edits.h"

#include <QObject>
#include <QString>
#include <QUndoStack>
#include <cstdint>
#include <optional>

namespace initscope {

/// The network being explored, with its undo history and file. Every change of the network goes
/// through edit() as one NetworkEditCommand on undo_stack() (or through reset() for New / Open /
/// a preset, which starts a fresh history). Edits are validated BEFORE they are applied: a network
/// with problems or one too large for memory is refused, editRefused() says why, and the
/// document keeps its previous state.
///
/// "Modified" is the undo stack's clean state: undoing back to the saved state clears the mark.
class NetworkDocument : public QObject {
    Q_OBJECT
public:
    explicit NetworkDocument(QObject* parent = nullptr);
    /// Emits nothing: the undo stack's destructor reports a clean change, which must not reach
    /// listeners that are being destroyed with it (found by UBSan: the window's title slot ran on
    /// a half-destroyed MainWindow).
    ~NetworkDocument() override;

    const Network& network() const { return network_; }
    QUndoStack* undo_stack() { return &undo_stack_; }

    /// Absolute path of the file last opened or saved; empty for a new network or a preset.
    const QString& file_path() const { return file_path_; }
    /// "course.json", "untitled.json": the file name, or the name a Save As would suggest.
    const QString& display_name() const { return display_name_; }
    bool is_modified() const { return !undo_stack_.isClean(); }
    /// std::chrono::steady_clock time (ns since its epoch) at which the current network was
    /// requested: the entry of edit() / reset(), or the undo / redo. For edit-to-repaint timing.
    int64_t change_time_ns() const { return change_time_ns_; }
    /// Now on the clock of change_time_ns(): std::chrono::steady_clock, ns since its epoch.
    static int64_t clock_ns();

    /// Makes `after` the network as one undo step titled `text` ("fc1 weight → xavier_normal").
    /// Consecutive edits with the same non-empty `merge_key` ("fc1.weight.std") merge into one step
    /// until end_merge() is called (a slider release). Returns false, emits editRefused() and
    /// changes nothing when validate(after) fails. An edit that changes nothing is accepted and
    /// pushes nothing.
    bool edit(Network after, const QString& text, const QString& merge_key = {});
    /// The same for the outcome of a NetworkEdits function: refused like a failed validate()
    /// ("<text> refused: <its error>") when the edit itself was refused.
    bool edit(NetworkEdits::Result edited, const QString& text, const QString& merge_key = {});
    /// Closes the current merge run: the next edit starts a new undo step even with the same key.
    void end_merge() { ++merge_epoch_; }

    /// Replaces the network and clears the history (New, a preset, Open). `name` is the display
    /// name ("course.json"); `file_path` the file it came from (empty for presets). Refuses like
    /// edit() and returns the reason.
    std::optional<QString> reset(Network network, const QString& name,
                                 const QString& file_path = {});
    /// Reads a network from a JSON config file (ConfigFile) and reset()s to it; the reason on
    /// error ("<file>: …"), then the document is untouched and editRefused is not emitted.
    std::optional<QString> open(const QString& path);
    /// Writes the network atomically (AtomicFileWriter) to `path`, makes it the document's file and
    /// marks the current state clean; the reason on error.
    std::optional<QString> save_as(const QString& path);

    /// Why `network` cannot be shown, or nullopt: the peak of its work (MemoryBudget::peak) above
    /// memory_budget()'s limit, or else the first of its NetworkValidation::problems().
    std::optional<QString> validate(const Network& network) const;

    /// The memory the work on a network may use: this machine's unless set (tests).
    const MemoryBudget& memory_budget() const { return memory_budget_; }
    void set_memory_budget(const MemoryBudget& budget) { memory_budget_ = budget; }

signals:
    /// The network changed (edit, undo, redo, reset). Receivers read network().
    void networkChanged();
    void modifiedChanged(bool modified);
    /// file_path() or display_name() changed.
    void fileChanged();
    /// An edit or reset was refused; `message` is for the user.
    void editRefused(const QString& message);

private:
    friend class NetworkEditCommand;
    /// Called by NetworkEditCommand::redo/undo only.
    void install(const Network& network);

    Network network_;
    QUndoStack undo_stack_;
    QString file_path_;
    QString display_name_ = QStringLiteral("untitled.json");
    MemoryBudget memory_budget_;
    int merge_epoch_ = 0;
    int64_t change_time_ns_ = 0;
    int64_t edit_entry_ns_ = -1;  ///< set while edit() pushes its command
};

}  // namespace initscope
