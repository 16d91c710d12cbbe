// initscope-gui: the window, --screenshot, --export-plots and --export-slides (initscope hands
// these over: GuiProgram), and every headless run too. The arguments are parsed once
// (CommandLine) and the request goes to its run: HeadlessRun (with PlotExportRun for
// --export-plots), SlideExportRun or WindowRun.
#include "app/command_line.h"
#include "app/headless_run.h"
#include "app/plot_export_run.h"
#include "app/slide_export_run.h"
#include "app/weights_plot_run.h"
#include "app/window_run.h"
#include "core/io/build_info.h"
#include "ui/export/quiet_platform_warnings.h"

#include <QApplication>
#include <QCoreApplication>

#include <cstdio>
#include <iostream>
#include <memory>
#include <new>
#include <optional>

namespace {

using initscope::CommandLine;

/// The Qt application `mode` needs. Qt reads the platform when it is created: the plots and the
/// screenshot need no display (offscreen, unless QT_QPA_PLATFORM says otherwise).
std::unique_ptr<QCoreApplication> application(CommandLine::Mode mode, int& argc, char** argv) {
    std::unique_ptr<QCoreApplication> app;
    switch (mode) {
        case CommandLine::Mode::Headless:
            app = std::make_unique<QCoreApplication>(argc, argv);
            break;
        case CommandLine::Mode::PlotExport:
            if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
                qputenv("QT_QPA_PLATFORM", "offscreen");
            app = std::make_unique<QApplication>(argc, argv);
            break;
        case CommandLine::Mode::Screenshot:
            if (!qEnvironmentVariableIsSet("QT_QPA_PLATFORM"))
                qputenv("QT_QPA_PLATFORM", "offscreen");
            app = std::make_unique<QApplication>(argc, argv);
            break;
        case CommandLine::Mode::Window:
            app = std::make_unique<QApplication>(argc, argv);
            break;
    }
    QCoreApplication::setApplicationName(QStringLiteral("initscope"));
    QCoreApplication::setApplicationVersion(
        QString::fromStdString(initscope::BuildInfo::version_text()));
    return app;
}

/// The whole program. Every failure to allocate, in any run, ends here (main catches it).
int run(int argc, char* argv[]) {
    using namespace initscope;
    QStringList raw_arguments;
    for (int i = 0; i < argc; ++i) raw_arguments << QString::fromLocal8Bit(argv[i]);
    // The mode comes first: creating the QApplication removes Qt's own options (-platform,
    // -qwindowgeometry, ...) from the arguments that are then parsed.
    const CommandLine::Mode mode = CommandLine::mode(raw_arguments);
    std::optional<QuietPlatformWarnings> quiet;  // plots: stderr carries only InitScope's errors
    if (mode == CommandLine::Mode::PlotExport) quiet.emplace();
    const std::unique_ptr<QCoreApplication> app = application(mode, argc, argv);

    const CommandLineRequest request = CommandLine::parse(QCoreApplication::arguments(), mode);
    if (request.action == CommandLineRequest::Action::OpenWindow) return WindowRun::run(request);
    if (request.action == CommandLineRequest::Action::ExportSlides)
        return SlideExportRun::run(request, std::cout, std::cerr);
    return HeadlessRun::run(
        request, std::cout, std::cerr,
        [](const CommandLineRequest& r) {
            return std::unique_ptr<NetworkPlotWriter>(std::make_unique<PlotExportRun>(r));
        },
        [](const CommandLineRequest& r) {
            return std::unique_ptr<CheckpointPlotWriter>(std::make_unique<WeightsPlotRun>(r));
        });
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
