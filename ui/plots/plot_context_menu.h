#pragma once

#include <QObject>
#include <QPoint>
#include <QString>

#include <functional>

class QAction;
class QCustomPlot;
class QWidget;

namespace initscope {

/// Right-click export for plots, and the window's "copy / export the current tab" actions.
///
/// attach(plot) gives one plot (any QCustomPlot; its class is not touched: the plot gets
/// Qt::CustomContextMenu and its customContextMenuRequested signal is connected) a menu:
///   Export plot…        ExportDialog, then PlotExporter::save; a failure is shown and the
///                       dialog comes back
///   Copy plot as image  copy_to_clipboard(plot)
///   Export tab… / Copy tab as image   when the plot is inside a tab given to attach_all()
/// attach_all(tab) attaches every plot in the tab and keeps watching the tab: plots created
/// later (the Layers tab adds one per layer) get the same menu on their first right-click, and a
/// right-click elsewhere on the tab offers Export tab… / Copy tab as image. Both are idempotent.
class PlotContextMenu : public QObject {
    Q_OBJECT
public:
    static void attach(QCustomPlot* plot);
    static void attach_all(QWidget* tab);

    /// Puts the picture of a plot or a whole tab on the clipboard: its current size at 2× (or the
    /// screen's device pixel ratio when higher), white background — ready to paste into slides.
    /// False (and the reason in `error`) when nothing could be rendered.
    static bool copy_to_clipboard(QWidget* tab_or_plot, QString* error = nullptr);
    /// Asks where and how (ExportDialog) and writes the plot or tab; on failure shows the
    /// message and asks again, until it succeeds or the user cancels. Returns true when written.
    static bool export_with_dialog(QWidget* parent, QWidget* tab_or_plot);

    /// What "the current plot" is for a tab: the plot under the mouse pointer, if the pointer
    /// is over one of the tab's visible plots, else the tab itself.
    static QWidget* target_under_cursor(QWidget* tab);
    /// A file-name stem for the export: "fc1.weight" for a tensor's histogram,
    /// "Weight_densities_per_layer" for a density plot, "overview" / "layers" for those tabs,
    /// else the widget's objectName or "plot" / "tab".
    static QString suggested_name(QWidget* tab_or_plot);

    /// Window actions, parented to `window` and added to it (so their shortcuts work anywhere in
    /// it); `current_tab` returns the tab on show (nullptr: nothing to do). The main window
    /// only puts them in a menu or toolbar.
    ///   "Copy Plot or Tab as Image" (Ctrl+Shift+C): copies target_under_cursor(current_tab()).
    ///   "Export Tab as Image…" (Ctrl+Shift+E): export_with_dialog(window, current_tab()).
    static QAction* make_copy_action(QWidget* window, std::function<QWidget*()> current_tab);
    static QAction* make_export_action(QWidget* window, std::function<QWidget*()> current_tab);

protected:
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    explicit PlotContextMenu(QWidget* owner);
    /// The context-menu handler of an attached plot (pos in plot coordinates).
    void show_plot_menu(const QPoint& pos);
    /// Shows the menu for `plot` (may be nullptr: the tab's menu) at a global position.
    void show_menu(QCustomPlot* plot, const QPoint& global_pos);
    /// The tab that attach_all() was called on and that contains `widget`, or nullptr.
    static QWidget* owning_tab(QWidget* widget);

    QWidget* owner_;  ///< the plot (attach) or the tab (attach_all) this object is a child of
};

}  // namespace initscope
