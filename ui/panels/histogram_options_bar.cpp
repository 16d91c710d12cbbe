#include "ui/panels/histogram_options_bar.h"

#include <QCheckBox>
#include <QComboBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QResizeEvent>
#include <QSpinBox>

#include <algorithm>

namespace initscope {

HistogramOptionsBar::HistogramOptionsBar(QWidget* parent) : QWidget(parent) {
    // Two groups (bins; range, scale, lock) on one row, or on two when the bar is narrower than
    // both (resizeEvent): the bar never forces the window wider.
    layout_ = new QBoxLayout(QBoxLayout::LeftToRight, this);
    layout_->setContentsMargins(4, 2, 4, 2);
    layout_->setSpacing(16);
    auto* layout = new QHBoxLayout;
    auto* second = new QHBoxLayout;
    layout->setContentsMargins(0, 0, 0, 0);
    second->setContentsMargins(0, 0, 0, 0);
    layout_->addLayout(layout);
    layout_->addLayout(second);
    layout_->addStretch(1);

    rule_ = new QComboBox(this);
    rule_->addItem(tr("Fixed count"), static_cast<int>(BinRule::Fixed));
    rule_->addItem(tr("Sturges"), static_cast<int>(BinRule::Sturges));
    rule_->addItem(tr("Scott"), static_cast<int>(BinRule::Scott));
    rule_->addItem(tr("Freedman–Diaconis"), static_cast<int>(BinRule::FreedmanDiaconis));
    rule_->setToolTip(
        tr("How many bins: a fixed count, or a rule from the sample: Sturges ⌈log₂ n⌉ + 1, "
           "Scott 3.49·σ·n^(−1/3) wide, Freedman–Diaconis 2·IQR·n^(−1/3) wide"));
    auto* rule_label = new QLabel(tr("&Bins:"), this);
    rule_label->setBuddy(rule_);

    bins_ = new QSpinBox(this);
    bins_->setRange(1, 10000);
    bins_->setValue(HistogramOptions{}.bins);
    bins_->setAccelerated(true);
    bins_->setToolTip(tr("Number of equal-width bins (fixed-count rule)"));

    shared_ = new QCheckBox(tr("&Shared x-range"), this);
    shared_->setToolTip(
        tr("All weight histograms share one x-range and all bias histograms another, so layers "
           "can be compared at a glance"));

    scale_ = new QComboBox(this);
    scale_->addItem(tr("Counts"), static_cast<int>(HistogramScale::Counts));
    scale_->addItem(tr("Probability"), static_cast<int>(HistogramScale::Probability));
    scale_->addItem(tr("Density"), static_cast<int>(HistogramScale::Density));
    scale_->setToolTip(
        tr("Bar height: the count per bin, the fraction per bin, or the fraction "
           "per unit of x (comparable with the theoretical density)"));
    auto* scale_label = new QLabel(tr("S&cale:"), this);
    scale_label->setBuddy(scale_);

    lock_ = new QCheckBox(tr("&Lock axes"), this);
    lock_->setToolTip(
        tr("Keep every plot's x and y ranges across edits, so a change of σ or of the scheme "
           "shows as a change of width and height"));

    layout->addWidget(rule_label);
    layout->addWidget(rule_);
    layout->addWidget(bins_);
    layout->addStretch(1);  // stacked: the group keeps to the left
    second->addWidget(shared_);
    second->addSpacing(16);
    second->addWidget(scale_label);
    second->addWidget(scale_);
    second->addSpacing(16);
    second->addWidget(lock_);
    second->addStretch(1);
    groups_ = {layout, second};

    connect(rule_, &QComboBox::currentIndexChanged, this, [this] {
        bins_->setEnabled(static_cast<BinRule>(rule_->currentData().toInt()) == BinRule::Fixed);
        emit_options();
    });
    connect(bins_, &QSpinBox::valueChanged, this, [this] { emit_options(); });
    connect(shared_, &QCheckBox::toggled, this, [this] { emit_options(); });
    connect(lock_, &QCheckBox::toggled, this, [this](bool locked) {
        if (!updating_) emit lockAxesChanged(locked);
    });
    connect(scale_, &QComboBox::currentIndexChanged, this, [this] {
        if (!updating_) emit scaleChanged(scale());
    });
}

HistogramOptions HistogramOptionsBar::options() const {
    HistogramOptions options;
    options.rule = static_cast<BinRule>(rule_->currentData().toInt());
    options.bins = bins_->value();
    options.range = shared_->isChecked() ? RangeMode::Shared : RangeMode::Data;
    return options;
}

HistogramScale HistogramOptionsBar::scale() const {
    return static_cast<HistogramScale>(scale_->currentData().toInt());
}

void HistogramOptionsBar::set_options(const HistogramOptions& options) {
    updating_ = true;
    rule_->setCurrentIndex(rule_->findData(static_cast<int>(options.rule)));
    bins_->setValue(options.bins);
    bins_->setEnabled(options.rule == BinRule::Fixed);
    shared_->setChecked(options.range == RangeMode::Shared);
    updating_ = false;
}

void HistogramOptionsBar::set_scale(HistogramScale scale) {
    updating_ = true;
    scale_->setCurrentIndex(scale_->findData(static_cast<int>(scale)));
    updating_ = false;
}

QSize HistogramOptionsBar::sizeHint() const {
    // One row: the width the bar would like.
    const QMargins m = layout_->contentsMargins();
    return {groups_[0]->sizeHint().width() + groups_[1]->sizeHint().width() + layout_->spacing() +
                m.left() + m.right(),
            QWidget::sizeHint().height()};
}

QSize HistogramOptionsBar::minimumSizeHint() const {
    // The wider group: the bar can always stack them.
    const QMargins m = layout_->contentsMargins();
    int width = 0;
    for (QLayout* group : groups_) width = std::max(width, group->minimumSize().width());
    return {width + m.left() + m.right(), QWidget::minimumSizeHint().height()};
}

void HistogramOptionsBar::resizeEvent(QResizeEvent* event) {
    const QMargins m = layout_->contentsMargins();
    const int one_row = groups_[0]->sizeHint().width() + groups_[1]->sizeHint().width() +
                        layout_->spacing() + m.left() + m.right();
    const auto direction =
        event->size().width() >= one_row ? QBoxLayout::LeftToRight : QBoxLayout::TopToBottom;
    if (layout_->direction() != direction) layout_->setDirection(direction);
    QWidget::resizeEvent(event);
}

bool HistogramOptionsBar::lock_axes() const {
    return lock_->isChecked();
}

void HistogramOptionsBar::set_lock_axes(bool locked) {
    updating_ = true;
    lock_->setChecked(locked);
    updating_ = false;
}

void HistogramOptionsBar::emit_options() {
    if (!updating_) emit optionsChanged(options());
}

}  // namespace initscope
