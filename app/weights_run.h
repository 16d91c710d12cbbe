#pragma once

#include "app/command_line_request.h"

#include <ostream>

namespace initscope {

/// `initscope --headless --weights FILE [--stats FILE|-]`: opens a trained model's checkpoint
/// (Checkpoint: safetensors, single or sharded), analyses every tensor (CheckpointAnalysis:
/// statistics, histogram, init fingerprint) and writes the --stats JSON, or without --stats
/// prints one line per tensor. Exit status as HeadlessRun's: 2 with one line naming the file
/// and the tensor or byte offset for a bad checkpoint (nothing written), 1 when writing fails.
class WeightsRun {
public:
    static int run(const CommandLineRequest& request, std::ostream& out, std::ostream& err);
};

}  // namespace initscope
