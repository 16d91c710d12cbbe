#include "ui/presenter/presenter_mode.h"

#include "ui/document/exploration.h"
#include "ui/main_window.h"
#include "ui/panels/network_panel.h"
#include "ui/presenter/blackout_overlay.h"
#include "ui/presenter/presenter_strip.h"
#include "ui/presenter/theme.h"
#include "ui/presenter/view_zoom.h"

#include <QAction>
#include <QMenu>
#include <QMenuBar>
#include <QScreen>
#include <QSignalBlocker>
#include <QSplitter>
#include <QStatusBar>
#include <QTabWidget>
#include <QToolBar>

namespace initscope {

PresenterMode::PresenterMode(MainWindow* window)
    : QObject(window),
      window_(window),
      strip_(new PresenterStrip(window->exploration()->document())),
      strip_bar_(new QToolBar(tr("Presenter strip"), window)),
      blackout_(new BlackoutOverlay(window)),
      zoom_(new ViewZoom(window)),
      theme_(new Theme(this)),
      toggle_(new QAction(tr("&Presenter Mode"), this)),
      leave_(new QAction(tr("Leave Presenter Mode"), this)),
      blackout_action_(new QAction(tr("&Black Screen"), this)) {
    strip_bar_->setObjectName(QStringLiteral("presenter_strip_bar"));
    strip_bar_->setMovable(false);
    strip_bar_->setFloatable(false);
    strip_bar_->toggleViewAction()->setVisible(false);  // not in the tool bars' context menu
    strip_bar_->addWidget(strip_);
    strip_bar_->hide();
    window->addToolBar(Qt::TopToolBarArea, strip_bar_);

    NetworkPanel* panel = window->network_panel();
    connect(panel, &NetworkPanel::tensorSelected, strip_, &PresenterStrip::show_tensor);
    strip_->show_tensor(panel->current_layer(), panel->current_role());

    toggle_->setObjectName(QStringLiteral("action_presenter_mode"));
    toggle_->setCheckable(true);
    toggle_->setShortcut(QKeySequence(Qt::Key_F5));
    toggle_->setToolTip(
        tr("Full screen with large plots and text for a projector (F5; Esc leaves)"));
    connect(toggle_, &QAction::toggled, this, &PresenterMode::set_active);
    leave_->setObjectName(QStringLiteral("action_leave_presenter_mode"));
    leave_->setShortcut(QKeySequence(Qt::Key_Escape));
    leave_->setEnabled(false);
    connect(leave_, &QAction::triggered, this, [this] { set_active(false); });
    blackout_action_->setObjectName(QStringLiteral("action_black_screen"));
    blackout_action_->setShortcuts({QKeySequence(Qt::Key_B), QKeySequence(Qt::Key_Period)});
    blackout_action_->setToolTip(
        tr("Black the screen in presenter mode (B or .; any key returns)"));
    blackout_action_->setEnabled(false);
    connect(blackout_action_, &QAction::triggered, this, [this] { blackout_->set_shown(true); });
    // On the window, so that they work while the menu bar is hidden.
    window->addActions({toggle_, leave_, blackout_action_, zoom_->zoom_in_action(),
                        zoom_->zoom_out_action(), zoom_->reset_action()});
}

void PresenterMode::add_to_menu(QMenu* view) {
    view->addSeparator();
    view->addAction(toggle_);
    view->addAction(blackout_action_);
    view->addSeparator();
    view->addAction(zoom_->zoom_in_action());
    view->addAction(zoom_->zoom_out_action());
    view->addAction(zoom_->reset_action());
    theme_->add_to_menu(view->addMenu(tr("&Theme")));
}

void PresenterMode::set_remembered(bool remembered) {
    zoom_->set_remembered(remembered);
    theme_->set_remembered(remembered);
}

void PresenterMode::set_active(bool active) {
    if (active == active_) return;
    active_ = active;
    if (active)
        enter();
    else
        leave();
    {
        const QSignalBlocker blocker(toggle_);
        toggle_->setChecked(active);
    }
    leave_->setEnabled(active);
    blackout_action_->setEnabled(active);
    emit activeChanged(active);
}

QList<QAction*> PresenterMode::shortcut_actions(const QMenu* menu) {
    QList<QAction*> found;
    for (QAction* action : menu->actions()) {
        if (const QMenu* sub = action->menu())
            found += shortcut_actions(sub);
        else if (!action->shortcuts().isEmpty())
            found << action;
    }
    return found;
}

void PresenterMode::enter() {
    saved_ = Saved{};
    saved_.window_state = window_->windowState();
    saved_.geometry = window_->geometry();
    saved_.menu_bar = !window_->menuBar()->isHidden();
    saved_.status_bar = !window_->statusBar()->isHidden();
    saved_.side_panels = !window_->left_splitter()->isHidden();
    for (QToolBar* bar : window_->findChildren<QToolBar*>(Qt::FindDirectChildrenOnly))
        if (bar != strip_bar_ && !bar->isHidden()) saved_.shown_tool_bars << bar;
    const QList<QAction*> own = window_->actions();
    for (QAction* top : window_->menuBar()->actions()) {
        if (top->menu() == nullptr) continue;
        for (QAction* action : shortcut_actions(top->menu()))
            if (!own.contains(action) && !saved_.added_actions.contains(action))
                saved_.added_actions << action;
    }
    window_->addActions(saved_.added_actions);

    window_->menuBar()->hide();
    window_->statusBar()->hide();
    window_->left_splitter()->hide();
    for (QToolBar* bar : saved_.shown_tool_bars) bar->hide();
    strip_bar_->show();
    // The keyboard goes to the plots, not to a hidden panel or a strip field that would take
    // the arrow keys (a lesson's steps).
    window_->tabs()->setFocus(Qt::OtherFocusReason);
    const QScreen* screen = window_->screen();
    if (full_screen_ && screen != nullptr) {
        zoom_->set_presenter_height(screen->geometry().height());
        // Without a window manager (a bare X server, a kiosk) the full-screen state is only a
        // hint: cover the screen first. (After it, setGeometry would clear the state.)
        window_->setGeometry(screen->geometry());
        window_->showFullScreen();
    } else {
        zoom_->set_presenter_height(window_->height());
    }
}

void PresenterMode::leave() {
    blackout_->set_shown(false);
    zoom_->set_presenter_height(0);
    strip_bar_->hide();
    for (QToolBar* bar : saved_.shown_tool_bars) bar->show();
    window_->left_splitter()->setVisible(saved_.side_panels);
    window_->statusBar()->setVisible(saved_.status_bar);
    window_->menuBar()->setVisible(saved_.menu_bar);
    for (QAction* action : saved_.added_actions) window_->removeAction(action);
    if (full_screen_ && !(saved_.window_state & Qt::WindowFullScreen)) {
        if (saved_.window_state & Qt::WindowMaximized) {
            window_->showMaximized();
        } else {
            window_->showNormal();
            window_->setGeometry(saved_.geometry);
        }
    }
    saved_ = Saved{};
}

}  // namespace initscope
