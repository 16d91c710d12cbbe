// initscope: the window, or with --headless (or without a display) the command-line mode.
#include "app/headless_run.h"
#include "ui/export/headless_plot_export.h"
#include "app/window_run.h"

#include <QCoreApplication>

#include <cstdlib>
#include <iostream>

namespace {

/// True when a window could be shown: an X11 or Wayland display, or an explicit Qt platform.
bool display_available() {
    return std::getenv("DISPLAY") != nullptr || std::getenv("WAYLAND_DISPLAY") != nullptr ||
           std::getenv("QT_QPA_PLATFORM") != nullptr;
}

}  // namespace

int main(int argc, char* argv[]) {
    // The window (QApplication) unless a headless option is given or there is no display;
    // GuiLauncher handles --preset / --config / --screenshot / --size and Qt's own options.
    QStringList raw_arguments;
    for (int i = 0; i < argc; ++i) raw_arguments << QString::fromLocal8Bit(argv[i]);
    // Plots without a window need a QApplication (offscreen); the rest of --headless does not.
    if (initscope::HeadlessCommand::wants_plots(raw_arguments))
        return initscope::HeadlessPlotExport::run_command(argc, argv);
    if (!initscope::HeadlessCommand::wanted(raw_arguments) &&
        (display_available() || raw_arguments.contains(QStringLiteral("--screenshot"))))
        return initscope::GuiLauncher::run(argc, argv);

    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName("initscope");
    QCoreApplication::setApplicationVersion(INITSCOPE_VERSION);
    const QStringList arguments = QCoreApplication::arguments();
    using initscope::HeadlessCommand;
    // Until the window exists, every option goes to the command line (which explains it).
    if (HeadlessCommand::wanted(arguments) || arguments.size() > 1)
        return HeadlessCommand::run(arguments, std::cout, std::cerr);
    return HeadlessCommand::run_course_example(std::cout, std::cerr);
}
