// PlotExporter, HeadlessPlotExport, ExportDialog and PlotContextMenu: every format writes a
// valid file at the exact size (PNG/JPEG decode, PDF is vector drawing operations, SVG parses
// and holds paths), backgrounds, fonts scale with the scale, tabs are composed and restored, and
// every bad input gives an error and leaves no file (issue 4, "Bad input and failures").
#include "plot_test_networks.h"
#include "ui/export/export_dialog.h"
#include "ui/export/headless_plot_export.h"
#include "ui/export/plot_exporter.h"
#include "ui/plots/histogram_plot.h"
#include "ui/plots/plot_context_menu.h"
#include "ui/tabs/layers_tab.h"
#include "ui/tabs/overview_tab.h"

#include <QClipboard>
#include <QFile>
#include <QRegularExpression>
#include <QSettings>
#include <QSvgRenderer>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QXmlStreamReader>
#include <QtTest>

#include <cmath>
#include <limits>

using namespace initscope;

namespace {

QByteArray read(const QString& path) {
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

/// The decompressed content of every FlateDecode stream of a PDF.
QList<QByteArray> pdf_streams(const QByteArray& pdf) {
    QList<QByteArray> streams;
    qsizetype at = 0;
    while ((at = pdf.indexOf("stream", at)) >= 0) {
        if (at >= 3 && pdf.mid(at - 3, 3) == "end") {
            at += 6;
            continue;
        }
        const qsizetype dict_start = pdf.lastIndexOf("<<", at);
        const bool flate = pdf.mid(dict_start, at - dict_start).contains("/FlateDecode");
        qsizetype start = at + 6;
        if (pdf[start] == '\r') ++start;
        if (pdf[start] == '\n') ++start;
        const qsizetype end = pdf.indexOf("endstream", start);
        if (end < 0) break;
        QByteArray data = pdf.mid(start, end - start);
        if (flate) {
            QByteArray prefixed(4, '\0');
            const quint32 hint = quint32(data.size()) * 16 + 4096;
            for (int i = 0; i < 4; ++i) prefixed[i] = char((hint >> (24 - 8 * i)) & 0xFF);
            data = qUncompress(prefixed + data);
        }
        streams << data;
        at = end + 9;
    }
    return streams;
}

/// Fraction of pixels that are clearly not white (ink), a resolution-independent measure.
double ink(const QImage& image) {
    const QImage rgb = image.convertToFormat(QImage::Format_RGB32);
    qint64 dark = 0;
    for (int y = 0; y < rgb.height(); ++y)
        for (int x = 0; x < rgb.width(); ++x)
            if (qGray(rgb.pixel(x, y)) < 160) ++dark;
    return double(dark) / (double(rgb.width()) * rgb.height());
}

}  // namespace

class TestPlotExporter : public QObject {
    Q_OBJECT
    std::shared_ptr<const NetworkSummary> summary_;
    QTemporaryDir settings_dir_;

private slots:
    void initTestCase() {
        QSettings::setDefaultFormat(QSettings::IniFormat);
        QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, settings_dir_.path());
        summary_ = test::summarize(test::course_network());
    }

    void formats_data() {
        QTest::addColumn<QString>("extension");
        QTest::addColumn<bool>("tab");
        QTest::addColumn<double>("scale");
        for (const char* ext : {"png", "jpg", "jpeg", "pdf", "svg"})
            for (bool tab : {false, true})
                for (double scale : {1.0, 2.0})
                    QTest::addRow("%s %s %gx", ext, tab ? "tab" : "plot", scale)
                        << QString(ext) << tab << scale;
    }
    void formats() {
        QFETCH(QString, extension);
        QFETCH(bool, tab);
        QFETCH(double, scale);
        OverviewTab overview;
        overview.show_summary(summary_, {});
        QWidget* widget = tab ? static_cast<QWidget*>(&overview) : overview.weight_plot();
        const QSize size(640, 400);
        QTemporaryDir dir;
        const QString path = dir.filePath("out." + extension);
        ExportOptions options;
        options.size = size;
        options.scale = scale;
        const auto error = PlotExporter::save(widget, path, options);
        QVERIFY2(!error, qPrintable(error.value_or(QString())));
        const QByteArray bytes = read(path);
        QVERIFY(!bytes.isEmpty());
        QCOMPARE(QDir(dir.path()).entryList(QDir::Files).size(), 1);  // no temporary left
        const auto format = PlotExporter::format_from_extension(extension);
        QVERIFY(format);
        if (!PlotExporter::is_vector(*format)) {
            QImage image;
            QVERIFY(image.loadFromData(bytes, *format == ImageFormat::Png ? "PNG" : "JPEG"));
            QCOMPARE(image.size(), QSize(qRound(640 * scale), qRound(400 * scale)));
            QVERIFY(qGray(image.pixel(0, image.height() - 1)) > 245);  // white paper
            QVERIFY(ink(image) > 0.005);                               // something is drawn
        } else if (*format == ImageFormat::Pdf) {
            QVERIFY(bytes.startsWith("%PDF-"));
            QVERIFY(bytes.trimmed().endsWith("%%EOF"));
            QVERIFY(!bytes.contains("/Subtype /Image"));  // no embedded picture at all
            QVERIFY(bytes.size() < 2 * 1024 * 1024);
            qsizetype lines = 0, filled = 0, texts = 0;
            for (const QByteArray& s : pdf_streams(bytes)) {
                lines += s.count(" l\n");
                filled += s.count("\nB*\n") + s.count("\nB\n") + s.count(" re\n");
                texts += s.count("Tj") + s.count("TJ");
            }
            QVERIFY2(lines > 20, qPrintable(QString::number(lines)));
            QVERIFY2(filled > 20, qPrintable(QString::number(filled)));  // the bars: paths
            QVERIFY(texts > 5);  // tick labels are text, not outlines or pixels
        } else {
            QSvgRenderer renderer(bytes);
            QVERIFY(renderer.isValid());
            QCOMPARE(renderer.viewBox(), QRect(QPoint(), size));
            QXmlStreamReader xml(bytes);
            int paths = 0, images = 0, texts = 0;
            while (!xml.atEnd()) {
                if (xml.readNext() != QXmlStreamReader::StartElement) continue;
                if (xml.name() == u"path" || xml.name() == u"polyline") ++paths;
                if (xml.name() == u"image") ++images;
                if (xml.name() == u"text") ++texts;
            }
            QVERIFY(!xml.hasError());
            QVERIFY(paths > 10);
            QCOMPARE(images, 0);
            QVERIFY(texts > 5);
        }
    }

    void transparent_and_white_backgrounds() {
        HistogramPlot plot;
        plot.show_tensor(summary_->tensors[0], HistogramScale::Counts);
        ExportOptions options;
        options.size = QSize(300, 200);
        options.background = ExportBackground::Transparent;
        const QImage transparent = PlotExporter::render_image(&plot, options);
        QCOMPARE(qAlpha(transparent.pixel(0, transparent.height() - 1)), 0);
        QCOMPARE(qAlpha(transparent.pixel(transparent.width() - 1, 0)), 0);
        options.background = ExportBackground::White;
        const QImage white = PlotExporter::render_image(&plot, options);
        QCOMPARE(qAlpha(white.pixel(0, white.height() - 1)), 255);
        QCOMPARE(qGray(white.pixel(0, white.height() - 1)), 255);

        // Through a file, too: the PNG keeps the alpha channel; JPEG is always white.
        QTemporaryDir dir;
        options.background = ExportBackground::Transparent;
        QVERIFY(!PlotExporter::save(&plot, dir.filePath("t.png"), options));
        QCOMPARE(qAlpha(QImage(dir.filePath("t.png")).pixel(0, 0)), 0);
        QVERIFY(!PlotExporter::save(&plot, dir.filePath("t.jpg"), options));
        QVERIFY(qGray(QImage(dir.filePath("t.jpg")).pixel(0, 0)) > 245);
    }

    void png_holds_exactly_the_rendered_pixels() {
        // The fast PNG encoder (no row filter, libdeflate, RGB when opaque): lossless, with the
        // picture's dots per metre, for opaque and for transparent pictures.
        HistogramPlot plot;
        plot.show_tensor(summary_->tensors[1], HistogramScale::Counts);
        QTemporaryDir dir;
        for (ExportBackground background :
             {ExportBackground::White, ExportBackground::Transparent}) {
            ExportOptions options;
            options.size = QSize(333, 201);  // odd sizes: both halves of the deflate differ
            options.background = background;
            const QImage rendered = PlotExporter::render_image(&plot, options);
            const QString path = dir.filePath("p.png");
            QVERIFY(!PlotExporter::save(&plot, path, options));
            const QImage read(path);
            QCOMPARE(read.size(), rendered.size());
            QCOMPARE(read.hasAlphaChannel(), background == ExportBackground::Transparent);
            QCOMPARE(read.dotsPerMeterX(), rendered.dotsPerMeterX());
            const QImage a32 = read.convertToFormat(QImage::Format_ARGB32);
            const QImage r32 = rendered.convertToFormat(QImage::Format_ARGB32);
            int differ = 0;
            QString first;
            for (int y = 0; y < r32.height(); ++y)
                for (int x = 0; x < r32.width(); ++x)
                    if (a32.pixel(x, y) != r32.pixel(x, y) && differ++ == 0)
                        first = QString("(%1,%2) %3 vs %4")
                                    .arg(x)
                                    .arg(y)
                                    .arg(a32.pixel(x, y), 8, 16)
                                    .arg(r32.pixel(x, y), 8, 16);
            QVERIFY2(differ == 0, qPrintable(QString("%1 pixels differ, first %2, background %3")
                                                 .arg(differ)
                                                 .arg(first)
                                                 .arg(int(background))));
            // write_image writes the same bytes from an already rendered picture.
            const QString again = dir.filePath("q.png");
            QVERIFY(!PlotExporter::write_image(rendered, again, ImageFormat::Png, options));
            QFile a(path), b(again);
            QVERIFY(a.open(QIODevice::ReadOnly) && b.open(QIODevice::ReadOnly));
            QCOMPARE(a.readAll(), b.readAll());
        }
        QVERIFY(PlotExporter::write_image(QImage(), dir.filePath("n.png"), ImageFormat::Png, {}));
        QVERIFY(!QFile::exists(dir.filePath("n.png")));
    }

    void text_and_lines_scale_with_the_scale() {
        // At 2× everything (fonts, pens, margins) doubles: the share of ink stays the same.
        HistogramPlot plot;
        plot.show_tensor(summary_->tensors[1], HistogramScale::Counts);
        ExportOptions options;
        options.size = QSize(480, 320);
        const double one = ink(PlotExporter::render_image(&plot, options));
        options.scale = 3;
        const QImage big = PlotExporter::render_image(&plot, options);
        QCOMPARE(big.size(), QSize(1440, 960));
        const QImage small = PlotExporter::render_image(&plot, ExportOptions{QSize(480, 320)});
        QVERIFY(std::abs(big.dotsPerMeterX() - 3 * small.dotsPerMeterX()) <= 3);  // same inches
        const double three = ink(big);
        QVERIFY2(std::abs(three - one) < 0.25 * one,
                 qPrintable(QString("%1 vs %2").arg(one).arg(three)));
    }

    void tab_is_restored_after_export() {
        OverviewTab overview;
        overview.resize(900, 700);
        overview.show_summary(summary_, {});
        QPalette dark;
        dark.setColor(QPalette::Base, QColor(30, 30, 30));
        dark.setColor(QPalette::Text, QColor(230, 230, 230));
        dark.setColor(QPalette::Window, QColor(40, 40, 40));
        dark.setColor(QPalette::WindowText, QColor(230, 230, 230));
        overview.setPalette(dark);
        ExportOptions options;
        options.size = QSize(1280, 720);
        const QImage image = PlotExporter::render_image(&overview, options);
        QCOMPARE(image.size(), QSize(1280, 720));
        // Exported light although the window is dark: paper-white corners, dark ink.
        QCOMPARE(qGray(image.pixel(image.width() - 2, image.height() - 2)), 255);
        QVERIFY(ink(image) > 0.01);
        QCOMPARE(overview.size(), QSize(900, 700));
        QVERIFY(!overview.isVisible());
        QCOMPARE(overview.palette().color(QPalette::Base), QColor(30, 30, 30));
        QCOMPARE(overview.weight_plot()->palette().color(QPalette::Base), QColor(30, 30, 30));
    }

    void visible_tab_in_a_window() {
        QTabWidget window;
        auto* overview = new OverviewTab;
        auto* layers = new LayersTab;
        window.addTab(overview, "Overview");
        window.addTab(layers, "Layers");
        overview->show_summary(summary_, {});
        layers->show_summary(summary_, {});
        window.resize(1000, 700);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        const QRect geometry = overview->geometry();
        ExportOptions options;
        options.size = QSize(1600, 900);
        options.scale = 2;
        QTemporaryDir dir;
        QVERIFY(!PlotExporter::save(overview, dir.filePath("tab.png"), options));
        QCOMPARE(QImage(dir.filePath("tab.png")).size(), QSize(3200, 1800));
        QCOMPARE(overview->geometry(), geometry);  // the window's layout is untouched
        QVERIFY(overview->isVisible());
        // The hidden (not current) tab cannot be laid out: a clear error, no file.
        const auto error = PlotExporter::save(layers, dir.filePath("layers.png"), options);
        QVERIFY(error && error->contains("hidden"));
        QVERIFY(!QFile::exists(dir.filePath("layers.png")));
        window.setCurrentIndex(1);
        QVERIFY(!PlotExporter::save(layers, dir.filePath("layers.svg"), options));
        QVERIFY(QSvgRenderer(dir.filePath("layers.svg")).isValid());
    }

    void tab_smaller_than_its_minimum_is_scaled_to_fit() {
        OverviewTab overview;
        overview.show_summary(summary_, {});
        ExportOptions options;
        options.size = QSize(200, 120);
        QString error;
        const QImage image = PlotExporter::render_image(&overview, options, &error);
        QVERIFY2(!image.isNull(), qPrintable(error));
        QCOMPARE(image.size(), QSize(200, 120));
        QVERIFY(ink(image) > 0.005);
    }

    void layers_tab_shows_every_layer() {
        LayersTab layers;
        layers.show_summary(summary_, {});
        ExportOptions options;
        options.size = QSize(1280, 720);
        const QImage image = PlotExporter::render_image(&layers, options);
        QCOMPARE(image.size(), QSize(1280, 720));
        // The bottom band holds the last layer's small multiples (all rows are fitted in).
        const QImage bottom = image.copy(0, 600, 1280, 110);
        QVERIFY(ink(bottom) > 0.01);
    }

    void bad_input_leaves_nothing_data() {
        QTest::addColumn<QString>("name");
        QTest::addColumn<QSize>("size");
        QTest::addColumn<double>("scale");
        QTest::addColumn<QString>("message");
        QTest::addRow("unknown format") << "a.bmp" << QSize(100, 100) << 1.0 << "unknown format";
        QTest::addRow("no extension") << "a" << QSize(100, 100) << 1.0 << "no format";
        QTest::addRow("zero size")
            << "a.png" << QSize(0, 0) << 1.0 << "0×0 is too small: the least is 64×64";
        QTest::addRow("zero width") << "a.pdf" << QSize(0, 1080) << 1.0 << "0×1080 is too small";
        QTest::addRow("negative") << "a.svg" << QSize(-5, 100) << 1.0 << "-5×100 is too small";
        QTest::addRow("absurd") << "a.png" << QSize(20000, 20000) << 1.0 << "megapixels";
        QTest::addRow("absurd scaled") << "a.jpg" << QSize(8000, 8000) << 2.0 << "megapixels";
        QTest::addRow("absurd pdf") << "a.pdf" << QSize(12000, 12000) << 1.0 << "megapixels";
        QTest::addRow("too long") << "a.png" << QSize(40000, 100) << 1.0 << "at most";
        QTest::addRow("scale zero") << "a.png" << QSize(100, 100) << 0.0 << "scale";
        QTest::addRow("scale nan")
            << "a.svg" << QSize(100, 100) << std::numeric_limits<double>::quiet_NaN() << "scale";
        QTest::addRow("scale huge") << "a.png" << QSize(100, 100) << 100.0 << "scale";
        QTest::addRow("missing dir")
            << "no/such/dir/a.png" << QSize(100, 100) << 1.0 << "cannot write";
        QTest::addRow("parent is a file")
            << "file.txt/a.pdf" << QSize(100, 100) << 1.0 << "cannot write";
        QTest::addRow("is a directory") << "sub.png" << QSize(100, 100) << 1.0 << "directory";
    }
    void bad_input_leaves_nothing() {
        QFETCH(QString, name);
        QFETCH(QSize, size);
        QFETCH(double, scale);
        QFETCH(QString, message);
        QTemporaryDir dir;
        QFile file(dir.filePath("file.txt"));
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write("keep");
        file.close();
        QVERIFY(QDir(dir.path()).mkdir("sub.png"));
        HistogramPlot plot;
        plot.show_tensor(summary_->tensors[0], HistogramScale::Counts);
        ExportOptions options;
        options.size = size;
        options.scale = scale;
        const auto error = PlotExporter::save(&plot, dir.filePath(name), options);
        QVERIFY(error);
        QVERIFY2(error->contains(message), qPrintable(*error));
        QVERIFY(!error->contains('\n'));
        QCOMPARE(QDir(dir.path()).entryList(QDir::Files | QDir::Hidden), QStringList{"file.txt"});
        QCOMPARE(read(dir.filePath("file.txt")), QByteArray("keep"));
    }

    void failed_export_keeps_the_old_file() {
        QTemporaryDir dir;
        const QString path = dir.filePath("plot.png");
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write("old");
        file.close();
        HistogramPlot plot;
        ExportOptions options;
        options.size = QSize(0, 10);
        QVERIFY(PlotExporter::save(&plot, path, options));
        QCOMPARE(read(path), QByteArray("old"));
        options.size = QSize(100, 80);
        QVERIFY(!PlotExporter::save(&plot, path, options));  // success replaces it
        QCOMPARE(QImage(path).size(), QSize(100, 80));
    }

    void headless_writes_predictable_files() {
        const Network network = test::course_network();
        const QStringList names = HeadlessPlotExport::file_names(network, ImageFormat::Svg);
        QCOMPARE(names.first(), QString("overview.svg"));
        QCOMPARE(names[1], QString("layers.svg"));
        QCOMPARE(names[2], QString("input.weight.svg"));
        QCOMPARE(names[3], QString("input.bias.svg"));
        QCOMPARE(names.last(), QString("output.bias.svg"));
        QCOMPARE(names.size(), 2 + 2 * 5);
        QTemporaryDir dir;
        ExportOptions options;
        options.size = QSize(800, 450);
        const auto result =
            HeadlessPlotExport::write(network, summary_, HistogramOptions{}, dir.filePath("plots"),
                                      ImageFormat::Png, options);
        QVERIFY2(!result.error, qPrintable(result.error.value_or(QString())));
        QCOMPARE(result.files.size(), names.size());
        for (const QString& file : result.files) QCOMPARE(QImage(file).size(), QSize(800, 450));
        QCOMPARE(QFileInfo(result.files[4]).fileName(), QString("fc1.weight.png"));
    }

    void file_stems_are_safe_and_unique() {
        QCOMPARE(HeadlessPlotExport::file_stem("fc1"), QString("fc1"));
        QCOMPARE(HeadlessPlotExport::file_stem("block 1: conv*"), QString("block_1__conv_"));
        QCOMPARE(HeadlessPlotExport::file_stem(".."), QString("_."));
        QCOMPARE(HeadlessPlotExport::file_stem("σ-layer"), QString("_-layer"));
        QCOMPARE(HeadlessPlotExport::file_stem(""), QString("layer"));
        Network network = test::linear_network({4, 4, 4, 4});
        network.layers[0].name = "a b";
        network.layers[1].name = "a_b";
        network.layers[2].name = "A_B";
        QCOMPARE(HeadlessPlotExport::file_stems(network),
                 (std::vector<QString>{"a_b", "a_b_2", "A_B_3"}));
    }

    void dialog_keeps_format_and_extension_in_step() {
        ExportDialog dialog(QSize(800, 600), "fc1.weight");
        QVERIFY(dialog.path().endsWith("fc1.weight." + PlotExporter::extension(dialog.format())));
        dialog.set_path("/tmp/x/slide.svg");
        QCOMPARE(dialog.format(), ImageFormat::Svg);
        dialog.set_path("/tmp/x/slide.JPEG");
        QCOMPARE(dialog.format(), ImageFormat::Jpeg);
        dialog.set_background(ExportBackground::Transparent);
        QCOMPARE(dialog.options().background, ExportBackground::White);  // JPEG: always white
        dialog.set_path("/tmp/x/slide.png");
        QCOMPARE(dialog.options().background, ExportBackground::Transparent);
        dialog.set_size(QSize(800, 600));
        QCOMPARE(dialog.options().size, QSize(800, 600));
        dialog.set_size(QSize(1280, 720));
        dialog.set_scale(3);
        QCOMPARE(dialog.options().size, QSize(1280, 720));
        QCOMPARE(dialog.options().scale, 3.0);
        QVERIFY(dialog.problem().isEmpty());
        dialog.set_path("/tmp/x/slide.bmp");
        QVERIFY(!dialog.problem().isEmpty());
        dialog.set_path("/tmp/x/slide.pdf");
        dialog.set_size(QSize(1000, 500));
        QCOMPARE(dialog.options().size, QSize(1000, 500));
        dialog.save_settings();

        // The next dialog starts from the remembered choices.
        ExportDialog next(QSize(640, 480), "overview");
        QCOMPARE(next.format(), ImageFormat::Pdf);
        QCOMPARE(next.path(), QString("/tmp/x/overview.pdf"));
        QCOMPARE(next.options().size, QSize(1000, 500));
        QCOMPARE(next.options().scale, 3.0);
        QCOMPARE(next.options().background, ExportBackground::Transparent);
    }

    void context_menu_attaches_once_and_copies() {
        LayersTab layers;
        layers.show_summary(summary_, {});
        PlotContextMenu::attach_all(&layers);
        PlotContextMenu::attach_all(&layers);
        for (QCustomPlot* plot : layers.plots()) {
            QCOMPARE(plot->contextMenuPolicy(), Qt::CustomContextMenu);
            QCOMPARE(plot->findChildren<PlotContextMenu*>(Qt::FindDirectChildrenOnly).size(), 1);
        }
        QCOMPARE(PlotContextMenu::suggested_name(layers.weight_plot(1)), QString("fc1.weight"));
        QCOMPARE(PlotContextMenu::suggested_name(&layers), QString("layers"));
        QCOMPARE(PlotContextMenu::target_under_cursor(nullptr), nullptr);

        QWidget* plot = layers.weight_plot(0);
        QVERIFY(PlotContextMenu::copy_to_clipboard(plot));
        const QImage copied = QGuiApplication::clipboard()->image();
        if (!copied.isNull())  // the offscreen platform may not keep clipboard contents
            QCOMPARE(copied.size(), plot->size() * 2);
    }
};

QTEST_MAIN(TestPlotExporter)
#include "tst_plot_exporter.moc"
