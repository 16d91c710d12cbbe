// Crash recovery (issue 9): unsaved work is written to a recovery file (atomically) a few seconds
// after the last edit; after a kill the next window offers to restore it, naming when it was
// saved; a save, New / Open after a discard, an undo back to the saved state and a clean exit
// remove it. The kill is real: the built binary is started on a temporary HOME and XDG folders
// (the user's own files are never touched) with a session whose network is unsaved, and killed
// with SIGKILL once it has written the file.
#include "core/io/config_file.h"
#include "core/io/preset_library.h"
#include "ui/document/exploration.h"
#include "ui/document/file_controller.h"
#include "ui/document/network_document.h"
#include "ui/document/recovery_file.h"
#include "ui/main_window.h"

#include <QElapsedTimer>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QStatusBar>
#include <QTemporaryDir>
#include <QTest>

using namespace initscope;

namespace {

/// The course preset with a distinctive seed and a renamed layer: nobody's default network.
Network unsaved_network() {
    Network network = *PresetLibrary::load("course").network;
    network.seed = 4242;
    network.layers[1].name = "recovered_fc1";
    return network;
}

}  // namespace

class TestRecoveryFile : public QObject {
    Q_OBJECT
private slots:
    void initTestCase();
    void init();
    void cleanup();
    void killed_process_leaves_a_complete_config_that_is_restored();
    void burst_of_edits_gives_one_write_after_the_delay();
    void save_undo_to_clean_and_new_remove_the_file();
    void declined_restore_removes_the_file();
    void second_window_neither_asks_nor_writes();
    void unusable_recovery_file_says_why();

private:
    /// A window with a recovery file at path_ and recorded answers.
    std::unique_ptr<MainWindow> make_window(bool restore_answer);

    QTemporaryDir dir_;
    QString path_;
    int asked_ = 0;
    QString asked_name_;
    QDateTime asked_time_;
};

void TestRecoveryFile::initTestCase() {
    QStandardPaths::setTestModeEnabled(true);
    QCoreApplication::setOrganizationName(QStringLiteral("InitScopeTests"));
    QCoreApplication::setApplicationName(QStringLiteral("tst_recovery_file"));
    QVERIFY(dir_.isValid());
}

void TestRecoveryFile::init() {
    path_ = dir_.filePath(QStringLiteral("recovery/recovery.json"));
    QFile::remove(path_);
    asked_ = 0;
}

void TestRecoveryFile::cleanup() {
    QFile::remove(path_);
}

std::unique_ptr<MainWindow> TestRecoveryFile::make_window(bool restore_answer) {
    auto window = std::make_unique<MainWindow>();
    UserPrompts& prompts = window->prompts();
    prompts.restore_unsaved = [this, restore_answer](QWidget*, const QString& name,
                                                     const QDateTime& saved_at) {
        ++asked_;
        asked_name_ = name;
        asked_time_ = saved_at;
        return restore_answer;
    };
    prompts.ask_discard = [](QWidget*, const QString&) { return UserPrompts::Discard::Discard; };
    prompts.error = [](QWidget*, const QString&, const QString& message) {
        qWarning("unexpected error: %s", qPrintable(message));
    };
    if (window->load_preset(QStringLiteral("course"))) return nullptr;
    return window;
}

void TestRecoveryFile::killed_process_leaves_a_complete_config_that_is_restored() {
#ifndef Q_OS_UNIX
    QSKIP("SIGKILL and XDG folders: Unix only");
#endif
    QTemporaryDir home;
    QVERIFY(home.isValid());
    const QString config_home = home.filePath(QStringLiteral("config"));
    const QString data_home = home.filePath(QStringLiteral("data"));
    const Network network = unsaved_network();
    {
        // The stored session of a window that had unsaved work: the next start shows it as
        // unsaved, so the recovery file must appear without any edit.
        QSettings session(config_home + QStringLiteral("/InitScope/InitScope.conf"),
                          QSettings::IniFormat);
        session.setValue(QStringLiteral("session/network"),
                         QString::fromUtf8(ConfigFile::write(network)));
        session.setValue(QStringLiteral("session/display_name"), QStringLiteral("lecture.json"));
        session.setValue(QStringLiteral("session/file_path"), home.filePath("lecture.json"));
        session.setValue(QStringLiteral("session/modified"), true);
        session.sync();
        QCOMPARE(session.status(), QSettings::NoError);
    }
    QProcess process;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("HOME"), home.path());
    env.insert(QStringLiteral("XDG_CONFIG_HOME"), config_home);
    env.insert(QStringLiteral("XDG_DATA_HOME"), data_home);
    env.insert(QStringLiteral("XDG_CACHE_HOME"), home.filePath(QStringLiteral("cache")));
    env.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
    process.setProcessEnvironment(env);
    process.setProcessChannelMode(QProcess::ForwardedErrorChannel);
    process.start(QStringLiteral(INITSCOPE_BINARY), {});
    QVERIFY(process.waitForStarted(10000));

    const QString expected = data_home + QStringLiteral("/InitScope/InitScope/recovery.json");
    QTRY_VERIFY_WITH_TIMEOUT(QFile::exists(expected), 30000);
    // The running window holds the file: nobody else may take it over.
    {
        MainWindow other;
        other.prompts().restore_unsaved = [this](QWidget*, const QString&, const QDateTime&) {
            ++asked_;
            return true;
        };
        QVERIFY(!other.start_recovery(expected));
        QCOMPARE(asked_, 0);
    }
    process.kill();  // SIGKILL: no clean exit, nothing removed
    QVERIFY(process.waitForFinished(10000));
    QCOMPARE(process.exitStatus(), QProcess::CrashExit);
    QVERIFY(QFile::exists(expected));

    // A complete, valid config inside, with the file it belongs to and the time it was written.
    QFile file(expected);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QJsonObject object = QJsonDocument::fromJson(file.readAll()).object();
    QCOMPARE(object.value("format").toString(), QStringLiteral("initscope-recovery"));
    QCOMPARE(object.value("display_name").toString(), QStringLiteral("lecture.json"));
    QCOMPARE(object.value("file_path").toString(), home.filePath("lecture.json"));
    const QDateTime saved_at =
        QDateTime::fromString(object.value("saved_at").toString(), Qt::ISODate);
    QVERIFY(saved_at.isValid());
    QVERIFY(qAbs(saved_at.secsTo(QDateTime::currentDateTimeUtc())) < 120);
    ConfigFile::Result config = ConfigFile::parse(
        QJsonDocument(object.value("config").toObject()).toJson(), "recovery.json");
    QVERIFY2(config, config.error.c_str());
    QVERIFY(*config.network == network);

    // The next start offers it (the lock the killed process left is stale) and brings the
    // network back as unsaved; a clean exit then removes the file.
    std::unique_ptr<MainWindow> window = make_window(/*restore_answer=*/true);
    QVERIFY(window);
    QVERIFY(window->start_recovery(expected));
    QCOMPARE(asked_, 1);
    QCOMPARE(asked_name_, QStringLiteral("lecture.json"));
    QCOMPARE(asked_time_, saved_at);
    NetworkDocument* document = window->exploration()->document();
    QVERIFY(document->network() == network);
    QVERIFY(document->is_modified());
    QCOMPARE(document->display_name(), QStringLiteral("lecture.json"));
    QCOMPARE(document->file_path(), home.filePath("lecture.json"));
    QVERIFY(window->statusBar()->currentMessage().contains(QStringLiteral("Restored")));
    QVERIFY(QFile::exists(expected));  // still unsaved: still recoverable
    QVERIFY(window->close());
    QVERIFY(!QFile::exists(expected));
}

void TestRecoveryFile::burst_of_edits_gives_one_write_after_the_delay() {
    std::unique_ptr<MainWindow> window = make_window(true);
    QVERIFY(window);
    QVERIFY(window->start_recovery(path_));
    QCOMPARE(asked_, 0);  // no file: nothing to ask
    QSignalSpy written(window->recovery(), &RecoveryFile::written);
    NetworkDocument* document = window->exploration()->document();
    QElapsedTimer clock;
    clock.start();
    qint64 last_edit = 0;
    for (int seed = 1; seed <= 5; ++seed) {
        Network edited = document->network();
        edited.seed = uint64_t(seed);
        QVERIFY(document->edit(edited, QStringLiteral("seed")));
        last_edit = clock.elapsed();
        QTest::qWait(200);
    }
    QVERIFY(written.wait(RecoveryFile::kDelayMs + 5000));
    QVERIFY(clock.elapsed() - last_edit >= RecoveryFile::kDelayMs - 50);
    QCOMPARE(written.count(), 1);
    QVERIFY(written.front().front().toBool());
    std::optional<RecoveryFile::Content> content = window->recovery()->read();
    QVERIFY(content);
    QCOMPARE(content->network.seed, uint64_t(5));
    QCOMPARE(content->display_name, QStringLiteral("course.json"));
    QTest::qWait(300);
    QCOMPARE(written.count(), 1);
}

void TestRecoveryFile::save_undo_to_clean_and_new_remove_the_file() {
    std::unique_ptr<MainWindow> window = make_window(true);
    QVERIFY(window);
    QVERIFY(window->start_recovery(path_));
    NetworkDocument* document = window->exploration()->document();
    const auto edit = [&] {
        Network edited = document->network();
        edited.seed += 1;
        QVERIFY(document->edit(edited, QStringLiteral("seed")));
        QVERIFY(!window->recovery()->write_now());
        QVERIFY(QFile::exists(path_));
    };
    edit();
    QVERIFY(window->files()->save_to(dir_.filePath(QStringLiteral("saved.json"))));
    QVERIFY(!QFile::exists(path_));  // saved: nothing to recover
    edit();
    document->undo_stack()->undo();  // back to the saved state
    QVERIFY(!QFile::exists(path_));
    edit();
    window->files()->new_network();  // the question is answered Discard
    QVERIFY(!QFile::exists(path_));
    QVERIFY(!document->is_modified());
}

void TestRecoveryFile::declined_restore_removes_the_file() {
    {
        std::unique_ptr<MainWindow> crashed = make_window(true);
        QVERIFY(crashed);
        QVERIFY(crashed->start_recovery(path_));
        Network edited = unsaved_network();
        QVERIFY(crashed->exploration()->document()->edit(edited, QStringLiteral("edit")));
        QVERIFY(!crashed->recovery()->write_now());
        // A crash: the window is destroyed without a close (its lock goes with it).
    }
    QVERIFY(QFile::exists(path_));
    std::unique_ptr<MainWindow> window = make_window(/*restore_answer=*/false);
    QVERIFY(window);
    QVERIFY(window->start_recovery(path_));
    QCOMPARE(asked_, 1);
    QVERIFY(!QFile::exists(path_));
    QVERIFY(window->exploration()->document()->network() == *PresetLibrary::load("course").network);
    QVERIFY(!window->exploration()->document()->is_modified());
}

void TestRecoveryFile::second_window_neither_asks_nor_writes() {
    std::unique_ptr<MainWindow> first = make_window(true);
    QVERIFY(first);
    QVERIFY(first->start_recovery(path_));
    Network edited = unsaved_network();
    QVERIFY(first->exploration()->document()->edit(edited, QStringLiteral("edit")));
    QVERIFY(!first->recovery()->write_now());
    std::unique_ptr<MainWindow> second = make_window(true);
    QVERIFY(second);
    QVERIFY(!second->start_recovery(path_));
    QCOMPARE(asked_, 0);
    QVERIFY(second->recovery()->write_now());  // refused: the file is the first window's
    QVERIFY(second->close());
    QVERIFY(QFile::exists(path_));  // the first window's work is kept
}

void TestRecoveryFile::unusable_recovery_file_says_why() {
    QVERIFY(QDir().mkpath(QFileInfo(path_).absolutePath()));
    QFile file(path_);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write("{ \"format\": \"initscope-recovery\", \"version\": 1, \"config\": {} }");
    file.close();
    std::unique_ptr<MainWindow> window = make_window(true);
    QVERIFY(window);
    QVERIFY(window->start_recovery(path_));
    QCOMPARE(asked_, 0);
    QVERIFY2(window->statusBar()->currentMessage().contains(path_),
             qPrintable(window->statusBar()->currentMessage()));
    QVERIFY(window->exploration()->document()->network() == *PresetLibrary::load("course").network);
}

QTEST_MAIN(TestRecoveryFile)
#include "tst_recovery_file.moc"
