#pragma once

#include "app/command_line_request.h"
#include "app/network_plot_writer.h"
#include "ui/export/headless_plot_export.h"
#include "ui/export/plot_exporter.h"

#include <QString>
#include <QStringList>

#include <memory>
#include <optional>
#include <ostream>
#include <string>

namespace initscope {

struct Network;
struct NetworkSummary;

/// --export-plots DIR for HeadlessRun: reads --format (default png), --size WxH (default
/// 1920x1080, logical pixels), --scale S (default 1) and --plots LIST (default all), checks them
/// (ExportSize: the one size rule) and DIR before anything is computed or written, then writes the
/// window's plots with HeadlessPlotExport and the window's default HistogramOptions. Needs the
/// QApplication of CommandLine::Mode::PlotExport.
class PlotExportRun : public NetworkPlotWriter {
public:
    /// Reads the plot options of `request` (which has --export-plots).
    explicit PlotExportRun(const CommandLineRequest& request);

    /// Why the plots cannot be written, as one line naming the option ("--format: unknown
    /// format 'bmp' (use png, jpg, pdf or svg)"), or nullopt.
    const std::optional<std::string>& problem() const override { return problem_; }
    /// What was read (valid when there is no problem()): DIR, --format, --size and --scale.
    const QString& directory() const { return directory_; }
    ImageFormat format() const { return format_; }
    const ExportOptions& options() const { return options_; }

    /// The paths write() will write for `network`, in its order.
    QStringList files(const Network& network) const override;

    /// Writes the plots of the summarized `network` (no problem()); lists each written path on
    /// `out`, one per line, and in `written`. Returns the failure (the files written before it
    /// are in `written`), or nullopt.
    std::optional<std::string> write(const Network& network,
                                     std::shared_ptr<const NetworkSummary> summary,
                                     std::ostream& out, QStringList& written) const override;

private:
    std::optional<std::string> read(const CommandLineRequest& request);

    std::optional<std::string> problem_;
    QString directory_;
    ImageFormat format_ = ImageFormat::Png;
    ExportOptions options_;
    PlotSelection plots_;
};

}  // namespace initscope
