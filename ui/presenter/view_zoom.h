#pragma once

#include <QFont>
#include <QObject>

class QAction;
class QWidget;

namespace initscope {

/// The zoom of every text: the application font (QApplication::setFont), which widgets and the
/// plots (their fonts derive from it) follow. The font shown is the base font — the application
/// font when the ViewZoom was made, or in presenter mode at least presenter_floor() pixels at
/// the window's screen's logical dpi — times percent() / 100, 100–300 % in kStep steps.
/// Zoom in (Ctrl+= and Ctrl++), out (Ctrl+−) and reset (Ctrl+0) are actions for the View menu;
/// once set_remembered(true), the percentage is kept in QSettings ("view/zoom_percent").
class ViewZoom : public QObject {
    Q_OBJECT
public:
    static constexpr int kMinPercent = 100;
    static constexpr int kMaxPercent = 300;
    static constexpr int kStep = 10;
    /// The smallest base font of presenter mode on a screen kPresenterHeight pixels tall: 18 px is
    /// legible from the back of a room on a 1280×720 projector (docs/classroom.md). Taller
    /// screens get the same share of their height (27 px at 1080), as slides do.
    static constexpr int kPresenterPixels = 18;
    static constexpr int kPresenterHeight = 720;

    /// Zooms for `window` (its screen gives the dpi); the current application font is the base.
    explicit ViewZoom(QWidget* window);

    int percent() const { return percent_; }
    /// Sets the zoom, clamped to [kMinPercent, kMaxPercent], and applies the font.
    void set_percent(int percent);
    void zoom_in() { set_percent(percent_ + kStep); }
    void zoom_out() { set_percent(percent_ - kStep); }
    void reset() { set_percent(kMinPercent); }

    /// Presenter mode on a screen `height` pixels tall: the base font is at least
    /// kPresenterPixels × max(1, height / kPresenterHeight) pixels. 0: off, the original font.
    void set_presenter_height(int height);
    /// The presenter mode's smallest base font in pixels; 0 when off.
    double presenter_floor() const { return presenter_floor_; }
    /// The font applied now (the base font times the zoom).
    QFont font() const;
    /// The font's size in pixels at the window's screen's logical dpi.
    double pixel_size() const;

    /// Reads the remembered zoom and applies it, and from then on remembers every change (off by
    /// default, so tests and screenshots never touch the settings).
    void set_remembered(bool remembered);

    QAction* zoom_in_action() const { return zoom_in_; }
    QAction* zoom_out_action() const { return zoom_out_; }
    QAction* reset_action() const { return reset_; }

signals:
    void percentChanged(int percent);

private:
    double dpi() const;
    void apply();
    void update_actions();

    QWidget* window_;
    QFont base_;
    double base_pixels_;  ///< the base font's size in pixels
    int percent_ = kMinPercent;
    double presenter_floor_ = 0;  ///< pixels; 0: not in presenter mode
    bool remembered_ = false;
    QAction* zoom_in_;
    QAction* zoom_out_;
    QAction* reset_;
};

}  // namespace initscope
