#include "ui/export/png_writer.h"

#include <libdeflate.h>

#include <memory>

namespace initscope {

namespace {

void put_be32(uchar* out, quint32 value) {
    out[0] = uchar(value >> 24);
    out[1] = uchar(value >> 16);
    out[2] = uchar(value >> 8);
    out[3] = uchar(value);
}

void put_be32(QByteArray& bytes, quint32 value) {
    uchar b[4];
    put_be32(b, value);
    bytes.append(reinterpret_cast<const char*>(b), 4);
}

/// Appends one PNG chunk: length, type, data, CRC-32 of type and data.
void put_chunk(QByteArray& png, const char type[4], const char* data, qsizetype size) {
    put_be32(png, quint32(size));
    const qsizetype start = png.size();
    png.append(type, 4);
    png.append(data, size);
    put_be32(png, quint32(libdeflate_crc32(0, png.constData() + start, size_t(size) + 4)));
}

/// True when every pixel of a 32-bit image is opaque.
bool all_opaque(const QImage& image) {
    if (!image.hasAlphaChannel()) return true;
    for (int y = 0; y < image.height(); ++y) {
        const auto* line = reinterpret_cast<const QRgb*>(image.constScanLine(y));
        quint32 alpha = 0xFF;
        for (int x = 0; x < image.width(); ++x) alpha &= qAlpha(line[x]);
        if (alpha != 0xFF) return false;
    }
    return true;
}

/// The PNG scanlines of a 32-bit image: per row filter byte 0, then R G B (A) per pixel.
QByteArray scanlines(const QImage& image, int channels) {
    const int w = image.width(), h = image.height();
    const qsizetype stride = 1 + qsizetype(w) * channels;
    QByteArray raw(stride * h, Qt::Uninitialized);
    for (int y = 0; y < h; ++y) {
        auto* out = reinterpret_cast<uchar*>(raw.data()) + stride * y;
        *out++ = 0;  // filter: none
        const auto* line = reinterpret_cast<const QRgb*>(image.constScanLine(y));
        if (channels == 3) {
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
    return raw;
}

struct CompressorDeleter {
    void operator()(libdeflate_compressor* c) const { libdeflate_free_compressor(c); }
};

}  // namespace

QByteArray PngWriter::encode(const QImage& source) {
    if (source.isNull()) return {};
    QImage image = source;
    if (image.format() != QImage::Format_ARGB32_Premultiplied &&
        image.format() != QImage::Format_ARGB32 && image.format() != QImage::Format_RGB32)
        image = image.convertToFormat(QImage::Format_ARGB32_Premultiplied);
    const bool opaque = all_opaque(image);
    // Straight alpha as Qt converts it (its rounding, as QImageWriter's PNG would have it).
    if (!opaque && image.format() != QImage::Format_ARGB32)
        image = image.convertToFormat(QImage::Format_ARGB32);
    if (image.isNull()) return {};
    const QByteArray raw = scanlines(image, opaque ? 3 : 4);

    // One compressor per thread, kept: making one allocates and clears its match finder.
    thread_local const std::unique_ptr<libdeflate_compressor, CompressorDeleter> compressor(
        libdeflate_alloc_compressor(kCompressionLevel));
    if (!compressor) return {};
    QByteArray deflated(
        qsizetype(libdeflate_zlib_compress_bound(compressor.get(), size_t(raw.size()))),
        Qt::Uninitialized);
    const size_t deflated_size =
        libdeflate_zlib_compress(compressor.get(), raw.constData(), size_t(raw.size()),
                                 deflated.data(), size_t(deflated.size()));
    if (deflated_size == 0) return {};

    QByteArray png;
    png.reserve(qsizetype(deflated_size) + 128);
    png.append("\x89PNG\r\n\x1a\n", 8);
    QByteArray header;
    put_be32(header, quint32(image.width()));
    put_be32(header, quint32(image.height()));
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
    put_chunk(png, "IDAT", deflated.constData(), qsizetype(deflated_size));
    put_chunk(png, "IEND", nullptr, 0);
    return png;
}

}  // namespace initscope
