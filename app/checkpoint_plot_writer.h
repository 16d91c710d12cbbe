#pragma once

#include <QString>
#include <QStringList>

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace initscope {

class Checkpoint;
struct CheckpointTensorAnalysis;
struct CommandLineRequest;

/// What WeightsRun needs of --export-plots, without the widgets that draw the plots (the
/// headless program has no Qt Gui: see NetworkPlotWriter): initscope-gui hands it a factory of
/// WeightsPlotRun, the one implementation.
class CheckpointPlotWriter {
public:
    virtual ~CheckpointPlotWriter() = default;
    /// Why the plots cannot be written, as one line naming the option, or nullopt.
    virtual const std::optional<std::string>& problem() const = 0;
    /// Writes one picture per analysed tensor and the roles overview for the checkpoint at
    /// `path`; the paths written go to `written`, in order. Returns the failure, or nullopt.
    virtual std::optional<std::string> write(const QString& path,
                                             std::shared_ptr<const Checkpoint> checkpoint,
                                             const std::vector<CheckpointTensorAnalysis>& analyses,
                                             QStringList& written) const = 0;

    /// Makes the writer of a request that has --weights and --export-plots.
    using Factory = std::function<std::unique_ptr<CheckpointPlotWriter>(const CommandLineRequest&)>;
};

}  // namespace initscope
