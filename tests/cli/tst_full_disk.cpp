// Issue 9, defect 2 (a full disk gave truncated files and exit 0) and defect 6 (a run that fails
// midway left part of its files): on a 64 KiB tmpfs filled to the last byte, every output of the
// binary and ConfigFile::save must fail with a one-line message and a non-zero exit, leave an
// existing file unchanged and leave no new file behind. Needs root (mount); skipped otherwise.
#include "core/io/config_file.h"
#include "core/io/preset_library.h"

#include <QDir>
#include <QFile>
#include <QProcess>
#include <QTemporaryDir>
#include "cli_run.h"

#include <QtTest>

#include <sys/mount.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

using namespace initscope;
using namespace initscope::test;

namespace {

const QByteArray kOld = "the previous content\n";

}  // namespace

class TestFullDisk : public QObject {
    Q_OBJECT
    QTemporaryDir root_;
    QString disk_;  ///< the tmpfs mount point
    bool mounted_ = false;

    QString on_disk(const QString& name) const { return QDir(disk_).filePath(name); }

    /// The disk's files (hidden ones too), sorted.
    QStringList files() const {
        return QDir(disk_).entryList(QDir::AllEntries | QDir::NoDotAndDotDot | QDir::Hidden,
                                     QDir::Name);
    }

private slots:
    void initTestCase() {
        if (geteuid() != 0) QSKIP("needs root to mount a 64 KiB tmpfs (mount -t tmpfs)");
        disk_ = root_.filePath("disk");
        QVERIFY(QDir().mkpath(disk_));
        if (mount("tmpfs", QFile::encodeName(disk_).constData(), "tmpfs", 0, "size=64k") != 0)
            QSKIP(qPrintable(QString("cannot mount a tmpfs: ") + std::strerror(errno)));
        mounted_ = true;
        // Existing outputs first, then a filler that takes every remaining byte.
        for (const char* name : {"stats.json", "script.py", "saved.json"}) {
            QFile file(on_disk(name));
            QVERIFY(file.open(QIODevice::WriteOnly));
            QCOMPARE(file.write(kOld), qint64(kOld.size()));
        }
        QFile filler(on_disk("filler"));
        QVERIFY(filler.open(QIODevice::WriteOnly | QIODevice::Unbuffered));
        const QByteArray page(4096, 'f');
        while (filler.write(page) == page.size()) {
        }
        const QByteArray byte(1, 'f');
        while (filler.write(byte) == 1) {
        }
    }
    void cleanupTestCase() {
        if (mounted_) umount(QFile::encodeName(disk_).constData());
    }

    void outputs_fail_cleanly_data() {
        QTest::addColumn<QStringList>("arguments");
        QTest::addColumn<QString>("message");
        QTest::newRow("--dump-npy")
            << QStringList{"--dump-npy", "@npy"} << "No space left on device";
        QTest::newRow("--stats over an existing file")
            << QStringList{"--stats", "@stats.json"} << "@stats.json: cannot write: No space";
        QTest::newRow("--stats-csv, new file")
            << QStringList{"--stats-csv", "@stats.csv"} << "@stats.csv: cannot write: No space";
        QTest::newRow("--pytorch-script over an existing file")
            << QStringList{"--pytorch-script", "@script.py"}
            << "@script.py: cannot write: No space";
        QTest::newRow("--dump-npy elsewhere, --stats fails: the npy files go too (defect 6)")
            << QStringList{"--dump-npy", "%npy", "--stats", "@stats.json"}
            << "@stats.json: cannot write: No space";
    }
    void outputs_fail_cleanly() {
        QFETCH(QStringList, arguments);
        QFETCH(QString, message);
        const QStringList before = files();
        QTemporaryDir roomy;  // '%': a directory with room, beside the full disk
        for (QString& a : arguments) {
            if (a.startsWith('@')) a = on_disk(a.mid(1));
            if (a.startsWith('%')) a = roomy.filePath(a.mid(1));
        }
        message.replace('@', disk_ + '/');
        const Run r = run(QStringList{"--headless", "--preset", "course"} + arguments);
        QCOMPARE(r.status, 1);
        QVERIFY2(r.err.startsWith("initscope: ") && r.err.count('\n') == 1, qPrintable(r.err));
        QVERIFY2(r.err.contains(message), qPrintable(r.err));
        QCOMPARE(files(), before);  // nothing new, no staging file, no npy directory
        QCOMPARE(QDir(roomy.path()).entryList(QDir::AllEntries | QDir::NoDotAndDotDot),
                 QStringList{});
        for (const char* name : {"stats.json", "script.py"}) {
            QFile file(on_disk(name));
            QVERIFY(file.open(QIODevice::ReadOnly));
            QCOMPARE(file.readAll(), kOld);
        }
    }

    void stdout_on_a_full_disk_fails_data() {
        QTest::addColumn<QStringList>("arguments");
        QTest::newRow("--stats -") << QStringList{"--stats", "-"};
        QTest::newRow("the table") << QStringList{};
        QTest::newRow("--pytorch-script -") << QStringList{"--pytorch-script", "-"};
    }
    void stdout_on_a_full_disk_fails() {
        QFETCH(QStringList, arguments);
        QFile::remove(on_disk("stdout.txt"));
        const Run r = run(QStringList{"--headless", "--preset", "course"} + arguments, {},
                          on_disk("stdout.txt"));
        QCOMPARE(r.status, 1);
        QCOMPARE(r.err, QString("initscope: cannot write to stdout: No space left on device\n"));
        QFile::remove(on_disk("stdout.txt"));
    }

    void config_save_keeps_the_previous_file() {
        const ConfigFile::Result course = PresetLibrary::load("course");
        QVERIFY(course);
        const QStringList before = files();
        const std::optional<std::string> error =
            ConfigFile::save(*course.network, on_disk("saved.json"));
        QVERIFY(error.has_value());
        QVERIFY2(QString::fromStdString(*error).contains("No space left on device"),
                 error->c_str());
        QCOMPARE(files(), before);
        QFile file(on_disk("saved.json"));
        QVERIFY(file.open(QIODevice::ReadOnly));
        QCOMPARE(file.readAll(), kOld);
    }
};

QTEST_GUILESS_MAIN(TestFullDisk)
#include "tst_full_disk.moc"
