#pragma once

#include "app/command_line_request.h"

namespace initscope {

/// The window mode of the `initscope` binary (CommandLine's OpenWindow request):
///
///   initscope [--preset NAME | --config FILE] [--tab
///   overview|layers|theory|propagation|spectrum|sweep]
///             [--screenshot FILE.png [--size WxH]]
///             [Qt options such as -qwindowgeometry 1600x1000+0+0]
///
/// Opens the explorer window on the preset or config. With neither (and no --screenshot) it
/// restores the last session (window layout and network; SessionStore), else starts with the
/// "course" preset; the session is stored on close and after each save (not in screenshot mode,
/// which never reads nor writes it, so screenshots are reproducible). With --screenshot it
/// renders the window without a display (the QApplication of CommandLine::Mode::Screenshot) at
/// --size (default 1600x1000), waits until the first summary is painted, saves a PNG and exits.
/// Exit status: 0 success, 1 the PNG could not be made, 2 the network cannot be opened.
class WindowRun {
public:
    /// Shows the window `request` asks for in the running QApplication, and runs it. Returns
    /// the exit status.
    static int run(const CommandLineRequest& request);
};

}  // namespace initscope
