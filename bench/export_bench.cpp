// Export benchmark (not a test): the course notebook's refresh, in process — build the
// course_xavier network, materialize and summarize it, and write the Overview and Layers figures
// as PNG at 1920×1080 — the same work bench/compare_pytorch.py times for matplotlib
// (notebook_pipeline(), also in process). Medians of --repeats runs after one warm-up.
//
//   build/bench/export_bench [--repeats N] [--json]
//
// Besides the end-to-end figure (HeadlessPlotExport::write, as `initscope --headless --preset
// course_xavier --export-plots DIR --plots overview,layers` runs it after start-up) it times
// the phases one by one: QApplication start-up (once, with the first text drawn: fonts), tab
// construction, layout + paint (PlotExporter::render_image with a thread pool: the plots drawn
// on several threads, as HeadlessPlotExport draws them; the _serial figures on the GUI thread
// alone), PNG encoding + writing (PlotExporter::write_image, one picture on one thread) and,
// for comparison, QImageWriter's PNG encoder.
#include "core/io/preset_library.h"
#include "core/model/materializer.h"
#include "core/stats/network_summary.h"
#include "ui/export/headless_plot_export.h"
#include "ui/export/plot_exporter.h"
#include "ui/export/png_writer.h"
#include "ui/tabs/layers_tab.h"
#include "ui/tabs/overview_tab.h"

#include <QApplication>
#include <QBuffer>
#include <QDir>
#include <QElapsedTimer>
#include <QImageWriter>
#include <QTemporaryDir>
#include <QThread>
#include <QThreadPool>

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

using namespace initscope;

namespace {

double ms_since(const QElapsedTimer& timer) {
    return double(timer.nsecsElapsed()) / 1e6;
}

double median(std::vector<double> v) {
    std::sort(v.begin(), v.end());
    if (v.empty()) return 0;
    const size_t n = v.size();
    return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

/// Median time of `fn` in ms over `repeats` runs after one warm-up.
double median_ms(int repeats, const std::function<void()>& fn) {
    fn();
    std::vector<double> times;
    for (int i = 0; i < repeats; ++i) {
        QElapsedTimer timer;
        timer.start();
        fn();
        times.push_back(ms_since(timer));
    }
    return median(times);
}

}  // namespace

int main(int argc, char** argv) {
    bool json = false;
    int repeats = 9;
    for (int i = 1; i < argc; ++i) {
        if (!std::strcmp(argv[i], "--json")) {
            json = true;
        } else if (!std::strcmp(argv[i], "--repeats") && i + 1 < argc) {
            repeats = std::max(1, std::atoi(argv[++i]));
        } else {
            std::fprintf(stderr, "usage: export_bench [--repeats N] [--json]\n");
            return 2;
        }
    }
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM")) qputenv("QT_QPA_PLATFORM", "offscreen");

    QElapsedTimer startup;
    startup.start();
    QApplication app(argc, argv);
    const double app_ms = ms_since(startup);

    QTemporaryDir tmp;
    const QString dir = tmp.path();
    const Network network = *PresetLibrary::load("course_xavier").network;
    ExportOptions options;
    options.size = QSize(1920, 1080);
    const HeadlessPlotExport::Selection two{true, true, false};

    // First export in the process: fonts, glyph caches, style, thread pool.
    QElapsedTimer first;
    first.start();
    const HeadlessPlotExport::Result check =
        HeadlessPlotExport::write(network, HistogramOptions{}, dir, ImageFormat::Png, options, two);
    const double first_ms = ms_since(first);
    if (check.error || check.files.size() != 2) {
        std::fprintf(stderr, "export_bench: export failed: %s\n",
                     check.error ? qPrintable(*check.error) : "wrong files");
        return 1;
    }

    // End to end, in process: materialize + summarize + both figures to PNG.
    const double end_to_end = median_ms(repeats, [&] {
        const auto result = HeadlessPlotExport::write(network, HistogramOptions{}, dir,
                                                      ImageFormat::Png, options, two);
        if (result.error) std::fprintf(stderr, "%s\n", qPrintable(*result.error));
    });

    // Phases.
    std::shared_ptr<const NetworkSummary> summary;
    const double summarize = median_ms(repeats, [&] {
        const Parameters parameters = Materializer::materialize(network);
        summary = std::make_shared<const NetworkSummary>(
            NetworkSummary::of(network, parameters, HistogramOptions{}));
    });
    const double build_overview = median_ms(repeats, [&] {
        OverviewTab overview;
        overview.show_summary(summary, {});
    });
    const double build_layers = median_ms(repeats, [&] {
        LayersTab layers;
        layers.show_summary(summary, {});
    });
    OverviewTab overview;
    overview.show_summary(summary, {});
    LayersTab layers;
    layers.show_summary(summary, {});
    QImage overview_image, layers_image;
    QThreadPool pool;
    pool.setMaxThreadCount(std::max(2, QThread::idealThreadCount()));
    const double paint_overview = median_ms(repeats, [&] {
        overview_image = PlotExporter::render_image(&overview, options, nullptr, &pool);
    });
    const double paint_layers = median_ms(repeats, [&] {
        layers_image = PlotExporter::render_image(&layers, options, nullptr, &pool);
    });
    const double paint_overview_serial =
        median_ms(repeats, [&] { PlotExporter::render_image(&overview, options); });
    const double paint_layers_serial =
        median_ms(repeats, [&] { PlotExporter::render_image(&layers, options); });
    const QString png = QDir(dir).filePath(QStringLiteral("phase.png"));
    const double encode_overview = median_ms(repeats, [&] {
        PlotExporter::write_image(overview_image, png, ImageFormat::Png, options);
    });
    const double encode_layers = median_ms(
        repeats, [&] { PlotExporter::write_image(layers_image, png, ImageFormat::Png, options); });
    const qint64 png_bytes = QFileInfo(png).size();
    const double encode_only_layers =
        median_ms(repeats, [&] { (void)PngWriter::encode(layers_image); });
    const double qt_encode_layers = median_ms(repeats, [&] {
        QByteArray bytes;
        QBuffer buffer(&bytes);
        buffer.open(QIODevice::WriteOnly);
        QImageWriter writer(&buffer, "png");
        writer.write(layers_image);
    });

    const std::map<std::string, double> figures{
        {"app_startup_ms", app_ms},
        {"first_export_ms", first_ms},
        {"export_in_process_median_ms", end_to_end},
        {"materialize_summarize_ms", summarize},
        {"build_overview_tab_ms", build_overview},
        {"build_layers_tab_ms", build_layers},
        {"layout_paint_overview_ms", paint_overview},
        {"layout_paint_layers_ms", paint_layers},
        {"layout_paint_overview_serial_ms", paint_overview_serial},
        {"layout_paint_layers_serial_ms", paint_layers_serial},
        {"png_encode_write_overview_ms", encode_overview},
        {"png_encode_write_layers_ms", encode_layers},
        {"png_encode_only_layers_ms", encode_only_layers},
        {"qimagewriter_png_encode_layers_ms", qt_encode_layers},
        {"png_bytes_layers", double(png_bytes)},
    };
    if (json) {
        std::printf("{\"repeats\": %d", repeats);
        for (const auto& [name, value] : figures)
            std::printf(", \"%s\": %.3f", name.c_str(), value);
        std::printf("}\n");
    } else {
        std::printf("course_xavier, overview.png + layers.png at 1920x1080, medians of %d runs\n",
                    repeats);
        for (const auto& [name, value] : figures)
            std::printf("  %-36s %10.2f\n", name.c_str(), value);
    }
    return 0;
}
