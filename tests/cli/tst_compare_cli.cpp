// The A/B comparison on the command line (issue 11, "A/B comparison"): --compare FILE and
// --compare-preset NAME render the comparison in a screenshot at the size asked for; a B that
// cannot be read exits 2 with one line naming the option and the file, and writes nothing.
#include "cli_run.h"

#include <QFile>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QtTest>

using namespace initscope::test;

namespace {

QByteArray read(const QString& path) {
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

/// Width and height from a PNG's IHDR (big-endian at bytes 16 and 20); (0, 0) when not a PNG.
QSize png_size(const QByteArray& png) {
    if (!png.startsWith("\x89PNG\r\n\x1a\n") || png.size() < 24) return {0, 0};
    auto be32 = [&png](int at) {
        return int((quint32(quint8(png[at])) << 24) | (quint32(quint8(png[at + 1])) << 16) |
                   (quint32(quint8(png[at + 2])) << 8) | quint32(quint8(png[at + 3])));
    };
    return {be32(16), be32(20)};
}

/// InitScope's own lines on stderr (Qt may warn first, e.g. about XDG_RUNTIME_DIR).
QStringList our_lines(const QString& err) {
    return err.split('\n').filter(QRegularExpression("^initscope: "));
}

}  // namespace

class TestCompareCli : public QObject {
    Q_OBJECT
private slots:
    void missing_b_file_exits_2_naming_it() {
        QTemporaryDir tmp;
        const QString shot = tmp.filePath("shot.png"), missing = tmp.filePath("no_such_b.json");
        const Run r = run({"--screenshot", shot, "--preset", "course", "--compare", missing});
        QCOMPARE(r.status, 2);
        const QStringList ours = our_lines(r.err);
        QVERIFY2(ours.size() == 1 && ours[0].startsWith("initscope: --compare: ") &&
                     ours[0].contains("no_such_b.json"),
                 qPrintable(r.err));
        QVERIFY(!QFile::exists(shot));
    }

    void bad_b_file_and_unknown_preset_exit_2() {
        QTemporaryDir tmp;
        const QString shot = tmp.filePath("shot.png"), bad = tmp.filePath("bad.json");
        QFile file(bad);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write("{ \"layers\": 5 }");
        file.close();
        Run r = run({"--screenshot", shot, "--preset", "course", "--compare", bad});
        QCOMPARE(r.status, 2);
        QStringList ours = our_lines(r.err);
        QVERIFY2(ours.size() == 1 && ours[0].contains("bad.json"), qPrintable(r.err));
        r = run({"--screenshot", shot, "--preset", "course", "--compare-preset", "no_such"});
        QCOMPARE(r.status, 2);
        ours = our_lines(r.err);
        QVERIFY2(ours.size() == 1 && ours[0].startsWith("initscope: --compare-preset: ") &&
                     ours[0].contains("no_such"),
                 qPrintable(r.err));
        r = run({"--screenshot", shot, "--preset", "course", "--compare", bad, "--compare-preset",
                 "course"});
        QCOMPARE(r.status, 2);
        QVERIFY(!QFile::exists(shot));
    }

    void comparison_screenshot_is_written_at_its_size() {
        QTemporaryDir tmp;
        const QString b = tmp.filePath("b.json");
        QVERIFY(QFile::copy(
            QStringLiteral(INITSCOPE_SOURCE_DIR) + "/resources/presets/course_xavier.json", b));
        for (const char* tab : {"overview", "theory", "propagation"}) {
            const QString shot = tmp.filePath(QString(tab) + ".png");
            const Run r = run({"--screenshot", shot, "--preset", "course", "--compare", b, "--tab",
                               tab, "--size", "1280x720"});
            QVERIFY2(r.status == 0, qPrintable(QString(tab) + ": " + r.err));
            QCOMPARE(png_size(read(shot)), QSize(1280, 720));
        }
        const QString shot = tmp.filePath("preset.png");
        const Run r = run({"--screenshot", shot, "--preset", "course", "--compare-preset",
                           "course_xavier", "--size", "1024x768"});
        QVERIFY2(r.status == 0, qPrintable(r.err));
        QCOMPARE(png_size(read(shot)), QSize(1024, 768));
    }
};

QTEST_APPLESS_MAIN(TestCompareCli)
#include "tst_compare_cli.moc"
