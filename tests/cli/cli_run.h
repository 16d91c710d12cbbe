#pragma once
// Runs the built initscope binary for the command-line tests (header-only; each tst_*.cpp is its
// own executable).

#include <QProcess>
#include <QString>
#include <QStringList>
#include <QtGlobal>

namespace initscope::test {

/// What one run of the binary gave: its exit status (-1 when it crashed) and its output.
struct Run {
    int status = -1;
    QString out, err;
};

/// Runs INITSCOPE_BINARY with `arguments` (and `env`, when not empty); stdout goes to
/// `stdout_file` instead of `out` when one is given. Fails the test program after 180 s.
inline Run run(const QStringList& arguments, const QProcessEnvironment& env = {},
               const QString& stdout_file = {}) {
    QProcess process;
    if (!env.isEmpty()) process.setProcessEnvironment(env);
    if (!stdout_file.isEmpty()) process.setStandardOutputFile(stdout_file);
    process.start(INITSCOPE_BINARY, arguments);
    if (!process.waitForFinished(180000)) qFatal("initscope did not finish");
    Run r;
    r.status = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1;
    r.out = QString::fromUtf8(process.readAllStandardOutput());
    r.err = QString::fromUtf8(process.readAllStandardError());
    return r;
}

}  // namespace initscope::test
