#pragma once

#include "ui/export/export_layout.h"
#include "ui/export/export_options.h"
#include "ui/export/export_palette.h"
#include "ui/export/plot_resize_gate.h"

#include <QPoint>
#include <QRect>
#include <QSize>

#include <optional>

class QCPPainter;
class QCustomPlot;
class QScrollArea;
class QWidget;

namespace initscope {

class ParallelPlotPainter;

/// Paints one QCustomPlot, or a whole tab (a QWidget holding plots and labels) as one picture,
/// into a painter, in logical coordinates [0, W] × [0, H] for the export size W×H.
///
/// While alive, the widget is prepared for the export: it has a light palette (ExportPalette);
/// a tab is laid out at the size (ExportLayout; at its minimum size when it cannot be laid out
/// that small, then scaled down to fit, centred) and its plots' resizes are held back
/// (PlotResizeGate). paint() draws every visible plot with toPainter into its rectangle and
/// every visible QLabel with QWidget::render — clipped to what its scroll areas show; a scroll
/// area's whole content is drawn, scaled to fit its viewport. Controls (combo boxes, buttons,
/// scroll bars) and labels naming a control are left out. Everything is restored when the
/// painter is destroyed (unless `restore` is false: the widget is thrown away after).
/// The widget must pass can_paint. Call from the GUI thread.
class TabPainter {
public:
    /// A plot, a visible tab or a top-level window can be painted; a tab hidden inside a window
    /// (another tab is current) cannot be laid out.
    static bool can_paint(const QWidget* widget);
    /// The shortest a plot in a scroll area is made for an export before the content is scaled.
    static constexpr int kExportMinPlotHeight = 170;

    TabPainter(QWidget* widget, QSize size, ExportBackground background, bool restore);
    TabPainter(const TabPainter&) = delete;
    TabPainter& operator=(const TabPainter&) = delete;

    /// Paints the widget on an active painter whose coordinates are the export's logical pixels.
    /// With `deferred` (a raster picture's painter) the plots are not drawn but added to it,
    /// to be drawn by its run() while this TabPainter is alive; labels are drawn here.
    void paint(QCPPainter& painter, ParallelPlotPainter* deferred = nullptr);

private:
    /// The device pixels a clip to `rect` (painter coordinates) leaves.
    static QRect device_rect(const QCPPainter& painter, const QRect& rect);
    /// Paints a tab: laid out, scaled down to fit when its minimum is larger, centred.
    void paint_tab(QCPPainter& painter);
    /// Draws `plot` as vector operations into `target` (painter coordinates), clipped to `clip`.
    void paint_plot(QCPPainter& painter, QCustomPlot* plot, const QRect& target, const QRect& clip);
    /// Paints the visible plots and labels under `widget`, whose top-left is at `origin` in
    /// painter coordinates, clipped to `clip` (the intersection of its ancestors' rectangles).
    void paint_children(QCPPainter& painter, QWidget* widget, QPoint origin, const QRect& clip);
    /// Paints the whole content of a scroll area into its viewport `viewport` (painter
    /// coordinates, clipped to `clip`): its plots' minimum heights lowered to
    /// kExportMinPlotHeight, laid out at the viewport's size divided by f and drawn scaled by f,
    /// f ≤ 1 the largest factor at which its minimum size fits. So every small
    /// multiple is in the picture, not just the rows the window happens to scroll to.
    void paint_scroll_content(QCPPainter& painter, QScrollArea* area, const QRect& viewport,
                              const QRect& clip);

    QWidget* widget_;
    QCustomPlot* plot_;  ///< the widget when it is a plot, else nullptr
    QSize size_;
    bool restore_;
    ParallelPlotPainter* deferred_ = nullptr;  ///< during paint(), when given
    QRect device_clip_;  ///< during paint(): the device pixels the current clip leaves
    // Declared in the order they take effect; destroyed in reverse.
    ExportPalette palette_;
    std::optional<PlotResizeGate> gate_;  ///< for a tab
    std::optional<ExportLayout> layout_;  ///< for a tab
};

}  // namespace initscope
