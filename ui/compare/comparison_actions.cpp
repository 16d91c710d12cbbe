#include "ui/compare/comparison_actions.h"

#include "core/io/preset_library.h"
#include "ui/compare/comparison.h"
#include "ui/document/file_controller.h"
#include "ui/main_window.h"

#include <QAction>
#include <QMenu>
#include <QToolBar>
#include <QToolButton>

namespace initscope {

ComparisonActions::ComparisonActions(Comparison* comparison, MainWindow* window)
    : QObject(comparison), comparison_(comparison), window_(window) {
    snapshot_ = new QAction(tr("Compare with a &Snapshot of This Network"), this);
    snapshot_->setObjectName(QStringLiteral("action_compare_snapshot"));
    snapshot_->setStatusTip(tr("B starts as a copy of A: change one thing in B and see both"));
    connect(snapshot_, &QAction::triggered, comparison_, [this] { comparison_->start_snapshot(); });
    file_ = new QAction(tr("Compare with a &File…"), this);
    file_->setObjectName(QStringLiteral("action_compare_file"));
    file_->setStatusTip(tr("B is a network from a JSON config"));
    connect(file_, &QAction::triggered, this, &ComparisonActions::choose_file);
    swap_ = new QAction(tr("S&wap A and B"), this);
    swap_->setObjectName(QStringLiteral("action_compare_swap"));
    swap_->setIconText(tr("Swap A↔B"));
    swap_->setShortcut(QKeySequence(Qt::Key_X));
    swap_->setToolTip(tr("Swap A and B: left and right, and which one the side panels edit (X)"));
    connect(swap_, &QAction::triggered, comparison_, &Comparison::swap);
    edit_b_ = new QAction(tr("&Edit B in the Side Panels"), this);
    edit_b_->setObjectName(QStringLiteral("action_compare_edit_b"));
    edit_b_->setIconText(tr("Edit B"));
    edit_b_->setCheckable(true);
    edit_b_->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_B));
    edit_b_->setToolTip(
        tr("On: the network and parameter panels, the seed keys and Undo edit B; off: A "
           "(Ctrl+Shift+B)"));
    connect(edit_b_, &QAction::toggled, this, [this](bool on) {
        if (comparison_->active())
            comparison_->set_edited(on ? ComparisonSide::B : ComparisonSide::A);
    });
    save_b_ = new QAction(tr("Save &B As…"), this);
    save_b_->setObjectName(QStringLiteral("action_compare_save_b"));
    save_b_->setStatusTip(tr("Write B's network to a JSON config"));
    connect(save_b_, &QAction::triggered, comparison_, &Comparison::save_b_as);
    stop_ = new QAction(tr("S&top Comparing"), this);
    stop_->setObjectName(QStringLiteral("action_compare_stop"));
    stop_->setStatusTip(tr("Show A alone again; B is closed"));
    connect(stop_, &QAction::triggered, comparison_, &Comparison::stop);

    with_menu_ = new QMenu(tr("Compare With"), window_);
    with_menu_->addAction(snapshot_);
    with_menu_->addAction(file_);
    QMenu* presets = with_menu_->addMenu(tr("Compare with a &Preset"));
    for (const std::string& name : PresetLibrary::names()) {
        const QString qname = QString::fromStdString(name);
        QAction* action = presets->addAction(qname);
        action->setObjectName(QStringLiteral("action_compare_preset_") + qname);
        action->setStatusTip(QString::fromStdString(PresetLibrary::description(name)));
        connect(action, &QAction::triggered, this, [this, qname] {
            if (std::optional<QString> error = comparison_->start_preset(qname))
                window_->prompts().error(window_, tr("Cannot compare"), *error);
        });
    }
    update();
}

void ComparisonActions::add_to_menu(QMenu* menu) {
    menu->addActions(with_menu_->actions());
    menu->addSeparator();
    menu->addAction(swap_);
    menu->addAction(edit_b_);
    menu->addSeparator();
    menu->addAction(save_b_);
    menu->addAction(stop_);
}

void ComparisonActions::add_to_toolbar(QToolBar* bar) {
    auto* button = new QToolButton(bar);
    button->setObjectName(QStringLiteral("compare_button"));
    button->setText(tr("Compare"));
    button->setToolTip(tr("Show a second set-up B beside this one in every tab"));
    button->setMenu(with_menu_);
    button->setPopupMode(QToolButton::InstantPopup);
    bar->addWidget(button);
    bar->addAction(swap_);
    bar->addAction(edit_b_);
}

void ComparisonActions::choose_file() {
    const QString path =
        window_->prompts().open_file(window_, tr("Compare with"), FileController::config_filter());
    if (path.isEmpty()) return;
    if (std::optional<QString> error = comparison_->start_file(path))
        window_->prompts().error(window_, tr("Cannot compare"), *error);
}

void ComparisonActions::update() {
    swap_->setEnabled(comparison_->active());
    edit_b_->setEnabled(comparison_->active());
    stop_->setEnabled(comparison_->active());
    save_b_->setEnabled(comparison_->active());
    const QSignalBlocker blocker(edit_b_);
    edit_b_->setChecked(comparison_->active() && comparison_->edited() == ComparisonSide::B);
}

}  // namespace initscope
