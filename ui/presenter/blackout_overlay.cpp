#include "ui/presenter/blackout_overlay.h"

#include <QApplication>
#include <QKeyEvent>
#include <QMouseEvent>
#include <QPainter>

namespace initscope {

BlackoutOverlay::BlackoutOverlay(QWidget* window) : QWidget(window) {
    setObjectName(QStringLiteral("blackout_overlay"));
    setFocusPolicy(Qt::StrongFocus);
    setAttribute(Qt::WA_OpaquePaintEvent);
    setCursor(Qt::BlankCursor);
    hide();
    window->installEventFilter(this);
}

void BlackoutOverlay::set_shown(bool shown) {
    if (shown == isVisible()) return;
    if (shown) {
        focus_before_ = QApplication::focusWidget();
        setGeometry(parentWidget()->rect());
        raise();
        show();
        setFocus(Qt::OtherFocusReason);
    } else {
        hide();
        if (focus_before_) focus_before_->setFocus(Qt::OtherFocusReason);
    }
    emit shownChanged(shown);
}

bool BlackoutOverlay::event(QEvent* event) {
    // Accepting the override makes the key a key press here instead of a shortcut.
    if (event->type() == QEvent::ShortcutOverride) {
        event->accept();
        return true;
    }
    return QWidget::event(event);
}

bool BlackoutOverlay::eventFilter(QObject* watched, QEvent* event) {
    if (watched == parentWidget() && event->type() == QEvent::Resize && isVisible())
        setGeometry(parentWidget()->rect());
    return QWidget::eventFilter(watched, event);
}

void BlackoutOverlay::keyPressEvent(QKeyEvent* event) {
    event->accept();
    // A bare modifier (the Ctrl of a Ctrl+… on its way) is not yet a key.
    switch (event->key()) {
        case Qt::Key_Shift:
        case Qt::Key_Control:
        case Qt::Key_Alt:
        case Qt::Key_Meta:
            return;
        default:
            set_shown(false);
    }
}

void BlackoutOverlay::mousePressEvent(QMouseEvent* event) {
    event->accept();
    set_shown(false);
}

void BlackoutOverlay::paintEvent(QPaintEvent*) {
    QPainter(this).fillRect(rect(), Qt::black);
}

}  // namespace initscope
