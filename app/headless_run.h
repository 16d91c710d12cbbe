#pragma once

#include "app/checkpoint_plot_writer.h"
#include "app/command_line_request.h"
#include "app/network_plot_writer.h"

#include <ostream>

namespace initscope {

/// The command line's work without a window: CommandLine's ShowHelp, ShowVersion,
/// ListCatalogues and Compute requests.
///
/// Compute loads the network (--config FILE or --preset NAME, then --seed and --flavour) and
/// writes what is asked: --dump-npy DIR (<layer>.weight.npy, <layer>.bias.npy), the data files of
/// SummaryExport (--stats, --stats-csv, --histograms-csv, --histograms-json; one writer for the
/// window and the command line), --pytorch-script, and with --export-plots the plots
/// (PlotExportRun; their paths are listed on `out`, one per line). Without any output option it
/// prints a per-tensor table (layer, tensor, scheme, shape, n, mean, std, theory std, min, max,
/// KS). "-" as a file is stdout (one output at most).
///
/// Exit status (ExitStatus): 0 success; 2 bad input, one line on `err` naming the place, and
/// NOTHING is written: the config, the network's problems, its memory and the output paths are all
/// checked before any file is touched, and two outputs on one file are refused; 1 when writing
/// fails midway (a full disk, stdout closed or full): then no file of the run is left, and an
/// existing one is unchanged. All or nothing: the files are staged (OutputBatch) and renamed
/// into place only when every one, and stdout, was written; plots already written and
/// directories the run created are removed on failure.
class HeadlessRun {
public:
    /// Runs `request` (any action but OpenWindow; Refuse prints its error). Results go to
    /// `out`, errors to `err`. Returns the exit status. `plot_writers` and `weights_plot_writers`
    /// make the --export-plots writers of a network and of a checkpoint (PlotExportRun,
    /// WeightsPlotRun in initscope-gui); without them such a request is refused.
    static int run(const CommandLineRequest& request, std::ostream& out, std::ostream& err,
                   const NetworkPlotWriter::Factory& plot_writers = {},
                   const CheckpointPlotWriter::Factory& weights_plot_writers = {});
};

}  // namespace initscope
