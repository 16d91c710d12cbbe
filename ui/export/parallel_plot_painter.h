#pragma once

#include <QPainter>
#include <QRect>
#include <QSize>
#include <QTransform>

#include <vector>

class QCPPainter;
class QCustomPlot;
class QImage;
class QThreadPool;

namespace initscope {

/// The plots of one raster picture, drawn on several threads. TabPainter, given one, does not
/// draw a plot when it reaches it but adds it here with the painter's state at that moment;
/// run() then draws every plot into its own rectangle of the picture — on the calling thread
/// and on helper threads at once, each plot wholly on one thread, the largest first — each
/// thread through its own QImage over the picture's pixels, with the same transform, modes and
/// hints and a clip to the plot's rectangle, so the pixels are exactly the ones drawing in
/// place gives. When two plots' rectangles share a pixel (a fractional scale can round both
/// onto one column) run() draws them one after the other on the calling thread instead, in
/// the order added.
///
/// Threads: a QCustomPlot is a widget, but its toPainter only lays out and reads the plot's
/// own elements and paints with a QPainter on a QImage, which Qt allows on any thread (fonts
/// and text layout are thread-safe in Qt 6, each thread with its own font cache; no QPixmap is
/// touched: the painters are pmNoCaching). While run() is in progress the calling (GUI) thread
/// only draws plots of this picture, every plot is drawn by one thread, and a plot emits its
/// afterLayout to a direct connection (LivePlot), so no plot is touched by two threads at once.
class ParallelPlotPainter {
public:
    /// Adds `plot`, drawn with toPainter at `size` (logical pixels) at the painter's origin,
    /// touching only the device pixels `device_clip` of the painter's device.
    void add(QCustomPlot* plot, const QCPPainter& painter, QSize size, const QRect& device_clip);
    int count() const { return static_cast<int>(jobs_.size()); }

    /// Draws every plot added into `image`, the device of the painter they were added with
    /// (no painter may be active on it). Helper threads come from `pool` (none: all here).
    /// Returns once every plot is drawn.
    void run(QImage& image, QThreadPool* pool);

private:
    struct Job {
        QCustomPlot* plot;
        QTransform transform;  ///< logical → device pixels, the plot's origin at logical (0, 0)
        QSize size;
        QRect device_clip;
        int modes;
        QPainter::RenderHints hints;
    };
    /// Draws `job` into `image` (the picture, or a QImage over its pixels).
    static void paint(const Job& job, QImage& image);
    /// True when no two jobs share a device pixel.
    static bool disjoint(const std::vector<Job>& jobs);

    std::vector<Job> jobs_;
};

}  // namespace initscope
