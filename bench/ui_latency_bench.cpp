// UI benchmark (not a test): edit-to-repaint latency of the explorer window for the course
// network, and the largest event-loop stall while a big network (bench/big_network.json,
// 8 × 4096×4096) is materialized and summarized on the worker thread.
//
//   QT_QPA_PLATFORM=offscreen build/bench/ui_latency_bench [--edits N] [--no-big] [--json]
//                                                          [--tab overview|layers|theory|propagation]
//
// The edits are made with the chosen tab current (default: overview); the window repaints only
// the visible tab, so each tab has its own latency (the Propagation tab's includes its analysis:
// probe, mean field, spectra).
//
// Latency is the window's own measurement (MainWindow::refreshPainted): from the edit to the end
// of the first repaint that shows its result. The stall is the largest gap between ticks of a
// 1 ms timer on the GUI thread, from the edit until the big network's histograms are painted.
#include "core/io/config_file.h"
#include "core/schemes/scheme_registry.h"
#include "ui/document/exploration.h"
#include "ui/document/network_document.h"
#include "ui/main_window.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QTabWidget>
#include <QTimer>
#include <algorithm>
#include <cstdio>
#include <vector>

using namespace initscope;

namespace {

/// Runs the event loop until `window` reports a painted refresh; returns its latency (ms), or
/// a negative value after `timeout_ms`.
double wait_for_repaint(MainWindow& window, int timeout_ms) {
    double latency = -1;
    QEventLoop loop;
    auto connection = QObject::connect(&window, &MainWindow::refreshPainted, &loop, [&](double ms) {
        latency = ms;
        loop.quit();
    });
    QTimer::singleShot(timeout_ms, &loop, &QEventLoop::quit);
    loop.exec();
    QObject::disconnect(connection);
    return latency;
}

double median(std::vector<double> v) {
    std::sort(v.begin(), v.end());
    return v.empty() ? 0 : v[v.size() / 2];
}

double percentile(std::vector<double> v, double p) {
    std::sort(v.begin(), v.end());
    return v.empty() ? 0 : v[std::min(v.size() - 1, static_cast<size_t>(p * double(v.size())))];
}

}  // namespace

int main(int argc, char** argv) {
    QApplication app(argc, argv);
    const QStringList args = QApplication::arguments();
    const bool json = args.contains("--json");
    const bool big = !args.contains("--no-big");
    int edits = 40;
    if (int i = static_cast<int>(args.indexOf("--edits")); i >= 0 && i + 1 < args.size())
        edits = args[i + 1].toInt();

    const QStringList tab_names = {"overview", "layers", "theory", "propagation"};
    int tab = 0;
    if (int i = static_cast<int>(args.indexOf("--tab")); i >= 0 && i + 1 < args.size()) {
        tab = static_cast<int>(tab_names.indexOf(args[i + 1]));
        if (tab < 0) {
            std::fprintf(stderr, "ui_latency_bench: --tab takes overview, layers, theory or propagation\n");
            return 2;
        }
    }

    MainWindow window;
    window.resize(1600, 1000);
    window.tabs()->setCurrentIndex(tab);
    window.show();
    if (auto error = window.load_preset("course")) {
        std::fprintf(stderr, "ui_latency_bench: %s\n", qPrintable(*error));
        return 1;
    }
    wait_for_repaint(window, 30000);

    // Edits as a user makes them: fc1's weight scheme back and forth, then the seed.
    std::vector<double> latencies;
    const SchemeId schemes[2] = {SchemeId::XavierNormal, SchemeId::KaimingNormal};
    for (int k = 0; k < edits; ++k) {
        Network next = window.exploration()->document()->network();
        if (k % 2 == 0)
            next.layers[1].weight_init = SchemeRegistry::defaults(schemes[(k / 2) % 2]);
        else
            next.seed = static_cast<uint64_t>(k);
        window.exploration()->document()->edit(next, "bench edit");
        const double ms = wait_for_repaint(window, 30000);
        if (ms >= 0) latencies.push_back(ms);
    }

    double stall = -1, big_total = -1;
    if (big) {
        const QString path = QStringLiteral(INITSCOPE_SOURCE_DIR "/bench/big_network.json");
        QElapsedTimer total;
        total.start();
        QElapsedTimer tick_clock;
        tick_clock.start();
        qint64 last = 0, worst = 0;
        QTimer ticker;
        ticker.setTimerType(Qt::PreciseTimer);
        QObject::connect(&ticker, &QTimer::timeout, [&] {
            const qint64 now = tick_clock.nsecsElapsed();
            worst = std::max(worst, now - last);
            last = now;
        });
        ticker.start(1);
        last = tick_clock.nsecsElapsed();
        if (auto error = window.open_file(path)) {
            std::fprintf(stderr, "ui_latency_bench: %s\n", qPrintable(*error));
        } else {
            wait_for_repaint(window, 600000);
            // open_file itself runs on the GUI thread: it counts toward the stall.
            stall = static_cast<double>(worst) / 1e6;
            big_total = static_cast<double>(total.nsecsElapsed()) / 1e6;
        }
        ticker.stop();
    }

    if (json) {
        std::printf(
            "{\"tab\": \"%s\", \"edits\": %zu, \"edit_to_repaint_median_ms\": %.3f, "
            "\"edit_to_repaint_p90_ms\": %.3f",
            qPrintable(tab_names[tab]), latencies.size(), median(latencies),
            percentile(latencies, 0.9));
        if (stall >= 0)
            std::printf(", \"big_network_max_stall_ms\": %.3f, \"big_network_refresh_ms\": %.1f",
                        stall, big_total);
        std::printf("}\n");
    } else {
        std::printf(
            "course network, %s tab, %zu edits: edit-to-repaint median %.2f ms, "
            "p90 %.2f ms\n",
            qPrintable(tab_names[tab]), latencies.size(), median(latencies),
            percentile(latencies, 0.9));
        if (stall >= 0)
            std::printf("8 x 4096x4096: refresh %.0f ms, largest event-loop stall %.1f ms\n",
                        big_total, stall);
    }
    return latencies.empty() ? 1 : 0;
}
