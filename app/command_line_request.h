#pragma once

#include "core/torch/flavour.h"

#include <QSize>
#include <QString>

#include <cstdint>
#include <map>
#include <optional>
#include <string>

namespace initscope {

/// The options of initscope's command line. CommandLine's table gives each its name, the value
/// it takes, its --help text and the modes it belongs to.
enum class Option {
    Headless,
    Config,
    Preset,
    Seed,
    Flavour,
    DumpNpy,
    Stats,
    StatsCsv,
    HistogramsCsv,
    HistogramsJson,
    PytorchScript,
    Probe,
    Propagation,
    Spectrum,
    Batch,
    ExportPlots,
    Format,
    Size,
    Scale,
    Plots,
    ListSchemes,
    ListPresets,
    Help,
    Version,
    Screenshot,
    Tab,
    Presenter,
    Theme,
    Weights,
    ListLessons,
    Lesson,
    ExportSlides,
    Compare,
    ComparePreset,
};

/// initscope's exit status.
enum ExitStatus : int {
    kSuccess = 0,   ///< everything asked for was written
    kFailure = 1,   ///< a file (or stdout) could not be written, or memory ran out: no file is left
    kBadInput = 2,  ///< bad input: one line on stderr, and nothing was written
};

/// What the user asked for: the command line parsed once (CommandLine::parse). The option values
/// a run reads only after loading the network (the output paths, --export-plots and its
/// --format/--size/--scale/--plots) stay text, so that errors come in the order the runs check.
struct CommandLineRequest {
    enum class Action {
        Refuse,          ///< bad input: print `error` and exit with kBadInput
        ShowHelp,        ///< --help: CommandLine::usage()
        ShowVersion,     ///< --version
        ListCatalogues,  ///< --list-schemes, --list-presets and/or --list-lessons
        Compute,         ///< --headless (or no argument and no display): HeadlessRun
        OpenWindow,      ///< the window, or its --screenshot: WindowRun
        ExportSlides,    ///< --headless --lesson NAME --export-slides DIR: SlideExportRun
    };
    Action action = Action::Refuse;
    /// Refuse: why, as one line without the "initscope: " prefix.
    std::string error;

    /// Every option given, with its value as typed ("" for a switch; the last value of a repeated
    /// option; Compute refuses repeats).
    std::map<Option, QString> given;

    /// Compute: --seed and --flavour when given (otherwise the config's own).
    std::optional<uint64_t> seed;
    std::optional<Flavour> flavour;
    /// Compute: --batch when given (otherwise the config's probe batch).
    std::optional<int64_t> batch;

    /// OpenWindow: --size WxH (invalid: the window's default size) and --tab (0 overview,
    /// 1 layers, 2 theory, 3 propagation, 4 spectrum, 5 sweep, 6 weights: the window's order;
    /// -1 not given).
    QSize window_size;
    int tab = -1;
    /// OpenWindow: --theme (0 system, 1 light, 2 dark: Theme::Kind's order; -1 not given).
    int theme = -1;

    bool has(Option option) const { return given.count(option) > 0; }
    /// The value given to `option`; empty when it is not given.
    QString value(Option option) const {
        const auto found = given.find(option);
        return found == given.end() ? QString() : found->second;
    }
};

}  // namespace initscope
