#pragma once

#include <QSize>
#include <QString>

#include <optional>
#include <string>

namespace initscope {

/// The one rule for the size of a picture InitScope makes (--screenshot --size, --export-plots
/// --size/--scale, the export dialog): W×H logical pixels drawn at a scale (output pixels per
/// logical pixel). A size is at least the least size of what is drawn, in logical pixels
/// (kLeastWindow for the window and a whole tab, below which they cannot lay out; kLeastPlot for
/// one plot, below which its axes have no room); after scaling each side is at most kMaxSide pixels
/// and the area at most kMaxMegapixels (a 64-megapixel ARGB picture is 256 MiB; beyond that the
/// raster engine fails). Vector formats (PDF, SVG) are checked at scale 1.
class ExportSize {
public:
    static constexpr QSize kLeastWindow{200, 150};            ///< logical pixels
    static constexpr QSize kLeastPlot{64, 64};                ///< logical pixels
    static constexpr int kMaxSide = 16384;                    ///< output pixels per side
    static constexpr double kMaxMegapixels = 64;              ///< output W·H, in millions
    static constexpr double kMinScale = 0.25, kMaxScale = 8;  ///< the accepted scales

    /// A size typed as "WxH" (the separator may also be 'X' or '×'): two decimal integers of
    /// at most 5 digits, without sign, spaces or leading zeros ("1920x1080"; not " 100x100",
    /// "00x00", "+5x5", "1e3x5"). nullopt when it is not of that form; the range is checked by
    /// problem().
    static std::optional<QSize> parse(const QString& text);
    /// A scale typed as a plain decimal number ("2", "1.5"); nullopt when it is not one or not
    /// finite. The range is checked by problem().
    static std::optional<double> parse_scale(const QString& text);

    /// Why `size` drawn at `scale` cannot be made, as one line ("200×100 is too small: the least
    /// is 200×150", "20000×20000 at 1× is 400 megapixels; the most is 64", "scale 9: must be
    /// from 0.25 to 8"), or nullopt. For a vector format pass scale 1 after checking the scale
    /// with scale_problem().
    static std::optional<std::string> problem(QSize size, double scale = 1,
                                              QSize least = kLeastWindow);
    /// Why `scale` is out of range, or nullopt.
    static std::optional<std::string> scale_problem(double scale);

    /// "1920×1080"
    static std::string text(QSize size);
};

}  // namespace initscope
