#pragma once

#include <QString>
#include <QStringList>

#include <functional>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

namespace initscope {

struct Network;
struct NetworkSummary;

/// --export-plots as parsed: DIR, --format (as typed), --size WxH, --scale S, --plots LIST.
struct PlotExportRequest {
    QString directory;
    /// --plots: which figures to write (default all): the Overview tab, the Layers tab, and
    /// one picture per tensor.
    bool overview = true, layers = true, tensors = true;
    QString format = QStringLiteral("png");
    int width = 1920, height = 1080;  ///< logical pixels
    double scale = 1;
};

/// Draws plots for the headless mode. Core cannot draw (no Gui), so the program supplies this
/// (initscope's main: HeadlessPlotExport::hook()); without it --export-plots is refused.
struct PlotExportHook {
    /// Why the request cannot be written (format, size, scale, directory), as one line
    /// ("--format: unknown format 'bmp' (use png, jpg, pdf or svg)"), or nullopt. Runs before
    /// anything is computed or written.
    std::function<std::optional<std::string>(const PlotExportRequest&)> check;
    /// Writes the plots of the summarized network; appends each written path to `files`.
    /// Returns the failure (files written before it stay), or nullopt.
    std::function<std::optional<std::string>(const Network&, const NetworkSummary&,
                                             const PlotExportRequest&,
                                             std::vector<std::string>& files)>
        write;
    explicit operator bool() const { return check && write; }
};

/// The command-line (headless) mode of the `initscope` binary; needs Qt6::Core only.
///
///   initscope --headless (--config FILE | --preset NAME) [--seed N] [--flavour fma|portable]
///             [--dump-npy DIR] [--stats FILE|-] [--stats-csv FILE|-]
///             [--histograms-csv FILE|-] [--histograms-json FILE|-]
///             [--export-plots DIR [--format png|jpg|pdf|svg] [--size WxH] [--scale S]
///                                 [--plots overview,layers,tensors]]
///   initscope --list-schemes | --list-presets | --help | --version
///
/// The data files are SummaryExport's (one writer for the window and the command line). With
/// --export-plots the hook writes overview.<ext>, layers.<ext>, <layer>.weight.<ext>,
/// <layer>.bias.<ext> into DIR (--plots picks a subset) and their paths are listed on `out`, one
/// per line.
/// Without any output option it prints a per-tensor table (layer, tensor, scheme, shape, n,
/// mean, std, theory std, min, max, KS). Exit status: 0 success, 2 bad input (one line on `err`
/// naming the place; NOTHING is written: the config, the network's problems, its memory and the
/// output paths are all checked before any file is touched), 1 when writing fails midway.
/// Every file is written atomically (AtomicFileWriter).
class HeadlessCommand {
public:
    enum ExitStatus { Success = 0, Failure = 1, BadInput = 2 };

    /// True when `arguments` (arguments[0] is the program) ask for this mode: --headless,
    /// --list-schemes, --list-presets, --help/-h or --version.
    static bool wanted(const QStringList& arguments);

    /// True when `arguments` contain --export-plots (the program then needs a QApplication).
    static bool wants_plots(const QStringList& arguments);

    /// Runs the command line. Results go to `out`, errors to `err`. Returns the exit status.
    /// `plots` draws for --export-plots (none: --export-plots is bad input).
    static int run(const QStringList& arguments, std::ostream& out, std::ostream& err,
                   const PlotExportHook& plots = {});

    /// What `initscope` does without a window: the course preset's per-tensor table.
    static int run_course_example(std::ostream& out, std::ostream& err);

    /// The --help text.
    static std::string usage();
};

}  // namespace initscope
