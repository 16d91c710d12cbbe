#pragma once

#include <filesystem>
#include <optional>

namespace initscope {

/// initscope-gui, the program that draws: the window, --screenshot, --export-plots and
/// --export-slides. The headless program (initscope) links only Qt Core, so that a headless run
/// does not load Qt Gui, Qt Widgets, QCustomPlot and Qt Svg (about 10 ms of dynamic linking);
/// for a drawing mode it replaces itself with initscope-gui, given the same arguments.
class GuiProgram {
public:
    /// The file name of the drawing program.
    static constexpr const char* kName = "initscope-gui";

    /// Where initscope-gui is: beside this program (the build tree), else in
    /// ../libexec/initscope/ from it (the installed layout, CMAKE_INSTALL_LIBEXECDIR).
    static std::optional<std::filesystem::path> path();

    /// Replaces this process with initscope-gui and `argv` (argv[0] kept). Returns only when
    /// that fails, after one line on stderr naming the missing or failing program: kFailure.
    static int exec(char* argv[]);
};

}  // namespace initscope
