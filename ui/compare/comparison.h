#pragma once

#include "ui/compare/comparison_side.h"

#include <QList>
#include <QMetaObject>
#include <QObject>
#include <QPointer>

#include <functional>
#include <optional>
#include <vector>

class QAction;
class QKeySequence;
class QMenu;
class QStackedWidget;
class QToolBar;
class QUndoGroup;

namespace initscope {

class ComparedPage;
class ComparisonActions;
class MainWindow;
class NetworkDocument;
class OverviewTab;
class PropagationTab;
class SecondSetup;
class TheoryComparisonModel;
class TheoryTab;

/// The window's A/B comparison. Off at first; starting it (Compare menu, the toolbar's
/// "Compare" button, or start_*) makes a second set-up B (SecondSetup) from a snapshot of A's
/// network, a preset or a config file, and then:
/// - every tab the window has a twin view for becomes a ComparedPage: A's page and B's side by
///   side, under "A — <name>" / "B — <name>" headers in the sides' colours; the Theory tab's A
///   side shows the paired columns (TheoryComparisonModel); each side's Overview densities and
///   Propagation std-vs-depth plot also show the other side's, dotted (set_compared);
/// - the network and parameter panels become stacks holding A's pair and B's pair; edited()
///   says which pair is shown (and which seed toolbar holds the keys: both are shown, each
///   labelled); the selected tensor follows on both sides;
/// - undo_group()'s active stack is the edited side's (the Edit menu's Undo / Redo use the group
///   from the start, with A's stack alone while not comparing);
/// - swap() trades the sides' places (left / right) and which side is edited.
/// stop() gives the tabs and panels back and deletes B.
class Comparison : public QObject {
    Q_OBJECT
public:
    /// Call after the window has built its panels and tabs, before its menus.
    explicit Comparison(MainWindow* window);
    ~Comparison() override;

    QUndoGroup* undo_group() const { return undo_group_; }
    /// Fills the Compare menu: with a snapshot, a file, a preset; swap; edit B; save B; stop.
    void add_actions(QMenu* menu);
    /// Adds the toolbar's Compare button (its menu: snapshot, file, presets), Swap and Edit B.
    void add_toolbar_actions(QToolBar* bar);

    bool active() const { return b_ != nullptr; }
    /// B, or nullptr when not comparing.
    SecondSetup* b() const { return b_; }
    NetworkDocument* document(ComparisonSide side) const;

    /// Compares with (or, comparing, replaces B by) a copy of A's network, a built-in preset or
    /// a config file. The reason on failure; then nothing changes.
    std::optional<QString> start_snapshot();
    std::optional<QString> start_preset(const QString& name);
    std::optional<QString> start_file(const QString& path);
    /// Back to A alone; B is deleted (unsaved edits of B with it).
    void stop();
    /// Asks where (prompts().save_file) and writes B's network there as a config, which then is
    /// B's file; an error is shown. False when not comparing, cancelled or failed.
    bool save_b_as();

    /// Trades the sides' places and which one the panels edit.
    void swap();
    bool swapped() const { return swapped_; }
    /// Which side the network panel, the parameter panel, the seed keys and Undo act on.
    void set_edited(ComparisonSide side);
    ComparisonSide edited() const { return edited_; }

    /// The comparison page of tab `tab` (nullptr: not comparing, or no twin for that tab).
    ComparedPage* page(int tab) const;
    /// The current tab's comparison page, or nullptr.
    QWidget* current_page() const;
    TheoryComparisonModel* theory_model() const { return theory_model_; }
    /// What the window title adds while comparing ("  ·  B: course_xavier.json  ·  editing B"),
    /// empty when not comparing.
    QString title_note() const;
    /// Not comparing, or B's view on the current tab shows B's latest result (and analysis).
    bool b_shown() const;

    ComparisonActions* actions() const { return actions_; }
    QAction* swap_action() const;
    QAction* edit_b_action() const;
    QAction* stop_action() const;
    QAction* save_b_action() const;

    /// While comparing, the side panels take at most this share of the window's width (the two
    /// sides share the rest), kept as the window is shown and resized until the splitter is
    /// dragged.
    static constexpr double kSidePanelShare = 0.28;

signals:
    /// Started, stopped, swapped, the edited side or B's name changed: the title follows.
    void changed();
    /// B's current view took a new result or analysis.
    void bShown();

protected:
    /// The window's show (which fits the side panel to its table) and resizes: narrows it again.
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    std::optional<QString> start(
        const std::function<std::optional<QString>(NetworkDocument*)>& load);
    void install();
    void uninstall();
    void build_pages();
    QStackedWidget* stack_in_left_splitter(QWidget* a_widget, QWidget* b_widget);
    void unstack(QStackedWidget* stack);
    /// Narrows the side panels to kSidePanelShare, remembering their width for stop().
    void narrow_side_panel();
    void update_names();
    void update_theory();
    /// Each side's Overview densities and std-vs-depth plot also show the other side's.
    void update_overlays();

    MainWindow* window_;
    QUndoGroup* undo_group_;
    SecondSetup* b_ = nullptr;
    TheoryComparisonModel* theory_model_;
    std::vector<QPointer<ComparedPage>> pages_;  ///< by tab; null where not paired
    QPointer<TheoryTab> a_theory_;
    QPointer<PropagationTab> a_propagation_, b_propagation_;
    QPointer<OverviewTab> a_overview_, b_overview_;
    QPointer<QStackedWidget> panel_stack_, parameter_stack_;
    /// A's seed toolbar's own actions (its letter first), hidden while B is edited: then B's
    /// seed toolbar, just before A's, takes their place (and their keys, such as F5).
    std::vector<QPointer<QAction>> a_seed_actions_;
    QPointer<QToolBar> b_bar_;
    std::vector<QMetaObject::Connection> connections_;  ///< A's side to B's, cut on stop()
    int side_width_before_ = -1;       ///< the side panels' width before comparing; −1: unchanged
    bool side_dragged_ = false;        ///< the main splitter was dragged while comparing
    bool side_panels_folded_ = false;  ///< the narrow-window fold was decided for this comparison
    bool folded_by_comparison_ = false;  ///< it hid the side panels (shown again on stop)

    bool swapped_ = false;
    ComparisonSide edited_ = ComparisonSide::A;

    ComparisonActions* actions_ = nullptr;
};

}  // namespace initscope
