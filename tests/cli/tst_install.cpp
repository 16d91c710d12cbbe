// `cmake --install` of this build into a scratch prefix: every desktop file lands where the
// freedesktop specifications look for it, the .desktop and AppStream files pass their validators,
// the man page and the bash completion carry every option --help lists, and the installed binary
// runs.
#include "app/command_line.h"
#include "cli_run.h"

#include <QDir>
#include <QFileInfo>
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

using namespace initscope;

namespace {

/// Runs `program` with `arguments`; its exit code (-1: did not start or crashed) and output.
struct Tool {
    int status = -1;
    QString out;
};
Tool run_tool(const QString& program, const QStringList& arguments) {
    QProcess process;
    process.setProcessChannelMode(QProcess::MergedChannels);
    process.start(program, arguments);
    if (!process.waitForFinished(120000) || process.exitStatus() != QProcess::NormalExit) return {};
    return {process.exitCode(), QString::fromUtf8(process.readAll())};
}

QString read_text(const QString& path) {
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? QString::fromUtf8(file.readAll()) : QString();
}

}  // namespace

class TestInstall : public QObject {
    Q_OBJECT
    QTemporaryDir prefix_;

private slots:
    void initTestCase() {
        QVERIFY(prefix_.isValid());
        const Tool install =
            run_tool(QStringLiteral("cmake"),
                     {QStringLiteral("--install"), QStringLiteral(INITSCOPE_BUILD_DIR),
                      QStringLiteral("--prefix"), prefix_.path()});
        QVERIFY2(install.status == 0, qPrintable(install.out));
    }

    void files_land_where_desktops_look() {
        const QString p = prefix_.path();
        for (const char* path :
             {"/bin/initscope", "/libexec/initscope/initscope-gui",
              "/share/applications/org.initscope.InitScope.desktop",
              "/share/metainfo/org.initscope.InitScope.metainfo.xml",
              "/share/icons/hicolor/scalable/apps/org.initscope.InitScope.svg",
              "/share/icons/hicolor/48x48/apps/org.initscope.InitScope.png",
              "/share/icons/hicolor/256x256/apps/org.initscope.InitScope.png",
              "/share/man/man1/initscope.1", "/share/bash-completion/completions/initscope"})
            QVERIFY2(QFileInfo::exists(p + QLatin1String(path)), path);
        const QImage icon(p + "/share/icons/hicolor/48x48/apps/org.initscope.InitScope.png");
        QCOMPARE(icon.size(), QSize(48, 48));
        QVERIFY(icon.pixelColor(24, 24).alpha() == 255);  // drawn, not blank
        QVERIFY(icon.pixelColor(0, 0).alpha() < 255);     // rounded corner: transparent
        const Tool version = run_tool(p + "/bin/initscope", {QStringLiteral("--version")});
        QCOMPARE(version.status, 0);
        QVERIFY(version.out.startsWith(QStringLiteral("initscope " INITSCOPE_VERSION)));
        // The installed initscope finds the installed initscope-gui for what it draws.
        const QString shot = prefix_.path() + "/shot.png";
        const Tool screenshot =
            run_tool(p + "/bin/initscope", {QStringLiteral("--screenshot"), shot,
                                            QStringLiteral("--size"), QStringLiteral("1280x720")});
        QVERIFY2(screenshot.status == 0, qPrintable(screenshot.out));
        QCOMPARE(QImage(shot).size(), QSize(1280, 720));
    }

    void validators_accept_the_desktop_files() {
        const QString share = prefix_.path() + "/share";
        const Tool desktop = run_tool(QStringLiteral("desktop-file-validate"),
                                      {share + "/applications/org.initscope.InitScope.desktop"});
        QVERIFY2(desktop.status == 0 && desktop.out.trimmed().isEmpty(), qPrintable(desktop.out));
        const Tool appstream = run_tool(QStringLiteral("appstreamcli"),
                                        {QStringLiteral("validate"), QStringLiteral("--no-net"),
                                         share + "/metainfo/org.initscope.InitScope.metainfo.xml"});
        QVERIFY2(appstream.status == 0, qPrintable(appstream.out));
        QVERIFY2(!appstream.out.contains(QLatin1String("W: ")), qPrintable(appstream.out));
    }

    void man_page_and_completion_know_every_option() {
        const QString man = read_text(prefix_.path() + "/share/man/man1/initscope.1");
        const QString bash =
            read_text(prefix_.path() + "/share/bash-completion/completions/initscope");
        QVERIFY(man.contains(QLatin1String(".TH INITSCOPE 1 ")));
        QVERIFY(man.contains(QLatin1String(".SH WINDOW OPTIONS")));
        for (const CommandLine::OptionHelp& option : CommandLine::help_text().options) {
            QString roff = QString::fromStdString(option.flag);
            roff.replace('-', QLatin1String("\\-"));
            QVERIFY2(man.contains("\\fB" + roff + "\\fR"), option.flag.c_str());
            const QRegularExpression word(
                "[\\s\"|(]" + QRegularExpression::escape(QString::fromStdString(option.flag)) +
                "[\\s\"|)]");
            QVERIFY2(bash.contains(word), option.flag.c_str());
        }
    }

    /// The completion, sourced into bash, offers what the parser accepts.
    void completion_completes() {
        const QString script = prefix_.path() + "/share/bash-completion/completions/initscope";
        const auto complete = [&](const QString& words) {
            const QString program =
                QStringLiteral(
                    "source '%1'; COMP_WORDS=(%2); COMP_CWORD=$((${#COMP_WORDS[@]}-1)); "
                    "_initscope '%3'; echo \"${COMPREPLY[*]}\"")
                    .arg(script, words, QStringLiteral(INITSCOPE_BINARY));
            return run_tool(QStringLiteral("bash"), {QStringLiteral("-c"), program}).out.trimmed();
        };
        QCOMPARE(complete(QStringLiteral("initscope --flav")), QStringLiteral("--flavour"));
        QCOMPARE(complete(QStringLiteral("initscope --flavour ''")),
                 QStringLiteral("fma portable"));
        QCOMPARE(complete(QStringLiteral("initscope --preset deep_tanh")),
                 QStringLiteral("deep_tanh deep_tanh_large deep_tanh_small"));
        QCOMPARE(complete(QStringLiteral("initscope --tab sp")), QStringLiteral("spectrum"));
        QCOMPARE(complete(QStringLiteral("initscope --headless --format p")),
                 QStringLiteral("png pdf"));
    }
};

QTEST_MAIN(TestInstall)
#include "tst_install.moc"
