#include "app/plot_export_run.h"

#include "app/command_line.h"
#include "core/stats/histogram.h"

#include <QApplication>
#include <QStringList>

#include <cmath>

namespace initscope {

namespace {

std::string text(const QString& s) {
    return s.toStdString();
}

/// --size WxH (also "W×H" or "WXH"), both integers; nullopt when it is not of that form.
std::optional<QSize> parse_size(const QString& value) {
    QString v = value;
    v.replace(QChar(0x00D7), 'x').replace('X', 'x');
    const QStringList parts = v.split('x');
    bool ok_w = false, ok_h = false;
    const int w = parts.size() == 2 ? parts[0].toInt(&ok_w) : 0;
    const int h = parts.size() == 2 ? parts[1].toInt(&ok_h) : 0;
    if (!ok_w || !ok_h) return std::nullopt;
    return QSize(w, h);
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
        const std::optional<QSize> size = parse_size(request.value(Option::Size));
        if (!size)
            return flag(Option::Size) + ": expected WxH in pixels (e.g. 1920x1080), got '" +
                   text(request.value(Option::Size)) + "'";
        options_.size = *size;
    }
    if (request.has(Option::Scale)) {
        bool ok = false;
        options_.scale = request.value(Option::Scale).toDouble(&ok);
        if (!ok)
            return flag(Option::Scale) + ": expected a number such as 1, 2 or 1.5, got '" +
                   text(request.value(Option::Scale)) + "'";
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
    const double s = options_.scale;
    if (!std::isfinite(s) || s < PlotExporter::kMinScale || s > PlotExporter::kMaxScale)
        return flag(Option::Scale) + ": " + text(*PlotExporter::check_size(QSize(), s));
    if (const std::optional<QString> problem = PlotExporter::check(options_.size, s, format_))
        return flag(Option::Size) + ": " + text(*problem);
    if (const std::optional<QString> problem = HeadlessPlotExport::check_directory(directory_))
        return flag(Option::ExportPlots) + ": " + text(*problem);
    return std::nullopt;
}

std::optional<std::string> PlotExportRun::write(const Network& network,
                                                std::shared_ptr<const NetworkSummary> summary,
                                                std::ostream& out) const {
    const HeadlessPlotExport::Result result = HeadlessPlotExport::write(
        network, std::move(summary), HistogramOptions{}, directory_, format_, options_, plots_);
    for (const QString& file : result.files) out << text(file) << "\n";
    if (result.error) return text(*result.error);
    return std::nullopt;
}

}  // namespace initscope
