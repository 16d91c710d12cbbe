#include "ui/presenter/view_zoom.h"

#include <QAction>
#include <QApplication>
#include <QEvent>
#include <QScreen>
#include <QSettings>
#include <QWidget>
#include <algorithm>

namespace initscope {

namespace {

constexpr const char* kSettingsKey = "view/zoom_percent";
constexpr double kPointsPerInch = 72.0;

}  // namespace

ViewZoom::ViewZoom(QWidget* window)
    : QObject(window),
      window_(window),
      base_(QApplication::font()),
      zoom_in_(new QAction(tr("Zoom &In"), this)),
      zoom_out_(new QAction(tr("Zoom &Out"), this)),
      reset_(new QAction(tr("&Actual Size"), this)) {
    base_pixels_ = base_.pointSizeF() > 0 ? base_.pointSizeF() * dpi() / kPointsPerInch
                                          : double(base_.pixelSize());
    zoom_in_->setObjectName(QStringLiteral("action_zoom_in"));
    zoom_in_->setShortcuts({QKeySequence(Qt::CTRL | Qt::Key_Equal), QKeySequence::ZoomIn});
    zoom_in_->setToolTip(tr("Larger text in every widget and plot (Ctrl+=)"));
    zoom_out_->setObjectName(QStringLiteral("action_zoom_out"));
    zoom_out_->setShortcuts(QKeySequence::ZoomOut);
    zoom_out_->setToolTip(tr("Smaller text (Ctrl+−)"));
    reset_->setObjectName(QStringLiteral("action_zoom_reset"));
    reset_->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_0));
    reset_->setToolTip(tr("Text at 100 % (Ctrl+0)"));
    connect(zoom_in_, &QAction::triggered, this, &ViewZoom::zoom_in);
    connect(zoom_out_, &QAction::triggered, this, &ViewZoom::zoom_out);
    connect(reset_, &QAction::triggered, this, &ViewZoom::reset);
    update_actions();
}

double ViewZoom::dpi() const {
    const QScreen* screen = window_->screen();
    if (screen == nullptr) screen = QGuiApplication::primaryScreen();
    return screen != nullptr ? screen->logicalDotsPerInchY() : 96.0;
}

void ViewZoom::set_percent(int percent) {
    percent = std::clamp(percent, kMinPercent, kMaxPercent);
    if (remembered_) QSettings().setValue(kSettingsKey, percent);
    if (percent == percent_) return;
    percent_ = percent;
    apply();
    update_actions();
    emit percentChanged(percent_);
}

void ViewZoom::set_presenter_height(int height) {
    const double floor =
        height > 0 ? kPresenterPixels * std::max(1.0, double(height) / kPresenterHeight) : 0.0;
    if (floor == presenter_floor_) return;
    presenter_floor_ = floor;
    apply();
}

double ViewZoom::pixel_size() const {
    const double base = std::max(base_pixels_, presenter_floor_);
    return base * percent_ / 100.0;
}

QFont ViewZoom::font() const {
    QFont font = base_;
    if (percent_ == kMinPercent && base_pixels_ >= presenter_floor_)
        return font;  // exactly the original, in its own unit
    // Points, not pixels: code that scales a widget's font (pointSizeF() × 1.2) keeps working.
    font.setPointSizeF(pixel_size() * kPointsPerInch / dpi());
    return font;
}

void ViewZoom::apply() {
    QApplication::setFont(font());
    // Qt posts the change to the widgets; deliver it now, so that a caller that paints right
    // after (a slide export, a screenshot) paints the new size.
    QCoreApplication::sendPostedEvents(nullptr, QEvent::ApplicationFontChange);
}

void ViewZoom::set_remembered(bool remembered) {
    if (remembered && !remembered_) {
        const int stored = QSettings().value(kSettingsKey, kMinPercent).toInt();
        remembered_ = true;
        set_percent(stored);
    }
    remembered_ = remembered;
}

void ViewZoom::update_actions() {
    zoom_in_->setEnabled(percent_ < kMaxPercent);
    zoom_out_->setEnabled(percent_ > kMinPercent);
    reset_->setEnabled(percent_ != kMinPercent);
    reset_->setText(percent_ == kMinPercent ? tr("&Actual Size")
                                            : tr("&Actual Size (now %1 %)").arg(percent_));
}

}  // namespace initscope
