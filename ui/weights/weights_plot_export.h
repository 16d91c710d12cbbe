#pragma once

#include "ui/export/export_options.h"

#include <QString>
#include <QStringList>

#include <optional>

namespace initscope {

struct OpenedCheckpoint;

/// A checkpoint's plots without a window (`--headless --weights FILE --export-plots DIR`): the
/// Weights tab's widgets built off screen and written with PlotExporter, with predictable names:
///
///   <tensor>.<ext>   each analysed tensor's histogram with its best fit's theory
///                    (WeightHistogramPlot), in the checkpoint's order
///   roles.<ext>      the role overview (RoleOverview) with all roles, when two tensors share one
///
/// <tensor> is the tensor's name made safe and unique by HeadlessPlotExport::file_stems (the one
/// rule for plot file names; "roles" is taken first, so a tensor named so becomes "roles_2").
/// Needs a QApplication (offscreen is enough); call from its thread.
class WeightsPlotExport {
public:
    struct Result {
        QStringList files;             ///< the paths written, in the order above
        std::optional<QString> error;  ///< the first failure; files written before it stay
    };

    /// The file names (without directory) write() produces, in order.
    static QStringList file_names(const OpenedCheckpoint& opened, ImageFormat format);
    /// Writes the plots of `opened`, whose analyses must all be there (null for none: skipped).
    static Result write(const OpenedCheckpoint& opened, const QString& directory,
                        ImageFormat format, const ExportOptions& options);
};

}  // namespace initscope
