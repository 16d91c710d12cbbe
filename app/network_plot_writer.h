#pragma once

#include <QString>
#include <QStringList>

#include <functional>
#include <memory>
#include <optional>
#include <ostream>
#include <string>

namespace initscope {

struct CommandLineRequest;
struct Network;
struct NetworkSummary;

/// What HeadlessRun needs of --export-plots, without the widgets that draw the plots: the
/// headless program (initscope) has no Qt Gui, so the drawing one (initscope-gui, WindowProgram)
/// hands HeadlessRun a factory of PlotExportRun, the one implementation.
class NetworkPlotWriter {
public:
    virtual ~NetworkPlotWriter() = default;
    /// Why the plots cannot be written, as one line naming the option, or nullopt.
    virtual const std::optional<std::string>& problem() const = 0;
    /// The paths write() will write for `network`, in its order.
    virtual QStringList files(const Network& network) const = 0;
    /// Writes the plots of the summarized `network`; lists each path on `out` and in
    /// `written`. Returns the failure, or nullopt.
    virtual std::optional<std::string> write(const Network& network,
                                             std::shared_ptr<const NetworkSummary> summary,
                                             std::ostream& out, QStringList& written) const = 0;

    /// Makes the writer of a request that has --export-plots.
    using Factory = std::function<std::unique_ptr<NetworkPlotWriter>(const CommandLineRequest&)>;
};

}  // namespace initscope
