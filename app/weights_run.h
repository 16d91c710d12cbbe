#pragma once

#include "app/checkpoint_plot_writer.h"
#include "app/command_line_request.h"

#include <ostream>

namespace initscope {

/// `initscope --headless --weights FILE [--stats FILE|-] [--histograms-csv FILE|-]
/// [--export-plots DIR [--format F] [--size WxH] [--scale S]]`: opens a trained model's
/// checkpoint (Checkpoint: safetensors, single or sharded, .npz, .npy, .pt), analyses every
/// tensor (CheckpointAnalysis: statistics, histogram, init fingerprint) and writes the --stats
/// JSON, the histograms CSV (SummaryExport's columns: tensor = its name, layer = the name
/// without its last part, role weight/bias/other) and the plots (WeightsPlotRun in initscope-gui),
/// or with none of them prints one line per tensor. Exit status as HeadlessRun's: 2 with one line
/// naming the file and the tensor or byte offset for a bad checkpoint, or the option at fault
/// (nothing written), 1 when writing fails (the files of the run are removed).
class WeightsRun {
public:
    /// `plot_writers` makes the --export-plots writer (WeightsPlotRun in initscope-gui); without
    /// one such a request is refused.
    static int run(const CommandLineRequest& request, std::ostream& out, std::ostream& err,
                   const CheckpointPlotWriter::Factory& plot_writers = {});
};

}  // namespace initscope
