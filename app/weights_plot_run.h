#pragma once

#include "app/checkpoint_plot_writer.h"
#include "app/plot_export_run.h"

namespace initscope {

/// --weights FILE --export-plots DIR in initscope-gui: the options read and checked by
/// PlotExportRun (--format, --size, --scale), the pictures drawn by WeightsPlotExport.
class WeightsPlotRun : public CheckpointPlotWriter {
public:
    explicit WeightsPlotRun(const CommandLineRequest& request) : options_(request) {}

    const std::optional<std::string>& problem() const override { return options_.problem(); }
    std::optional<std::string> write(const QString& path,
                                     std::shared_ptr<const Checkpoint> checkpoint,
                                     const std::vector<CheckpointTensorAnalysis>& analyses,
                                     QStringList& written) const override;

private:
    PlotExportRun options_;
};

}  // namespace initscope
