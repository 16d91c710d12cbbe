#pragma once

#include <QList>
#include <QObject>
#include <QRect>
#include <QSize>

class QAction;
class QMenu;
class QToolBar;
class QWidget;

namespace initscope {

class BlackoutOverlay;
class MainWindow;
class PresenterStrip;
class Theme;
class ViewZoom;

/// Presenter mode of a MainWindow (View → Presenter mode, F5; Esc leaves): the window goes full
/// screen, its menu bar, tool bars, status bar and side panels (MainWindow::left_splitter()) are
/// hidden, and a PresenterStrip at the top edits the selected tensor instead; the tabs and
/// their plots take the rest. Dock widgets are left as they are. The application font is at
/// least ViewZoom::kPresenterPixels pixels at 720 px of screen height, in proportion above
/// (times the zoom). B or '.' blacks the screen
/// (BlackoutOverlay). Leaving restores what entering changed: the window's state and geometry,
/// what was visible, the font.
///
/// The menus' shortcuts (undo, the tabs, …) keep working while the menu bar is hidden: their
/// actions are added to the window for the time of presenter mode.
///
/// It also owns the view's zoom (ViewZoom) and theme (Theme), which work in and out of
/// presenter mode; add_to_menu() puts all their actions into the View menu.
class PresenterMode : public QObject {
    Q_OBJECT
public:
    explicit PresenterMode(MainWindow* window);

    bool active() const { return active_; }
    /// Enters or leaves presenter mode (nothing when already so); emits activeChanged.
    void set_active(bool active);
    /// False: presenter mode keeps the window's size instead of going full screen (screenshots,
    /// tests: the offscreen platform's screen is not the size asked for), and its fonts follow
    /// the window's height instead of the screen's. True by default.
    void set_full_screen(bool full_screen) { full_screen_ = full_screen; }

    /// Reads the remembered zoom and theme and keeps them from then on (ViewZoom, Theme).
    void set_remembered(bool remembered);

    /// Adds Presenter mode, Black screen, the zoom and View → Theme to `view`.
    void add_to_menu(QMenu* view);

    PresenterStrip* strip() const { return strip_; }
    BlackoutOverlay* blackout() const { return blackout_; }
    ViewZoom* zoom() const { return zoom_; }
    Theme* theme() const { return theme_; }
    QAction* toggle_action() const { return toggle_; }
    QAction* blackout_action() const { return blackout_action_; }

signals:
    void activeChanged(bool active);

private:
    /// What entering presenter mode changed, to be put back when leaving.
    struct Saved {
        Qt::WindowStates window_state;
        QRect geometry;  ///< of the normal window, without its frame
        bool menu_bar = true;
        bool status_bar = true;
        bool side_panels = true;
        QList<QToolBar*> shown_tool_bars;
        QList<QAction*> added_actions;  ///< menu actions added to the window
    };
    void enter();
    void leave();
    /// The actions of `menu` and its submenus that have a shortcut.
    static QList<QAction*> shortcut_actions(const QMenu* menu);

    MainWindow* window_;
    PresenterStrip* strip_;
    QToolBar* strip_bar_;
    BlackoutOverlay* blackout_;
    ViewZoom* zoom_;
    Theme* theme_;
    QAction* toggle_;
    QAction* leave_;
    QAction* blackout_action_;
    Saved saved_;
    bool active_ = false;
    bool full_screen_ = true;
};

}  // namespace initscope
