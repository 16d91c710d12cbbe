#include "ui/weights/weights_plot_export.h"

#include "ui/export/headless_plot_export.h"
#include "ui/export/plot_exporter.h"
#include "ui/export/quiet_platform_warnings.h"
#include "ui/weights/opened_checkpoint.h"
#include "ui/weights/role_overview.h"
#include "ui/weights/weight_histogram_plot.h"

#include <QDir>

namespace initscope {

namespace {

const QString kRolesStem = QStringLiteral("roles");

/// "roles" and then every tensor's stem, unique together.
std::vector<QString> stems(const OpenedCheckpoint& opened) {
    std::vector<std::string> names{kRolesStem.toStdString()};
    for (int i = 0; i < opened.tensor_count(); ++i) names.push_back(opened.tensor(i).name);
    return HeadlessPlotExport::file_stems(names);
}

bool plotted(const OpenedCheckpoint& opened, int index) {
    const CheckpointTensorAnalysis* analysis = opened.analysis(index);
    return analysis && analysis->analysed;
}

}  // namespace

QStringList WeightsPlotExport::file_names(const OpenedCheckpoint& opened, ImageFormat format) {
    const QString ext = QLatin1Char('.') + PlotExporter::extension(format);
    const std::vector<QString> all = stems(opened);
    QStringList names;
    for (int i = 0; i < opened.tensor_count(); ++i)
        if (plotted(opened, i)) names << all[size_t(i) + 1] + ext;
    if (!RoleOverview::roles(opened).empty()) names << all.front() + ext;
    return names;
}

WeightsPlotExport::Result WeightsPlotExport::write(const OpenedCheckpoint& opened,
                                                   const QString& directory, ImageFormat format,
                                                   const ExportOptions& options) {
    Result result;
    if (auto problem = HeadlessPlotExport::prepare(directory, format, options)) {
        result.error = problem;
        return result;
    }
    const QuietPlatformWarnings quiet;
    const QDir dir(directory);
    const QString ext = QLatin1Char('.') + PlotExporter::extension(format);
    ExportOptions picture = options;
    if (format == ImageFormat::Jpeg) picture.background = ExportBackground::White;
    const auto save = [&](QWidget* widget, const QString& stem) {
        const QString path = dir.filePath(stem + ext);
        if (auto problem = PlotExporter::save(widget, path, picture, format)) {
            result.error = problem;
            return false;
        }
        result.files << path;
        return true;
    };
    const std::vector<QString> all = stems(opened);
    {
        WeightHistogramPlot plot;  // one widget, redrawn for every tensor
        for (int i = 0; i < opened.tensor_count(); ++i) {
            if (!plotted(opened, i)) continue;
            plot.show_analysis(*opened.analysis(i), false);
            if (!save(&plot, all[size_t(i) + 1])) return result;
        }
    }
    if (!RoleOverview::roles(opened).empty()) {
        RoleOverview overview;
        overview.set_checkpoint(&opened);
        overview.select_role(QString());  // all roles, when there are several
        overview.set_controls_visible(false);
        picture.restore = false;  // thrown away after
        save(&overview, all.front());
    }
    return result;
}

}  // namespace initscope
