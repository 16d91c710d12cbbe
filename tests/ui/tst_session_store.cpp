// A stored session that cannot be restored (issue 9, defect 3 and "a missing session gives no
// message"): its file is missing, a directory, unreadable, too big, not JSON or not a config,
// or its stored network is broken. Each starts the course preset and says why in the status
// bar, in one line naming the file. QSettings use this test's own names in QStandardPaths' test
// mode, so a developer's session is never touched.
#include "core/io/preset_library.h"
#include "ui/document/exploration.h"
#include "ui/document/network_document.h"
#include "ui/document/session_store.h"
#include "ui/main_window.h"

#include <QFile>
#include <QSettings>
#include <QStandardPaths>
#include <QStatusBar>
#include <QTemporaryDir>
#include <QTest>

using namespace initscope;

class TestSessionStore : public QObject {
    Q_OBJECT
private slots:
    void initTestCase();
    void init();
    void unrestorable_session_file_starts_course_and_says_why_data();
    void unrestorable_session_file_starts_course_and_says_why();
    void session_file_is_reopened();

private:
    QTemporaryDir dir_;
};

void TestSessionStore::initTestCase() {
    QStandardPaths::setTestModeEnabled(true);
    QCoreApplication::setOrganizationName(QStringLiteral("InitScopeTests"));
    QCoreApplication::setApplicationName(QStringLiteral("tst_session_store"));
    QVERIFY(dir_.isValid());
}

void TestSessionStore::init() {
    QSettings().clear();
}

void TestSessionStore::unrestorable_session_file_starts_course_and_says_why_data() {
    QTest::addColumn<QString>("file");  // the session's file, made by the row
    QTest::addColumn<QString>("reason");
    const auto write = [this](const char* name, const QByteArray& bytes) {
        QFile file(dir_.filePath(QString::fromLatin1(name)));
        if (!file.open(QIODevice::WriteOnly) || file.write(bytes) != bytes.size())
            qFatal("cannot write %s", name);
        return file.fileName();
    };
    QTest::newRow("missing") << dir_.filePath(QStringLiteral("gone.json"))
                             << QStringLiteral("no longer exists");
    QVERIFY(QDir(dir_.path()).mkpath(QStringLiteral("folder.json")));
    QTest::newRow("directory") << dir_.filePath(QStringLiteral("folder.json"))
                               << QStringLiteral("not a regular file");
    QTest::newRow("not json") << write("garbage.json", "{ not json") << QString();
    QTest::newRow("not a config") << write("other.json", R"({"layers": 3})") << QString();
    // 32 MiB (sparse): far more than a config, refused or unparsable, never shown.
    const QString big = write("big.json", "{");
    QFile(big).resize(qint64(32) << 20);
    QTest::newRow("too big") << big << QString();
    const QString locked = write("locked.json", "{}");
    QFile::setPermissions(locked, QFileDevice::Permissions());
    QTest::newRow("unreadable") << locked << QString();
}

void TestSessionStore::unrestorable_session_file_starts_course_and_says_why() {
    QFETCH(QString, file);
    QFETCH(QString, reason);
    if (QTest::currentDataTag() == QByteArray("unreadable") &&
        QFile(file).open(QIODevice::ReadOnly))
        QSKIP("running as root: a file without permissions is still readable");
    // A session keeps only the file when the user discarded changes the undo history could not
    // give back; the window then reopens the file.
    QSettings().setValue(QStringLiteral("session/file_path"), file);
    QSettings().setValue(QStringLiteral("session/display_name"), QFileInfo(file).fileName());
    MainWindow window;
    window.restore_session();
    QVERIFY(window.exploration()->document()->network() == *PresetLibrary::load("course").network);
    QCOMPARE(window.exploration()->document()->display_name(), QStringLiteral("course.json"));
    const QString message = window.statusBar()->currentMessage();
    QVERIFY2(message.contains(QStringLiteral("could not be restored")), qPrintable(message));
    QVERIFY2(message.contains(QFileInfo(file).fileName()), qPrintable(message));
    QVERIFY2(reason.isEmpty() || message.contains(reason), qPrintable(message));
    QVERIFY(!message.contains(u'\n'));
}

void TestSessionStore::session_file_is_reopened() {
    Network network = *PresetLibrary::load("deep_tanh").network;
    const QString path = dir_.filePath(QStringLiteral("lecture.json"));
    QVERIFY(!ConfigFile::save(network, path));
    QSettings().setValue(QStringLiteral("session/file_path"), path);
    MainWindow window;
    window.restore_session();
    QVERIFY(window.exploration()->document()->network() == network);
    QCOMPARE(window.exploration()->document()->file_path(), QFileInfo(path).absoluteFilePath());
    QVERIFY(window.statusBar()->currentMessage().isEmpty() ||
            !window.statusBar()->currentMessage().contains(QStringLiteral("could not")));
}

QTEST_MAIN(TestSessionStore)
#include "tst_session_store.moc"
