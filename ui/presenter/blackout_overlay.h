#pragma once

#include <QPointer>
#include <QWidget>

namespace initscope {

/// A black screen over the whole window (B or '.' in presenter mode, as in PowerPoint and
/// reveal.js): a child of the window that covers it, follows its size and sits above every
/// other child (panels, docks, the strip). While shown it has the keyboard focus and takes every
/// key — shortcuts included, so Esc or → only bring the picture back — and every click; the
/// first of them hides it and gives the focus back to the widget that had it.
class BlackoutOverlay : public QWidget {
    Q_OBJECT
public:
    explicit BlackoutOverlay(QWidget* window);

    /// Covers the window (visible()) or uncovers it.
    void set_shown(bool shown);
    bool shown() const { return isVisible(); }

signals:
    void shownChanged(bool shown);

protected:
    bool event(QEvent* event) override;
    bool eventFilter(QObject* watched, QEvent* event) override;
    void keyPressEvent(QKeyEvent* event) override;
    void mousePressEvent(QMouseEvent* event) override;
    void paintEvent(QPaintEvent* event) override;

private:
    QPointer<QWidget> focus_before_;
};

}  // namespace initscope
