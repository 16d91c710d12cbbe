// AnalysisWorker: after a summary, the probe, the mean field, the phase diagram and the spectra
// arrive off the GUI thread; the newest request wins; cancel drops everything asked so far; a
// network the probe cannot run on, or a probe that does not fit in memory, is said, not crashed on.
// And the Exploration computes the analysis only while it is wanted.
#include "core/io/preset_library.h"
#include "core/model/materializer.h"
#include "core/model/memory_budget.h"
#include "core/model/network_edits.h"
#include "core/propagation/probe.h"
#include "ui/document/analysis_worker.h"
#include "ui/document/exploration.h"
#include "ui/document/network_document.h"

#include <QSignalSpy>
#include <QTest>

using namespace initscope;

namespace {

Network preset(const char* name) {
    ConfigFile::Result loaded = PresetLibrary::load(name);
    if (!loaded) qFatal("%s preset: %s", name, loaded.error.c_str());
    return *loaded.network;
}

SummaryResult summary_of(const Network& network, quint64 generation = 1) {
    SummaryResult result =
        SummaryWorker::compute(network, HistogramOptions{}, generation,
                               MemoryBudget(int64_t(8) << 30), [](double) { return true; });
    if (!result.error.isEmpty()) qFatal("summary: %s", qPrintable(result.error));
    return result;
}

/// A conv network without input_shape: it materializes, but the probe has no input shape.
Network conv_without_input_shape() {
    Network network;
    Layer conv;
    conv.name = "conv1";
    conv.kind = LayerKind::Conv2d;
    conv.in = 3;
    conv.out = 8;
    conv.kernel_size = {3, 3};
    conv.activation = Activation::Relu;
    network.layers.push_back(conv);
    return network;
}

std::shared_ptr<const AnalysisResult> result_of(const QSignalSpy& spy, int index = 0) {
    return spy.at(index).at(0).value<std::shared_ptr<const AnalysisResult>>();
}

}  // namespace

class TestAnalysisWorker : public QObject {
    Q_OBJECT
private slots:
    void course_result_arrives();
    void probe_continues_from_the_summary_generator();
    void newest_request_wins();
    void cancel_drops_the_running_request();
    void probe_unavailable_is_said();
    void probe_out_of_memory_is_said();
    void phase_activation_is_the_hidden_layers_one();
    void exploration_analyses_only_while_wanted();
};

void TestAnalysisWorker::course_result_arrives() {
    const Network course = preset("course");
    AnalysisWorker worker;
    QSignalSpy finished(&worker, &AnalysisWorker::finished);
    QSignalSpy started(&worker, &AnalysisWorker::started);
    QVERIFY(worker.request(summary_of(course, 7)) > 0);
    QVERIFY(worker.busy());
    QVERIFY(finished.wait(30000));
    QVERIFY(!worker.busy());
    QCOMPARE(started.count(), 1);
    QCOMPARE(started.front().front().value<quint64>(), quint64(7));
    const std::shared_ptr<const AnalysisResult> r = result_of(finished);
    QCOMPARE(r->generation, quint64(7));
    QVERIFY2(r->error.isEmpty(), qPrintable(r->error));
    QVERIFY(r->probe_unavailable.isEmpty());
    QVERIFY(r->probe);
    QCOMPARE(r->probe->layers.size(), course.layers.size());
    QCOMPARE(r->probe->settings, course.probe);
    QCOMPARE(r->theory.size(), course.layers.size());
    QCOMPARE(r->spectra.size(), course.layers.size());
    QVERIFY(r->phase && !r->phase->chi1.empty());
    QVERIFY(r->network && *r->network == course);
    QVERIFY(r->parameters);
    QVERIFY(r->elapsed_ms > 0);
    // relu hidden layers: some units are zero, the dead share is a fraction.
    QVERIFY(r->probe->layers[0].zero_fraction && *r->probe->layers[0].zero_fraction > 0.2);
    // The same network again: its phase diagram is kept, the probe gives the same numbers.
    finished.clear();
    worker.request(summary_of(course, 8));
    QVERIFY(finished.wait(30000));
    const std::shared_ptr<const AnalysisResult> again = result_of(finished);
    QCOMPARE(again->generation, quint64(8));
    QCOMPARE(again->phase->chi1.size(), r->phase->chi1.size());
    QCOMPARE(again->probe->layers[3].pre.stddev, r->probe->layers[3].pre.stddev);
    qInfo("course analysis: %.1f ms, then %.1f ms with the phase diagram kept", r->elapsed_ms,
          again->elapsed_ms);
}

// The probe draws its batch from the generator state after the inits, not from a fresh seed.
void TestAnalysisWorker::probe_continues_from_the_summary_generator() {
    const Network course = preset("course");
    const SummaryResult summary = summary_of(course);
    const std::optional<AnalysisResult> r = AnalysisWorker::compute(
        summary, MemoryBudget(int64_t(8) << 30), [](double) { return true; });
    QVERIFY(r && r->probe);
    TorchGenerator generator(course.seed);
    const Parameters parameters = Materializer::materialize(course, generator);
    const ProbeResult direct = Probe::run(course, parameters, generator);
    for (size_t l = 0; l < course.layers.size(); ++l) {
        QCOMPARE(r->probe->layers[l].pre.stddev, direct.layers[l].pre.stddev);
        QCOMPARE(r->probe->layers[l].grad_pre_std, direct.layers[l].grad_pre_std);
    }
    // The summary's generator is left as it was (the worker probes a copy).
    TorchGenerator kept = *summary.generator, after_inits(course.seed);
    Materializer::materialize(course, after_inits);
    QCOMPARE(kept.random(), after_inits.random());
}

void TestAnalysisWorker::newest_request_wins() {
    AnalysisWorker worker;
    QSignalSpy finished(&worker, &AnalysisWorker::finished);
    QSignalSpy discarded(&worker, &AnalysisWorker::discarded);
    // deep_tanh's probe (10 × 500², batch 1000) runs while the course network is asked for.
    worker.request(summary_of(preset("deep_tanh"), 1));
    worker.request(summary_of(preset("course"), 2));
    QVERIFY(finished.wait(60000));
    QTRY_VERIFY_WITH_TIMEOUT(!worker.busy(), 60000);
    QCOMPARE(finished.count(), 1);
    QCOMPARE(result_of(finished)->generation, quint64(2));
    QCOMPARE(result_of(finished)->probe->layers.size(), preset("course").layers.size());
    QCOMPARE(discarded.count(), 1);
    QCOMPARE(discarded.front().front().value<quint64>(), quint64(1));
}

void TestAnalysisWorker::cancel_drops_the_running_request() {
    AnalysisWorker worker;
    QSignalSpy finished(&worker, &AnalysisWorker::finished);
    QSignalSpy discarded(&worker, &AnalysisWorker::discarded);
    QSignalSpy progress(&worker, &AnalysisWorker::progress);
    const Network deep = preset("deep_tanh");
    worker.request(summary_of(deep, 5));
    worker.cancel();
    QVERIFY(discarded.wait(60000));
    QCOMPARE(discarded.front().front().value<quint64>(), quint64(5));
    QCOMPARE(finished.count(), 0);
    QVERIFY(!worker.busy());
    for (const QList<QVariant>& arguments : progress) QVERIFY(arguments.at(1).toDouble() < 1.0);
    // The synchronous form says "cancelled" with nullopt.
    int calls = 0;
    QVERIFY(!AnalysisWorker::compute(summary_of(deep), MemoryBudget(int64_t(8) << 30),
                                     [&calls](double) { return ++calls < 3; }));
}

void TestAnalysisWorker::probe_unavailable_is_said() {
    const Network conv = conv_without_input_shape();
    QVERIFY(Probe::unavailable_reason(conv));
    AnalysisWorker worker;
    QSignalSpy finished(&worker, &AnalysisWorker::finished);
    worker.request(summary_of(conv));
    QVERIFY(finished.wait(30000));
    const std::shared_ptr<const AnalysisResult> r = result_of(finished);
    QVERIFY(!r->probe);
    QCOMPARE(r->probe_unavailable, QString::fromStdString(*Probe::unavailable_reason(conv)));
    QVERIFY2(r->probe_unavailable.contains(QStringLiteral("input_shape")),
             qPrintable(r->probe_unavailable));
    QVERIFY2(r->error.isEmpty(), qPrintable(r->error));
    // Everything that does not need the batch is there.
    QCOMPARE(r->theory.size(), size_t(1));
    QCOMPARE(r->spectra.size(), size_t(1));
    QVERIFY(r->phase);
}

void TestAnalysisWorker::probe_out_of_memory_is_said() {
    Network course = preset("course");
    course.probe.batch = ProbeSettings::kMaxBatch;
    const AnalysisMemory probe{Probe::working_bytes(course), "the probe"};
    const int64_t summary_peak = MemoryBudget::peak(course).total();
    const int64_t probe_peak = MemoryBudget::peak(course, probe).total();
    QVERIFY(probe_peak > summary_peak);
    // Room for the summary (and the spectra of 100 × 100 weights), not for the probe.
    const MemoryBudget budget(summary_peak + probe_peak);
    QVERIFY(!budget.problem(course));
    QVERIFY(budget.problem(course, probe));
    const std::optional<AnalysisResult> r =
        AnalysisWorker::compute(summary_of(course), budget, [](double) { return true; });
    QVERIFY(r);
    QVERIFY(!r->probe);
    QVERIFY2(r->error.startsWith(QStringLiteral("the probe cannot run: ")), qPrintable(r->error));
    QVERIFY2(r->error.contains(QStringLiteral("the probe's batch of 100,000 samples")),
             qPrintable(r->error));
    QCOMPARE(r->theory.size(), course.layers.size());
    QCOMPARE(r->spectra.size(), course.layers.size());
    // AnalysisWorker::memory names the larger of the probe and the largest spectrum.
    QCOMPARE(AnalysisWorker::memory(course).bytes, probe.bytes);
    QCOMPARE(AnalysisWorker::memory(course).what,
             std::string("the probe's batch of 100,000 samples"));
}

void TestAnalysisWorker::phase_activation_is_the_hidden_layers_one() {
    QCOMPARE(AnalysisWorker::phase_activation(preset("deep_tanh")).kind, Activation::Tanh);
    // The course's output is linear; its four hidden layers are relu.
    QCOMPARE(AnalysisWorker::phase_activation(preset("course")).kind, Activation::Relu);
    Network mixed = preset("course");
    mixed.layers[0].activation = Activation::Tanh;
    mixed.layers[1].activation = Activation::LeakyRelu;
    mixed.layers[1].negative_slope = 0.2;
    mixed.layers[2].activation = Activation::LeakyRelu;
    mixed.layers[2].negative_slope = 0.2;
    const ActivationFunction phi = AnalysisWorker::phase_activation(mixed);
    QCOMPARE(phi.kind, Activation::LeakyRelu);
    QCOMPARE(phi.negative_slope, 0.2);
    QCOMPARE(AnalysisWorker::phase_activation(conv_without_input_shape()).kind, Activation::Relu);
}

void TestAnalysisWorker::exploration_analyses_only_while_wanted() {
    Exploration exploration;
    QSignalSpy results(&exploration, &Exploration::resultArrived);
    QSignalSpy analyses(&exploration, &Exploration::analysisArrived);
    QVERIFY(!exploration.document()->reset(preset("course"), QStringLiteral("course")));
    QVERIFY(results.wait(10000));
    QVERIFY(exploration.network() && exploration.generator());
    QTest::qWait(100);
    QCOMPARE(analyses.count(), 0);  // the Overview never waits for an analysis
    QVERIFY(!exploration.analysis());

    exploration.set_analysis_wanted(true);  // an analysis tab is shown
    QVERIFY(analyses.wait(30000));
    QCOMPARE(exploration.analysis()->generation, exploration.generation());
    // An edit brings a new summary and then its analysis.
    ProbeSettings probe = exploration.document()->network().probe;
    probe.batch = 64;
    QVERIFY(exploration.document()->edit(
        NetworkEdits::set_probe(exploration.document()->network(), probe), QStringLiteral("b")));
    QVERIFY(analyses.wait(30000));
    QCOMPARE(exploration.analysis()->generation, exploration.generation());
    QCOMPARE(exploration.analysis()->probe->settings.batch, int64_t(64));
    // New histogram options change no number of the analysis: it is reused, not recomputed.
    const quint64 serial = exploration.analysis_serial();
    const double elapsed = exploration.analysis()->elapsed_ms;
    HistogramOptions options;
    options.bins = 13;
    exploration.set_histogram_options(options);
    QVERIFY(analyses.wait(10000));
    QCOMPARE(exploration.analysis_serial(), serial + 1);
    QCOMPARE(exploration.analysis()->generation, exploration.generation());
    QCOMPARE(exploration.analysis()->elapsed_ms, elapsed);

    exploration.set_analysis_wanted(false);  // back to the Overview
    analyses.clear();
    probe.batch = 32;
    QVERIFY(exploration.document()->edit(
        NetworkEdits::set_probe(exploration.document()->network(), probe), QStringLiteral("b")));
    QVERIFY(results.wait(10000));
    QTest::qWait(100);
    QCOMPARE(analyses.count(), 0);
}

QTEST_MAIN(TestAnalysisWorker)
#include "tst_analysis_worker.moc"
