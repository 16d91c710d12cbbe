#include "ui/compare/comparison.h"

#include "ui/compare/compared_page.h"
#include "ui/compare/comparison_actions.h"
#include "ui/compare/second_setup.h"
#include "ui/compare/theory_comparison_model.h"
#include "ui/document/exploration.h"
#include "ui/document/file_controller.h"
#include "ui/document/network_document.h"
#include "ui/main_window.h"
#include "ui/panels/network_panel.h"
#include "ui/panels/sampling_toolbar.h"
#include "ui/panels/scheme_parameter_panel.h"
#include "ui/side_panel_room.h"
#include "ui/tabs/overview_tab.h"
#include "ui/tabs/propagation_tab.h"
#include "ui/tabs/summary_view.h"
#include "ui/tabs/theory_tab.h"

#include <QAction>
#include <QEvent>
#include <QFileInfo>
#include <QLabel>
#include <QSplitter>
#include <QStackedWidget>
#include <QStatusBar>
#include <QTabWidget>
#include <QTableView>
#include <QToolBar>
#include <QUndoGroup>

#include <algorithm>

namespace initscope {

namespace {

/// The coloured side letter at the front of a seed toolbar.
QLabel* side_label(ComparisonSide side) {
    auto* label = new QLabel(QStringLiteral(" %1 ").arg(side_letter(side)));
    QFont font = label->font();
    font.setBold(true);
    label->setFont(font);
    label->setStyleSheet(
        QStringLiteral("QLabel { color: white; background: %1; }").arg(side_color(side).name()));
    return label;
}

}  // namespace

Comparison::Comparison(MainWindow* window)
    : QObject(window),
      window_(window),
      undo_group_(new QUndoGroup(this)),
      theory_model_(new TheoryComparisonModel(this)) {
    QUndoStack* a_stack = window_->exploration()->document()->undo_stack();
    undo_group_->addStack(a_stack);
    undo_group_->setActiveStack(a_stack);

    actions_ = new ComparisonActions(this, window_);
    actions_->update();
    window_->installEventFilter(this);
    connect(window_->main_splitter(), &QSplitter::splitterMoved, this,
            [this] { side_dragged_ = active(); });
}

Comparison::~Comparison() = default;

QAction* Comparison::swap_action() const {
    return actions_->swap();
}

QAction* Comparison::edit_b_action() const {
    return actions_->edit_b();
}

QAction* Comparison::stop_action() const {
    return actions_->stop();
}

QAction* Comparison::save_b_action() const {
    return actions_->save_b();
}

bool Comparison::eventFilter(QObject* watched, QEvent* event) {
    // Filters run before the window's own showEvent: narrow after it.
    if (watched == window_ && active() && !side_dragged_ &&
        (event->type() == QEvent::Show || event->type() == QEvent::Resize))
        QMetaObject::invokeMethod(this, &Comparison::narrow_side_panel, Qt::QueuedConnection);
    return QObject::eventFilter(watched, event);
}

void Comparison::narrow_side_panel() {
    QSplitter* main = window_->main_splitter();
    const QList<int> sizes = main->sizes();
    if (!active() || sizes.size() != 2 || !window_->isVisible()) return;
    const int total = sizes[0] + sizes[1];
    // Below kRoomyWidth two set-ups side by side need the side panels' room too: they fold away
    // once (F9, or Edit B, brings them back).
    if (window_->width() < SidePanelRoom::kRoomyWidth && !side_panels_folded_) {
        side_panels_folded_ = true;
        folded_by_comparison_ = window_->fold_side_panels(tr("A and B use"));
        if (folded_by_comparison_) return;
    }
    const int side = std::min(sizes[0], int(total * kSidePanelShare));
    if (side >= sizes[0]) return;
    if (side_width_before_ < 0) side_width_before_ = sizes[0];
    main->setSizes({side, total - side});
}

void Comparison::add_actions(QMenu* menu) {
    actions_->add_to_menu(menu);
}

void Comparison::add_toolbar_actions(QToolBar* bar) {
    actions_->add_to_toolbar(bar);
}

NetworkDocument* Comparison::document(ComparisonSide side) const {
    if (side == ComparisonSide::A) return window_->exploration()->document();
    return b_ ? b_->document() : nullptr;
}

std::optional<QString> Comparison::start_snapshot() {
    NetworkDocument* a = window_->exploration()->document();
    return start([a](NetworkDocument* b) { return b->reset(a->network(), a->display_name()); });
}

std::optional<QString> Comparison::start_preset(const QString& name) {
    return start([name](NetworkDocument* b) { return FileController::load_preset_into(b, name); });
}

std::optional<QString> Comparison::start_file(const QString& path) {
    return start([path](NetworkDocument* b) { return b->open(path); });
}

std::optional<QString> Comparison::start(
    const std::function<std::optional<QString>(NetworkDocument*)>& load) {
    const bool fresh = !b_;
    if (fresh) {
        QList<QWidget*> a_pages;
        for (int i = 0; i < window_->tabs()->count(); ++i) a_pages << window_->tabs()->widget(i);
        b_ = new SecondSetup(a_pages, this);
        b_->exploration()->set_view_options(window_->exploration()->view_options());
    }
    if (std::optional<QString> error = load(b_->document())) {
        if (fresh) {
            delete b_;
            b_ = nullptr;
        }
        return error;
    }
    if (fresh) install();
    update_names();
    emit changed();
    return std::nullopt;
}

void Comparison::install() {
    build_pages();
    NetworkPanel* a_panel = window_->network_panel();
    NetworkPanel* b_panel = b_->network_panel();
    panel_stack_ = stack_in_left_splitter(a_panel, b_panel);
    parameter_stack_ = stack_in_left_splitter(window_->parameter_panel(), b_->parameter_panel());

    // The edited side's seed toolbar, under its letter; B's sits just before A's (whose other
    // actions, the window's, stay).
    SamplingToolbar* a_bar =
        window_->findChild<SamplingToolbar*>(QStringLiteral("sampling_toolbar"));
    b_bar_ = b_->toolbar();
    const int seed_actions = int(b_bar_->actions().size());
    b_bar_->insertWidget(b_bar_->actions().value(0), side_label(ComparisonSide::B));
    if (a_bar) {
        window_->insertToolBar(a_bar, b_bar_);
        const QList<QAction*> a_actions = a_bar->actions();
        a_seed_actions_.push_back(
            a_bar->insertWidget(a_actions.value(0), side_label(ComparisonSide::A)));
        for (int i = 0; i < seed_actions && i < a_actions.size(); ++i)
            a_seed_actions_.push_back(a_actions[i]);
    } else {
        window_->addToolBar(b_bar_);
    }

    QUndoStack* b_stack = b_->document()->undo_stack();
    undo_group_->addStack(b_stack);

    QTabWidget* tabs = window_->tabs();
    connections_.push_back(connect(tabs, &QTabWidget::currentChanged, b_, &SecondSetup::show_tab));
    connections_.push_back(
        connect(a_panel, &NetworkPanel::tensorSelected, b_panel, &NetworkPanel::select_tensor));
    connections_.push_back(
        connect(b_panel, &NetworkPanel::tensorSelected, a_panel, &NetworkPanel::select_tensor));
    connections_.push_back(connect(window_->exploration(), &Exploration::resultArrived, this,
                                   &Comparison::update_theory));
    connect(b_->exploration(), &Exploration::resultArrived, this, &Comparison::update_theory);
    connections_.push_back(connect(window_->exploration(), &Exploration::resultArrived, this,
                                   &Comparison::update_overlays));
    connect(b_->exploration(), &Exploration::resultArrived, this, &Comparison::update_overlays);
    connections_.push_back(connect(window_->exploration(), &Exploration::analysisArrived, this,
                                   &Comparison::update_overlays));
    connect(b_->exploration(), &Exploration::analysisArrived, this, &Comparison::update_overlays);
    NetworkDocument* b_document = b_->document();
    connect(b_document, &NetworkDocument::fileChanged, this, [this] {
        update_names();
        emit changed();
    });
    connect(b_document, &NetworkDocument::modifiedChanged, this, &Comparison::changed);
    connections_.push_back(connect(window_->exploration()->document(),
                                   &NetworkDocument::fileChanged, this, &Comparison::update_names));
    connect(b_, &SecondSetup::shown, this, &Comparison::bShown);
    connect(b_, &SecondSetup::refused, this, [this](const QString& message) {
        window_->statusBar()->showMessage(tr("B: %1").arg(message), 10000);
    });

    b_->show_tab(tabs->currentIndex());
    narrow_side_panel();
    b_panel->select_tensor(std::max(a_panel->current_layer(), 0), a_panel->current_role());
    update_theory();
    update_overlays();
    set_edited(ComparisonSide::A);
}

void Comparison::build_pages() {
    QTabWidget* tabs = window_->tabs();
    const int current = tabs->currentIndex();
    const QSignalBlocker blocker(tabs);  // the tabs are only re-housed: nothing is shown anew
    pages_.assign(size_t(tabs->count()), nullptr);
    for (int i = 0; i < tabs->count(); ++i) {
        SummaryView* b_view = b_->view(i);
        if (!b_view) continue;
        QWidget* a_page = tabs->widget(i);
        const QString text = tabs->tabText(i), tip = tabs->tabToolTip(i);
        tabs->removeTab(i);
        auto* page = new ComparedPage(a_page, b_view->widget());
        tabs->insertTab(i, page, text);
        tabs->setTabToolTip(i, tip);
        pages_[size_t(i)] = page;
        if (auto* overview = qobject_cast<OverviewTab*>(a_page)) {
            a_overview_ = overview;
            b_overview_ = qobject_cast<OverviewTab*>(b_view->widget());
        }
        if (auto* propagation = qobject_cast<PropagationTab*>(a_page)) {
            a_propagation_ = propagation;
            b_propagation_ = qobject_cast<PropagationTab*>(b_view->widget());
        }
        if (auto* theory = qobject_cast<TheoryTab*>(a_page)) {
            // The paired columns are A's and B's: A's side gets the room for them.
            a_theory_ = theory;
            theory->set_comparison(theory_model_);
            page->set_a_share(0.82);
        }
    }
    tabs->setCurrentIndex(current);
}

QStackedWidget* Comparison::stack_in_left_splitter(QWidget* a_widget, QWidget* b_widget) {
    QSplitter* splitter = window_->left_splitter();
    const int index = splitter->indexOf(a_widget);
    auto* stack = new QStackedWidget;
    if (index >= 0) {
        splitter->replaceWidget(index, stack);
    } else {
        splitter->addWidget(stack);
    }
    stack->addWidget(a_widget);
    stack->addWidget(b_widget);
    a_widget->show();
    return stack;
}

void Comparison::unstack(QStackedWidget* stack) {
    if (!stack) return;
    QWidget* a_widget = stack->widget(0);
    QSplitter* splitter = window_->left_splitter();
    const int index = splitter->indexOf(stack);
    stack->removeWidget(a_widget);
    if (index >= 0) splitter->replaceWidget(index, a_widget);
    a_widget->show();
    delete stack;
}

void Comparison::stop() {
    if (!b_) return;
    uninstall();
    emit changed();
}

void Comparison::uninstall() {
    set_edited(ComparisonSide::A);
    for (const QMetaObject::Connection& connection : connections_) disconnect(connection);
    connections_.clear();
    if (!a_seed_actions_.empty()) delete a_seed_actions_.front().data();  // A's letter
    a_seed_actions_.clear();
    if (a_theory_) a_theory_->set_comparison(nullptr);
    if (a_propagation_) a_propagation_->set_compared(nullptr, {});
    if (a_overview_) a_overview_->set_compared(nullptr, {});
    a_overview_ = nullptr;
    a_propagation_ = nullptr;
    a_theory_ = nullptr;

    QTabWidget* tabs = window_->tabs();
    const int current = tabs->currentIndex();
    {
        const QSignalBlocker blocker(tabs);
        for (int i = 0; i < int(pages_.size()) && i < tabs->count(); ++i) {
            ComparedPage* page = pages_[size_t(i)];
            if (!page) continue;
            const QString text = tabs->tabText(i), tip = tabs->tabToolTip(i);
            QWidget* a_page = page->take_a();
            tabs->removeTab(i);
            tabs->insertTab(i, a_page, text);
            tabs->setTabToolTip(i, tip);
            delete page;  // with B's view
        }
        tabs->setCurrentIndex(current);
    }
    pages_.clear();
    unstack(panel_stack_);
    unstack(parameter_stack_);
    if (side_width_before_ >= 0) {
        QSplitter* main = window_->main_splitter();
        const QList<int> sizes = main->sizes();
        if (sizes.size() == 2)
            main->setSizes({side_width_before_, sizes[0] + sizes[1] - side_width_before_});
        side_width_before_ = -1;
    }
    side_dragged_ = false;
    side_panels_folded_ = false;
    if (folded_by_comparison_) {
        folded_by_comparison_ = false;
        window_->show_side_panels();
    }
    undo_group_->removeStack(b_->document()->undo_stack());
    undo_group_->setActiveStack(window_->exploration()->document()->undo_stack());
    delete b_;
    b_ = nullptr;
    swapped_ = false;
    theory_model_->set_summaries(nullptr, nullptr);
    actions_->update();
}

bool Comparison::save_b_as() {
    if (!b_) return false;
    NetworkDocument* b = b_->document();
    const QString suggested = b->file_path().isEmpty() ? b->display_name() : b->file_path();
    QString path = window_->prompts().save_file(window_, tr("Save B as"), suggested,
                                                tr("InitScope config (*.json)"));
    if (path.isEmpty()) return false;
    if (QFileInfo(path).suffix().isEmpty()) path += QStringLiteral(".json");
    if (std::optional<QString> error = b->save_as(path)) {
        window_->prompts().error(window_, tr("Cannot save B"), *error);
        return false;
    }
    window_->statusBar()->showMessage(tr("Saved B as %1").arg(b->file_path()), 8000);
    return true;
}

void Comparison::swap() {
    if (!b_) return;
    swapped_ = !swapped_;
    for (const QPointer<ComparedPage>& page : pages_)
        if (page) page->set_swapped(swapped_);
    set_edited(other_side(edited_));
}

void Comparison::set_edited(ComparisonSide side) {
    edited_ = b_ ? side : ComparisonSide::A;
    const int index = edited_ == ComparisonSide::A ? 0 : 1;
    if (panel_stack_) panel_stack_->setCurrentIndex(index);
    if (parameter_stack_) parameter_stack_->setCurrentIndex(index);
    // Editing B needs its panels: show them if the narrow window folded them away.
    if (edited_ == ComparisonSide::B) window_->show_side_panels();
    // A hidden action's keys do not work, nor do those of a hidden toolbar's actions.
    for (const QPointer<QAction>& action : a_seed_actions_)
        if (action) action->setVisible(edited_ == ComparisonSide::A);
    if (b_bar_) b_bar_->setVisible(edited_ == ComparisonSide::B);
    if (NetworkDocument* document = this->document(edited_))
        undo_group_->setActiveStack(document->undo_stack());
    update_names();
    actions_->update();
    emit changed();
}

ComparedPage* Comparison::page(int tab) const {
    return tab >= 0 && tab < int(pages_.size()) ? pages_[size_t(tab)].data() : nullptr;
}

QWidget* Comparison::current_page() const {
    return page(window_->tabs()->currentIndex());
}

QString Comparison::title_note() const {
    if (!b_) return {};
    return tr("  ·  B: %1%2  ·  editing %3")
        .arg(b_->document()->display_name(),
             b_->document()->is_modified() ? QStringLiteral("*") : QString(), side_letter(edited_));
}

bool Comparison::b_shown() const {
    return !b_ || b_->current_shown();
}

void Comparison::update_names() {
    if (!b_) return;
    const QString a_name = window_->exploration()->document()->display_name();
    const QString b_name = b_->document()->display_name();
    for (const QPointer<ComparedPage>& page : pages_)
        if (page) page->set_names(a_name, b_name, edited_);
}

void Comparison::update_overlays() {
    if (!b_) return;
    if (a_overview_)
        a_overview_->set_compared(b_->exploration()->summary(), side_letter(ComparisonSide::B));
    if (b_overview_)
        b_overview_->set_compared(window_->exploration()->summary(),
                                  side_letter(ComparisonSide::A));
    if (a_propagation_)
        a_propagation_->set_compared(b_->exploration()->analysis(), side_letter(ComparisonSide::B));
    if (b_propagation_)
        b_propagation_->set_compared(window_->exploration()->analysis(),
                                     side_letter(ComparisonSide::A));
}

void Comparison::update_theory() {
    if (!b_) return;
    theory_model_->set_summaries(window_->exploration()->summary(), b_->exploration()->summary());
    // A reset of the paired rows clears A's Theory selection: the panel's tensor again.
    if (a_theory_ && !a_theory_->view()->currentIndex().isValid())
        a_theory_->select_tensor(window_->network_panel()->current_layer(),
                                 window_->network_panel()->current_role());
}

}  // namespace initscope
