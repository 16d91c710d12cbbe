// SummaryWorker: results come back asynchronously by value; only the newest generation is shown;
// cancellation stops the core at its next progress check (issue 3).
#include "core/io/preset_library.h"
#include "core/model/materializer.h"
#include "ui/document/summary_worker.h"

#include <QSignalSpy>
#include <QTest>

using namespace initscope;

namespace {

Network course() {
    ConfigFile::Result preset = PresetLibrary::load("course");
    if (!preset) qFatal("course preset: %s", preset.error.c_str());
    return *preset.network;
}

/// `count` square linear layers of `width`: width² floats each, many progress checks.
Network wide(int count, int64_t width) {
    Network network;
    for (int i = 0; i < count; ++i) {
        Layer layer;
        layer.name = "fc" + std::to_string(i + 1);
        layer.in = layer.out = width;
        network.layers.push_back(layer);
    }
    return network;
}

bool same_tensors(const Parameters& a, const Parameters& b) {
    if (a.size() != b.size()) return false;
    for (size_t i = 0; i < a.size(); ++i)
        if (!(a[i].weight == b[i].weight) || a[i].bias != b[i].bias) return false;
    return true;
}

quint64 generation_of(const QList<QVariant>& arguments) {
    return arguments.front().value<SummaryResult>().generation;
}

}  // namespace

class TestSummaryWorker : public QObject {
    Q_OBJECT
private slots:
    void result_arrives_by_signal();
    void result_matches_synchronous_summary();
    void burst_computes_only_the_last();
    void older_running_generation_is_dropped();
    void cancel_stops_the_computation();
    void compute_reports_cancellation();
    void compute_keeps_the_generator_state();
    void invalid_network_fails();
    void too_large_network_fails();
};

void TestSummaryWorker::result_arrives_by_signal() {
    SummaryWorker worker;
    QSignalSpy finished(&worker, &SummaryWorker::finished);
    const quint64 generation = worker.request(course(), HistogramOptions{});
    QVERIFY(finished.wait(10000));
    QCOMPARE(finished.count(), 1);
    const auto result = finished.front().front().value<SummaryResult>();
    QCOMPARE(result.generation, generation);
    QVERIFY(result.summary);
    QVERIFY(result.parameters);
    QCOMPARE(result.summary->tensors.size(), size_t(10));
    QCOMPARE(result.summary->weight_count, int64_t(40'200));
    QCOMPARE(result.summary->bias_count, int64_t(402));
    QVERIFY(result.elapsed_ms >= 0);
    QVERIFY(!worker.busy());
}

void TestSummaryWorker::result_matches_synchronous_summary() {
    SummaryWorker worker;
    QSignalSpy finished(&worker, &SummaryWorker::finished);
    Network network = course();
    network.seed = 1234;
    HistogramOptions options;
    options.bins = 25;
    worker.request(network, options);
    QVERIFY(finished.wait(10000));
    const auto result = finished.front().front().value<SummaryResult>();
    const Parameters expected = Materializer::materialize(network);
    QVERIFY(same_tensors(*result.parameters, expected));
    const NetworkSummary summary = NetworkSummary::of(network, expected, options);
    for (size_t i = 0; i < summary.tensors.size(); ++i) {
        QCOMPARE(result.summary->tensors[i].histogram.counts(),
                 summary.tensors[i].histogram.counts());
        QCOMPARE(result.summary->tensors[i].histogram.edges(),
                 summary.tensors[i].histogram.edges());
    }
}

void TestSummaryWorker::burst_computes_only_the_last() {
    SummaryWorker worker;
    QSignalSpy finished(&worker, &SummaryWorker::finished);
    QSignalSpy started(&worker, &SummaryWorker::started);
    Network network = course();
    for (int seed = 1; seed <= 20; ++seed) {  // a slider drag within one event-loop pass
        network.seed = uint64_t(seed);
        worker.request(network, HistogramOptions{});
    }
    QVERIFY(finished.wait(10000));
    QCOMPARE(started.count(), 1);
    QCOMPARE(finished.count(), 1);
    QCOMPARE(generation_of(finished.front()), worker.latest_generation());
    const auto result = finished.front().front().value<SummaryResult>();
    network.seed = 20;
    QVERIFY(same_tensors(*result.parameters, Materializer::materialize(network)));
}

void TestSummaryWorker::older_running_generation_is_dropped() {
    SummaryWorker worker;
    QSignalSpy finished(&worker, &SummaryWorker::finished);
    QSignalSpy discarded(&worker, &SummaryWorker::discarded);
    QSignalSpy started(&worker, &SummaryWorker::started);
    worker.set_debounce_ms(0);
    const quint64 old_generation = worker.request(wide(24, 1000), HistogramOptions{}, 7);
    QCOMPARE(old_generation, quint64(7));
    QVERIFY(started.wait(10000));  // generation 7 is running on the worker thread
    const quint64 new_generation = worker.request(course(), HistogramOptions{}, 8);
    QVERIFY(finished.wait(30000));
    QCOMPARE(finished.count(), 1);
    QCOMPARE(generation_of(finished.front()), new_generation);
    QCOMPARE(discarded.count(), 1);
    QCOMPARE(discarded.front().front().value<quint64>(), old_generation);
    QCOMPARE(started.count(), 2);
}

void TestSummaryWorker::cancel_stops_the_computation() {
    SummaryWorker worker;
    QSignalSpy finished(&worker, &SummaryWorker::finished);
    QSignalSpy discarded(&worker, &SummaryWorker::discarded);
    QSignalSpy started(&worker, &SummaryWorker::started);
    QSignalSpy progress(&worker, &SummaryWorker::progress);
    const quint64 generation = worker.request(wide(48, 1000), HistogramOptions{});
    QVERIFY(started.wait(10000));
    worker.cancel();
    QVERIFY(discarded.wait(30000));
    QCOMPARE(discarded.front().front().value<quint64>(), generation);
    QCOMPARE(finished.count(), 0);
    QVERIFY(!worker.busy());
    // Stopped early: the progress never reached the end.
    for (const QList<QVariant>& arguments : progress) QVERIFY(arguments.at(1).toDouble() < 1.0);
}

void TestSummaryWorker::compute_reports_cancellation() {
    int calls = 0;
    const SummaryResult result =
        SummaryWorker::compute(wide(4, 100), HistogramOptions{}, 3, MemoryBudget(int64_t(2) << 30),
                               [&calls](double) { return ++calls < 3; });
    QVERIFY(result.cancelled);
    QVERIFY(!result.summary);
    QCOMPARE(calls, 3);
    QCOMPARE(result.generation, quint64(3));
}

// The probe goes on from where materializing left the generator, as PyTorch does after its inits.
void TestSummaryWorker::compute_keeps_the_generator_state() {
    const Network network = course();
    const SummaryResult result =
        SummaryWorker::compute(network, HistogramOptions{}, 1, MemoryBudget(int64_t(2) << 30),
                               [](double) { return true; });
    QVERIFY(result.generator && result.network);
    QCOMPARE(*result.network, network);
    TorchGenerator expected(network.seed);
    const Parameters parameters = Materializer::materialize(network, expected);
    QVERIFY(same_tensors(*result.parameters, parameters));
    TorchGenerator kept = *result.generator, fresh(network.seed);
    bool differs_from_fresh = false;
    for (int i = 0; i < 1000; ++i) {
        const uint32_t value = kept.random();
        QCOMPARE(value, expected.random());
        differs_from_fresh = differs_from_fresh || value != fresh.random();
    }
    QVERIFY(differs_from_fresh);  // the inits did draw
}

void TestSummaryWorker::invalid_network_fails() {
    SummaryWorker worker;
    QSignalSpy failed(&worker, &SummaryWorker::failed);
    Network network = course();
    network.layers[2].in = 7;  // does not chain
    worker.request(network, HistogramOptions{});
    QVERIFY(failed.wait(10000));
    QVERIFY(failed.front().at(1).toString().contains(QStringLiteral("layers[2]")));
}

void TestSummaryWorker::too_large_network_fails() {
    SummaryWorker worker;
    worker.set_memory_budget(MemoryBudget(2000));  // a 1000-byte limit
    QSignalSpy failed(&worker, &SummaryWorker::failed);
    worker.request(course(), HistogramOptions{});
    QVERIFY(failed.wait(10000));
    QVERIFY(failed.front().at(1).toString().contains(QStringLiteral("memory")));
}

QTEST_MAIN(TestSummaryWorker)
#include "tst_summary_worker.moc"
