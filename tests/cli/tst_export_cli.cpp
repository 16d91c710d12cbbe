// The initscope binary's export options: --export-plots lists and writes the predictable files
// for the course preset in every format (valid files at the exact size), the data files come
// from the one SummaryExport writer, and bad arguments exit 2 with one line and write nothing
// (issue 4: "Plots as images", "Numbers as data", "Bad input and failures").
#include "core/io/preset_library.h"
#include "core/io/summary_export.h"
#include "core/model/materializer.h"
#include "core/stats/network_summary.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRegularExpression>
#include <QTemporaryDir>
#include "cli_run.h"

#include <QtTest>

#include <sys/resource.h>

using namespace initscope;
using namespace initscope::test;

namespace {

QByteArray read(const QString& path) {
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

quint32 big_endian(const QByteArray& bytes, qsizetype at, int count) {
    quint32 value = 0;
    for (int i = 0; i < count; ++i) value = (value << 8) | quint8(bytes[at + i]);
    return value;
}

/// Width × height from a PNG's IHDR or a JPEG's start-of-frame (this test links no QtGui);
/// an invalid size when the bytes are neither.
QSize image_size(const QByteArray& bytes) {
    if (bytes.startsWith("\x89PNG\r\n\x1a\n") && bytes.mid(12, 4) == "IHDR")
        return QSize(int(big_endian(bytes, 16, 4)), int(big_endian(bytes, 20, 4)));
    if (!bytes.startsWith("\xff\xd8")) return {};
    for (qsizetype at = 2; at + 9 < bytes.size();) {
        if (quint8(bytes[at]) != 0xFF) return {};
        const quint8 marker = quint8(bytes[at + 1]);
        if (marker >= 0xC0 && marker <= 0xC3)
            return QSize(int(big_endian(bytes, at + 7, 2)), int(big_endian(bytes, at + 5, 2)));
        at += 2 + big_endian(bytes, at + 2, 2);
    }
    return {};
}

/// The course network's files, in the order they are written and listed.
QStringList course_files(const QString& ext) {
    QStringList names{"overview", "layers"};
    for (const char* layer : {"input", "fc1", "fc2", "fc3", "output"})
        names << QString(layer) + ".weight" << QString(layer) + ".bias";
    for (QString& name : names) name += "." + ext;
    return names;
}

NetworkSummary course_summary() {
    const Network network = *PresetLibrary::load("course").network;
    return NetworkSummary::of(network, Materializer::materialize(network), HistogramOptions{});
}

}  // namespace

class TestExportCli : public QObject {
    Q_OBJECT
private slots:
    void export_plots_data() {
        QTest::addColumn<QString>("format");
        QTest::addColumn<QString>("ext");
        QTest::newRow("png") << "png"
                             << "png";
        QTest::newRow("jpg") << "jpg"
                             << "jpg";
        QTest::newRow("jpeg") << "jpeg"
                              << "jpg";
        QTest::newRow("pdf") << "pdf"
                             << "pdf";
        QTest::newRow("svg") << "SVG"
                             << "svg";
    }
    void export_plots() {
        QFETCH(QString, format);
        QFETCH(QString, ext);
        QTemporaryDir tmp;
        const QString dir = tmp.filePath("plots/course");  // created, with its parent
        const Run r = run({"--headless", "--preset", "course", "--export-plots", dir, "--format",
                           format, "--size", "640x360", "--scale", "2"});
        QVERIFY2(r.status == 0, qPrintable(r.err));
        QCOMPARE(r.err, QString());
        QStringList expected;
        for (const QString& name : course_files(ext)) expected << QDir(dir).filePath(name);
        QCOMPARE(r.out.split('\n', Qt::SkipEmptyParts), expected);
        QCOMPARE(QDir(dir).entryList(QDir::Files | QDir::Hidden, QDir::Name).size(),
                 expected.size());
        for (const QString& path : expected) {
            const QByteArray bytes = read(path);
            if (ext == "png" || ext == "jpg") {
                QCOMPARE(image_size(bytes), QSize(1280, 720));
                QVERIFY(bytes.size() > 10000);
            } else if (ext == "pdf") {
                QVERIFY(bytes.startsWith("%PDF-"));
                QVERIFY(bytes.trimmed().endsWith("%%EOF"));
                QVERIFY(!bytes.contains("/Subtype /Image"));
            } else {
                QVERIFY(bytes.startsWith("<?xml"));
                QVERIFY(bytes.contains("<svg"));
                QVERIFY(bytes.contains("viewBox=\"0 0 640 360\""));
                QVERIFY(bytes.contains("<path"));
            }
        }
    }

    void plots_picks_the_figures_data() {
        QTest::addColumn<QString>("plots");
        QTest::addColumn<QStringList>("names");
        QStringList tensors = course_files("png").mid(2);
        QTest::newRow("overview,layers")
            << "overview,layers" << QStringList{"overview.png", "layers.png"};
        QTest::newRow("layers,overview (file order stays)")
            << "layers, overview" << QStringList{"overview.png", "layers.png"};
        QTest::newRow("overview") << "overview" << QStringList{"overview.png"};
        QTest::newRow("layers") << "layers" << QStringList{"layers.png"};
        QTest::newRow("tensors") << "tensors" << tensors;
        QTest::newRow("all") << "overview,layers,tensors" << course_files("png");
    }
    void plots_picks_the_figures() {
        QFETCH(QString, plots);
        QFETCH(QStringList, names);
        QTemporaryDir tmp;
        const QString dir = tmp.filePath("out");
        const Run r = run({"--headless", "--preset", "course", "--export-plots", dir, "--size",
                           "480x270", "--plots", plots});
        QVERIFY2(r.status == 0, qPrintable(r.err));
        QCOMPARE(r.err, QString());
        QStringList expected;
        for (const QString& name : names) expected << QDir(dir).filePath(name);
        QCOMPARE(r.out.split('\n', Qt::SkipEmptyParts), expected);
        QStringList sorted = names;
        sorted.sort();
        QCOMPARE(QDir(dir).entryList(QDir::Files | QDir::Hidden, QDir::Name), sorted);
        for (const QString& path : expected) {
            const QByteArray bytes = read(path);
            QCOMPARE(image_size(bytes), QSize(480, 270));
            QVERIFY(bytes.endsWith(QByteArray("IEND\xae\x42\x60\x82", 8)));  // complete PNG
        }
    }

    void help_documents_plots() {
        const Run r = run({"--help"});
        QCOMPARE(r.status, 0);
        QVERIFY(r.out.contains("--plots LIST"));
        QVERIFY(r.out.contains("overview, layers"));
    }

    void layer_names_become_safe_unique_file_names() {
        QTemporaryDir tmp;
        const QString config = tmp.filePath("odd.json");
        QFile file(config);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(R"({"layers": [
            {"name": "block 1", "kind": "linear", "in_features": 8, "out_features": 8},
            {"name": "block_1", "kind": "linear", "in_features": 8, "out_features": 4,
             "bias": false}]})");
        file.close();
        const QString dir = tmp.filePath("out");
        const Run r =
            run({"--headless", "--config", config, "--export-plots", dir, "--size", "320x200"});
        QVERIFY2(r.status == 0, qPrintable(r.err));
        QStringList expected;
        for (const char* name : {"overview.png", "layers.png", "block_1.weight.png",
                                 "block_1.bias.png", "block_1_2.weight.png"})
            expected << QDir(dir).filePath(name);
        QCOMPARE(r.out.split('\n', Qt::SkipEmptyParts), expected);
        QCOMPARE(image_size(read(expected.last())), QSize(320, 200));
    }

    void data_files_come_from_summary_export() {
        const NetworkSummary summary = course_summary();
        const Run stats = run({"--headless", "--preset", "course", "--stats", "-"});
        QCOMPARE(stats.status, 0);
        QCOMPARE(stats.out.toUtf8(), SummaryExport::statistics_json(summary));  // one writer

        QTemporaryDir tmp;
        const QString hist_csv = tmp.filePath("h.csv"), hist_json = tmp.filePath("h.json");
        const QString stats_csv = tmp.filePath("s.csv");
        const Run r = run({"--headless", "--preset", "course", "--histograms-csv", hist_csv,
                           "--histograms-json", hist_json, "--stats-csv", stats_csv});
        QVERIFY2(r.status == 0, qPrintable(r.err));
        QCOMPARE(r.out, QString());  // files only, no table
        QCOMPARE(read(hist_csv), SummaryExport::histograms_csv(summary));
        QCOMPARE(read(hist_json), SummaryExport::histograms_json(summary));
        QCOMPARE(read(stats_csv), SummaryExport::statistics_csv(summary));

        const QList<QByteArray> lines = read(stats_csv).split('\n');
        QCOMPARE(lines.first(), QByteArray("tensor,layer,role,scheme,shape,fan_in,fan_out,n,mean,"
                                           "std,var,min,max,theory_mean,theory_std,theory_var,"
                                           "support_lo,support_hi,ks,deviates,formula"));
        QCOMPARE(lines.size(), 1 + 10 + 1);  // header, 10 tensors, final newline
        const QList<QByteArray> bins = read(hist_csv).split('\n');
        QCOMPARE(bins.size(), 1 + 10 * 40 + 1);  // 40 bins by default
        for (const QByteArray& line : bins.mid(1, 400)) QCOMPARE(line.count(','), 8);
        const QJsonObject histograms = QJsonDocument::fromJson(read(hist_json)).object();
        QCOMPARE(histograms["tensors"].toArray().size(), 10);
    }

    // Issue 9 defect 4: --screenshot --size 99999x99999 segfaulted after ~40 s and 19 GB.
    void screenshot_size_is_checked_first() {
        QTemporaryDir tmp;
        const QString shot = tmp.filePath("shot.png");
        for (const char* size : {"99999x99999", "10x10", "00x00"}) {
            const Run r = run({"--screenshot", shot, "--preset", "course", "--size", size});
            QCOMPARE(r.status, 2);
            // Qt may warn first (XDG_RUNTIME_DIR); InitScope's own error is one line.
            const QStringList ours = r.err.split('\n').filter(QRegularExpression("^initscope: "));
            QVERIFY2(ours.size() == 1 && ours[0].startsWith("initscope: --size: "),
                     qPrintable(r.err));
            QVERIFY(!QFile::exists(shot));
        }
    }

    // An analysis tab is shot once its analysis (probe, mean field, spectra) is painted, the
    // Scheme sweep once its schemes are in.
    void screenshot_of_the_analysis_tabs() {
        QTemporaryDir tmp;
        for (const char* tab : {"propagation", "spectrum", "sweep"}) {
            const QString shot = tmp.filePath(QString(tab) + ".png");
            const Run r = run(
                {"--screenshot", shot, "--preset", "course", "--tab", tab, "--size", "1280x720"});
            QVERIFY2(r.status == 0, qPrintable(QString(tab) + ": " + r.err));
            // A PNG whose IHDR says 1280 × 720 (big-endian width and height at bytes 16, 20).
            const QByteArray png = read(shot);
            QVERIFY(png.startsWith("\x89PNG\r\n\x1a\n") && png.size() > 24);
            auto be32 = [&png](int at) {
                return (quint32(quint8(png[at])) << 24) | (quint32(quint8(png[at + 1])) << 16) |
                       (quint32(quint8(png[at + 2])) << 8) | quint32(quint8(png[at + 3]));
            };
            QCOMPARE(be32(16), quint32(1280));
            QCOMPARE(be32(20), quint32(720));
        }
    }

    // Issue 9 defect 3: a network the worker cannot hold ended the window's screenshot only
    // at its 60 s timeout; now the worker's message ends it at once, with exit 1 and no file.
    void screenshot_of_a_network_out_of_memory_fails_with_its_message() {
#if defined(__SANITIZE_ADDRESS__)
        QSKIP("AddressSanitizer needs more address space than this test allows");
#endif
        QTemporaryDir tmp;
        const QString shot = tmp.filePath("shot.png"), config = tmp.filePath("big.json");
        QFile file(config);
        QVERIFY(file.open(QIODevice::WriteOnly));
        // 24576² weights: 2.4 GB, beyond the 1.5 GB of address space the process gets.
        file.write(R"({"layers": [{"name": "big", "kind": "linear", "in_features": 24576,
                       "out_features": 24576}]})");
        file.close();
        QProcess process;
        process.setChildProcessModifier([] {
            const rlimit limit{1500ull << 20, 1500ull << 20};
            setrlimit(RLIMIT_AS, &limit);
        });
        QElapsedTimer clock;
        clock.start();
        process.start(INITSCOPE_BINARY, {"--screenshot", shot, "--config", config});
        QVERIFY(process.waitForFinished(120000));
        QVERIFY2(clock.elapsed() < 45000, "the screenshot waited for its timeout");
        QCOMPARE(process.exitStatus(), QProcess::NormalExit);
        QCOMPARE(process.exitCode(), 1);
        const QStringList ours = QString::fromUtf8(process.readAllStandardError())
                                     .split('\n')
                                     .filter(QRegularExpression("^initscope: "));
        // Out of memory, or refused first when this machine has too little memory for it.
        QVERIFY2(ours.size() == 1 && (ours[0].contains("out of memory") ||
                                      ours[0].contains("too large for this machine")),
                 qPrintable(ours.join('|')));
        QVERIFY(!QFile::exists(shot));
    }

    void bad_arguments_write_nothing_data() {
        QTest::addColumn<QStringList>("arguments");
        QTest::addColumn<QString>("message");
        const QStringList base{"--headless", "--preset", "course", "--export-plots", "@out"};
        QTest::newRow("format") << base + QStringList{"--format", "bmp"} << "--format: unknown";
        QTest::newRow("empty format") << base + QStringList{"--format", ""} << "--format";
        QTest::newRow("zero size") << base + QStringList{"--size", "0x100"} << "--size:";
        QTest::newRow("size text") << base + QStringList{"--size", "big"} << "--size: expected";
        QTest::newRow("size one") << base + QStringList{"--size", "1920"} << "--size: expected";
        QTest::newRow("absurd") << base + QStringList{"--size", "20000x20000"} << "megapixels";
        QTest::newRow("absurd scaled")
            << base + QStringList{"--size", "3840x2160", "--scale", "8"} << "megapixels";
        // Issue 9 defect 4: the one strict size rule (ExportSize).
        QTest::newRow("size leading space")
            << base + QStringList{"--size", " 100x100"} << "--size: expected";
        QTest::newRow("size 00x00") << base + QStringList{"--size", "00x00"} << "--size: expected";
        QTest::newRow("size 10x10") << base + QStringList{"--size", "10x10"} << "too small";
        QTest::newRow("size 99999x99999")
            << base + QStringList{"--size", "99999x99999"} << "10000 megapixels; the most is 64";
        QTest::newRow("scale 1e0") << base + QStringList{"--scale", "1e0"} << "--scale: expected";
        QTest::newRow("scale zero") << base + QStringList{"--scale", "0"} << "--scale:";
        QTest::newRow("scale text") << base + QStringList{"--scale", "two"} << "--scale:";
        QTest::newRow("plots name")
            << base + QStringList{"--plots", "overview,bogus"} << "--plots: unknown plot 'bogus'";
        QTest::newRow("plots empty") << base + QStringList{"--plots", ""} << "--plots: unknown";
        QTest::newRow("plots trailing comma")
            << base + QStringList{"--plots", "layers,"} << "--plots: unknown";
        QTest::newRow("plots twice")
            << base + QStringList{"--plots", "layers", "--plots", "overview"} << "more than once";
        QTest::newRow("plots alone")
            << QStringList{"--headless", "--preset", "course", "--plots", "layers"}
            << "--plots is only used with --export-plots";
        QTest::newRow("twice") << base + QStringList{"--format", "png", "--format", "svg"}
                               << "more than once";
        QTest::newRow("stdout clash") << base + QStringList{"--stats", "-"} << "stdout";
        QTest::newRow("bad preset")
            << QStringList{"--headless", "--preset", "nope", "--export-plots", "@out"}
            << "no such preset";
        QTest::newRow("unwritable")
            << QStringList{"--headless", "--preset", "course", "--export-plots", "@file/out"}
            << "--export-plots: cannot create";
        QTest::newRow("format alone")
            << QStringList{"--headless", "--preset", "course", "--format", "png"}
            << "--format is only used with --export-plots";
        QTest::newRow("no headless") << QStringList{"--preset", "course", "--export-plots", "@out"}
                                     << "only used with --headless";
        QTest::newRow("csv dir")
            << QStringList{"--headless",     "--preset",       "course", "--histograms-csv",
                           "@missing/h.csv", "--export-plots", "@out"}
            << "--histograms-csv: the directory";
    }
    void bad_arguments_write_nothing() {
        QFETCH(QStringList, arguments);
        QFETCH(QString, message);
        QTemporaryDir tmp;
        QFile file(tmp.filePath("file"));
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.close();
        for (QString& a : arguments)
            if (a.startsWith('@')) a = tmp.filePath(a.mid(1));
        const Run r = run(arguments);
        QCOMPARE(r.status, 2);
        QCOMPARE(r.out, QString());
        QVERIFY2(r.err.startsWith("initscope: ") && r.err.count('\n') == 1, qPrintable(r.err));
        QVERIFY2(r.err.contains(message), qPrintable(r.err));
        QCOMPARE(QDir(tmp.path()).entryList(QDir::AllEntries | QDir::NoDotAndDotDot | QDir::Hidden),
                 QStringList{"file"});
    }
};

QTEST_APPLESS_MAIN(TestExportCli)
#include "tst_export_cli.moc"
