#include "ui/presenter/theme.h"

#include <QAction>
#include <QActionGroup>
#include <QApplication>
#include <QEvent>
#include <QMenu>
#include <QSettings>
#include <array>

namespace initscope {

namespace {

/// QSettings key: the Kind as its number (Kind's order is fixed: it is --theme's).
constexpr const char* kSettingsKey = "view/theme";
constexpr std::array kKinds{Theme::Kind::System, Theme::Kind::Light, Theme::Kind::Dark};

/// The application's palette before any Theme changed it.
const QPalette& system_palette() {
    static const QPalette palette = QApplication::palette();
    return palette;
}

/// Sets `role` to `color` in the Active and Inactive groups, and to `disabled` in Disabled.
void set(QPalette& palette, QPalette::ColorRole role, const QColor& color, const QColor& disabled) {
    palette.setColor(QPalette::Active, role, color);
    palette.setColor(QPalette::Inactive, role, color);
    palette.setColor(QPalette::Disabled, role, disabled);
}

void set(QPalette& palette, QPalette::ColorRole role, const QColor& color) {
    set(palette, role, color, color);
}

}  // namespace

Theme::Theme(QObject* parent) : QObject(parent), actions_(new QActionGroup(this)) {
    system_palette();  // remember the original before anything changes it
    actions_->setExclusive(true);
    for (Kind kind : kKinds) {
        QAction* action = actions_->addAction(display_name(kind));
        action->setCheckable(true);
        action->setChecked(kind == kind_);
        connect(action, &QAction::triggered, this, [this, kind] { set_kind(kind); });
    }
}

QString Theme::display_name(Kind kind) {
    switch (kind) {
        case Kind::System:
            return tr("System");
        case Kind::Light:
            return tr("Light high-contrast");
        case Kind::Dark:
            return tr("Dark high-contrast");
    }
    return {};
}

void Theme::set_kind(Kind kind) {
    const bool changed = kind != kind_;
    kind_ = kind;
    QApplication::setPalette(palette(kind));
    // Qt posts the change to the widgets; deliver it now, so that a caller that paints right
    // after (a slide export, a screenshot) paints the new colours.
    QCoreApplication::sendPostedEvents(nullptr, QEvent::ApplicationPaletteChange);
    actions_->actions().at(int(kind))->setChecked(true);
    if (remembered_) QSettings().setValue(kSettingsKey, int(kind));
    if (changed) emit kindChanged(kind);
}

void Theme::set_remembered(bool remembered) {
    if (remembered && !remembered_) {
        const int stored = QSettings().value(kSettingsKey, int(Kind::System)).toInt();
        if (stored >= 0 && stored < int(kKinds.size()) && Kind(stored) != kind_)
            set_kind(Kind(stored));
    }
    remembered_ = remembered;
}

void Theme::add_to_menu(QMenu* menu) const {
    menu->addActions(actions_->actions());
}

QPalette Theme::palette(Kind kind) {
    switch (kind) {
        case Kind::System:
            return system_palette();
        case Kind::Light:
            return light_high_contrast();
        case Kind::Dark:
            return dark_high_contrast();
    }
    return system_palette();
}

// Near-black #111111 on white: 18.9:1 (on the #F2F2F2 panels 17:1); disabled text #6B6B6B: 4.8:1.
QPalette Theme::light_high_contrast() {
    const QColor text(0x11, 0x11, 0x11), disabled(0x6B, 0x6B, 0x6B), white(Qt::white);
    QPalette p;
    // Panels a shade off the plots' white base, so that their edges show.
    set(p, QPalette::Window, QColor(0xF2, 0xF2, 0xF2));
    set(p, QPalette::WindowText, text, disabled);
    set(p, QPalette::Base, white);
    set(p, QPalette::AlternateBase, QColor(0xF0, 0xF0, 0xF0));
    set(p, QPalette::Text, text, disabled);
    set(p, QPalette::Button, QColor(0xE4, 0xE4, 0xE4));
    set(p, QPalette::ButtonText, text, disabled);
    set(p, QPalette::BrightText, QColor(0xD5, 0x5E, 0x00));
    set(p, QPalette::PlaceholderText, disabled);
    set(p, QPalette::ToolTipBase, QColor(0xFF, 0xFF, 0xE8));
    set(p, QPalette::ToolTipText, text);
    // Okabe–Ito blue selection with white text: 5.1:1.
    set(p, QPalette::Highlight, QColor(0x00, 0x72, 0xB2), QColor(0xC8, 0xC8, 0xC8));
    set(p, QPalette::HighlightedText, white, text);
    set(p, QPalette::Link, QColor(0x00, 0x5A, 0x8C));
    set(p, QPalette::LinkVisited, QColor(0x7A, 0x3E, 0x6C));
    // Frame and grid shades: darker than a usual light palette so borders show on a projector.
    set(p, QPalette::Light, white);
    set(p, QPalette::Midlight, QColor(0xD8, 0xD8, 0xD8));
    set(p, QPalette::Mid, QColor(0x90, 0x90, 0x90));
    set(p, QPalette::Dark, QColor(0x60, 0x60, 0x60));
    set(p, QPalette::Shadow, QColor(0x20, 0x20, 0x20));
    return p;
}

// Near-white #F2F2F2 on near-black #0E0E0E: 17.6:1 (on the #222222 panels 15:1); disabled text
// #8C8C8C: 5.1:1.
QPalette Theme::dark_high_contrast() {
    const QColor text(0xF2, 0xF2, 0xF2), disabled(0x8C, 0x8C, 0x8C), black(0x0E, 0x0E, 0x0E);
    QPalette p;
    // Panels a shade off the plots' near-black base, so that fields and edges show.
    set(p, QPalette::Window, QColor(0x22, 0x22, 0x22));
    set(p, QPalette::WindowText, text, disabled);
    set(p, QPalette::Base, black);
    set(p, QPalette::AlternateBase, QColor(0x22, 0x22, 0x22));
    set(p, QPalette::Text, text, disabled);
    set(p, QPalette::Button, QColor(0x36, 0x36, 0x36));
    set(p, QPalette::ButtonText, text, disabled);
    set(p, QPalette::BrightText, QColor(0xF0, 0xE4, 0x42));
    set(p, QPalette::PlaceholderText, disabled);
    set(p, QPalette::ToolTipBase, QColor(0x2A, 0x2A, 0x2A));
    set(p, QPalette::ToolTipText, text);
    // Okabe–Ito sky blue selection with near-black text: 9.4:1.
    set(p, QPalette::Highlight, QColor(0x56, 0xB4, 0xE9), QColor(0x44, 0x44, 0x44));
    set(p, QPalette::HighlightedText, black, text);
    set(p, QPalette::Link, QColor(0x56, 0xB4, 0xE9));
    set(p, QPalette::LinkVisited, QColor(0xCC, 0x79, 0xA7));
    set(p, QPalette::Light, QColor(0x50, 0x50, 0x50));
    set(p, QPalette::Midlight, QColor(0x3A, 0x3A, 0x3A));
    set(p, QPalette::Mid, QColor(0x60, 0x60, 0x60));
    set(p, QPalette::Dark, QColor(0x08, 0x08, 0x08));
    set(p, QPalette::Shadow, QColor(0x00, 0x00, 0x00));
    return p;
}

}  // namespace initscope
