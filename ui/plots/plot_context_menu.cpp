#include "ui/plots/plot_context_menu.h"

#include "ui/export/export_announcer.h"
#include "ui/export/export_dialog.h"
#include "ui/export/headless_plot_export.h"
#include "ui/export/plot_exporter.h"
#include "ui/plots/density_plot.h"
#include "ui/plots/histogram_plot.h"
#include "ui/tabs/layers_tab.h"
#include "ui/tabs/overview_tab.h"

#include <qcustomplot.h>
#include <QAction>
#include <QApplication>
#include <QClipboard>
#include <QContextMenuEvent>
#include <QCursor>
#include <QMenu>
#include <QMessageBox>
#include <QWindow>

#include <algorithm>

namespace initscope {

namespace {

// Object names that mark a widget as attached (the PlotContextMenu child holds the connection).
const char* const kPlotMarker = "initscope_plot_context_menu";
const char* const kTabMarker = "initscope_tab_context_menu";

QCustomPlot* plot_at(QWidget* tab, const QPoint& tab_pos) {
    for (QWidget* w = tab->childAt(tab_pos); w && w != tab; w = w->parentWidget())
        if (auto* plot = qobject_cast<QCustomPlot*>(w)) return plot;
    return nullptr;
}

}  // namespace

PlotContextMenu::PlotContextMenu(QWidget* owner) : QObject(owner), owner_(owner) {}

void PlotContextMenu::attach(QCustomPlot* plot) {
    if (!plot || plot->findChild<PlotContextMenu*>(kPlotMarker, Qt::FindDirectChildrenOnly)) return;
    auto* menu = new PlotContextMenu(plot);
    menu->setObjectName(kPlotMarker);
    plot->setContextMenuPolicy(Qt::CustomContextMenu);
    connect(plot, &QWidget::customContextMenuRequested, menu, &PlotContextMenu::show_plot_menu);
}

void PlotContextMenu::attach_all(QWidget* tab) {
    if (!tab) return;
    for (QCustomPlot* plot : tab->findChildren<QCustomPlot*>()) attach(plot);
    if (tab->findChild<PlotContextMenu*>(kTabMarker, Qt::FindDirectChildrenOnly)) return;
    auto* menu = new PlotContextMenu(tab);
    menu->setObjectName(kTabMarker);
    tab->installEventFilter(menu);
}

QWidget* PlotContextMenu::owning_tab(QWidget* widget) {
    for (QWidget* w = widget; w; w = w->parentWidget())
        if (w->findChild<PlotContextMenu*>(kTabMarker, Qt::FindDirectChildrenOnly)) return w;
    return nullptr;
}

bool PlotContextMenu::eventFilter(QObject* watched, QEvent* event) {
    // A context-menu event reaches the tab when no child took it: a plot created after
    // attach_all() (default policy, so the event propagates) or the tab's background.
    if (watched != owner_ || event->type() != QEvent::ContextMenu) return false;
    auto* context = static_cast<QContextMenuEvent*>(event);
    QCustomPlot* plot = plot_at(owner_, context->pos());
    if (plot) attach(plot);
    show_menu(plot, context->globalPos());
    return true;
}

void PlotContextMenu::show_plot_menu(const QPoint& pos) {
    auto* plot = qobject_cast<QCustomPlot*>(owner_);
    if (plot) show_menu(plot, plot->mapToGlobal(pos));
}

void PlotContextMenu::show_menu(QCustomPlot* plot, const QPoint& global_pos) {
    QWidget* tab = owning_tab(plot ? static_cast<QWidget*>(plot) : owner_);
    QMenu menu;
    const auto report = [](QWidget* parent, const QString& error) {
        QMessageBox::warning(parent, tr("Copy failed"), error);
    };
    if (plot) {
        QAction* export_plot = menu.addAction(tr("&Export Plot…"));
        connect(export_plot, &QAction::triggered, plot,
                [plot] { export_with_dialog(plot->window(), plot); });
        QAction* copy_plot = menu.addAction(tr("&Copy Plot as Image"));
        connect(copy_plot, &QAction::triggered, plot, [plot, report] {
            QString error;
            if (!copy_to_clipboard(plot, &error)) report(plot->window(), error);
        });
    }
    if (tab) {
        if (plot) menu.addSeparator();
        QAction* export_tab = menu.addAction(tr("Export &Tab…"));
        connect(export_tab, &QAction::triggered, tab,
                [tab] { export_with_dialog(tab->window(), tab); });
        QAction* copy_tab = menu.addAction(tr("Copy T&ab as Image"));
        connect(copy_tab, &QAction::triggered, tab, [tab, report] {
            QString error;
            if (!copy_to_clipboard(tab, &error)) report(tab->window(), error);
        });
    }
    if (!menu.isEmpty()) menu.exec(global_pos);
}

bool PlotContextMenu::copy_to_clipboard(QWidget* tab_or_plot, QString* error) {
    if (!tab_or_plot) {
        if (error) *error = tr("nothing to copy");
        return false;
    }
    ExportOptions options;
    options.size = tab_or_plot->size();
    options.scale = std::max(2.0, tab_or_plot->devicePixelRatioF());
    options.background = ExportBackground::White;
    const QImage image = PlotExporter::render_image(tab_or_plot, options, error);
    if (image.isNull()) return false;
    QClipboard* clipboard = QGuiApplication::clipboard();
    if (!clipboard) {
        if (error) *error = tr("no clipboard");
        return false;
    }
    clipboard->setImage(image);
    return true;
}

bool PlotContextMenu::export_with_dialog(QWidget* parent, QWidget* tab_or_plot) {
    if (!tab_or_plot) return false;
    QString last_path;
    for (;;) {
        ExportDialog dialog(tab_or_plot->size(), suggested_name(tab_or_plot), parent);
        if (!last_path.isEmpty()) dialog.set_path(last_path);
        if (dialog.exec() != QDialog::Accepted) return false;
        last_path = dialog.path();
        QApplication::setOverrideCursor(Qt::WaitCursor);
        const auto problem =
            PlotExporter::save(tab_or_plot, dialog.path(), dialog.options(), dialog.format());
        QApplication::restoreOverrideCursor();
        if (!problem) {
            ExportAnnouncer::announce_saved(dialog.path());
            return true;
        }
        QMessageBox::warning(parent, tr("Export failed"), *problem);
    }
}

QWidget* PlotContextMenu::target_under_cursor(QWidget* tab) {
    if (!tab || !tab->isVisible()) return tab;
    const QPoint pos = tab->mapFromGlobal(QCursor::pos());
    if (!tab->rect().contains(pos)) return tab;
    QCustomPlot* plot = plot_at(tab, pos);
    return plot ? plot : tab;
}

QString PlotContextMenu::suggested_name(QWidget* tab_or_plot) {
    QString name;
    if (auto* histogram = qobject_cast<HistogramPlot*>(tab_or_plot))
        name = histogram->title().section(QStringLiteral(" — "), 0, 0);
    else if (auto* density = qobject_cast<DensityPlot*>(tab_or_plot))
        name = density->title();
    else if (qobject_cast<OverviewTab*>(tab_or_plot))
        name = QStringLiteral("overview");
    else if (qobject_cast<LayersTab*>(tab_or_plot))
        name = QStringLiteral("layers");
    if (name.isEmpty() && tab_or_plot) name = tab_or_plot->objectName();
    if (name.isEmpty())
        name = qobject_cast<QCustomPlot*>(tab_or_plot) ? QStringLiteral("plot")
                                                       : QStringLiteral("tab");
    return HeadlessPlotExport::file_stem(name.toStdString());
}

QAction* PlotContextMenu::make_copy_action(QWidget* window, std::function<QWidget*()> current_tab) {
    auto* action = new QAction(tr("&Copy Plot or Tab as Image"), window);
    action->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_C));
    action->setShortcutContext(Qt::WindowShortcut);
    action->setToolTip(
        tr("Copy the plot under the pointer, or the whole tab, to the clipboard "
           "as a picture (2×, white background) for slides"));
    connect(action, &QAction::triggered, window, [window, current_tab] {
        QWidget* tab = current_tab ? current_tab() : nullptr;
        if (!tab) return;
        QString error;
        if (!copy_to_clipboard(target_under_cursor(tab), &error))
            QMessageBox::warning(window, tr("Copy failed"), error);
    });
    window->addAction(action);
    return action;
}

QAction* PlotContextMenu::make_export_action(QWidget* window,
                                             std::function<QWidget*()> current_tab) {
    auto* action = new QAction(tr("&Export Tab as Image…"), window);
    action->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_E));
    action->setShortcutContext(Qt::WindowShortcut);
    action->setToolTip(tr("Write the current tab as one picture: PNG, JPEG, PDF or SVG"));
    connect(action, &QAction::triggered, window, [window, current_tab] {
        if (QWidget* tab = current_tab ? current_tab() : nullptr) export_with_dialog(window, tab);
    });
    window->addAction(action);
    return action;
}

}  // namespace initscope
