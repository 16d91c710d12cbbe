#pragma once

#include <QObject>

class QAction;
class QMenu;
class QToolBar;

namespace initscope {

class Comparison;
class MainWindow;

/// The Comparison's menu entries and toolbar buttons: Compare with a snapshot / a file… / a
/// preset ▸ (also the toolbar's "Compare" button menu), Swap A and B (X), Edit B (Ctrl+Shift+B,
/// checkable), Save B As…, Stop Comparing. A file or preset that cannot be compared is shown
/// with the window's prompts().error. update() enables what applies.
class ComparisonActions : public QObject {
    Q_OBJECT
public:
    /// `comparison` is the parent; `window` shows the dialogs.
    ComparisonActions(Comparison* comparison, MainWindow* window);

    /// Fills the Compare menu.
    void add_to_menu(QMenu* menu);
    /// Adds the Compare button, Swap and Edit B.
    void add_to_toolbar(QToolBar* bar);
    /// Follows the comparison: active or not, which side is edited.
    void update();

    QAction* swap() const { return swap_; }
    QAction* edit_b() const { return edit_b_; }
    QAction* save_b() const { return save_b_; }
    QAction* stop() const { return stop_; }

private:
    void choose_file();

    Comparison* comparison_;
    MainWindow* window_;
    QMenu* with_menu_ = nullptr;  ///< snapshot, file, presets
    QAction* snapshot_ = nullptr;
    QAction* file_ = nullptr;
    QAction* swap_ = nullptr;
    QAction* edit_b_ = nullptr;
    QAction* save_b_ = nullptr;
    QAction* stop_ = nullptr;
};

}  // namespace initscope
