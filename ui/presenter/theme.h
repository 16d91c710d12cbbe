#pragma once

#include <QObject>
#include <QPalette>
#include <QString>

class QActionGroup;
class QMenu;

namespace initscope {

/// The application's colours: the system's palette (the default), or a light or a dark
/// high-contrast palette for projectors (near-black on white, near-white on near-black; ≥ 7:1
/// for text). Applied with QApplication::setPalette, so every widget — and every plot, which
/// restyles on QEvent::PaletteChange (LivePlot) — follows; the Okabe–Ito plot colours
/// (PlotStyle) are kept. The choice is offered as View → Theme (a radio group) and, once
/// set_remembered(true), kept in QSettings ("view/theme").
class Theme : public QObject {
    Q_OBJECT
public:
    /// This order is --theme's (app/command_line.cpp: system|light|dark).
    enum class Kind { System, Light, Dark };

    explicit Theme(QObject* parent = nullptr);

    Kind kind() const { return kind_; }
    /// Applies `kind`'s palette to the application (System: the palette the application had when
    /// the first Theme was made) and checks its menu entry; remembered when set_remembered(true).
    void set_kind(Kind kind);
    /// Reads the remembered theme and applies it, and from then on remembers every change
    /// (off by default, so tests and screenshots never touch the settings).
    void set_remembered(bool remembered);

    /// "System", "Light high-contrast", "Dark high-contrast".
    static QString display_name(Kind kind);
    /// The palette of `kind`; System: the application's original one.
    static QPalette palette(Kind kind);
    /// The radio entries, one per Kind, in Kind's order (for View → Theme).
    QActionGroup* actions() const { return actions_; }
    /// Adds the entries to `menu`.
    void add_to_menu(QMenu* menu) const;

signals:
    void kindChanged(initscope::Theme::Kind kind);

private:
    static QPalette light_high_contrast();
    static QPalette dark_high_contrast();

    Kind kind_ = Kind::System;
    bool remembered_ = false;
    QActionGroup* actions_;
};

}  // namespace initscope
