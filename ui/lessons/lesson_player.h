#pragma once

#include "core/io/lesson_file.h"
#include "core/model/network.h"

#include <QObject>
#include <QString>

#include <optional>

class QAction;
class QMenu;
class QWidget;

namespace initscope {

class LessonDock;
class MainWindow;

/// Plays a lesson in a window: the lesson, the current step, and whether its answer is shown.
///
/// Going to a step applies its state the way a user would: its network as ONE undoable edit of
/// the window's document (NetworkDocument::edit, so Edit → Undo takes it back; a preset or config
/// step is such an edit too, not a reset), then its tab, its selected tensor (the network panel's
/// selection, which every view follows) and its axes (the Layers tab's options bar).
/// - Onward by one step (→): the step's preset/config, or else the network as it is (the
///   teacher's own changes stay), with the step's edits applied.
/// - Any other move (←, Home, End, a jump): the network the lesson itself shows there — the last
///   preset/config up to the step (or the network shown when the lesson started) with the edits
///   of the steps since applied in order — so going back gives what going forward gave.
///
/// Keys, while a lesson is open and the window is active: → / Space / PageDown next (the first
/// press reveals the answer when the step has an unrevealed question), ← / PageUp previous,
/// Home / End first / last. They act wherever the focus is in the window except in widgets that
/// use those keys for text or values (line edits, spin boxes, combo boxes, tables, sliders).
class LessonPlayer : public QObject {
    Q_OBJECT
public:
    /// Adds a hidden LessonDock to `window` (shown when a lesson starts).
    explicit LessonPlayer(MainWindow* window);
    ~LessonPlayer() override;

    /// The window width from which a lesson keeps the side panels beside the dock.

    /// Opens a shipped lesson by name, or a lesson file; starts it at its first step. The reason
    /// on failure (one line); then the current lesson, if any, goes on.
    std::optional<QString> open(const QString& name_or_path);
    /// Starts `lesson` at its first step.
    void start(Lesson lesson);
    /// Closes the lesson and hides the dock; the network stays as it is.
    void close();

    bool active() const { return lesson_.has_value(); }
    /// The lesson (valid while active()).
    const Lesson& lesson() const { return *lesson_; }
    int step_index() const { return index_; }
    int step_count() const { return lesson_ ? int(lesson_->steps.size()) : 0; }
    const LessonStep* current_step() const;
    /// Whether the current step's answer is shown.
    bool revealed() const { return revealed_; }
    /// The last step's state that could not be applied ("" when it was).
    const QString& problem() const { return problem_; }

    /// → : reveals the answer when the step has an unrevealed question, else the next step.
    void next();
    void previous();
    void first();
    void last();
    /// Goes to step `index` (clamped), answer hidden, and applies its state.
    void go_to(int index);
    /// Shows the current step's answer.
    void set_revealed(bool revealed);

    LessonDock* dock() const { return dock_; }
    /// Adds "Open Lesson…" and a Lessons submenu (the shipped lessons, then the step actions)
    /// to `file_menu`.
    void add_menu_actions(QMenu* file_menu);
    /// A small ← k / n → strip for other bars (the presenter's); owned by `parent`.
    QWidget* make_step_controls(QWidget* parent);

signals:
    /// A lesson was opened or closed.
    void lessonChanged();
    /// The step or its reveal state changed.
    void stepChanged(int index, bool revealed);

protected:
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    /// The network the lesson shows at step `index`, or why it cannot be made.
    std::optional<Network> resolved_network(int index, QString* error) const;
    /// The current step's network after one step onward from `current`, or why not; nullopt
    /// without an error when the step keeps the network.
    std::optional<Network> onward_network(const Network& current, QString* error) const;
    void apply_step(bool onward);
    void apply_axes(const LessonAxes& axes);
    /// Scrolls the Layers tab, when shown, to the tensor's histogram.
    void scroll_to(int layer, TensorRole role);
    /// Once per lesson, in a window narrower than kRoomyWidth: hides the side panels (View →
    /// Network and parameter panels, F9), so that the plots and the dock keep their room.
    void make_room();
    /// Whether `key`, sent to `receiver`, is a step key for this window: the lesson is open, the
    /// receiver is in the window, and the focus is not in a widget that uses the key itself.
    bool handles_key(const QWidget* receiver, int key, Qt::KeyboardModifiers modifiers) const;

    MainWindow* window_;
    LessonDock* dock_;
    std::optional<Lesson> lesson_;
    Network start_network_;  ///< the network shown when the lesson started
    int index_ = 0;
    bool revealed_ = false;
    bool shown_ = false;      ///< a step of this lesson was applied
    bool made_room_ = false;  ///< make_room() acted for this lesson
    QString problem_;
    QAction* next_action_ = nullptr;
    QAction* previous_action_ = nullptr;
    QAction* first_action_ = nullptr;
    QAction* last_action_ = nullptr;
    QAction* close_action_ = nullptr;
};

}  // namespace initscope
