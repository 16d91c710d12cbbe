#include "ui/lessons/lesson_dock.h"

#include "core/io/lesson_text.h"
#include "ui/document/exploration.h"
#include "ui/lessons/lesson_markdown.h"
#include "ui/lessons/lesson_player.h"
#include "ui/main_window.h"

#include <QEvent>
#include <QFontInfo>
#include <QHBoxLayout>
#include <QLabel>
#include <QToolButton>
#include <QVBoxLayout>

#include <algorithm>

namespace initscope {

namespace {

QLabel* wrapped_label(QWidget* parent) {
    auto* label = new QLabel(parent);
    label->setWordWrap(true);
    label->setTextFormat(Qt::RichText);
    label->setAlignment(Qt::AlignLeft | Qt::AlignTop);
    label->setTextInteractionFlags(Qt::NoTextInteraction);
    // The text wraps to whatever width the dock gets: a long word must not widen the window.
    label->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
    return label;
}

/// A lesson string with its numbers filled in, as rich text.
QString shown(const std::string& text, const NetworkSummary* summary) {
    return LessonMarkdown::to_html(QString::fromStdString(LessonText::filled(text, summary)));
}

}  // namespace

LessonDock::LessonDock(LessonPlayer* player, MainWindow* window)
    : QDockWidget(tr("Lesson"), window), player_(player), window_(window) {
    setObjectName(QStringLiteral("lesson_dock"));
    setFeatures(QDockWidget::DockWidgetMovable | QDockWidget::DockWidgetFloatable);
    auto* page = new QWidget(this);
    page->setMinimumWidth(kMinWidth);
    auto* layout = new QVBoxLayout(page);
    layout->setContentsMargins(16, 12, 16, 12);
    lesson_title_ = wrapped_label(page);
    position_ = new QLabel(page);
    step_title_ = wrapped_label(page);
    text_ = wrapped_label(page);
    text_->setObjectName(QStringLiteral("lesson_text"));
    question_ = wrapped_label(page);
    answer_ = wrapped_label(page);
    problem_ = wrapped_label(page);
    problem_->setStyleSheet(QStringLiteral("color: #b00020"));
    back_ = new QToolButton(page);
    back_->setText(QStringLiteral("←"));
    back_->setToolTip(tr("Previous step (← or Page Up)"));
    forward_ = new QToolButton(page);
    forward_->setText(QStringLiteral("→"));
    forward_->setToolTip(tr("Next step, or first the answer (→, Space or Page Down)"));
    for (QToolButton* button : {back_, forward_}) button->setFocusPolicy(Qt::NoFocus);
    auto* buttons = new QHBoxLayout;
    buttons->addWidget(back_);
    buttons->addWidget(position_);
    buttons->addWidget(forward_);
    buttons->addStretch(1);

    layout->addWidget(lesson_title_);
    layout->addWidget(step_title_);
    layout->addWidget(text_);
    layout->addWidget(question_);
    layout->addWidget(answer_);
    layout->addWidget(problem_);
    layout->addStretch(1);
    layout->addLayout(buttons);
    setWidget(page);

    connect(back_, &QToolButton::clicked, player_, &LessonPlayer::previous);
    connect(forward_, &QToolButton::clicked, player_, &LessonPlayer::next);
    connect(player_, &LessonPlayer::stepChanged, this, &LessonDock::refresh);
    connect(player_, &LessonPlayer::lessonChanged, this, &LessonDock::refresh);
    connect(window_->exploration(), &Exploration::resultArrived, this, &LessonDock::refresh);
    restyle();
}

void LessonDock::refresh() {
    const LessonStep* step = player_->current_step();
    if (step == nullptr) return;
    const std::shared_ptr<const NetworkSummary> summary = window_->exploration()->summary();
    const Lesson& lesson = player_->lesson();
    lesson_title_->setText(QString::fromStdString(lesson.title).toHtmlEscaped());
    position_->setText(
        tr("Step %1 of %2").arg(player_->step_index() + 1).arg(player_->step_count()));
    step_title_->setText(QString::fromStdString(step->title).toHtmlEscaped());
    text_->setText(shown(step->text, summary.get()));
    text_->setVisible(!step->text.empty());
    question_->setText(shown(step->question, summary.get()));
    question_->setVisible(!step->question.empty());
    answer_->setText(shown(step->answer, summary.get()));
    answer_->setVisible(player_->revealed() && !step->answer.empty());
    problem_->setText(player_->problem().toHtmlEscaped());
    problem_->setVisible(!player_->problem().isEmpty());
    back_->setEnabled(player_->step_index() > 0);
    forward_->setEnabled(player_->step_index() + 1 < player_->step_count() ||
                         (!step->answer.empty() && !player_->revealed()));
}

void LessonDock::restyle() {
    const int base = QFontInfo(font()).pixelSize();
    const auto sized = [](QWidget* widget, int px, bool bold) {
        QFont f = widget->font();
        f.setPixelSize(px);
        f.setBold(bold);
        widget->setFont(f);
    };
    const int body = std::max(kMinTextPx, base * 13 / 10);
    sized(lesson_title_, std::max(kMinTextPx, base), false);
    sized(position_, std::max(kMinTextPx, base), false);
    sized(step_title_, body * 3 / 2, true);
    sized(text_, body, false);
    sized(question_, body, true);
    sized(answer_, body, false);
    sized(problem_, body, false);
    lesson_title_->setForegroundRole(QPalette::PlaceholderText);
    question_->setStyleSheet(QStringLiteral("color: palette(link)"));
}

void LessonDock::showEvent(QShowEvent* event) {
    QDockWidget::showEvent(event);
    if (!player_->active()) QMetaObject::invokeMethod(this, &QWidget::hide, Qt::QueuedConnection);
}

void LessonDock::changeEvent(QEvent* event) {
    QDockWidget::changeEvent(event);
    if (event->type() == QEvent::FontChange) restyle();
}

}  // namespace initscope
