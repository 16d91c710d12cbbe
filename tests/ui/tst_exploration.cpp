// Exploration: the document, its worker and the latest result in one object. A network change or
// new histogram options bring a new result; the bar scale is display-only; view options set
// before the first request are simply used by it.
#include "core/io/preset_library.h"
#include "ui/document/exploration.h"
#include "ui/document/network_document.h"
#include "ui/document/summary_worker.h"

#include <QSignalSpy>
#include <QTest>

using namespace initscope;

class TestExploration : public QObject {
    Q_OBJECT
private slots:
    void resetBringsAResult();
    void histogramOptionsRecompute();
    void scaleIsDisplayOnly();
    void viewOptionsBeforeTheFirstRequestAreUsedByIt();
};

namespace {

Network course() {
    ConfigFile::Result preset = PresetLibrary::load("course");
    if (!preset) qFatal("course preset: %s", preset.error.c_str());
    return *preset.network;
}

}  // namespace

void TestExploration::resetBringsAResult() {
    Exploration exploration;
    QVERIFY(!exploration.summary());
    QCOMPARE(exploration.generation(), quint64(0));
    QSignalSpy arrived(&exploration, &Exploration::resultArrived);
    QVERIFY(!exploration.document()->reset(course(), QStringLiteral("course.json")));
    QVERIFY(arrived.wait(10000));
    QVERIFY(exploration.summary() && exploration.parameters());
    QCOMPARE(exploration.summary()->weight_count, int64_t(40'200));
    QVERIFY(exploration.generation() > 0);
    // The result is timed from the reset, on the document's clock.
    QCOMPARE(exploration.edit_ns(), qint64(exploration.document()->change_time_ns()));
    QVERIFY(exploration.edit_ns() <= NetworkDocument::clock_ns());
}

void TestExploration::histogramOptionsRecompute() {
    Exploration exploration;
    QSignalSpy arrived(&exploration, &Exploration::resultArrived);
    QVERIFY(!exploration.document()->reset(course(), QStringLiteral("course.json")));
    QVERIFY(arrived.wait(10000));
    const quint64 first = exploration.generation();
    HistogramOptions options;
    options.bins = 17;
    exploration.set_histogram_options(options);
    QCOMPARE(exploration.view_options().histogram.bins, 17);
    QVERIFY(arrived.wait(10000));
    QVERIFY(exploration.generation() > first);
    for (const TensorSummary& tensor : exploration.summary()->tensors)
        QCOMPARE(tensor.histogram.bins(), 17);
}

void TestExploration::scaleIsDisplayOnly() {
    Exploration exploration;
    QSignalSpy arrived(&exploration, &Exploration::resultArrived);
    QVERIFY(!exploration.document()->reset(course(), QStringLiteral("course.json")));
    QVERIFY(arrived.wait(10000));
    const quint64 generation = exploration.generation();
    exploration.set_scale(HistogramScale::Density);
    QCOMPARE(exploration.view_options().scale, HistogramScale::Density);
    QVERIFY(!exploration.worker()->busy());
    QVERIFY(!arrived.wait(200));
    QCOMPARE(exploration.generation(), generation);
}

void TestExploration::viewOptionsBeforeTheFirstRequestAreUsedByIt() {
    Exploration exploration;
    ViewOptions options;
    options.histogram.bins = 12;
    options.scale = HistogramScale::Probability;
    exploration.set_view_options(options);
    QVERIFY(!exploration.worker()->busy());  // nothing to compute yet
    QSignalSpy arrived(&exploration, &Exploration::resultArrived);
    QVERIFY(!exploration.document()->reset(course(), QStringLiteral("course.json")));
    QVERIFY(arrived.wait(10000));
    QCOMPARE(arrived.count(), 1);
    QCOMPARE(exploration.summary()->tensors.front().histogram.bins(), 12);
    QCOMPARE(exploration.view_options().scale, HistogramScale::Probability);
}

QTEST_MAIN(TestExploration)
#include "tst_exploration.moc"
