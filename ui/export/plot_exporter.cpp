#include "ui/export/plot_exporter.h"

#include "core/io/atomic_file_writer.h"
#include "ui/plots/plot_style.h"

#include <qcustomplot.h>
#include <QApplication>
#include <QFileInfo>
#include <QImageWriter>
#include <QLabel>
#include <QPageLayout>
#include <QPageSize>
#include <QPainter>
#include <QPdfWriter>
#include <QResizeEvent>
#include <QScrollArea>
#include <QStyle>
#include <QSvgGenerator>
#include <QtMath>

#include <algorithm>
#include <array>

#include <cmath>
#include <functional>

namespace initscope {

namespace {

/// Paints the content in logical coordinates [0, W] × [0, H] on an active painter.
using PaintContent = std::function<void(QCPPainter&)>;

/// While alive, gives `widget` (and its children) a light palette whose base is white or
/// transparent white, so the plots restyle for paper; restores the previous palette after.
class ExportPalette {
public:
    ExportPalette(QWidget* widget, ExportBackground background) : widget_(widget) {
        QPalette palette = widget->palette();
        if (PlotStyle::is_dark(palette)) {
            palette = QApplication::style()->standardPalette();
            if (PlotStyle::is_dark(palette))
                palette = QPalette(Qt::black, QColor(0xEFEFEF), Qt::white, QColor(0x9F9F9F),
                                   QColor(0xB8B8B8), Qt::black, Qt::white, Qt::white, Qt::white);
        }
        // Transparent *white*: the legend's translucent base (alpha 225) stays white.
        const QColor base =
            background == ExportBackground::White ? QColor(Qt::white) : QColor(255, 255, 255, 0);
        for (QPalette::ColorGroup group :
             {QPalette::Active, QPalette::Inactive, QPalette::Disabled})
            palette.setColor(group, QPalette::Base, base);
        if (palette == widget->palette()) return;
        had_own_palette_ = widget->testAttribute(Qt::WA_SetPalette);
        previous_ = widget->palette();
        widget->setPalette(palette);
        changed_ = true;
    }
    ~ExportPalette() {
        if (changed_) widget_->setPalette(had_own_palette_ ? previous_ : QPalette());
    }
    ExportPalette(const ExportPalette&) = delete;
    ExportPalette& operator=(const ExportPalette&) = delete;

private:
    QWidget* widget_;
    QPalette previous_;
    bool had_own_palette_ = false;
    bool changed_ = false;
};

/// While alive, lays `widget` out at `size` (or its minimum size where larger); a hidden
/// top-level widget is shown off screen meanwhile. Restores geometry and visibility after.
class LayoutAtSize {
public:
    LayoutAtSize(QWidget* widget, QSize size, bool restore = true)
        : widget_(widget), geometry_(widget->geometry()), restore_(restore) {
        layout_size_ = size.expandedTo(widget->minimumSizeHint()).expandedTo(widget->minimumSize());
        widget->resize(layout_size_);
        if (!widget->isVisible() && widget->isWindow()) {
            dont_show_was_set_ = widget->testAttribute(Qt::WA_DontShowOnScreen);
            widget->setAttribute(Qt::WA_DontShowOnScreen, true);
            widget->show();
            shown_ = true;
        }
        // Nested layouts may still have requests queued (e.g. scroll-area contents).
        for (int pass = 0; pass < 3; ++pass)
            QCoreApplication::sendPostedEvents(nullptr, QEvent::LayoutRequest);
    }
    ~LayoutAtSize() {
        if (!restore_) return;  // the widget is thrown away after the export
        if (shown_) {
            widget_->hide();
            widget_->setAttribute(Qt::WA_DontShowOnScreen, dont_show_was_set_);
        }
        widget_->setGeometry(geometry_);
        QCoreApplication::sendPostedEvents(nullptr, QEvent::LayoutRequest);
    }
    LayoutAtSize(const LayoutAtSize&) = delete;
    LayoutAtSize& operator=(const LayoutAtSize&) = delete;
    QSize layout_size() const { return layout_size_; }

private:
    QWidget* widget_;
    QRect geometry_;
    QSize layout_size_;
    bool restore_ = true;
    bool shown_ = false;
    bool dont_show_was_set_ = false;
};

/// While alive, holds back the resize events of the plots under a tab. A QCustomPlot answers
/// every resize with a full replot into its pixel buffers (reallocated at the new size), which
/// an export never shows: it draws with toPainter. Laying a tab out at the export size, then
/// its scroll content at the fitting size, then both back, would replot every plot four or
/// five times. Instead each plot gets one resize, to its final size, just before it is drawn
/// (sync: plots adapt to their width on resize, e.g. a header in one row or two), and, when the
/// tab is kept (restore), one more at the end if its size then differs from the last it saw.
class ResizeGate : public QObject {
public:
    ResizeGate(QWidget* tab, bool restore) : restore_(restore) {
        plots_ = tab->findChildren<QCustomPlot*>();
        for (QCustomPlot* plot : plots_) plot->installEventFilter(this);
    }
    ~ResizeGate() override {
        for (QCustomPlot* plot : plots_) {
            plot->removeEventFilter(this);
            if (restore_ && plot->isVisible())
                sync(plot);
            else if (restore_ && plot->viewport().size() != plot->size())
                plot->setAttribute(Qt::WA_PendingResizeEvent);  // delivered when shown
        }
    }
    ResizeGate(const ResizeGate&) = delete;
    ResizeGate& operator=(const ResizeGate&) = delete;

    /// Delivers the resize `plot` missed, if any (QCustomPlot's viewport is the size it last saw).
    void sync(QCustomPlot* plot) {
        const QSize seen = plot->viewport().size();
        if (seen == plot->size()) return;
        passing_ = true;
        QResizeEvent event(plot->size(), seen);
        QCoreApplication::sendEvent(plot, &event);
        passing_ = false;
    }

protected:
    bool eventFilter(QObject* watched, QEvent* event) override {
        if (event->type() == QEvent::Resize && !passing_) return true;
        return QObject::eventFilter(watched, event);
    }

private:
    QList<QCustomPlot*> plots_;
    bool restore_;
    bool passing_ = false;
};

/// The gate of the tab being exported (nullptr while a lone plot is exported).
ResizeGate* active_gate = nullptr;

/// Draws `plot` as vector operations into `target` (painter coordinates), clipped to `clip`.
void paint_plot(QCPPainter& painter, QCustomPlot* plot, const QRect& target, const QRect& clip) {
    if (active_gate) active_gate->sync(plot);
    painter.save();
    painter.setClipRect(clip, Qt::IntersectClip);
    painter.translate(target.topLeft());
    plot->toPainter(&painter, target.width(), target.height());
    painter.restore();
    // toPainter laid the plot out at the export size; lay it out again for the screen.
    plot->replot(QCustomPlot::rpQueuedReplot);
}

void paint_children(QCPPainter& painter, QWidget* widget, QPoint origin, const QRect& clip,
                    bool restore);

/// Paints the whole content of a scroll area into its viewport `viewport` (painter coordinates,
/// clipped to `clip`):
/// the content is laid out at the viewport's size divided by f and drawn scaled by f, with f ≤ 1
/// the largest factor at which its minimum size fits. So every small multiple is in the picture
/// (smaller when there are many), not just the rows the window happens to scroll to.
void paint_scroll_content(QCPPainter& painter, QScrollArea* area, const QRect& viewport,
                          const QRect& clip, bool restore) {
    QWidget* content = area->widget();
    const QSize natural = content->minimumSizeHint().expandedTo(content->minimumSize());
    double fit = 1;
    if (natural.width() > 0) fit = std::min(fit, double(viewport.width()) / natural.width());
    if (natural.height() > 0) fit = std::min(fit, double(viewport.height()) / natural.height());
    const QSize laid(qCeil(viewport.width() / fit), qCeil(viewport.height() / fit));
    const QRect geometry = content->geometry();
    // A resizable scroll area would size its content back to the viewport at once.
    const bool resizable = area->widgetResizable();
    area->setWidgetResizable(false);
    content->setGeometry(QRect(QPoint(), laid));
    QCoreApplication::sendPostedEvents(nullptr, QEvent::LayoutRequest);
    painter.save();
    painter.setClipRect(viewport & clip, Qt::IntersectClip);
    painter.translate(viewport.topLeft());
    painter.scale(fit, fit);
    paint_children(painter, content, QPoint(), QRect(QPoint(), laid), restore);
    painter.restore();
    if (!restore) return;  // the tab is thrown away after the export
    content->setGeometry(geometry);
    area->setWidgetResizable(resizable);
    QCoreApplication::sendPostedEvents(nullptr, QEvent::LayoutRequest);
}

/// Paints the visible plots and labels under `widget`, whose top-left is at `origin` in painter
/// coordinates, clipped to `clip` (the intersection of its ancestors' rectangles). Labels that
/// name a control (a buddy) go with the control: neither is drawn.
void paint_children(QCPPainter& painter, QWidget* widget, QPoint origin, const QRect& clip,
                    bool restore) {
    for (QObject* object : widget->children()) {
        auto* child = qobject_cast<QWidget*>(object);
        if (!child || child->isWindow() || child->isHidden()) continue;
        const QRect rect = child->geometry().translated(origin);
        const QRect visible = rect & clip;
        if (visible.isEmpty()) continue;
        auto* scroll = qobject_cast<QScrollArea*>(child);
        if (auto* plot = qobject_cast<QCustomPlot*>(child)) {
            paint_plot(painter, plot, rect, visible);
        } else if (auto* label = qobject_cast<QLabel*>(child)) {
            if (label->buddy()) continue;
            painter.save();
            painter.setClipRect(visible, Qt::IntersectClip);
            label->render(&painter, rect.topLeft(), QRegion(), QWidget::RenderFlags());
            painter.restore();
        } else if (scroll && scroll->widget() && !scroll->widget()->isHidden()) {
            const QRect viewport = scroll->viewport()->geometry().translated(rect.topLeft());
            paint_scroll_content(painter, scroll, viewport, visible, restore);
        } else {
            paint_children(painter, child, rect.topLeft(), visible, restore);
        }
    }
}

QString quoted(const QString& path) {
    return QLatin1Char('\'') + path + QLatin1Char('\'');
}

QColor background_color(ExportBackground background) {
    return background == ExportBackground::White ? QColor(Qt::white) : QColor(Qt::transparent);
}

/// Renders into an image of `size` × scale pixels whose dots-per-metre is `dpi` while painting
/// (fonts get their on-screen size) and `dpi` × scale afterwards (slides show it at W×H).
QImage paint_raster(const PaintContent& content, QSize size, double scale, int dpi,
                    ExportBackground background, bool vector_pens) {
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

/// CRC-32 (ISO 3309, as PNG chunks need it), table-driven.
quint32 png_crc(const char* data, qsizetype size, quint32 crc = 0xFFFFFFFFu) {
    static const auto table = [] {
        std::array<quint32, 256> t{};
        for (quint32 n = 0; n < 256; ++n) {
            quint32 c = n;
            for (int k = 0; k < 8; ++k) c = (c & 1) ? 0xEDB88320u ^ (c >> 1) : c >> 1;
            t[n] = c;
        }
        return t;
    }();
    for (qsizetype i = 0; i < size; ++i)
        crc = table[(crc ^ static_cast<quint8>(data[i])) & 0xFF] ^ (crc >> 8);
    return crc;
}

void put_be32(QByteArray& bytes, quint32 value) {
    const char b[4] = {char(value >> 24), char(value >> 16), char(value >> 8), char(value)};
    bytes.append(b, 4);
}

/// Appends one PNG chunk: length, type, data, CRC of type and data.
void put_chunk(QByteArray& png, const char type[4], const char* data, qsizetype size) {
    put_be32(png, quint32(size));
    const qsizetype start = png.size();
    png.append(type, 4);
    png.append(data, size);
    put_be32(png, png_crc(png.constData() + start, size + 4) ^ 0xFFFFFFFFu);
}

/// The PNG of `source`: 8 bits per channel, RGB when every pixel is opaque, else RGBA (straight
/// alpha); each row unfiltered (filter byte 0) and the whole deflated at level 1 (qCompress,
/// whose output after its 4-byte length prefix is the zlib stream IDAT holds). libpng's
/// adaptive row filters cost more than everything else in an export and gain little on plots.
QByteArray encode_png(const QImage& source) {
    QImage image = source;
    if (image.format() != QImage::Format_ARGB32_Premultiplied &&
        image.format() != QImage::Format_ARGB32 && image.format() != QImage::Format_RGB32)
        image = image.convertToFormat(QImage::Format_ARGB32_Premultiplied);
    const int w = image.width(), h = image.height();
    bool opaque = !image.hasAlphaChannel();
    if (!opaque) {
        opaque = true;
        for (int y = 0; y < h && opaque; ++y) {
            const auto* line = reinterpret_cast<const QRgb*>(image.constScanLine(y));
            for (int x = 0; x < w; ++x)
                if (qAlpha(line[x]) != 255) {
                    opaque = false;
                    break;
                }
        }
    }
    // Straight alpha as Qt converts it (its rounding, as QImageWriter's PNG would have it).
    if (!opaque && image.format() != QImage::Format_ARGB32)
        image = image.convertToFormat(QImage::Format_ARGB32);
    const int channels = opaque ? 3 : 4;
    const qsizetype stride = 1 + qsizetype(w) * channels;
    QByteArray raw(stride * h, Qt::Uninitialized);
    for (int y = 0; y < h; ++y) {
        auto* out = reinterpret_cast<uchar*>(raw.data()) + stride * y;
        *out++ = 0;  // filter: none
        const auto* line = reinterpret_cast<const QRgb*>(image.constScanLine(y));
        if (opaque) {
            for (int x = 0; x < w; ++x, out += 3) {
                const QRgb p = line[x];
                out[0] = uchar(qRed(p));
                out[1] = uchar(qGreen(p));
                out[2] = uchar(qBlue(p));
            }
        } else {
            for (int x = 0; x < w; ++x, out += 4) {
                const QRgb p = line[x];
                out[0] = uchar(qRed(p));
                out[1] = uchar(qGreen(p));
                out[2] = uchar(qBlue(p));
                out[3] = uchar(qAlpha(p));
            }
        }
    }
    QByteArray deflated = qCompress(raw, 1);
    if (deflated.size() <= 4) return {};
    deflated.remove(0, 4);  // qCompress's length prefix; the rest is the zlib stream

    QByteArray png;
    png.reserve(deflated.size() + 128);
    png.append("\x89PNG\r\n\x1a\n", 8);
    QByteArray header;
    put_be32(header, quint32(w));
    put_be32(header, quint32(h));
    header.append(char(8));                                  // bit depth
    header.append(char(opaque ? 2 : 6));                     // colour type: RGB or RGBA
    header.append(char(0)).append(char(0)).append(char(0));  // deflate, adaptive, no interlace
    put_chunk(png, "IHDR", header.constData(), header.size());
    if (image.dotsPerMeterX() > 0 && image.dotsPerMeterY() > 0) {
        QByteArray phys;
        put_be32(phys, quint32(image.dotsPerMeterX()));
        put_be32(phys, quint32(image.dotsPerMeterY()));
        phys.append(char(1));  // unit: metre
        put_chunk(png, "pHYs", phys.constData(), phys.size());
    }
    put_chunk(png, "IDAT", deflated.constData(), deflated.size());
    put_chunk(png, "IEND", nullptr, 0);
    return png;
}

/// Writes a rendered picture to an open device as PNG or JPEG; the error, or nullopt.
std::optional<QString> encode_raster(const QImage& rendered, QIODevice* device, ImageFormat format,
                                     const ExportOptions& options) {
    if (format == ImageFormat::Png) {
        const QByteArray png = encode_png(rendered);
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

std::optional<QString> PlotExporter::check_size(QSize size, double scale) {
    if (!std::isfinite(scale) || scale < kMinScale || scale > kMaxScale)
        return QObject::tr("scale %1: must be from %2 to %3")
            .arg(scale)
            .arg(kMinScale)
            .arg(kMaxScale);
    const QString text = QStringLiteral("%1×%2").arg(size.width()).arg(size.height());
    if (size.width() < kMinSide || size.height() < kMinSide || size.width() * scale > kMaxSide ||
        size.height() * scale > kMaxSide)
        return QObject::tr(
                   "size %1 at %2×: each side must be at least %3 pixels and at most %4 "
                   "pixels after scaling")
            .arg(text)
            .arg(scale)
            .arg(kMinSide)
            .arg(kMaxSide);
    const double megapixels = double(size.width()) * size.height() * scale * scale / 1e6;
    if (megapixels > kMaxMegapixels)
        return QObject::tr("size %1 at %2× is %3 megapixels; the most is %4")
            .arg(text)
            .arg(scale)
            .arg(megapixels, 0, 'f', 0)
            .arg(kMaxMegapixels);
    return std::nullopt;
}

std::optional<QString> PlotExporter::check(QSize size, double scale, ImageFormat format) {
    const bool scale_ok = std::isfinite(scale) && scale >= kMinScale && scale <= kMaxScale;
    // A bad scale is reported for every format; vector pages are W×H whatever the scale.
    return check_size(size, is_vector(format) && scale_ok ? 1.0 : scale);
}

QSize PlotExporter::export_size(const QWidget* widget, const ExportOptions& options) {
    return options.size == QSize() ? widget->size() : options.size;
}

QImage PlotExporter::render_image(QWidget* widget, const ExportOptions& options, QString* error) {
    QImage image;
    const auto fail = [&](const QString& message) {
        if (error) *error = message;
        return QImage();
    };
    if (!widget) return fail(QObject::tr("nothing to export"));
    const QSize size = export_size(widget, options);
    if (auto problem = check_size(size, options.scale)) return fail(*problem);
    const int dpi = qRound(double(widget->logicalDpiY()));
    auto* plot = qobject_cast<QCustomPlot*>(widget);
    if (!plot && !widget->isVisible() && !widget->isWindow())
        return fail(QObject::tr("cannot export a hidden tab: show it first"));
    ExportPalette palette(widget, options.background);
    if (plot) {
        image = paint_raster(
            [&](QCPPainter& p) {
                paint_plot(p, plot, QRect(QPoint(), size), QRect(QPoint(), size));
            },
            size, options.scale, dpi, options.background, false);
    } else {
        ResizeGate gate(widget, options.restore);
        active_gate = &gate;
        LayoutAtSize layout(widget, size, options.restore);
        const QSize laid = layout.layout_size();
        image = paint_raster(
            [&](QCPPainter& p) {
                const double fit = std::min(double(size.width()) / laid.width(),
                                            double(size.height()) / laid.height());
                p.translate((size.width() - laid.width() * fit) / 2,
                            (size.height() - laid.height() * fit) / 2);
                p.scale(fit, fit);
                paint_children(p, widget, QPoint(), QRect(QPoint(), laid), options.restore);
            },
            size, options.scale, dpi, options.background, false);
        active_gate = nullptr;
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
        auto* plot = qobject_cast<QCustomPlot*>(widget);
        if (!plot && !widget->isVisible() && !widget->isWindow())
            return fail(QObject::tr("cannot export a hidden tab: show it first"));
        const int dpi = qRound(double(widget->logicalDpiY()));
        ExportPalette palette(widget, options.background);
        std::optional<ResizeGate> gate;
        std::optional<LayoutAtSize> layout;
        if (!plot) {
            gate.emplace(widget, options.restore);
            layout.emplace(widget, size, options.restore);
        }
        struct ActiveGate {
            explicit ActiveGate(ResizeGate* g) { active_gate = g; }
            ~ActiveGate() { active_gate = nullptr; }
        } active(gate ? &*gate : nullptr);
        const PaintContent content = [&](QCPPainter& p) {
            if (plot) {
                paint_plot(p, plot, QRect(QPoint(), size), QRect(QPoint(), size));
                return;
            }
            const QSize laid = layout->layout_size();
            const double fit = std::min(double(size.width()) / laid.width(),
                                        double(size.height()) / laid.height());
            p.translate((size.width() - laid.width() * fit) / 2,
                        (size.height() - laid.height() * fit) / 2);
            p.scale(fit, fit);
            paint_children(p, widget, QPoint(), QRect(QPoint(), laid), options.restore);
        };
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
