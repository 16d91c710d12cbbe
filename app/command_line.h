#pragma once

#include "app/command_line_request.h"

#include <QStringList>

#include <string>
#include <vector>

namespace initscope {

/// The one command-line parser of the `initscope` binary, for every option, headless and window:
///
///   initscope --headless (--config FILE | --preset NAME) [--seed N] [--flavour fma|portable]
///             [--dump-npy DIR] [--stats FILE|-] [--stats-csv FILE|-]
///             [--histograms-csv FILE|-] [--histograms-json FILE|-] [--pytorch-script FILE|-]
///             [--export-plots DIR [--format png|jpg|pdf|svg] [--size WxH] [--scale S]
///                                 [--plots overview,layers,tensors]]
///   initscope --headless --lesson NAME|FILE --export-slides DIR [--format png|pdf|svg] [--size
///   WxH] initscope --headless --weights FILE [--stats FILE|-] initscope --list-schemes |
///   --list-presets | --list-lessons | --help | --version initscope [--preset NAME | --config FILE]
///   [--tab overview|layers|theory|propagation|spectrum|sweep]
///             [--screenshot FILE.png [--size WxH]] [Qt options such as -qwindowgeometry ...]
///
/// One table (command_line.cpp) gives each Option its name, value name, --help text and modes; the
/// parser (QCommandLineParser), the --help text and the mode words are made from it. A new option
/// is an Option enumerator and its row there; a run reads it as request.value(Option::...).
class CommandLine {
public:
    /// Which Qt application a run needs, and so which options it reads. It is known from the raw
    /// arguments, before the application exists, because creating a QApplication removes Qt's own
    /// options (-platform, -qwindowgeometry, ...) from the arguments that are then parsed.
    enum class Mode {
        Headless,    ///< QCoreApplication: --headless, --help, --version, --list-*, or no display
        PlotExport,  ///< QApplication, offscreen unless QT_QPA_PLATFORM is set: --export-plots,
                     ///< --export-slides
        Window,      ///< QApplication on the display: the window
        Screenshot,  ///< QApplication, offscreen unless QT_QPA_PLATFORM is set: --screenshot
    };

    /// The preset without --preset or --config: the window's start and the course example.
    static constexpr const char* kDefaultPreset = "course";

    /// The mode of `arguments` (arguments[0] is the program): PlotExport when --export-plots or
    /// --export-slides is given; Headless when a headless switch (--headless, --list-schemes,
    /// --list-presets,
    /// --help/-h, --version/-v) is; Screenshot when --screenshot is; Window when a display is
    /// (DISPLAY, WAYLAND_DISPLAY or QT_QPA_PLATFORM set); Headless otherwise.
    static Mode mode(const QStringList& arguments);

    /// Parses `arguments` (arguments[0] is the program, Qt's options already removed) for `mode`.
    /// Headless and PlotExport read the headless options (single-dash words are long options:
    /// -seed 1 is --seed 1); no argument at all is the course example (--headless --preset
    /// course). Window and Screenshot read --preset, --config, --tab, --screenshot and --size.
    /// Bad input is a Refuse request whose error names the option.
    static CommandLineRequest parse(const QStringList& arguments, Mode mode);

    /// One option as --help lists it.
    struct OptionHelp {
        std::string flag;        ///< "--stats"
        std::string short_flag;  ///< "-h", or "" for none
        std::string value_name;  ///< "FILE", "fma|portable" (the choices), or "" for a switch
        std::string help;        ///< its help text, lines separated by '\n'
        /// The values it accepts when they are a fixed list ("fma", "portable"), else empty.
        std::vector<std::string> choices;
        bool window_only = false;  ///< an option of the window (and its --screenshot) only
        size_t help_column = 0;    ///< where --help starts its first line
    };
    /// What --help says, in parts, so that the man page and the shell completion
    /// (app/man_page, app/shell_completion) are made from the same words.
    struct HelpText {
        std::vector<std::string> synopsis;  ///< one invocation per entry: "initscope --list-…"
        std::string description;            ///< lines separated by '\n'
        std::vector<OptionHelp> options;    ///< every option with a help text, in table order
        std::string exit_status;            ///< "0 success, …", lines separated by '\n'
    };
    static HelpText help_text();
    /// The --help text: help_text() laid out for a terminal; the headless options first, then
    /// the window's.
    static std::string usage();
    /// How the user spells `option`: "--stats".
    static std::string flag(Option option);
};

}  // namespace initscope
