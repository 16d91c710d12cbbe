#include "ui/panels/work_progress.h"

#include <QHBoxLayout>
#include <QProgressBar>
#include <QPushButton>
#include <QTimer>

namespace initscope {

WorkProgress::WorkProgress(const QString& format, const QString& cancel_tool_tip,
                           std::function<bool()> busy, QWidget* parent)
    : QWidget(parent),
      bar_(new QProgressBar),
      cancel_(new QPushButton(tr("Cancel"))),
      delay_(new QTimer(this)),
      busy_(std::move(busy)) {
    auto* layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    bar_->setRange(0, 100);
    bar_->setMaximumWidth(220);
    bar_->setFormat(format);
    cancel_->setToolTip(cancel_tool_tip);
    layout->addWidget(bar_);
    layout->addWidget(cancel_);
    connect(cancel_, &QPushButton::clicked, this, &WorkProgress::cancelRequested);
    delay_->setSingleShot(true);
    delay_->setInterval(kDelayMs);
    connect(delay_, &QTimer::timeout, this, [this] {
        if (busy_ && busy_()) show();
    });
    hide();
}

void WorkProgress::start() {
    if (isHidden()) {
        bar_->setValue(0);
        delay_->start();
    }
}

void WorkProgress::set_fraction(double fraction) {
    bar_->setValue(int(fraction * 100));
}

void WorkProgress::stop() {
    delay_->stop();
    hide();
}

bool WorkProgress::shown() const {
    return !isHidden();
}

}  // namespace initscope
