#include "ui/export/headless_plot_export.h"

#include "core/model/materializer.h"
#include "ui/plots/histogram_plot.h"
#include "ui/tabs/layers_tab.h"
#include "ui/tabs/overview_tab.h"

#include <QApplication>
#include <QDir>
#include <QFileInfo>
#include <QFuture>
#include <QSet>
#include <QtConcurrent/QtConcurrentRun>

#include <cmath>
#include <iostream>

namespace initscope {

namespace {

QtMessageHandler previous_handler = nullptr;

/// Drops two harmless platform warnings of the offscreen platform: "does not support
/// propagateSizeHints()" (the tabs are shown off screen to lay them out) and "XDG_RUNTIME_DIR
/// not set" (no desktop session); forwards everything else.
void quiet_handler(QtMsgType type, const QMessageLogContext& context, const QString& message) {
    if (type == QtWarningMsg && (message.contains(QLatin1String("propagateSizeHints")) ||
                                 message.contains(QLatin1String("XDG_RUNTIME_DIR not set"))))
        return;
    if (previous_handler)
        previous_handler(type, context, message);
    else
        std::cerr << qPrintable(qFormatLogMessage(type, context, message)) << std::endl;
}

/// Installs quiet_handler while alive (nested instances leave the outer one in charge).
class QuietPlatformWarnings {
public:
    QuietPlatformWarnings() : previous_(qInstallMessageHandler(quiet_handler)) {
        nested_ = previous_ == quiet_handler;
        if (!nested_) previous_handler = previous_;
    }
    ~QuietPlatformWarnings() {
        if (!nested_) qInstallMessageHandler(previous_);
    }
    QuietPlatformWarnings(const QuietPlatformWarnings&) = delete;
    QuietPlatformWarnings& operator=(const QuietPlatformWarnings&) = delete;

private:
    QtMessageHandler previous_;
    bool nested_ = false;
};

ExportOptions export_options(const PlotExportRequest& request) {
    ExportOptions options;
    options.size = QSize(request.width, request.height);
    options.scale = request.scale;
    return options;
}

}  // namespace

QString HeadlessPlotExport::file_stem(const std::string& layer_name) {
    QString stem;
    for (unsigned char c : layer_name) {
        const bool safe = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                          (c >= '0' && c <= '9') || c == '_' || c == '-' || c == '.';
        // A multi-byte UTF-8 character becomes one '_' (its continuation bytes are dropped).
        if ((c & 0xC0) == 0x80) continue;
        stem += safe ? QChar(c) : QChar('_');
    }
    if (stem.startsWith(QLatin1Char('.'))) stem[0] = QLatin1Char('_');
    return stem.isEmpty() ? QStringLiteral("layer") : stem;
}

std::vector<QString> HeadlessPlotExport::file_stems(const Network& network) {
    std::vector<QString> stems;
    QSet<QString> used;  // lower case: "FC1" and "fc1" are one file on macOS and Windows
    for (const Layer& layer : network.layers) {
        const QString base = file_stem(layer.name);
        QString stem = base;
        for (int n = 2; used.contains(stem.toLower()); ++n)
            stem = base + QStringLiteral("_%1").arg(n);
        used.insert(stem.toLower());
        stems.push_back(stem);
    }
    return stems;
}

QStringList HeadlessPlotExport::file_names(const Network& network, ImageFormat format,
                                           Selection plots) {
    const QString ext = QLatin1Char('.') + PlotExporter::extension(format);
    QStringList names;
    if (plots.overview) names << QStringLiteral("overview") + ext;
    if (plots.layers) names << QStringLiteral("layers") + ext;
    if (!plots.tensors) return names;
    const std::vector<QString> stems = file_stems(network);
    for (size_t i = 0; i < network.layers.size(); ++i) {
        names << stems[i] + QStringLiteral(".weight") + ext;
        if (network.layers[i].bias) names << stems[i] + QStringLiteral(".bias") + ext;
    }
    return names;
}

std::optional<QString> HeadlessPlotExport::check_directory(const QString& directory) {
    if (directory.isEmpty()) return QObject::tr("no directory given");
    const QFileInfo info(directory);
    if (info.exists()) {
        if (!info.isDir()) return QObject::tr("'%1' exists and is not a directory").arg(directory);
        if (!info.isWritable()) return QObject::tr("'%1' is not writable").arg(directory);
        return std::nullopt;
    }
    // The nearest existing ancestor must be a writable directory (mkpath creates the rest).
    QString ancestor = info.absoluteFilePath();
    while (!QFileInfo::exists(ancestor) && QFileInfo(ancestor).absolutePath() != ancestor)
        ancestor = QFileInfo(ancestor).absolutePath();
    const QFileInfo existing(ancestor);
    if (!existing.isDir() || !existing.isWritable())
        return QObject::tr("cannot create '%1': '%2' is not a writable directory")
            .arg(directory, existing.absoluteFilePath());
    return std::nullopt;
}

HeadlessPlotExport::Result HeadlessPlotExport::write(const Network& network,
                                                     std::shared_ptr<const NetworkSummary> summary,
                                                     const HistogramOptions& histogram_options,
                                                     const QString& directory, ImageFormat format,
                                                     const ExportOptions& options,
                                                     Selection plots) {
    Result result;
    if (auto problem = PlotExporter::check(options.size, options.scale, format)) {
        result.error = problem;
        return result;
    }
    if (auto problem = check_directory(directory)) {
        result.error = problem;
        return result;
    }
    if (!QDir().mkpath(directory)) {
        result.error = QObject::tr("cannot create '%1'").arg(directory);
        return result;
    }
    const QuietPlatformWarnings quiet;
    const QDir dir(directory);
    const QString ext = QLatin1Char('.') + PlotExporter::extension(format);

    // Pixel formats: the GUI thread draws, a worker encodes the previous picture meanwhile.
    QFuture<std::optional<QString>> pending;
    QString pending_path;
    const auto finish_pending = [&]() {
        if (!pending.isValid()) return true;
        const std::optional<QString> problem = pending.result();
        pending = {};
        if (problem) {
            result.error = problem;
            return false;
        }
        result.files << pending_path;
        return true;
    };
    // `last_use`: the widget is thrown away after this picture (no layout to put back).
    const auto save = [&](QWidget* widget, const QString& name, bool last_use = false) {
        const QString path = dir.filePath(name + ext);
        ExportOptions raster = options;
        raster.restore = !last_use;
        if (PlotExporter::is_vector(format)) {
            if (auto problem = PlotExporter::save(widget, path, raster, format)) {
                result.error = problem;
                return false;
            }
            result.files << path;
            return true;
        }
        if (format == ImageFormat::Jpeg) raster.background = ExportBackground::White;
        QString error;
        const QImage image = PlotExporter::render_image(widget, raster, &error);
        if (!finish_pending()) return false;
        if (image.isNull()) {
            result.error = QObject::tr("cannot write '%1': %2").arg(path, error);
            return false;
        }
        pending = QtConcurrent::run([image, path, format, options] {
            return PlotExporter::write_image(image, path, format, options);
        });
        pending_path = path;
        return true;
    };

    const auto draw_all = [&]() {
        // The window's tabs, as top-level widgets laid out off screen by PlotExporter; only
        // the ones asked for are built (the tensor plots are the Layers tab's small multiples).
        if (plots.overview) {
            OverviewTab overview;
            overview.show_summary(summary, ViewOptions{});
            if (!save(&overview, QStringLiteral("overview"), true)) return false;
        }
        if (!plots.layers && !plots.tensors) return true;
        LayersTab layers;
        layers.show_summary(summary, ViewOptions{histogram_options, HistogramScale::Counts});
        if (plots.layers && !save(&layers, QStringLiteral("layers"), !plots.tensors)) return false;
        if (!plots.tensors) return true;

        const std::vector<QString> stems = file_stems(network);
        for (const TensorSummary& tensor : summary->tensors) {
            const auto layer = static_cast<size_t>(tensor.layer_index);
            if (layer >= stems.size()) continue;
            const bool weight = tensor.role == TensorRole::Weight;
            HistogramPlot* plot = weight ? layers.weight_plot(tensor.layer_index)
                                         : layers.bias_plot(tensor.layer_index);
            if (!plot) continue;
            const QString name =
                stems[layer] + (weight ? QStringLiteral(".weight") : QStringLiteral(".bias"));
            if (!save(plot, name)) return false;
        }
        return true;
    };
    draw_all();
    // The last picture (or the one in flight when a later one failed) is finished either way;
    // after a failure its file stays, as every file written before the failure does.
    if (pending.isValid()) {
        const std::optional<QString> first_error = result.error;
        finish_pending();
        if (first_error) result.error = first_error;
    }
    return result;
}

HeadlessPlotExport::Result HeadlessPlotExport::write(const Network& network,
                                                     const HistogramOptions& histogram_options,
                                                     const QString& directory, ImageFormat format,
                                                     const ExportOptions& options,
                                                     Selection plots) {
    const Parameters parameters = Materializer::materialize(network);
    auto summary = std::make_shared<const NetworkSummary>(
        NetworkSummary::of(network, parameters, histogram_options));
    return write(network, summary, histogram_options, directory, format, options, plots);
}

PlotExportHook HeadlessPlotExport::hook() {
    PlotExportHook hook;
    hook.check = [](const PlotExportRequest& request) -> std::optional<std::string> {
        const auto format = PlotExporter::format_from_extension(request.format);
        if (!format)
            return "--format: unknown format '" + request.format.toStdString() +
                   "' (use png, jpg, pdf or svg)";
        const double s = request.scale;
        if (!std::isfinite(s) || s < PlotExporter::kMinScale || s > PlotExporter::kMaxScale)
            return "--scale: " + PlotExporter::check_size(QSize(), s)->toStdString();
        const QSize size(request.width, request.height);
        if (auto problem = PlotExporter::check(size, s, *format))
            return "--size: " + problem->toStdString();
        if (auto problem = check_directory(request.directory))
            return "--export-plots: " + problem->toStdString();
        return std::nullopt;
    };
    hook.write = [](const Network& network, const NetworkSummary& summary,
                    const PlotExportRequest& request,
                    std::vector<std::string>& files) -> std::optional<std::string> {
        const auto format = PlotExporter::format_from_extension(request.format);
        if (!format) return "unknown format '" + request.format.toStdString() + "'";
        // The tabs hold the summary only while they are drawn: a non-owning pointer is enough.
        const std::shared_ptr<const NetworkSummary> shown(std::shared_ptr<void>(), &summary);
        const Result result = write(network, shown, HistogramOptions{}, request.directory, *format,
                                    export_options(request),
                                    Selection{request.overview, request.layers, request.tensors});
        for (const QString& file : result.files) files.push_back(file.toStdString());
        if (result.error) return result.error->toStdString();
        return std::nullopt;
    };
    return hook;
}

int HeadlessPlotExport::run_command(int argc, char** argv) {
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM")) qputenv("QT_QPA_PLATFORM", "offscreen");
    const QuietPlatformWarnings quiet;  // stderr carries only InitScope's own one-line errors
    QApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("initscope"));
    QCoreApplication::setApplicationVersion(QStringLiteral(INITSCOPE_VERSION));
    return HeadlessCommand::run(QCoreApplication::arguments(), std::cout, std::cerr, hook());
}

}  // namespace initscope
