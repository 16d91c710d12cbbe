// initscope: the command line without a window, and the door to the window. The arguments are
// parsed once (CommandLine). A drawing mode (the window, --screenshot, --export-plots,
// --export-slides) replaces this process with initscope-gui (GuiProgram), so that a headless
// run loads Qt Core only; the rest goes to HeadlessRun.
#include "app/command_line.h"
#include "app/gui_program.h"
#include "app/headless_run.h"
#include "core/io/build_info.h"

#include <QCoreApplication>

#include <cstdio>
#include <iostream>
#include <new>

namespace {

int run(int argc, char* argv[]) {
    using namespace initscope;
    QStringList raw_arguments;
    for (int i = 0; i < argc; ++i) raw_arguments << QString::fromLocal8Bit(argv[i]);
    const CommandLine::Mode mode = CommandLine::mode(raw_arguments);
    if (mode != CommandLine::Mode::Headless) return GuiProgram::exec(argv);
    const QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("initscope"));
    QCoreApplication::setApplicationVersion(QString::fromStdString(BuildInfo::version_text()));
    const CommandLineRequest request = CommandLine::parse(QCoreApplication::arguments(), mode);
    return HeadlessRun::run(request, std::cout, std::cerr);
}

}  // namespace

int main(int argc, char* argv[]) {
    try {
        return run(argc, argv);
    } catch (const std::bad_alloc&) {
        std::fputs("initscope: out of memory\n", stderr);
        return initscope::kFailure;
    }
}
