// SweepTab: one line per ticked scheme on the activation and gradient plots, computed off the GUI
// thread with the core's SchemeSweep (same numbers), kept per scheme until the network changes;
// the prediction toggle, pre/post choice, invalid networks and Cancel.

#include "plot_test_networks.h"
#include "ui/plots/sweep_plot.h"
#include "ui/tabs/sweep_tab.h"
#include "ui/tabs/sweep_worker.h"

#include <QCheckBox>
#include <QComboBox>
#include <QPushButton>
#include <QSignalSpy>
#include <QtTest>

#include <cmath>

using namespace initscope;

namespace {

/// A deep tanh stack like the deep_tanh preset, smaller so the sweep takes milliseconds.
Network tanh_stack(int depth = 6, int64_t width = 64, uint64_t seed = 0) {
    std::vector<int64_t> sizes(size_t(depth) + 1, width);
    Network network = test::linear_network(sizes, seed);
    for (Layer& layer : network.layers) layer.activation = Activation::Tanh;
    network.input_shape = std::vector<int64_t>{width};
    network.probe.batch = 32;
    return network;
}

std::shared_ptr<const AnalysisResult> analysis_of(const Network& network) {
    auto result = std::make_shared<AnalysisResult>();
    result->network = std::make_shared<const Network>(network);
    return result;
}

/// Waits until the tab's sweep has nothing left to compute.
bool settle(SweepTab& tab) {
    const bool idle = QTest::qWaitFor([&] { return !tab.worker()->busy(); }, 30000);
    QTest::qWait(0);  // the last outcome's queued signals
    return idle && !tab.worker()->busy();
}

int index_of(const std::string& label) {
    const std::vector<SweepScheme>& catalogue = SchemeSweep::catalogue();
    for (size_t i = 0; i < catalogue.size(); ++i)
        if (catalogue[i].label == label) return int(i);
    return -1;
}

QStringList line_labels(const SweepPlot* plot) {
    QStringList labels;
    for (int i = 0; i < plot->line_count(); ++i) labels << plot->end_label(i)->text();
    return labels;
}

}  // namespace

class TestSweepTab : public QObject {
    Q_OBJECT
private slots:
    void standardSchemesAreTickedAndDrawn();
    void linesAreTheCoreSweep();
    void tickingComputesOnlyTheNewScheme();
    void untickingHidesWithoutComputing();
    void predictionToggleAndPostActivations();
    void sameNetworkIsNotRecomputedOtherIs();
    void invalidNetworkSaysWhy();
    void catalogueSchemesFitEveryWeight();
    void cancelStopsUntilTheNextChange();
    void endLabelsDoNotOverlap();
};

void TestSweepTab::standardSchemesAreTickedAndDrawn() {
    SweepTab tab;
    QCOMPARE(tab.title(), QStringLiteral("Scheme sweep"));
    QCOMPARE(tab.ticked(), (QStringList{"PyTorch default", "xavier_normal", "kaiming_normal (relu)",
                                        "normal (std 0.01)", "normal (std 1)"}));
    QCOMPARE(tab.activation_plot()->line_count(), 0);
    QVERIFY(tab.status_text().startsWith(QStringLiteral("No network")));
    QSignalSpy updated(&tab, &SweepTab::sweepUpdated);
    tab.show_analysis(analysis_of(tanh_stack()));
    QVERIFY(tab.worker()->busy());  // off the GUI thread: nothing drawn yet
    QVERIFY(settle(tab));
    QVERIFY(updated.count() >= 1);
    for (SweepPlot* plot : {tab.activation_plot(), tab.gradient_plot()}) {
        QCOMPARE(plot->line_count(), 5);
        QCOMPARE(line_labels(plot), tab.ticked());
        for (int i = 0; i < 5; ++i) QCOMPARE(plot->measured_curve(i)->data()->size(), 6);
    }
    QCOMPARE(tab.gradient_plot()->label_side(), SweepPlot::LabelSide::Start);
    QVERIFY(tab.status_text().contains(QStringLiteral("seed 0, batch 32")));
}

void TestSweepTab::linesAreTheCoreSweep() {
    const Network network = tanh_stack();
    SweepTab tab;
    tab.show_analysis(analysis_of(network));
    QVERIFY(settle(tab));
    const int xavier = 1;  // the second ticked line
    const SweepRun expected =
        SchemeSweep::run(network, SchemeSweep::catalogue()[size_t(index_of("xavier_normal"))]);
    const QCPGraph* activation = tab.activation_plot()->measured_curve(xavier);
    const QCPGraph* gradient = tab.gradient_plot()->measured_curve(xavier);
    for (int l = 0; l < 6; ++l) {
        QCOMPARE(activation->data()->at(l)->key, double(l + 1));
        QCOMPARE(activation->data()->at(l)->value, expected.layers[size_t(l)].pre_std);
        QCOMPARE(gradient->data()->at(l)->value, expected.layers[size_t(l)].grad_pre_std);
    }
    QCOMPARE(tab.activation_plot()->measured_curve(xavier)->pen().color(),
             SweepTab::scheme_color(index_of("xavier_normal")));
    // std 0.01 collapses below std 1 at every layer: the CS231n figure.
    const QCPGraph* small = tab.activation_plot()->measured_curve(3);
    const QCPGraph* large = tab.activation_plot()->measured_curve(4);
    for (int l = 0; l < 6; ++l) QVERIFY(small->data()->at(l)->value < large->data()->at(l)->value);
}

void TestSweepTab::tickingComputesOnlyTheNewScheme() {
    SweepTab tab;
    tab.show_analysis(analysis_of(tanh_stack()));
    QVERIFY(settle(tab));
    const SweepRun* before = tab.run("xavier_normal");
    QVERIFY(before);
    QSignalSpy started(tab.worker(), &SweepWorker::started);
    QSignalSpy finished(tab.worker(), &SweepWorker::finished);
    tab.scheme_check(index_of("orthogonal"))->setChecked(true);
    QVERIFY(settle(tab));
    QCOMPARE(started.count(), 1);
    const SweepOutcome outcome = finished.last()[0].value<SweepOutcome>();
    QCOMPARE(outcome.runs.size(), size_t(1));
    QCOMPARE(outcome.runs[0].scheme.label, std::string("orthogonal"));
    QCOMPARE(tab.run("xavier_normal"), before);  // kept, not recomputed
    QCOMPARE(tab.activation_plot()->line_count(), 6);
    QCOMPARE(line_labels(tab.activation_plot()).last(), QStringLiteral("orthogonal"));
}

void TestSweepTab::untickingHidesWithoutComputing() {
    SweepTab tab;
    tab.show_analysis(analysis_of(tanh_stack()));
    QVERIFY(settle(tab));
    QSignalSpy started(tab.worker(), &SweepWorker::started);
    tab.scheme_check(index_of("normal (std 1)"))->setChecked(false);
    QCOMPARE(tab.activation_plot()->line_count(), 4);
    QVERIFY(!line_labels(tab.gradient_plot()).contains(QStringLiteral("normal (std 1)")));
    tab.scheme_check(index_of("normal (std 1)"))->setChecked(true);
    QCOMPARE(tab.activation_plot()->line_count(), 5);  // at once, from what was kept
    QVERIFY(!tab.worker()->busy());
    QCOMPARE(started.count(), 0);
    tab.set_ticked({});
    QCOMPARE(tab.activation_plot()->line_count(), 0);
    QCOMPARE(tab.gradient_plot()->line_count(), 0);
}

void TestSweepTab::predictionToggleAndPostActivations() {
    const Network network = tanh_stack();
    SweepTab tab;
    tab.set_ticked({"xavier_normal"});
    tab.show_analysis(analysis_of(network));
    QVERIFY(settle(tab));
    const SweepRun* run = tab.run("xavier_normal");
    QVERIFY(run);
    QCOMPARE(tab.activation_plot()->predicted_curve(0)->data()->size(), 6);
    const double predicted = tab.activation_plot()->predicted_curve(0)->data()->at(2)->value;
    const double theory = run->layers[2].theory.pre_std;
    QVERIFY(predicted == theory || (std::isnan(predicted) && !(theory > 0)));
    QCOMPARE(tab.gradient_plot()->predicted_curve(0)->data()->size(), 6);

    tab.prediction_check()->setChecked(false);
    QVERIFY(tab.activation_plot()->predicted_curve(0)->data()->isEmpty());
    QVERIFY(tab.gradient_plot()->predicted_curve(0)->data()->isEmpty());
    tab.prediction_check()->setChecked(true);

    tab.signal_choice()->setCurrentIndex(1);  // h = φ(a): no prediction for it
    QCOMPARE(tab.activation_plot()->value_axis()->label(), QStringLiteral("std of h = φ(a)"));
    QVERIFY(tab.activation_plot()->predicted_curve(0)->data()->isEmpty());
    for (int l = 0; l < 6; ++l)
        QCOMPARE(tab.activation_plot()->measured_curve(0)->data()->at(l)->value,
                 run->layers[size_t(l)].post_std);
    QVERIFY(!tab.worker()->busy());  // display only
}

void TestSweepTab::sameNetworkIsNotRecomputedOtherIs() {
    SweepTab tab;
    tab.set_ticked({"xavier_normal"});
    tab.show_analysis(analysis_of(tanh_stack()));
    QVERIFY(settle(tab));
    const double before = tab.run("xavier_normal")->layers[3].pre_std;
    tab.show_analysis(analysis_of(tanh_stack()));  // a new result, the same network
    QVERIFY(!tab.worker()->busy());
    tab.show_analysis(analysis_of(tanh_stack(6, 64, 7)));  // another seed
    QVERIFY(tab.worker()->busy());
    QCOMPARE(tab.activation_plot()->line_count(), 0);  // the old lines are not this network's
    QVERIFY(settle(tab));
    QVERIFY(tab.run("xavier_normal")->layers[3].pre_std != before);
    QVERIFY(tab.status_text().contains(QStringLiteral("seed 7")));
}

void TestSweepTab::invalidNetworkSaysWhy() {
    Network broken = tanh_stack();
    broken.layers[2].in = 5;
    SweepTab tab;
    tab.show_analysis(analysis_of(broken));
    QVERIFY(settle(tab));
    QVERIFY2(tab.status_text().startsWith(QStringLiteral("Cannot sweep this network: layers[2]")),
             qPrintable(tab.status_text()));
    QCOMPARE(tab.activation_plot()->line_count(), 0);
    tab.show_analysis(analysis_of(tanh_stack()));  // fixed: it sweeps again
    QVERIFY(settle(tab));
    QCOMPARE(tab.activation_plot()->line_count(), 5);
    tab.show_analysis(nullptr);
    QCOMPARE(tab.activation_plot()->line_count(), 0);
    QVERIFY(tab.status_text().startsWith(QStringLiteral("No network")));
}

void TestSweepTab::catalogueSchemesFitEveryWeight() {
    // Every catalogued scheme fits every linear weight (the core test covers one that does
    // not): nothing is reported as kept.
    SweepTab tab;
    tab.set_ticked({"orthogonal"});
    tab.show_analysis(analysis_of(tanh_stack()));
    QVERIFY(settle(tab));
    QVERIFY(!tab.status_text().contains(QStringLiteral("keeps")));
    QVERIFY(tab.run("orthogonal")->skipped.empty());
    for (const SweepLayer& layer : tab.run("orthogonal")->layers) QVERIFY(layer.scheme_applied);
}

void TestSweepTab::cancelStopsUntilTheNextChange() {
    SweepTab tab;
    auto* cancel = tab.findChild<QPushButton*>();
    QVERIFY(cancel);
    tab.show_analysis(analysis_of(tanh_stack(10, 300)));
    QVERIFY(tab.worker()->busy());
    QVERIFY(!cancel->isHidden());
    cancel->click();
    QVERIFY(settle(tab));
    QVERIFY(cancel->isHidden());
    QVERIFY2(tab.status_text().startsWith(QStringLiteral("Cancelled")),
             qPrintable(tab.status_text()));
    const int done = tab.activation_plot()->line_count();
    QVERIFY(done < 5);
    tab.scheme_check(index_of("lecun_normal"))->setChecked(true);  // a change: it goes on
    QVERIFY(settle(tab));
    QCOMPARE(tab.activation_plot()->line_count(), 6);
}

void TestSweepTab::endLabelsDoNotOverlap() {
    SweepTab tab;
    tab.resize(1280, 680);
    tab.show();
    QVERIFY(QTest::qWaitForWindowExposed(&tab));
    tab.set_ticked({"PyTorch default", "xavier_normal", "kaiming_normal (relu)", "lecun_normal",
                    "orthogonal", "xavier_uniform", "lecun_uniform"});
    tab.show_analysis(analysis_of(tanh_stack()));
    QVERIFY(settle(tab));
    for (SweepPlot* plot : {tab.activation_plot(), tab.gradient_plot()}) {
        plot->replot();
        const int line_height = QFontMetrics(plot->end_label(0)->font()).height();
        QVERIFY2(plot->label_spacing() >= line_height - 1,
                 qPrintable(QString::number(plot->label_spacing())));
        // Outside the data: right of the axis rect (activations), left of it (gradients).
        const QRect rect = plot->axisRect()->rect();
        for (int i = 0; i < plot->line_count(); ++i) {
            const double x = plot->end_label(i)->position->pixelPosition().x();
            QVERIFY(plot->label_side() == SweepPlot::LabelSide::End ? x > rect.right()
                                                                    : x < rect.left());
        }
    }
}

QTEST_MAIN(TestSweepTab)
#include "tst_sweep_tab.moc"
