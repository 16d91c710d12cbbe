#include "app/plot_export_run.h"

#include "app/command_line.h"
#include "core/io/export_size.h"
#include "core/model/quoted_text.h"
#include "core/stats/histogram.h"

#include <QApplication>
#include <QDir>
#include <QStringList>

namespace initscope {

namespace {

/// User text echoed back in a message (QuotedText::shown).
std::string text(const QString& s) {
    return QuotedText::shown(s.toStdString());
}

/// --plots LIST: comma-separated names out of overview, layers and tensors (any order, spaces
/// around names allowed, repeats harmless). Returns the first unknown name, or nullopt.
std::optional<QString> parse_plots(const QString& value, PlotSelection& plots) {
    plots.overview = plots.layers = plots.tensors = false;
    for (const QString& raw : value.split(',')) {
        const QString name = raw.trimmed();
        if (name == "overview")
            plots.overview = true;
        else if (name == "layers")
            plots.layers = true;
        else if (name == "tensors")
            plots.tensors = true;
        else
            return name;
    }
    return std::nullopt;
}

}  // namespace

PlotExportRun::PlotExportRun(const CommandLineRequest& request) {
    problem_ = read(request);
}

std::optional<std::string> PlotExportRun::read(const CommandLineRequest& request) {
    const auto flag = [](Option option) { return CommandLine::flag(option); };
    if (!qobject_cast<QApplication*>(QCoreApplication::instance()))
        return flag(Option::ExportPlots) + ": this build of initscope cannot draw plots";
    directory_ = request.value(Option::ExportPlots);
    options_.size = QSize(1920, 1080);
    if (request.has(Option::Size)) {
        const std::optional<QSize> size = ExportSize::parse(request.value(Option::Size));
        if (!size)
            return flag(Option::Size) + ": expected WxH in pixels (e.g. 1920x1080), got '" +
                   text(request.value(Option::Size)) + "'";
        options_.size = *size;
    }
    if (request.has(Option::Scale)) {
        const std::optional<double> scale = ExportSize::parse_scale(request.value(Option::Scale));
        if (!scale)
            return flag(Option::Scale) + ": expected a number such as 1, 2 or 1.5, got '" +
                   text(request.value(Option::Scale)) + "'";
        options_.scale = *scale;
    }
    if (request.has(Option::Plots))
        if (const std::optional<QString> unknown =
                parse_plots(request.value(Option::Plots), plots_))
            return flag(Option::Plots) + ": unknown plot '" + text(*unknown) +
                   "' (use a comma-separated list of overview, layers, tensors)";
    const QString extension =
        request.has(Option::Format) ? request.value(Option::Format) : QStringLiteral("png");
    const std::optional<ImageFormat> format = PlotExporter::format_from_extension(extension);
    if (!format)
        return flag(Option::Format) + ": unknown format '" + text(extension) +
               "' (use png, jpg, pdf or svg)";
    format_ = *format;
    if (const std::optional<std::string> problem = ExportSize::scale_problem(options_.scale))
        return flag(Option::Scale) + ": " + *problem;
    // Vector pages are W×H whatever the scale.
    const double scale = PlotExporter::is_vector(format_) ? 1.0 : options_.scale;
    if (const std::optional<std::string> problem = ExportSize::problem(options_.size, scale))
        return flag(Option::Size) + ": " + *problem;
    if (const std::optional<QString> problem = HeadlessPlotExport::check_directory(directory_))
        return flag(Option::ExportPlots) + ": " + problem->toStdString();
    return std::nullopt;
}

QStringList PlotExportRun::files(const Network& network) const {
    QStringList paths;
    for (const QString& name : HeadlessPlotExport::file_names(network, format_, plots_))
        paths << QDir(directory_).filePath(name);
    return paths;
}

std::optional<std::string> PlotExportRun::write(const Network& network,
                                                std::shared_ptr<const NetworkSummary> summary,
                                                std::ostream& out, QStringList& written) const {
    const HeadlessPlotExport::Result result = HeadlessPlotExport::write(
        network, std::move(summary), HistogramOptions{}, directory_, format_, options_, plots_);
    written = result.files;
    for (const QString& file : result.files) out << file.toStdString() << "\n";
    if (result.error) return result.error->toStdString();
    return std::nullopt;
}

}  // namespace initscope
