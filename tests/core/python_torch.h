#pragma once
// Running Debian's PyTorch beside InitScope, shared by the core tests that compare with it.

#include <QProcess>
#include <QString>

namespace initscope::test {

/// True when /usr/bin/python3 can import torch and numpy; otherwise `why` says what failed, for
/// QSKIP or for a test that falls back to golden fixtures.
inline bool torch_available(QString& why) {
    QProcess python;
    python.start("/usr/bin/python3", {"-c", "import torch, numpy"});
    if (!python.waitForFinished(120000) || python.exitStatus() != QProcess::NormalExit ||
        python.exitCode() != 0) {
        why = "/usr/bin/python3 cannot import torch and numpy (apt-get install python3-torch): " +
              QString::fromLocal8Bit(python.readAllStandardError()).trimmed().section('\n', -1);
        return false;
    }
    return true;
}

}  // namespace initscope::test
