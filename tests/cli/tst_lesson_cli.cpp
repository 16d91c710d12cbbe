// The lessons on the command line: --list-lessons names the shipped ones, --export-slides writes
// one NN-<slug>.png per step at the asked size (all of them, listed on stdout), and a bad lesson or
// option exits 2 with one line and writes nothing.
#include "core/io/lesson_library.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QtTest>

#include "cli_run.h"

using namespace initscope;
using namespace initscope::test;

namespace {

quint32 big_endian(const QByteArray& bytes, qsizetype at) {
    quint32 value = 0;
    for (int i = 0; i < 4; ++i) value = (value << 8) | quint8(bytes[at + i]);
    return value;
}

/// Width × height from a PNG's IHDR (this test links no QtGui); invalid when it is no PNG.
QSize png_size(const QString& path) {
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) return {};
    const QByteArray bytes = file.read(32);
    if (!bytes.startsWith("\x89PNG\r\n\x1a\n") || bytes.mid(12, 4) != "IHDR") return {};
    return QSize(int(big_endian(bytes, 16)), int(big_endian(bytes, 20)));
}

}  // namespace

class TestLessonCli : public QObject {
    Q_OBJECT
private slots:
    void list_lessons_names_and_titles_them() {
        const Run r = run({"--list-lessons"});
        QCOMPARE(r.status, 0);
        QCOMPARE(r.err, QString());
        const QStringList lines = r.out.trimmed().split('\n');
        QCOMPARE(lines.size(), 3);
        QVERIFY(lines[0].startsWith("xavier_kaiming "));
        QVERIFY(lines[0].endsWith("Xavier and Kaiming initializations"));
        QVERIFY(lines[1].startsWith("vanishing_exploding "));
        QVERIFY(lines[2].startsWith("edge_of_chaos "));
        QVERIFY(run({"--help"}).out.contains("--export-slides DIR"));
    }

    void lesson_tabs_are_the_tab_option_names() {
        // One list of tab names: a lesson's "tab" takes exactly what --tab takes.
        QStringList names;
        for (const std::string& name : LessonFile::tab_names())
            names << QString::fromStdString(name);
        const Run r = run({"--tab", "bogus"});
        QCOMPARE(r.status, 2);
        QVERIFY2(r.err.endsWith("initscope: --tab: expected " +
                                names.mid(0, names.size() - 1).join(", ") + " or " + names.back() +
                                ", got 'bogus'\n"),
                 qPrintable(r.err));  // after what Qt may say about its runtime directory
    }

    void export_slides_writes_one_picture_per_step() {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QString out = dir.filePath("slides");
        const Run r = run({"--headless", "--lesson", "vanishing_exploding", "--export-slides", out,
                           "--size", "640x400"});
        QVERIFY2(r.status == 0, qPrintable(r.err));
        const LessonFile::Result lesson = LessonLibrary::load("vanishing_exploding");
        QVERIFY(lesson);
        QStringList expected;
        for (size_t i = 0; i < lesson.lesson->steps.size(); ++i)
            expected << QStringLiteral("%1-%2.png")
                            .arg(i + 1, 2, 10, QChar('0'))
                            .arg(QString::fromStdString(
                                LessonFile::slug(lesson.lesson->steps[i].title)));
        QCOMPARE(expected.front(), QString("01-ten-tanh-layers-weights-0-01.png"));
        QCOMPARE(QDir(out).entryList(QDir::Files, QDir::Name), expected);
        QStringList listed;
        for (const QString& name : expected) listed << QDir(out).filePath(name);
        QCOMPARE(r.out.trimmed().split('\n'), listed);
        for (const QString& path : listed) QCOMPARE(png_size(path), QSize(640, 400));
    }

    void bad_input_exits_2_with_one_line_and_writes_nothing_data() {
        QTest::addColumn<QStringList>("arguments");
        QTest::addColumn<QString>("error");
        QTest::newRow("unknown lesson")
            << QStringList{"--headless", "--lesson", "xavier", "--export-slides", "OUT"}
            << "initscope: --lesson: lesson 'xavier': no such lesson (lessons: xavier_kaiming, "
               "vanishing_exploding, edge_of_chaos)";
        QTest::newRow("missing lesson file")
            << QStringList{"--headless", "--lesson", "missing/lesson.json", "--export-slides",
                           "OUT"}
            << "initscope: --lesson: missing/lesson.json: no such file";
        QTest::newRow("no directory") << QStringList{"--headless", "--lesson", "edge_of_chaos"}
                                      << "initscope: --lesson needs --export-slides DIR";
        QTest::newRow("bad format")
            << QStringList{"--headless", "--lesson", "edge_of_chaos", "--export-slides", "OUT",
                           "--format",   "jpg"}
            << "initscope: --format: unknown slide format 'jpg' (use png, pdf or svg)";
        QTest::newRow("bad size")
            << QStringList{"--headless", "--lesson", "edge_of_chaos", "--export-slides", "OUT",
                           "--size",     "big"}
            << "initscope: --size: expected WxH in pixels (e.g. 1280x720), got 'big'";
        QTest::newRow("a preset too")
            << QStringList{"--headless", "--lesson", "edge_of_chaos", "--export-slides",
                           "OUT",        "--preset", "course"}
            << "initscope: --preset is not used with --export-slides";
    }
    void bad_input_exits_2_with_one_line_and_writes_nothing() {
        QFETCH(QStringList, arguments);
        QFETCH(QString, error);
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QString out = dir.filePath("slides");
        arguments.replaceInStrings(QStringLiteral("OUT"), out);
        const Run r = run(arguments);
        QCOMPARE(r.status, 2);
        QCOMPARE(r.out, QString());
        if (error.contains("no such file"))
            QVERIFY2(r.err.startsWith("initscope: --lesson: missing/lesson.json: ") &&
                         r.err.count('\n') == 1,
                     qPrintable(r.err));
        else
            QCOMPARE(r.err, error + "\n");
        QVERIFY(!QFileInfo::exists(out));
    }
};

QTEST_APPLESS_MAIN(TestLessonCli)
#include "tst_lesson_cli.moc"
