#include "ui/export/headless_plot_export.h"

#include "core/io/output_path.h"
#include "core/model/materializer.h"
#include "ui/export/quiet_platform_warnings.h"
#include "ui/plots/histogram_plot.h"
#include "ui/tabs/layers_tab.h"
#include "ui/tabs/overview_tab.h"

#include <QDir>
#include <QFuture>
#include <QSet>
#include <QThread>
#include <QThreadPool>
#include <QtConcurrent/QtConcurrentRun>

#include <algorithm>
#include <deque>

namespace initscope {

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
    std::vector<std::string> names;
    names.reserve(network.layers.size());
    for (const Layer& layer : network.layers) names.push_back(layer.name);
    return file_stems(names);
}

std::vector<QString> HeadlessPlotExport::file_stems(const std::vector<std::string>& names) {
    std::vector<QString> stems;
    QSet<QString> used;  // lower case: "FC1" and "fc1" are one file on macOS and Windows
    for (const std::string& name : names) {
        const QString base = file_stem(name);
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

std::optional<QString> HeadlessPlotExport::prepare(const QString& directory, ImageFormat format,
                                                   const ExportOptions& options) {
    if (auto problem = PlotExporter::check(options.size, options.scale, format)) return problem;
    if (auto problem = check_directory(directory)) return problem;
    if (!QDir().mkpath(directory)) return QObject::tr("cannot create '%1'").arg(directory);
    return std::nullopt;
}

std::optional<QString> HeadlessPlotExport::check_directory(const QString& directory) {
    if (directory.isEmpty()) return QObject::tr("no directory given");
    if (const std::optional<std::string> problem = OutputPath::directory_problem(directory))
        return QString::fromStdString(*problem);
    return std::nullopt;
}

HeadlessPlotExport::Result HeadlessPlotExport::write(const Network& network,
                                                     std::shared_ptr<const NetworkSummary> summary,
                                                     const HistogramOptions& histogram_options,
                                                     const QString& directory, ImageFormat format,
                                                     const ExportOptions& options,
                                                     Selection plots) {
    Result result;
    if (auto problem = prepare(directory, format, options)) {
        result.error = problem;
        return result;
    }
    const QuietPlatformWarnings quiet;
    const QDir dir(directory);
    const QString ext = QLatin1Char('.') + PlotExporter::extension(format);

    // Pixel formats: the plots of each picture are drawn on this thread and the pool's at once;
    // the pool encodes and writes finished pictures meanwhile, at most `kInFlight` of them (each
    // holds its pixels). The pool is this export's: its threads, and the font caches they
    // built, end with it.
    QThreadPool pool;
    pool.setMaxThreadCount(std::max(2, QThread::idealThreadCount()));
    const int in_flight_limit = pool.maxThreadCount();
    struct Pending {
        QString path;
        QFuture<std::optional<QString>> written;
    };
    std::deque<Pending> pending;
    // The oldest picture's file is written (or failed): returns false on failure.
    const auto finish_oldest = [&]() {
        Pending oldest = std::move(pending.front());
        pending.pop_front();
        if (const std::optional<QString> problem = oldest.written.result()) {
            if (!result.error) result.error = problem;
            return false;
        }
        result.files << oldest.path;
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
        // A failure seen stops the export: no picture is drawn after it.
        while (!pending.empty() &&
               (pending.front().written.isFinished() || int(pending.size()) >= in_flight_limit))
            if (!finish_oldest()) return false;
        QString error;
        const QImage image = PlotExporter::render_image(widget, raster, &error, &pool);
        if (image.isNull()) {
            result.error = QObject::tr("cannot write '%1': %2").arg(path, error);
            return false;
        }
        pending.push_back({path, QtConcurrent::run(&pool, [image, path, format, options] {
                               return PlotExporter::write_image(image, path, format, options);
                           })});
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
    // The pictures still being written are finished either way; after a failure their files
    // stay, as every file written before it does, and the first failure is the one reported.
    while (!pending.empty()) finish_oldest();
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

}  // namespace initscope
