// Plots drawn on several threads (ParallelPlotPainter, as HeadlessPlotExport draws them) give
// exactly the pixels of drawing them one after the other on the GUI thread, for tabs and single
// plots, at every scale (fractional ones included, where rounding may make two plots share a
// pixel column and the painter falls back to one thread); a headless export writes the same
// files as exporting the tabs one by one; and an export replots each plot of a tab once, with
// nothing drawn into its screen buffers (PlotResizeGate), before drawing it once with toPainter.
#include "plot_test_networks.h"
#include "ui/export/headless_plot_export.h"
#include "ui/export/plot_exporter.h"
#include "ui/plots/histogram_plot.h"
#include "ui/tabs/layers_tab.h"
#include "ui/tabs/overview_tab.h"

#include <QDir>
#include <QFile>
#include <QMap>
#include <QTemporaryDir>
#include <QThreadPool>
#include <QtTest>

using namespace initscope;

namespace {

QByteArray read(const QString& path) {
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

/// "n pixels differ, first at (x,y)" or empty when `a` and `b` are the same picture.
QString difference(const QImage& a, const QImage& b) {
    if (a.size() != b.size() || a.format() != b.format()) return QStringLiteral("size/format");
    int differ = 0;
    QPoint first;
    for (int y = 0; y < a.height(); ++y) {
        const auto* la = reinterpret_cast<const QRgb*>(a.constScanLine(y));
        const auto* lb = reinterpret_cast<const QRgb*>(b.constScanLine(y));
        for (int x = 0; x < a.width(); ++x)
            if (la[x] != lb[x] && differ++ == 0) first = QPoint(x, y);
    }
    if (differ == 0) return {};
    return QStringLiteral("%1 pixels differ, first at (%2,%3)")
        .arg(differ)
        .arg(first.x())
        .arg(first.y());
}

}  // namespace

class TestParallelPlotPainter : public QObject {
    Q_OBJECT
    std::shared_ptr<const NetworkSummary> summary_;
    Network network_;

private slots:
    void initTestCase() {
        network_ = test::course_network();
        summary_ = test::summarize(network_);
    }

    void tabs_match_serial_drawing_data() {
        QTest::addColumn<QString>("tab");
        QTest::addColumn<QSize>("size");
        QTest::addColumn<double>("scale");
        QTest::addColumn<int>("threads");
        for (const char* tab : {"overview", "layers"}) {
            QTest::addRow("%s 1920x1080", tab) << tab << QSize(1920, 1080) << 1.0 << 2;
            QTest::addRow("%s 1280x720 x2", tab) << tab << QSize(1280, 720) << 2.0 << 2;
            QTest::addRow("%s 1000x700 x1.5", tab) << tab << QSize(1000, 700) << 1.5 << 3;
            QTest::addRow("%s 1100x800", tab) << tab << QSize(1100, 800) << 1.0 << 2;
            // Shorter than the tab's minimum: the content is scaled down to fit.
            QTest::addRow("%s 640x360 x1.3", tab) << tab << QSize(640, 360) << 1.3 << 4;
        }
    }
    void tabs_match_serial_drawing() {
        QFETCH(QString, tab);
        QFETCH(QSize, size);
        QFETCH(double, scale);
        QFETCH(int, threads);
        // A fresh tab for each drawing: both start from the same state.
        const auto render = [&](QThreadPool* pool) {
            ExportOptions options;
            options.size = size;
            options.scale = scale;
            options.restore = false;
            if (tab == "overview") {
                OverviewTab overview;
                overview.show_summary(summary_, {});
                return PlotExporter::render_image(&overview, options, nullptr, pool);
            }
            LayersTab layers;
            layers.show_summary(summary_, {});
            return PlotExporter::render_image(&layers, options, nullptr, pool);
        };
        const QImage serial = render(nullptr);
        QThreadPool pool;
        pool.setMaxThreadCount(threads);
        const QImage parallel = render(&pool);
        QVERIFY(!serial.isNull());
        QCOMPARE(parallel.size(), serial.size());
        const QString diff = difference(parallel, serial);
        QVERIFY2(diff.isEmpty(), qPrintable(diff));
        // Drawing again on the threads gives the same pixels again.
        QVERIFY(difference(render(&pool), parallel).isEmpty());
    }

    void headless_export_writes_the_serial_files() {
        // HeadlessPlotExport (plots on several threads, pictures encoded meanwhile) writes the
        // bytes PlotExporter::save writes for the same tabs and plots drawn one by one.
        QTemporaryDir dir;
        ExportOptions options;
        options.size = QSize(1100, 800);
        const HeadlessPlotExport::Result result =
            HeadlessPlotExport::write(network_, summary_, HistogramOptions{},
                                      dir.filePath("parallel"), ImageFormat::Png, options);
        QVERIFY(!result.error);
        const QStringList names = HeadlessPlotExport::file_names(network_, ImageFormat::Png);
        QCOMPARE(result.files.size(), names.size());

        const QDir serial(dir.filePath("serial"));
        QVERIFY(QDir().mkpath(serial.path()));
        OverviewTab overview;
        overview.show_summary(summary_, {});
        QVERIFY(!PlotExporter::save(&overview, serial.filePath("overview.png"), options));
        LayersTab layers;
        layers.show_summary(summary_, ViewOptions{HistogramOptions{}, HistogramScale::Counts});
        QVERIFY(!PlotExporter::save(&layers, serial.filePath("layers.png"), options));
        for (const TensorSummary& tensor : summary_->tensors) {
            const bool weight = tensor.role == TensorRole::Weight;
            HistogramPlot* plot = weight ? layers.weight_plot(tensor.layer_index)
                                         : layers.bias_plot(tensor.layer_index);
            const QString name =
                QString::fromStdString(network_.layers[size_t(tensor.layer_index)].name) +
                (weight ? ".weight.png" : ".bias.png");
            QVERIFY(!PlotExporter::save(plot, serial.filePath(name), options));
        }
        for (const QString& name : names) {
            const QByteArray a = read(QDir(dir.filePath("parallel")).filePath(name));
            const QByteArray b = read(serial.filePath(name));
            QVERIFY2(!a.isEmpty() && a == b, qPrintable(name));
        }
    }

    void a_tab_export_replots_each_plot_once_drawing_nothing() {
        LayersTab layers;
        layers.show_summary(summary_, {});
        QMap<QCustomPlot*, int> replots;
        int drawing_replots = 0;
        for (QCustomPlot* plot : layers.findChildren<QCustomPlot*>()) {
            connect(plot, &QCustomPlot::beforeReplot, this, [&, plot] {
                ++replots[plot];
                for (int i = 0; i < plot->layerCount(); ++i)
                    if (plot->layer(i)->visible()) ++drawing_replots;
            });
        }
        ExportOptions options;
        options.size = QSize(1920, 1080);
        options.restore = false;
        QThreadPool pool;
        QVERIFY(!PlotExporter::render_image(&layers, options, nullptr, &pool).isNull());
        QVERIFY(!replots.isEmpty());
        for (auto it = replots.cbegin(); it != replots.cend(); ++it) QCOMPARE(it.value(), 1);
        QCOMPARE(drawing_replots, 0);
    }
};

QTEST_MAIN(TestParallelPlotPainter)
#include "tst_parallel_plot_painter.moc"
