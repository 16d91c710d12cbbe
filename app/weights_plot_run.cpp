#include "app/weights_plot_run.h"

#include "ui/weights/opened_checkpoint.h"
#include "ui/weights/weights_plot_export.h"

namespace initscope {

std::optional<std::string> WeightsPlotRun::write(
    const QString& path, std::shared_ptr<const Checkpoint> checkpoint,
    const std::vector<CheckpointTensorAnalysis>& analyses, QStringList& written) const {
    OpenedCheckpoint opened;
    opened.path = path;
    opened.checkpoint = std::move(checkpoint);
    for (const CheckpointTensorAnalysis& a : analyses)
        opened.analyses.push_back(std::make_shared<const CheckpointTensorAnalysis>(a));
    const WeightsPlotExport::Result result = WeightsPlotExport::write(
        opened, options_.directory(), options_.format(), options_.options());
    written = result.files;
    if (result.error) return result.error->toStdString();
    return std::nullopt;
}

}  // namespace initscope
