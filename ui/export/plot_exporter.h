#pragma once

#include "ui/export/export_options.h"

#include <QImage>
#include <QSize>
#include <QString>
#include <QStringList>

#include <optional>

class QThreadPool;
class QWidget;

namespace initscope {

/// Writes one QCustomPlot, or a whole tab (a QWidget holding plots and labels) as ONE composite
/// picture, to PNG, JPEG, PDF or SVG: the format dispatch. TabPainter paints the plot or the tab
/// (laid out at the requested size, light palette, restored afterwards) into a raster image
/// or a vector device (QPdfWriter, QSvgGenerator); PNG is encoded by PngWriter, JPEG by
/// QImageWriter.
///
/// Files are written atomically (AtomicFileWriter): on any error nothing is left at the path (an
/// existing file there is untouched). Errors are one line naming the file, e.g. "cannot write
/// '/x/y.png': No such file or directory", "unknown format 'bmp' (use png, jpg, pdf or svg)",
/// and the size rule's (ExportSize, core/io/export_size.h), e.g. "100×1080 is too small: the
/// least is 200×150". Call from the GUI thread.
class PlotExporter {
public:
    /// "png" → Png, "jpg"/"jpeg" → Jpeg, "pdf", "svg" (any case; a leading dot is allowed).
    static std::optional<ImageFormat> format_from_extension(const QString& extension);
    /// The format a file name's extension names; nullopt for none or an unknown one.
    static std::optional<ImageFormat> format_from_path(const QString& path);
    /// "png", "jpg", "pdf", "svg"
    static QString extension(ImageFormat format);
    /// "PNG image", "JPEG image", "PDF document", "SVG drawing"
    static QString display_name(ImageFormat format);
    static QList<ImageFormat> formats();
    static bool is_vector(ImageFormat format) {
        return format == ImageFormat::Pdf || format == ImageFormat::Svg;
    }

    /// Why `size` at `scale` cannot be exported in `format` (ExportSize::problem: the scale must
    /// be in range for every format, but only pixel formats are W·scale × H·scale; PDF and SVG
    /// are checked as W×H), or nullopt. `size` must already be resolved (not empty).
    static std::optional<QString> check(QSize size, double scale, ImageFormat format);
    /// The logical size an export of `widget` with `options` gets (options.size or the
    /// widget's size).
    static QSize export_size(const QWidget* widget, const ExportOptions& options);

    /// Writes `widget` (a QCustomPlot, or a tab) to `path`. The format comes from `format`, else
    /// from the path's extension. Returns the error, or nullopt on success.
    static std::optional<QString> save(QWidget* widget, const QString& path,
                                       const ExportOptions& options,
                                       std::optional<ImageFormat> format = std::nullopt);

    /// The picture `save` would write as PNG (W·scale × H·scale pixels, ARGB32 premultiplied,
    /// its dots-per-metre the screen dpi × scale), e.g. for the clipboard. A null image on error,
    /// with the reason in `error` when given. With a `pool` the plots are drawn on this thread
    /// and the pool's at once (ParallelPlotPainter: the same pixels).
    static QImage render_image(QWidget* widget, const ExportOptions& options,
                               QString* error = nullptr, QThreadPool* pool = nullptr);

    /// Writes a picture render_image made as PNG or JPEG (`format`; nothing else) to `path`,
    /// atomically, with the same errors as save. Touches no widget, so it may run on any thread
    /// (HeadlessPlotExport encodes one picture while the GUI thread draws the next). PNG is
    /// written by PngWriter (the same pixels as QImageWriter's PNG, several times faster).
    static std::optional<QString> write_image(const QImage& image, const QString& path,
                                              ImageFormat format, const ExportOptions& options);
};

}  // namespace initscope
