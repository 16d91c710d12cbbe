#pragma once

#include "app/command_line_request.h"

#include <cstddef>
#include <iterator>

namespace initscope {

/// The one table of initscope's options (CommandLine parses with it, --help, the man page and
/// the shell completion are made from it): a new option is an Option enumerator and its row here.
/// Which parse reads an option: the headless one (Mode::Headless, Mode::PlotExport), the
/// window's (Mode::Window, Mode::Screenshot), or both.
inline constexpr unsigned kHeadlessOptions = 1, kWindowOptions = 2, kBothModes = 3;

/// The column (0-based) where an option's help text starts in --help.
inline constexpr size_t kHelpColumn = 23;

/// One option of the command line: everything that is spelled about it.
struct OptionRow {
    Option option;
    const char* name;                  ///< the long name, without "--"
    const char* short_name = nullptr;  ///< the one-letter name, without "-"; nullptr: none
    const char* value_name = nullptr;  ///< the value it takes ("FILE"); nullptr: a switch
    unsigned modes = kHeadlessOptions;
    /// Its --help text, lines after the first separated by '\n'; nullptr: not listed (the
    /// window's options).
    const char* help = nullptr;
    /// Where its help text starts in --help (a few long ones keep their historical column).
    size_t help_column = kHelpColumn;
    /// Headless: only meaningful with --export-plots (refused without it).
    bool needs_export_plots = false;
};

/// Every option, in Option's order, which is the order of --help and of the checks (when several
/// options are wrong, the first one in this table is named).
inline constexpr OptionRow kOptions[] = {
    {.option = Option::Headless,
     .name = "headless",
     .help = "compute the network and print a per-tensor table"},
    {.option = Option::Config,
     .name = "config",
     .value_name = "FILE",
     .modes = kBothModes,
     .help = "the network as a JSON config file"},
    {.option = Option::Preset,
     .name = "preset",
     .value_name = "NAME",
     .modes = kBothModes,
     .help = "a built-in network (see --list-presets)"},
    {.option = Option::Seed,
     .name = "seed",
     .value_name = "N",
     .help = "torch.manual_seed value (negative or up to 2^64-1)"},
    {.option = Option::Flavour,
     .name = "flavour",
     .value_name = "F",
     .help = "fma (x86 PyTorch, default) or portable\n(ATEN_CPU_CAPABILITY=default)"},
    {.option = Option::DumpNpy,
     .name = "dump-npy",
     .value_name = "DIR",
     .help = "write <layer>.weight.npy and <layer>.bias.npy into DIR"},
    {.option = Option::Stats,
     .name = "stats",
     .value_name = "FILE",
     .help = "write per-tensor statistics as JSON (- for stdout)"},
    {.option = Option::StatsCsv,
     .name = "stats-csv",
     .value_name = "FILE",
     .help = "the same statistics as CSV, one row per tensor"},
    {.option = Option::HistogramsCsv,
     .name = "histograms-csv",
     .value_name = "FILE",
     .help = "histogram bins as CSV, one row per tensor per bin",
     .help_column = 26},
    {.option = Option::HistogramsJson,
     .name = "histograms-json",
     .value_name = "FILE",
     .help = "histogram bins as JSON (edges, counts, densities)",
     .help_column = 26},
    {.option = Option::PytorchScript,
     .name = "pytorch-script",
     .value_name = "FILE",
     .help = "a Python script that builds the same network with torch,\n"
             "seeds it and applies the same nn.init calls (- for stdout)",
     .help_column = 25},
    {.option = Option::Probe,
     .name = "probe",
     .help = "the --pytorch-script also pushes the probe batch through the\n"
             "network and prints --propagation's JSON (without theory)"},
    {.option = Option::Propagation,
     .name = "propagation",
     .value_name = "FILE",
     .help = "per-layer activation and gradient statistics of one batch,\n"
             "forward and backward, with the mean-field prediction (JSON)"},
    {.option = Option::Spectrum,
     .name = "spectrum",
     .value_name = "FILE",
     .help = "singular values of every weight, with the Marchenko-Pastur\n"
             "edges of its scheme (JSON)"},
    {.option = Option::Batch,
     .name = "batch",
     .value_name = "N",
     .help = "the probe's batch size, 1 to 100000 (default: the config's,\n"
             "else 1000)"},
    {.option = Option::ExportPlots,
     .name = "export-plots",
     .value_name = "DIR",
     .help = "write the window's plots into DIR: overview, layers,\n"
             "<layer>.weight and <layer>.bias (paths listed on stdout)"},
    {.option = Option::Format,
     .name = "format",
     .value_name = "F",
     .help = "png (default), jpg, pdf or svg (PDF and SVG are vector)",
     .needs_export_plots = true},
    {.option = Option::Size,
     .name = "size",
     .value_name = "WxH",
     .modes = kBothModes,
     .help = "layout size in pixels (default 1920x1080)",
     .needs_export_plots = true},
    {.option = Option::Scale,
     .name = "scale",
     .value_name = "S",
     .help = "pixels per layout pixel for png/jpg, e.g. 2 (default 1)",
     .needs_export_plots = true},
    {.option = Option::Plots,
     .name = "plots",
     .value_name = "LIST",
     .help = "which plots to write, comma-separated: overview, layers,\n"
             "tensors (default all three), e.g. --plots overview,layers",
     .needs_export_plots = true},
    {.option = Option::ListSchemes,
     .name = "list-schemes",
     .help = "list the initialization schemes and their parameters"},
    {.option = Option::ListPresets, .name = "list-presets", .help = "list the built-in networks"},
    {.option = Option::Help, .name = "help", .short_name = "h", .help = "show this help"},
    {.option = Option::Version, .name = "version", .short_name = "v", .help = "show the version"},
    {.option = Option::Screenshot,
     .name = "screenshot",
     .value_name = "FILE",
     .modes = kWindowOptions,
     .help = "open the window offscreen at --size, wait for its plots and\n"
             "save it as PNG"},
    {.option = Option::Tab,
     .name = "tab",
     .value_name = "overview|layers|theory|propagation|spectrum|sweep|weights",
     .modes = kWindowOptions,
     .help = "the tab shown first"},
    {.option = Option::Presenter,
     .name = "presenter",
     .modes = kWindowOptions,
     .help = "start in presenter mode (full screen, large text; F5 toggles)"},
    {.option = Option::Theme,
     .name = "theme",
     .value_name = "system|light|dark",
     .modes = kWindowOptions,
     .help = "the colour theme: the desktop's, or high-contrast light or dark"},
    {.option = Option::Weights,
     .name = "weights",
     .value_name = "FILE",
     .modes = kBothModes,
     .help = "a trained model's weights (.safetensors, or a sharded model's\n"
             "model.safetensors.index.json, .npz, .npy, .pt, .pth): with\n"
             "--headless, every tensor's statistics and which init it looks\n"
             "like (--stats for JSON, --histograms-csv, --export-plots: one\n"
             "histogram per tensor and roles); the window's Weights tab"},
    {.option = Option::ListLessons, .name = "list-lessons", .help = "list the shipped lessons"},
    {.option = Option::Lesson,
     .name = "lesson",
     .value_name = "NAME|FILE",
     .modes = kBothModes,
     .help = "a shipped lesson (see --list-lessons) or a lesson file: the\n"
             "window opens it, --export-slides draws it"},
    {.option = Option::ExportSlides,
     .name = "export-slides",
     .value_name = "DIR",
     .help = "write every step of the --lesson as one picture into DIR,\n"
             "NN-<step>.png (--format png, pdf or svg; --size, default\n"
             "1280x720)"},
    {.option = Option::Compare,
     .name = "compare",
     .value_name = "FILE",
     .modes = kWindowOptions,
     .help = "show the config FILE as set-up B beside the network (A/B)"},
    {.option = Option::ComparePreset,
     .name = "compare-preset",
     .value_name = "NAME",
     .modes = kWindowOptions,
     .help = "the same with a built-in network as B"},
};

constexpr bool in_option_order() {
    for (size_t i = 0; i < std::size(kOptions); ++i)
        if (static_cast<size_t>(kOptions[i].option) != i) return false;
    return std::size(kOptions) == static_cast<size_t>(Option::ComparePreset) + 1;
}
static_assert(in_option_order(), "kOptions lists every Option once, in the enum's order");

inline const OptionRow& row(Option option) {
    return kOptions[static_cast<size_t>(option)];
}

}  // namespace initscope
