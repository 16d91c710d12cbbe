#pragma once

#include <QSize>
#include <QString>
#include <QStringList>
#include <optional>

namespace initscope {

class MainWindow;

/// The window mode of the `initscope` binary:
///
///   initscope [--preset NAME | --config FILE] [--tab overview|layers|theory]
///             [--screenshot FILE.png [--size WxH]]
///             [Qt options such as -qwindowgeometry 1600x1000+0+0]
///
/// Opens the explorer window on the preset or config. With neither (and no --screenshot) it
/// restores the last session (window layout and network; SessionStore), else starts with the
/// "course" preset; the session is stored on close and after each save (not in screenshot mode,
/// which never reads nor writes it, so screenshots are reproducible). With --screenshot it
/// renders the window without a display (the offscreen platform unless QT_QPA_PLATFORM says
/// otherwise) at --size (default 1600x1000), waits until the first summary is painted, saves a
/// PNG and exits. Exit status: 0 success, 1 the PNG could not be made, 2 bad arguments.
class GuiLauncher {
public:
    struct Options {
        QString preset;      ///< empty: "course" unless a config is given
        QString config;      ///< a JSON config file
        QString screenshot;  ///< PNG to write; empty: run interactively
        QSize size;          ///< window size; invalid: the default
        int tab = -1;        ///< 0 overview, 1 layers, 2 theory; −1 not given
    };

    /// True when the window can be shown: --screenshot is given (it renders offscreen), or
    /// QT_QPA_PLATFORM, DISPLAY or WAYLAND_DISPLAY is set.
    static bool can_run(int argc, char** argv);
    /// Creates the QApplication, the window, and runs it. Returns the exit status.
    static int run(int argc, char** argv);
    /// Parses the GUI options (arguments[0] is the program; Qt's own options already removed by
    /// QApplication). Returns the error for the user, or nullopt.
    static std::optional<QString> parse(const QStringList& arguments, Options& options);
    /// Waits (event loop) up to `timeout_ms` for the window's first painted refresh, then saves
    /// window.grab() as PNG. Returns the error, or nullopt.
    static std::optional<QString> screenshot(MainWindow& window, const QString& file,
                                             int timeout_ms = 60000);
};

}  // namespace initscope
