#pragma once

#include <QSize>

namespace initscope {

/// The file formats a plot or a tab can be written as. PNG and JPEG are pixels; PDF and SVG
/// stay vector (lines, bars and text are drawing operations, not an embedded picture).
enum class ImageFormat { Png, Jpeg, Pdf, Svg };

/// What is behind the plots: white paper, or nothing (PNG, PDF, SVG; JPEG is always white).
enum class ExportBackground { White, Transparent };

/// How to export: the size in logical pixels (the layout the plots get, as on a 96-dpi
/// screen: fonts keep their on-screen size relative to the plot), and for pixel formats the
/// scale, so 1920×1080 at 2× is a 3840×2160 picture that looks like the 1920×1080 one, only
/// sharper — fonts, lines and margins all grow with the scale. PDF and SVG are W×H (at the
/// screen's dpi, e.g. 1920×1080 px = 20 × 11.25 in at 96 dpi) whatever the scale.
struct ExportOptions {
    QSize size;  ///< W×H logical pixels; QSize() (the default) means the widget's current size
    double scale = 1;
    ExportBackground background = ExportBackground::White;
    int jpeg_quality = 95;  ///< 0..100
    /// false: the tab is thrown away right after (HeadlessPlotExport's last picture of it), so
    /// its layout, geometry and visibility are not put back (no needless relayout and replot).
    bool restore = true;
};

}  // namespace initscope
