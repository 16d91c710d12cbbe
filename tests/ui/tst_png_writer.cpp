// PngWriter (libdeflate, no row filters): what it writes decodes to exactly the pixels it was
// given — opaque pictures as RGB, others as RGBA with straight alpha as Qt converts it — at
// every size, odd ones included; the file is a valid PNG (signature, chunk order and CRCs, the
// zlib stream's checksum: checked here chunk by chunk, and by QImage's libpng decoder); and
// PlotExporter::write_image names the file in a one-line error when it cannot be written.
#include "ui/export/plot_exporter.h"
#include "ui/export/png_writer.h"

#include <QDir>
#include <QFile>
#include <QPainter>
#include <QRandomGenerator>
#include <QTemporaryDir>
#include <QtTest>

using namespace initscope;

namespace {

/// A picture with flat areas, antialiased shapes and text, and (when `alpha`) translucent and
/// transparent pixels: what a plot export holds.
QImage picture(QSize size, bool alpha) {
    QImage image(size, QImage::Format_ARGB32_Premultiplied);
    image.setDotsPerMeterX(3780);
    image.setDotsPerMeterY(5669);
    image.fill(alpha ? QColor(Qt::transparent) : QColor(Qt::white));
    QPainter painter(&image);
    painter.setRenderHint(QPainter::Antialiasing);
    painter.setPen(QPen(QColor(0, 114, 178), 2.5));
    painter.setBrush(QColor(230, 159, 0, alpha ? 140 : 255));
    painter.drawEllipse(QRectF(0.3, 0.7, size.width() * 0.6, size.height() * 0.8));
    painter.drawLine(QPointF(0, size.height()), QPointF(size.width(), 0));
    painter.drawText(QRect(QPoint(), size), Qt::AlignCenter, QStringLiteral("σ = 0.1"));
    painter.end();
    // A few pixels of every kind, whatever the size.
    QRandomGenerator random(7);
    for (int i = 0; i < 50; ++i) {
        const int x = int(random.bounded(size.width())), y = int(random.bounded(size.height()));
        const int a = alpha ? int(random.bounded(256)) : 255;
        image.setPixel(x, y,
                       qPremultiply(qRgba(int(random.bounded(256)), int(random.bounded(256)),
                                          int(random.bounded(256)), a)));
    }
    return image;
}

/// The pixels as straight-alpha ARGB32, the form a PNG holds.
QImage straight(const QImage& image) {
    return image.convertToFormat(QImage::Format_ARGB32);
}

quint32 be32(const QByteArray& bytes, qsizetype at) {
    const auto* p = reinterpret_cast<const uchar*>(bytes.constData() + at);
    return quint32(p[0]) << 24 | quint32(p[1]) << 16 | quint32(p[2]) << 8 | p[3];
}

/// CRC-32 (ISO 3309), bit by bit: independent of the writer's.
quint32 crc32_of(const QByteArray& bytes) {
    quint32 crc = 0xFFFFFFFFu;
    for (const char c : bytes) {
        crc ^= quint8(c);
        for (int k = 0; k < 8; ++k) crc = (crc & 1) ? 0xEDB88320u ^ (crc >> 1) : crc >> 1;
    }
    return crc ^ 0xFFFFFFFFu;
}

struct Chunk {
    QByteArray type, data;
};

/// The chunks of a PNG file, each CRC checked; empty when the file is not well formed.
QList<Chunk> chunks(const QByteArray& png) {
    QList<Chunk> list;
    if (!png.startsWith("\x89PNG\r\n\x1a\n")) return {};
    for (qsizetype at = 8; at < png.size();) {
        if (at + 12 > png.size()) return {};
        const qsizetype length = be32(png, at);
        if (at + 12 + length > png.size()) return {};
        const QByteArray typed = png.mid(at + 4, 4 + length);
        if (crc32_of(typed) != be32(png, at + 8 + length)) return {};
        list.push_back({typed.left(4), typed.mid(4)});
        at += 12 + length;
    }
    return list;
}

}  // namespace

class TestPngWriter : public QObject {
    Q_OBJECT
private slots:
    void round_trip_is_exact_data() {
        QTest::addColumn<QSize>("size");
        QTest::addColumn<bool>("alpha");
        for (const QSize size :
             {QSize(1, 1), QSize(333, 201), QSize(1, 999), QSize(1920, 1080), QSize(7, 3)})
            for (const bool alpha : {false, true})
                QTest::addRow("%dx%d %s", size.width(), size.height(), alpha ? "RGBA" : "RGB")
                    << size << alpha;
    }
    void round_trip_is_exact() {
        QFETCH(QSize, size);
        QFETCH(bool, alpha);
        const QImage image = picture(size, alpha);
        const QByteArray png = PngWriter::encode(image);
        QVERIFY(!png.isEmpty());
        QImage read;
        QVERIFY(read.loadFromData(png, "PNG"));
        QCOMPARE(read.size(), size);
        // Opaque pictures are RGB (colour type 2), others RGBA (6).
        QCOMPARE(read.hasAlphaChannel(), alpha);
        QCOMPARE(png.at(8 + 8 + 9), char(alpha ? 6 : 2));
        QCOMPARE(read.dotsPerMeterX(), 3780);
        QCOMPARE(read.dotsPerMeterY(), 5669);
        QCOMPARE(straight(read), straight(image));
    }

    void file_is_a_valid_png() {
        const QByteArray png = PngWriter::encode(picture(QSize(333, 201), true));
        const QList<Chunk> list = chunks(png);
        QCOMPARE(list.size(), 4);
        QCOMPARE(list[0].type, QByteArray("IHDR"));
        QCOMPARE(be32(list[0].data, 0), 333u);
        QCOMPARE(be32(list[0].data, 4), 201u);
        QCOMPARE(list[1].type, QByteArray("pHYs"));
        QCOMPARE(list[2].type, QByteArray("IDAT"));
        QCOMPARE(list[3].type, QByteArray("IEND"));
        // The IDAT is one zlib stream (its Adler-32 checked by zlib in qUncompress, which wants
        // the expected size first) of the scanlines: per row a filter byte 0, then 4 bytes a
        // pixel.
        const qsizetype expected = 201 * (1 + 333 * 4);
        QByteArray prefixed(4, '\0');
        for (int i = 0; i < 4; ++i) prefixed[i] = char((expected >> (24 - 8 * i)) & 0xFF);
        const QByteArray raw = qUncompress(prefixed + list[2].data);
        QCOMPARE(raw.size(), expected);
        for (int y = 0; y < 201; ++y) QCOMPARE(raw.at(y * (1 + 333 * 4)), '\0');
    }

    void other_formats_are_converted() {
        // A picture in a format the writer does not read directly (RGB888, indexed) is
        // converted first: the same pixels come back.
        const QImage image = picture(QSize(64, 48), false);
        for (const QImage::Format format : {QImage::Format_RGB888, QImage::Format_RGB16,
                                            QImage::Format_ARGB32, QImage::Format_RGB32}) {
            const QImage converted = image.convertToFormat(format);
            QImage read;
            QVERIFY(read.loadFromData(PngWriter::encode(converted), "PNG"));
            QCOMPARE(straight(read), straight(converted));
        }
        QVERIFY(PngWriter::encode(QImage()).isEmpty());
    }

    void write_errors_are_one_line_naming_the_file() {
        QTemporaryDir dir;
        const QImage image = picture(QSize(100, 80), false);
        const QString missing = dir.filePath("no/such/dir/p.png");
        const std::optional<QString> error =
            PlotExporter::write_image(image, missing, ImageFormat::Png, {});
        QVERIFY(error);
        QVERIFY2(error->startsWith("cannot write '" + missing + "': "), qPrintable(*error));
        QVERIFY(!error->contains('\n'));
        QVERIFY(!QFile::exists(missing));
        // A directory that refuses files (not for root, who may write anywhere).
        const QString locked = dir.filePath("locked");
        QVERIFY(QDir().mkdir(locked));
        QFile::setPermissions(locked, QFileDevice::ReadOwner | QFileDevice::ExeOwner);
        const QString refused = QDir(locked).filePath("p.png");
        const std::optional<QString> denied =
            PlotExporter::write_image(image, refused, ImageFormat::Png, {});
        if (QFileInfo(locked).isWritable()) {
            QVERIFY(!denied);
        } else {
            QVERIFY(denied);
            QVERIFY2(denied->startsWith("cannot write '" + refused + "': "), qPrintable(*denied));
            QVERIFY(!denied->contains('\n'));
        }
        QFile::setPermissions(
            locked, QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner);
    }
};

QTEST_MAIN(TestPngWriter)
#include "tst_png_writer.moc"
