// libFuzzer target: CommandLine::mode and CommandLine::parse (every option, --seed, --size,
// --scale, ...) on an argument list: the input split at '\n' into arguments after the program
// name. Each list is parsed for its own mode and for every other mode; a refusal must say why.
#include "app/command_line.h"

#include <QCoreApplication>

#include <cstddef>
#include <cstdint>
#include <cstdlib>

using initscope::CommandLine;
using initscope::CommandLineRequest;

extern "C" int LLVMFuzzerInitialize(int* /*argc*/, char*** /*argv*/) {
    // One application for the whole run, as main() has; its own argument list is only the name.
    static int app_argc = 1;
    static char app_name[] = "initscope";
    static char* app_argv[] = {app_name, nullptr};
    static QCoreApplication app(app_argc, app_argv);
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const QString text =
        QString::fromUtf8(reinterpret_cast<const char*>(data), static_cast<qsizetype>(size));
    QStringList arguments = text.split(u'\n');
    arguments.prepend(QStringLiteral("initscope"));
    const CommandLine::Mode own = CommandLine::mode(arguments);
    for (const CommandLine::Mode mode :
         {own, CommandLine::Mode::Headless, CommandLine::Mode::PlotExport,
          CommandLine::Mode::Window, CommandLine::Mode::Screenshot}) {
        const CommandLineRequest request = CommandLine::parse(arguments, mode);
        if (request.action == CommandLineRequest::Action::Refuse && request.error.empty())
            std::abort();
    }
    return 0;
}
