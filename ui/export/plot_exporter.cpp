#include "ui/export/plot_exporter.h"

#include "core/io/atomic_file_writer.h"
#include "core/io/export_size.h"
#include "ui/export/parallel_plot_painter.h"
#include "ui/export/png_writer.h"
#include "ui/export/tab_painter.h"

#include <qcustomplot.h>
#include <QFileInfo>
#include <QImageWriter>
#include <QPageLayout>
#include <QPageSize>
#include <QPainter>
#include <QPdfWriter>
#include <QSvgGenerator>

#include <algorithm>
#include <cmath>
#include <functional>

namespace initscope {

namespace {

/// Paints the content in logical coordinates [0, W] × [0, H] on an active painter.
using PaintContent = std::function<void(QCPPainter&)>;

QString quoted(const QString& path) {
    return QLatin1Char('\'') + path + QLatin1Char('\'');
}

QColor background_color(ExportBackground background) {
    return background == ExportBackground::White ? QColor(Qt::white) : QColor(Qt::transparent);
}

/// Renders into an image of `size` × scale pixels whose dots-per-metre is `dpi` while painting
/// (fonts get their on-screen size) and `dpi` × scale afterwards (slides show it at W×H).
/// `after` (optional) runs once the painter has ended, before the final dots per metre are set.
QImage paint_raster(const PaintContent& content, QSize size, double scale, int dpi,
                    ExportBackground background, bool vector_pens,
                    const std::function<void(QImage&)>& after = {}) {
    const QSize pixels(std::max(1, qRound(size.width() * scale)),
                       std::max(1, qRound(size.height() * scale)));
    QImage image(pixels, QImage::Format_ARGB32_Premultiplied);
    if (image.isNull()) return image;
    const auto dots_per_metre = [](double d) { return qRound(d / 0.0254); };
    image.setDotsPerMeterX(dots_per_metre(dpi));
    image.setDotsPerMeterY(dots_per_metre(dpi));
    image.fill(background_color(background));
    QCPPainter painter(&image);
    painter.setMode(QCPPainter::pmNoCaching);
    painter.setMode(QCPPainter::pmNonCosmetic, vector_pens || scale != 1);
    painter.scale(double(pixels.width()) / size.width(), double(pixels.height()) / size.height());
    content(painter);
    painter.end();
    if (after) after(image);
    image.setDotsPerMeterX(dots_per_metre(dpi * scale));
    image.setDotsPerMeterY(dots_per_metre(dpi * scale));
    return image;
}

/// Paints into a vector device (QPdfWriter, QSvgGenerator) whose page is `size` at `dpi`.
bool paint_vector(QPaintDevice* device, const PaintContent& content, QSize size,
                  ExportBackground background) {
    QCPPainter painter;
    if (!painter.begin(device)) return false;
    painter.setMode(QCPPainter::pmVectorized);
    painter.setMode(QCPPainter::pmNoCaching);
    painter.setMode(QCPPainter::pmNonCosmetic);
    painter.scale(double(device->width()) / size.width(), double(device->height()) / size.height());
    if (background == ExportBackground::White) painter.fillRect(QRect(QPoint(), size), Qt::white);
    content(painter);
    return painter.end();
}

/// Writes a rendered picture to an open device as PNG or JPEG; the error, or nullopt.
std::optional<QString> encode_raster(const QImage& rendered, QIODevice* device, ImageFormat format,
                                     const ExportOptions& options) {
    if (format == ImageFormat::Png) {
        const QByteArray png = PngWriter::encode(rendered);
        if (png.isEmpty()) return QObject::tr("could not encode the PNG image");
        if (device->write(png) != png.size()) return device->errorString();
        return std::nullopt;
    }
    // JPEG has no alpha: flatten on white.
    QImage image(rendered.size(), QImage::Format_RGB32);
    image.setDotsPerMeterX(rendered.dotsPerMeterX());
    image.setDotsPerMeterY(rendered.dotsPerMeterY());
    image.fill(Qt::white);
    {
        QPainter painter(&image);
        painter.drawImage(0, 0, rendered);
    }
    QImageWriter writer(device, "jpeg");
    writer.setQuality(std::clamp(options.jpeg_quality, 0, 100));
    if (!writer.write(image)) return writer.errorString();
    return std::nullopt;
}

}  // namespace

std::optional<ImageFormat> PlotExporter::format_from_extension(const QString& extension) {
    QString e = extension.toLower();
    if (e.startsWith(QLatin1Char('.'))) e.remove(0, 1);
    if (e == QLatin1String("png")) return ImageFormat::Png;
    if (e == QLatin1String("jpg") || e == QLatin1String("jpeg")) return ImageFormat::Jpeg;
    if (e == QLatin1String("pdf")) return ImageFormat::Pdf;
    if (e == QLatin1String("svg")) return ImageFormat::Svg;
    return std::nullopt;
}

std::optional<ImageFormat> PlotExporter::format_from_path(const QString& path) {
    return format_from_extension(QFileInfo(path).suffix());
}

QString PlotExporter::extension(ImageFormat format) {
    switch (format) {
        case ImageFormat::Png:
            return QStringLiteral("png");
        case ImageFormat::Jpeg:
            return QStringLiteral("jpg");
        case ImageFormat::Pdf:
            return QStringLiteral("pdf");
        case ImageFormat::Svg:
            return QStringLiteral("svg");
    }
    return {};
}

QString PlotExporter::display_name(ImageFormat format) {
    switch (format) {
        case ImageFormat::Png:
            return QObject::tr("PNG image");
        case ImageFormat::Jpeg:
            return QObject::tr("JPEG image");
        case ImageFormat::Pdf:
            return QObject::tr("PDF document");
        case ImageFormat::Svg:
            return QObject::tr("SVG drawing");
    }
    return {};
}

QList<ImageFormat> PlotExporter::formats() {
    return {ImageFormat::Png, ImageFormat::Jpeg, ImageFormat::Pdf, ImageFormat::Svg};
}

std::optional<QString> PlotExporter::check(QSize size, double scale, ImageFormat format) {
    if (const std::optional<std::string> bad_scale = ExportSize::scale_problem(scale))
        return QString::fromStdString(*bad_scale);
    // Vector pages are W×H whatever the scale.
    if (const std::optional<std::string> problem =
            ExportSize::problem(size, is_vector(format) ? 1.0 : scale, ExportSize::kLeastPlot))
        return QString::fromStdString(*problem);
    return std::nullopt;
}

QSize PlotExporter::export_size(const QWidget* widget, const ExportOptions& options) {
    return options.size == QSize() ? widget->size() : options.size;
}

QImage PlotExporter::render_image(QWidget* widget, const ExportOptions& options, QString* error,
                                  QThreadPool* pool) {
    QImage image;
    const auto fail = [&](const QString& message) {
        if (error) *error = message;
        return QImage();
    };
    if (!widget) return fail(QObject::tr("nothing to export"));
    const QSize size = export_size(widget, options);
    if (auto problem = check(size, options.scale, ImageFormat::Png)) return fail(*problem);
    const int dpi = qRound(double(widget->logicalDpiY()));
    if (!TabPainter::can_paint(widget))
        return fail(QObject::tr("cannot export a hidden tab: show it first"));
    {
        TabPainter content(widget, size, options.background, options.restore);
        if (pool) {
            ParallelPlotPainter plots;
            image = paint_raster([&](QCPPainter& p) { content.paint(p, &plots); }, size,
                                 options.scale, dpi, options.background, false,
                                 [&](QImage& painted) { plots.run(painted, pool); });
        } else {
            image = paint_raster([&](QCPPainter& p) { content.paint(p); }, size, options.scale, dpi,
                                 options.background, false);
        }
    }
    if (image.isNull())
        return fail(QObject::tr("not enough memory for a %1×%2 picture")
                        .arg(qRound(size.width() * options.scale))
                        .arg(qRound(size.height() * options.scale)));
    return image;
}

std::optional<QString> PlotExporter::save(QWidget* widget, const QString& path,
                                          const ExportOptions& options,
                                          std::optional<ImageFormat> format) {
    if (!format) format = format_from_path(path);
    if (!format) {
        const QString suffix = QFileInfo(path).suffix();
        return suffix.isEmpty()
                   ? QObject::tr("%1: no format: add .png, .jpg, .pdf or .svg").arg(quoted(path))
                   : QObject::tr("unknown format '%1' (use png, jpg, pdf or svg)").arg(suffix);
    }
    if (!widget) return QObject::tr("nothing to export");
    const QSize size = export_size(widget, options);
    if (auto problem = check(size, options.scale, *format)) return problem;
    if (QFileInfo(path).isDir())
        return QObject::tr("cannot write %1: it is a directory").arg(quoted(path));

    AtomicFileWriter file(path);
    if (auto reason = file.open())
        return QObject::tr("cannot write %1: %2")
            .arg(quoted(path), QString::fromStdString(*reason));
    const auto fail = [&](const QString& reason) {
        file.cancel();
        return QObject::tr("cannot write %1: %2").arg(quoted(path), reason);
    };

    if (!is_vector(*format)) {
        ExportOptions raster = options;
        if (*format == ImageFormat::Jpeg) raster.background = ExportBackground::White;
        QString error;
        const QImage image = render_image(widget, raster, &error);
        if (image.isNull()) return fail(error);
        if (auto problem = encode_raster(image, file.device(), *format, options))
            return fail(*problem);
    } else {
        if (!TabPainter::can_paint(widget))
            return fail(QObject::tr("cannot export a hidden tab: show it first"));
        const int dpi = qRound(double(widget->logicalDpiY()));
        TabPainter tab_painter(widget, size, options.background, options.restore);
        const PaintContent content = [&](QCPPainter& p) { tab_painter.paint(p); };
        bool painted = false;
        if (*format == ImageFormat::Pdf) {
            QPdfWriter writer(file.device());
            writer.setResolution(dpi);
            writer.setCreator(QStringLiteral("InitScope"));
            writer.setTitle(QFileInfo(path).completeBaseName());
            const QPageSize page(QSizeF(size) * 72.0 / dpi, QPageSize::Point, QString(),
                                 QPageSize::ExactMatch);
            writer.setPageLayout(QPageLayout(page, QPageLayout::Portrait, QMarginsF()));
            painted = paint_vector(&writer, content, size, options.background);
        } else {
            QSvgGenerator generator;
            generator.setOutputDevice(file.device());
            generator.setResolution(dpi);
            generator.setSize(size);
            generator.setViewBox(QRect(QPoint(), size));
            generator.setTitle(QFileInfo(path).completeBaseName());
            generator.setDescription(QStringLiteral("Exported by InitScope"));
            painted = paint_vector(&generator, content, size, options.background);
        }
        if (!painted) return fail(QObject::tr("could not draw the %1").arg(display_name(*format)));
        if (file.device()->error() != QFileDevice::NoError)
            return fail(file.device()->errorString());
    }
    if (auto reason = file.commit())
        return QObject::tr("cannot write %1: %2")
            .arg(quoted(path), QString::fromStdString(*reason));
    return std::nullopt;
}

std::optional<QString> PlotExporter::write_image(const QImage& image, const QString& path,
                                                 ImageFormat format, const ExportOptions& options) {
    if (is_vector(format))
        return QObject::tr("cannot write %1: a picture cannot become a %2")
            .arg(quoted(path), display_name(format));
    if (image.isNull()) return QObject::tr("cannot write %1: nothing to export").arg(quoted(path));
    if (QFileInfo(path).isDir())
        return QObject::tr("cannot write %1: it is a directory").arg(quoted(path));
    AtomicFileWriter file(path);
    if (auto reason = file.open())
        return QObject::tr("cannot write %1: %2")
            .arg(quoted(path), QString::fromStdString(*reason));
    if (auto problem = encode_raster(image, file.device(), format, options)) {
        file.cancel();
        return QObject::tr("cannot write %1: %2").arg(quoted(path), *problem);
    }
    if (auto reason = file.commit())
        return QObject::tr("cannot write %1: %2")
            .arg(quoted(path), QString::fromStdString(*reason));
    return std::nullopt;
}

}  // namespace initscope
