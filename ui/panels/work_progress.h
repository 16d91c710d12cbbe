#pragma once

#include <QString>
#include <QWidget>

#include <functional>

class QProgressBar;
class QPushButton;
class QTimer;

namespace initscope {

/// A progress bar and a Cancel button for one background computation, for the status bar. They
/// appear only when the work is still running kDelayMs after it started (a shorter one would
/// only flicker) and vanish when it stops.
class WorkProgress : public QWidget {
    Q_OBJECT
public:
    static constexpr int kDelayMs = 150;

    /// `format` is the bar's text ("analysis %p%"); `busy` says whether the work still runs
    /// (checked when the delay ends).
    WorkProgress(const QString& format, const QString& cancel_tool_tip, std::function<bool()> busy,
                 QWidget* parent = nullptr);

    /// The work started: shows the bar after the delay if it is still busy then.
    void start();
    /// Fraction done, in [0, 1].
    void set_fraction(double fraction);
    /// The work stopped: hides the bar now.
    void stop();
    /// Whether the bar is on screen (or would be, in a visible window).
    bool shown() const;
    QProgressBar* bar() const { return bar_; }
    QPushButton* cancel_button() const { return cancel_; }

signals:
    void cancelRequested();

private:
    QProgressBar* bar_;
    QPushButton* cancel_;
    QTimer* delay_;
    std::function<bool()> busy_;
};

}  // namespace initscope
