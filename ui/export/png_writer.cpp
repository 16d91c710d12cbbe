#include "ui/export/png_writer.h"

#include <array>

namespace initscope {

namespace {

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

}  // namespace

QByteArray PngWriter::encode(const QImage& source) {
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

}  // namespace initscope
