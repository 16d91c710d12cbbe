#pragma once

#include "core/model/network.h"
#include "core/stats/histogram.h"
#include "core/stats/network_summary.h"
#include "ui/export/plot_exporter.h"

#include <QString>
#include <QStringList>

#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace initscope {

/// Which pictures HeadlessPlotExport writes (--plots): the Overview tab, the Layers tab, each
/// tensor's plot. Widgets for pictures not asked for are not built (the tensor plots are the
/// Layers tab's small multiples, so they need that tab, but not its picture).
struct PlotSelection {
    bool overview = true, layers = true, tensors = true;
};

/// The window's plots without a window: for a network, builds the same widgets the window shows
/// (OverviewTab, LayersTab and its per-tensor HistogramPlots) off screen, lays them out at the
/// requested size and writes them with PlotExporter into a directory, with predictable names:
///
///   overview.<ext>   the Overview tab (all biases, all weights, both densities)
///   layers.<ext>     the Layers tab (densities per layer and the small multiples it shows)
///   <layer>.weight.<ext>, <layer>.bias.<ext>   each tensor's histogram, theory and bounds,
///                    in layer order (weight, then bias; no bias file for a layer without one)
///
/// <layer> is the layer name made safe for every file system (see file_stem). Needs a
/// QApplication (the offscreen platform is enough); call from its thread.
class HeadlessPlotExport {
public:
    using Selection = PlotSelection;
    struct Result {
        QStringList files;             ///< the paths written, in the order above
        std::optional<QString> error;  ///< the first failure; files written before it stay
    };

    /// A layer name as a file-name stem: ASCII letters, digits, '_', '-' and '.' are kept, any
    /// other character (space, ':', '*', non-ASCII, ...) becomes '_'; a leading '.' becomes '_'
    /// (no hidden files, no "." or ".."); an empty result is "layer".
    static QString file_stem(const std::string& layer_name);
    /// The stems of the network's layers, in layer order, unique even on case-insensitive file
    /// systems: a repeat gets "_2", "_3", ... ("a b" and "a_b" → "a_b", "a_b_2").
    static std::vector<QString> file_stems(const Network& network);
    /// The same for any names (a checkpoint's tensors), in their order.
    static std::vector<QString> file_stems(const std::vector<std::string>& names);
    /// The file names (without directory) write() produces, in order.
    static QStringList file_names(const Network& network, ImageFormat format, Selection plots = {});

    /// Why `directory` cannot receive the files (exists and is not a directory, not writable, or
    /// cannot be created), or nullopt. Creates nothing.
    static std::optional<QString> check_directory(const QString& directory);
    /// What every headless picture export does first: checks the size and scale for `format`
    /// (PlotExporter::check) and `directory` (check_directory), then creates the directory.
    /// Returns the first problem, or nullopt when the pictures can be written.
    static std::optional<QString> prepare(const QString& directory, ImageFormat format,
                                          const ExportOptions& options);

    /// Writes the plots of an already summarized network (the summary must be of `network`,
    /// computed with `histogram_options`). Creates `directory` if needed. PNG and JPEG pictures
    /// have their plots drawn on several threads (ParallelPlotPainter) and are encoded and
    /// written on worker threads while the next is drawn; a failure stops the export (no
    /// picture is drawn after it is seen; the ones already being written finish), and
    /// `files` lists the files written.
    static Result write(const Network& network, std::shared_ptr<const NetworkSummary> summary,
                        const HistogramOptions& histogram_options, const QString& directory,
                        ImageFormat format, const ExportOptions& options, Selection plots = {});
    /// Materializes and summarizes `network` (valid: problems() empty), then writes as above.
    static Result write(const Network& network, const HistogramOptions& histogram_options,
                        const QString& directory, ImageFormat format, const ExportOptions& options,
                        Selection plots = {});
};

}  // namespace initscope
