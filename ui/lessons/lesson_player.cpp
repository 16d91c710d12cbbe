#include "ui/lessons/lesson_player.h"

#include "core/io/lesson_library.h"
#include "ui/document/exploration.h"
#include "ui/document/network_document.h"
#include "ui/lessons/lesson_dock.h"
#include "ui/main_window.h"
#include "ui/panels/histogram_options_bar.h"
#include "ui/panels/network_panel.h"
#include "ui/plots/histogram_plot.h"
#include "ui/presenter/presenter_mode.h"
#include "ui/side_panel_room.h"
#include "ui/tabs/layers_tab.h"

#include <QAbstractButton>
#include <QAbstractItemView>
#include <QAbstractSlider>
#include <QAbstractSpinBox>
#include <QAction>
#include <QApplication>
#include <QCheckBox>
#include <QComboBox>
#include <QHBoxLayout>
#include <QKeyEvent>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QPlainTextEdit>
#include <QScrollArea>
#include <QStatusBar>
#include <QTabWidget>
#include <QTextEdit>
#include <QToolButton>

namespace initscope {

namespace {

/// Widgets that use the step keys themselves (text, values, cells): the keys stay theirs.
bool uses_step_keys(const QWidget* widget) {
    return qobject_cast<const QLineEdit*>(widget) ||
           qobject_cast<const QAbstractSpinBox*>(widget) ||
           qobject_cast<const QComboBox*>(widget) ||
           qobject_cast<const QAbstractItemView*>(widget) ||
           qobject_cast<const QAbstractSlider*>(widget) || qobject_cast<const QTextEdit*>(widget) ||
           qobject_cast<const QPlainTextEdit*>(widget);
}

}  // namespace

LessonPlayer::LessonPlayer(MainWindow* window)
    : QObject(window), window_(window), dock_(new LessonDock(this, window)) {
    window_->addDockWidget(Qt::RightDockWidgetArea, dock_);
    dock_->hide();
    next_action_ = new QAction(tr("&Next Step\t→ / Space"), this);
    previous_action_ = new QAction(tr("&Previous Step\t←"), this);
    first_action_ = new QAction(tr("&First Step\tHome"), this);
    last_action_ = new QAction(tr("&Last Step\tEnd"), this);
    close_action_ = new QAction(tr("&Close Lesson"), this);
    connect(next_action_, &QAction::triggered, this, &LessonPlayer::next);
    connect(previous_action_, &QAction::triggered, this, &LessonPlayer::previous);
    connect(first_action_, &QAction::triggered, this, &LessonPlayer::first);
    connect(last_action_, &QAction::triggered, this, &LessonPlayer::last);
    connect(close_action_, &QAction::triggered, this, &LessonPlayer::close);
    const auto enable = [this] {
        for (QAction* action :
             {next_action_, previous_action_, first_action_, last_action_, close_action_})
            action->setEnabled(active());
    };
    connect(this, &LessonPlayer::lessonChanged, this, enable);
    enable();
    qApp->installEventFilter(this);
}

LessonPlayer::~LessonPlayer() {
    qApp->removeEventFilter(this);
}

std::optional<QString> LessonPlayer::open(const QString& name_or_path) {
    LessonFile::Result result = LessonLibrary::load_name_or_file(name_or_path);
    if (!result) return QString::fromStdString(result.error);
    start(std::move(*result.lesson));
    return std::nullopt;
}

void LessonPlayer::start(Lesson lesson) {
    lesson_ = std::move(lesson);
    shown_ = false;
    made_room_ = false;
    start_network_ = window_->exploration()->document()->network();
    make_room();  // first: a dock beside the panels could widen a narrow window
    dock_->show();
    window_->resizeDocks({dock_}, {window_->width() * LessonDock::kWidthPercent / 100},
                         Qt::Horizontal);
    emit lessonChanged();
    go_to(0);
}

void LessonPlayer::close() {
    lesson_.reset();
    problem_.clear();
    dock_->hide();
    emit lessonChanged();
}

const LessonStep* LessonPlayer::current_step() const {
    return lesson_ ? &lesson_->steps[size_t(index_)] : nullptr;
}

void LessonPlayer::next() {
    const LessonStep* step = current_step();
    if (step == nullptr) return;
    if (!step->question.empty() && !step->answer.empty() && !revealed_)
        set_revealed(true);
    else if (index_ + 1 < step_count())
        go_to(index_ + 1);
}

void LessonPlayer::previous() {
    if (active() && index_ > 0) go_to(index_ - 1);
}

void LessonPlayer::first() {
    if (active()) go_to(0);
}

void LessonPlayer::last() {
    if (active()) go_to(step_count() - 1);
}

void LessonPlayer::go_to(int index) {
    if (!active()) return;
    index = std::clamp(index, 0, step_count() - 1);
    const bool onward = shown_ && index == index_ + 1;
    index_ = index;
    revealed_ = false;
    shown_ = true;
    apply_step(onward);
    // A tab change may have left the focus in a table or a field, which keep the step keys.
    if (const QWidget* focus = QApplication::focusWidget(); focus && uses_step_keys(focus))
        window_->tabs()->currentWidget()->setFocus(Qt::OtherFocusReason);
    emit stepChanged(index_, revealed_);
}

void LessonPlayer::set_revealed(bool revealed) {
    if (!active() || revealed_ == revealed) return;
    revealed_ = revealed;
    emit stepChanged(index_, revealed_);
}

std::optional<Network> LessonPlayer::resolved_network(int index, QString* error) const {
    const std::vector<LessonStep>& steps = lesson_->steps;
    int from = index;
    while (from > 0 && !steps[size_t(from)].network) --from;
    // Before the first preset/config: the network shown when the lesson started.
    Network network = steps[size_t(from)].network ? *steps[size_t(from)].network : start_network_;
    for (int i = from; i <= index; ++i)
        for (const LessonEdit& edit : steps[size_t(i)].edits) {
            NetworkEdits::Result result = edit.apply(network);
            if (!result) {
                *error = tr("Step %1: %2: %3")
                             .arg(i + 1)
                             .arg(QString::fromStdString(edit.text),
                                  QString::fromStdString(result.error));
                return std::nullopt;
            }
            network = std::move(*result.network);
        }
    return network;
}

std::optional<Network> LessonPlayer::onward_network(const Network& current, QString* error) const {
    const LessonStep& step = *current_step();
    if (!step.sets_network()) return std::nullopt;
    Network network = step.network ? *step.network : current;
    for (const LessonEdit& edit : step.edits) {
        NetworkEdits::Result result = edit.apply(network);
        if (!result) {
            *error =
                tr("Step %1: %2: %3")
                    .arg(index_ + 1)
                    .arg(QString::fromStdString(edit.text), QString::fromStdString(result.error));
            return std::nullopt;
        }
        network = std::move(*result.network);
    }
    return network;
}

void LessonPlayer::apply_step(bool onward) {
    const LessonStep& step = *current_step();
    problem_.clear();
    NetworkDocument* document = window_->exploration()->document();
    std::optional<Network> network = onward ? onward_network(document->network(), &problem_)
                                            : resolved_network(index_, &problem_);
    if (network) {
        const QString text =
            tr("Lesson step %1: %2").arg(index_ + 1).arg(QString::fromStdString(step.title));
        if (!document->edit(std::move(*network), text))
            problem_ = tr("Step %1 cannot be shown: the network was refused").arg(index_ + 1);
    }
    if (!problem_.isEmpty()) window_->statusBar()->showMessage(problem_, 10000);
    if (step.tab >= 0 && step.tab < window_->tabs()->count())
        window_->tabs()->setCurrentIndex(step.tab);
    if (step.select)
        if (const int layer = step.select->index_in(document->network()); layer >= 0) {
            window_->network_panel()->select_tensor(layer, step.select->role);
            // On the Layers tab the selected tensor's histogram scrolls into view, once the tab
            // is laid out.
            QMetaObject::invokeMethod(
                this, [this, layer, role = step.select->role] { scroll_to(layer, role); },
                Qt::QueuedConnection);
        }
    apply_axes(step.axes);
}

void LessonPlayer::scroll_to(int layer, TensorRole role) {
    auto* layers = qobject_cast<LayersTab*>(window_->tabs()->currentWidget());
    if (layers == nullptr || layer >= layers->layer_count()) return;
    QWidget* plot = role == TensorRole::Bias ? static_cast<QWidget*>(layers->bias_plot(layer))
                                             : static_cast<QWidget*>(layers->weight_plot(layer));
    if (auto* scroll = layers->findChild<QScrollArea*>(); scroll && plot)
        scroll->ensureWidgetVisible(plot);
}

void LessonPlayer::apply_axes(const LessonAxes& axes) {
    auto* layers = window_->findChild<LayersTab*>();
    if (layers == nullptr) return;
    // Through the options bar's own widgets: the Layers tab and the Exploration follow, as when
    // the user clicks them.
    HistogramOptionsBar* bar = layers->options_bar();
    if (axes.shared_range) bar->shared_range_check()->setChecked(*axes.shared_range);
    if (axes.scale)
        bar->scale_combo()->setCurrentIndex(bar->scale_combo()->findData(int(*axes.scale)));
}

void LessonPlayer::add_menu_actions(QMenu* file_menu) {
    QAction* open_action = file_menu->addAction(tr("Open &Lesson…"));
    connect(open_action, &QAction::triggered, this, [this] {
        const QString path = window_->prompts().open_file(window_, tr("Open Lesson"),
                                                          tr("InitScope lessons (*.json)"));
        if (path.isEmpty()) return;
        if (const std::optional<QString> error = open(path))
            window_->prompts().error(window_, tr("Open Lesson"), *error);
    });
    QMenu* lessons = file_menu->addMenu(tr("Lesso&ns"));
    for (const std::string& name : LessonLibrary::names()) {
        const QString title = QString::fromStdString(LessonLibrary::title(name));
        QAction* action = lessons->addAction(title);
        action->setObjectName(QStringLiteral("lesson_") + QString::fromStdString(name));
        connect(action, &QAction::triggered, this, [this, name] {
            if (const std::optional<QString> error = open(QString::fromStdString(name)))
                window_->prompts().error(window_, tr("Lessons"), *error);
        });
    }
    lessons->addSeparator();
    lessons->addActions({next_action_, previous_action_, first_action_, last_action_});
    lessons->addSeparator();
    lessons->addAction(close_action_);
}

QWidget* LessonPlayer::make_step_controls(QWidget* parent) {
    auto* strip = new QWidget(parent);
    auto* layout = new QHBoxLayout(strip);
    layout->setContentsMargins(0, 0, 0, 0);
    auto* back = new QToolButton(strip);
    back->setText(QStringLiteral("←"));
    back->setToolTip(tr("Previous step (←)"));
    auto* position = new QLabel(strip);
    auto* forward = new QToolButton(strip);
    forward->setText(QStringLiteral("→"));
    forward->setToolTip(tr("Next step, or the answer first (→ or Space)"));
    for (QWidget* w : std::initializer_list<QWidget*>{back, position, forward}) {
        w->setFocusPolicy(Qt::NoFocus);
        layout->addWidget(w);
    }
    connect(back, &QToolButton::clicked, this, &LessonPlayer::previous);
    connect(forward, &QToolButton::clicked, this, &LessonPlayer::next);
    const auto update = [this, strip, back, forward, position] {
        strip->setVisible(active());
        position->setText(active() ? tr("%1 / %2").arg(index_ + 1).arg(step_count()) : QString());
        back->setEnabled(active() && index_ > 0);
        const LessonStep* step = current_step();
        forward->setEnabled(step &&
                            (index_ + 1 < step_count() || (!step->answer.empty() && !revealed_)));
    };
    connect(this, &LessonPlayer::stepChanged, strip, update);
    connect(this, &LessonPlayer::lessonChanged, strip, update);
    update();
    return strip;
}

bool LessonPlayer::handles_key(const QWidget* receiver, int key,
                               Qt::KeyboardModifiers modifiers) const {
    if (!active() || (modifiers & ~Qt::KeypadModifier) != Qt::NoModifier) return false;
    switch (key) {
        case Qt::Key_Right:
        case Qt::Key_Space:
        case Qt::Key_PageDown:
        case Qt::Key_Left:
        case Qt::Key_PageUp:
        case Qt::Key_Home:
        case Qt::Key_End:
            break;
        default:
            return false;
    }
    if (receiver->window() != window_ || QApplication::activePopupWidget()) return false;
    const QWidget* focus = QApplication::focusWidget();
    if (focus == nullptr) return true;
    // A focused button presses on Space, as everywhere — but not in presenter mode, where Space
    // steps the lesson as in every slide program (the strip's buttons are clicked, not typed).
    if (key == Qt::Key_Space && qobject_cast<const QAbstractButton*>(focus) &&
        !(window_->presenter() && window_->presenter()->active()))
        return false;
    return !uses_step_keys(focus);
}

void LessonPlayer::make_room() {
    if (!active() || made_room_ || window_->width() >= SidePanelRoom::kRoomyWidth) return;
    made_room_ = true;
    if (!window_->fold_side_panels(tr("The lesson uses"))) return;
    window_->resizeDocks({dock_}, {window_->width() * LessonDock::kWidthPercent / 100},
                         Qt::Horizontal);
}

bool LessonPlayer::eventFilter(QObject* watched, QEvent* event) {
    if (watched == window_ && (event->type() == QEvent::Show || event->type() == QEvent::Resize))
        QMetaObject::invokeMethod(this, &LessonPlayer::make_room, Qt::QueuedConnection);
    if (event->type() != QEvent::KeyPress || !watched->isWidgetType()) return false;
    auto* key = static_cast<QKeyEvent*>(event);
    if (!handles_key(static_cast<QWidget*>(watched), key->key(), key->modifiers())) return false;
    switch (key->key()) {
        case Qt::Key_Right:
        case Qt::Key_Space:
        case Qt::Key_PageDown:
            next();
            break;
        case Qt::Key_Left:
        case Qt::Key_PageUp:
            previous();
            break;
        case Qt::Key_Home:
            first();
            break;
        default:
            last();
            break;
    }
    return true;
}

}  // namespace initscope
