// PropagationTab: fed a real analysis of deep_tanh (CS231n's ten tanh layers), it shows a pre and a
// post histogram per layer with the saturated share written on the post one, the std-vs-depth
// graphs holding the probe's and the mean field's numbers, the shares vs depth, and a phase
// diagram with the layers' points. A conv network without input_shape says why there is no
// probe. The probe settings are undoable edits. The window hands the analysis to the tab.
#include "core/io/preset_library.h"
#include "core/model/network_edits.h"
#include "ui/document/analysis_worker.h"
#include "ui/document/exploration.h"
#include "ui/document/network_document.h"
#include "ui/main_window.h"
#include "ui/panels/probe_settings_bar.h"
#include "ui/panels/work_progress.h"
#include "ui/plots/depth_plot.h"
#include "ui/plots/phase_diagram_plot.h"
#include "ui/plots/signal_histogram_plot.h"
#include "ui/tabs/propagation_tab.h"

#include <QComboBox>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTabWidget>
#include <QTest>
#include <QUndoStack>

#include <cmath>

using namespace initscope;

namespace {

Network preset(const char* name) {
    ConfigFile::Result loaded = PresetLibrary::load(name);
    if (!loaded) qFatal("%s preset: %s", name, loaded.error.c_str());
    return *loaded.network;
}

std::shared_ptr<const AnalysisResult> analysis_of(const Network& network) {
    const SummaryResult summary =
        SummaryWorker::compute(network, HistogramOptions{}, 1, MemoryBudget(int64_t(8) << 30),
                               [](double) { return true; });
    if (!summary.error.isEmpty()) qFatal("summary: %s", qPrintable(summary.error));
    std::optional<AnalysisResult> result = AnalysisWorker::compute(
        summary, MemoryBudget(int64_t(8) << 30), [](double) { return true; });
    if (!result) qFatal("analysis cancelled");
    return std::make_shared<const AnalysisResult>(std::move(*result));
}

std::vector<double> values_of(const QCPGraph* graph) {
    std::vector<double> values;
    for (const QCPGraphData& point : *graph->data()) values.push_back(point.value);
    return values;
}

QString percent(double fraction) {
    return QString::number(100 * fraction, 'f', 1) + QStringLiteral(" %");
}

}  // namespace

class TestPropagationTab : public QObject {
    Q_OBJECT
private slots:
    void initTestCase();
    void small_multiples_per_layer();
    void std_vs_depth_holds_probe_and_theory();
    void shares_vs_depth();
    void phase_diagram_has_the_layers();
    void probe_unavailable_is_said();
    void deep_networks_show_evenly_spaced_rows();
    void probe_settings_are_undoable_edits();
    void window_hands_the_analysis_to_the_visible_tab();
    void window_cancels_the_analysis();

private:
    Network deep_tanh_;
    std::shared_ptr<const AnalysisResult> analysis_;
};

void TestPropagationTab::initTestCase() {
    deep_tanh_ = preset("deep_tanh");
    analysis_ = analysis_of(deep_tanh_);
    QVERIFY2(analysis_->error.isEmpty(), qPrintable(analysis_->error));
    QVERIFY(analysis_->probe);
}

void TestPropagationTab::small_multiples_per_layer() {
    NetworkDocument document;
    PropagationTab tab(&document);
    QCOMPARE(tab.multiples().size(), 0);
    tab.show_analysis(analysis_);
    const int layers = int(deep_tanh_.layers.size());
    QCOMPARE(layers, 10);
    QCOMPARE(int(tab.shown_layers().size()), layers);
    QCOMPARE(tab.multiples().size(), 2 * layers);
    QVERIFY(tab.rows_note().isEmpty());
    QVERIFY(tab.message().isEmpty());
    QVERIFY2(tab.status().startsWith(QStringLiteral("batch 1,000 · normal input · analysed in")),
             qPrintable(tab.status()));
    for (int l = 0; l < layers; ++l) {
        const LayerSignal& signal = analysis_->probe->layers[size_t(l)];
        SignalHistogramPlot* pre = tab.pre_plot(l);
        SignalHistogramPlot* post = tab.post_plot(l);
        const QString name =
            QString::number(l + 1) + QStringLiteral(" fc") + QString::number(l + 1);
        QCOMPARE(pre->title(), name + QStringLiteral(" · a"));
        QCOMPARE(post->title(), QStringLiteral("h = tanh(a)"));
        QCOMPARE(pre->bars()->data()->size(), signal.pre_histogram.bins());
        QCOMPARE(post->bars()->data()->size(), signal.post_histogram.bins());
        QVERIFY2(pre->stats_text().contains(QStringLiteral("σ = ")), qPrintable(pre->stats_text()));
        // The saturated share is written on each post plot, none on the pre plots.
        QVERIFY(signal.saturated_fraction);
        QCOMPARE(post->share_text(),
                 QStringLiteral("saturated ") + percent(*signal.saturated_fraction));
        QVERIFY(pre->share_text().isEmpty());
    }
    // PyTorch's default init on tanh: the signal shrinks layer by layer, nothing saturates deep.
    QCOMPARE(tab.post_plot(layers - 1)->share_text(), QStringLiteral("saturated 0.0 %"));
    tab.show_analysis(nullptr);
    QCOMPARE(tab.multiples().size(), 0);
    QCOMPARE(tab.status(), QStringLiteral("no analysis yet"));
}

void TestPropagationTab::std_vs_depth_holds_probe_and_theory() {
    NetworkDocument document;
    PropagationTab tab(&document);
    tab.show_analysis(analysis_);
    DepthPlot* plot = tab.std_plot();
    QCOMPARE(plot->series_count(), 5);  // measured a, h, ∂L/∂a; mean-field a, ∂L/∂a
    std::vector<double> pre, post, grad, theory_pre, theory_grad;
    for (const LayerSignal& signal : analysis_->probe->layers) {
        pre.push_back(signal.pre.stddev);
        post.push_back(signal.post.stddev);
        grad.push_back(signal.grad_pre_std);
    }
    for (const MeanFieldLayer& layer : analysis_->theory) {
        theory_pre.push_back(layer.pre_std);
        theory_grad.push_back(layer.grad_pre_std);
    }
    QCOMPARE(values_of(plot->graph(0)), pre);
    QCOMPARE(values_of(plot->graph(1)), post);
    QCOMPARE(values_of(plot->graph(2)), grad);
    QCOMPARE(values_of(plot->graph(3)), theory_pre);
    QCOMPARE(values_of(plot->graph(4)), theory_grad);
    QCOMPARE(plot->graph(0)->data()->begin()->key, 1.0);  // depth 1 is the first layer
    // Measured dots, predicted dashes.
    QVERIFY(plot->graph(0)->scatterStyle().shape() != QCPScatterStyle::ssNone);
    QCOMPARE(plot->graph(3)->pen().style(), Qt::DashLine);
    // Activations and gradients shrink to a bias-held floor, over more than a factor 20 in all:
    // a log axis shows it.
    QVERIFY(!DepthPlot::wants_log({{QString(), {0.5, 1.0, 2.0}, {}, false}}));
    QVERIFY(DepthPlot::wants_log({{QString(), {0.01, 1.0}, {}, false}}));
    QVERIFY(DepthPlot::wants_log({{QString(), pre, {}, false}, {QString(), grad, {}, false}}));
    QVERIFY(plot->log_y());
    // The prediction follows the measurement at width 500 (a few %, here within 20 %).
    for (size_t l = 0; l < pre.size(); ++l)
        QVERIFY2(std::abs(pre[l] / theory_pre[l] - 1) < 0.2,
                 qPrintable(QString("layer %1: %2 vs %3").arg(l).arg(pre[l]).arg(theory_pre[l])));
}

void TestPropagationTab::shares_vs_depth() {
    NetworkDocument document;
    PropagationTab tab(&document);
    tab.show_analysis(analysis_);
    DepthPlot* plot = tab.fraction_plot();
    QCOMPARE(plot->series_count(), 1);  // tanh only: saturated
    std::vector<double> expected;
    for (const LayerSignal& signal : analysis_->probe->layers)
        expected.push_back(100 * *signal.saturated_fraction);
    QCOMPARE(values_of(plot->graph(0)), expected);
    QVERIFY(!plot->log_y());
    QCOMPARE(plot->yAxis->range().upper, 100.0);

    // The course network is relu: dead units and zeros, and its linear output has neither.
    tab.show_analysis(analysis_of(preset("course")));
    QCOMPARE(plot->series_count(), 2);
    QVERIFY(std::isnan(values_of(plot->graph(0)).back()));
    QVERIFY(values_of(plot->graph(1)).front() > 20);  // about half of relu's h are 0
    // One line each: the zeros' share while no unit is dead for the whole batch.
    const QString share = tab.post_plot(0)->share_text();
    QVERIFY2(
        share.startsWith(QStringLiteral("zeros ")) || share.startsWith(QStringLiteral("dead ")),
        qPrintable(share));
    QVERIFY(!share.contains('\n'));
    QVERIFY(tab.post_plot(4)->share_text().isEmpty());  // linear
}

void TestPropagationTab::phase_diagram_has_the_layers() {
    NetworkDocument document;
    PropagationTab tab(&document);
    tab.show_analysis(analysis_);
    PhaseDiagramPlot* plot = tab.phase_plot();
    QVERIFY2(plot->title().contains(QStringLiteral("tanh")), qPrintable(plot->title()));
    QCOMPARE(plot->color_map()->data()->keySize(), analysis_->phase->columns);
    QCOMPARE(plot->color_map()->data()->valueSize(), analysis_->phase->rows);
    QCOMPARE(plot->critical_curve()->dataCount(), int(analysis_->phase->critical_line.size()));
    // PyTorch's default: every layer has σw² = 1/3 and σb² = 1/(3·500): one point for all ten.
    QCOMPARE(plot->inside_points()->dataCount() + plot->border_points()->dataCount(), 1);
    QCOMPARE(plot->inside_points()->dataCount(), 1);
    const QCPGraphData point = *plot->inside_points()->data()->begin();
    QCOMPARE(point.key, analysis_->theory[0].sigma_w2);
    QCOMPARE(point.value, analysis_->theory[0].sigma_b2);
    QVERIFY(std::abs(point.key - 1.0 / 3) < 1e-3);
    QCOMPARE(plot->point_labels(), QStringList{QStringLiteral("fc1–fc10")});

    // Distinct points: one each, and one outside the diagram on its border, labelled with its
    // value (N(0, 1) weights: σw² = 500).
    Network mixed = deep_tanh_;
    mixed.layers[0].weight_init = InitSpec(SchemeId::XavierNormal);
    mixed.layers[1].weight_init = InitSpec(SchemeId::Normal);
    tab.show_analysis(analysis_of(mixed));
    QCOMPARE(plot->inside_points()->dataCount(), 2);
    QCOMPARE(plot->border_points()->dataCount(), 1);
    const QStringList labels = plot->point_labels();
    QCOMPARE(labels.size(), 3);
    QCOMPARE(labels[0], QStringLiteral("fc1"));
    QCOMPARE(labels[1], QStringLiteral("fc2 (σw² = 500)"));
    QCOMPARE(labels[2], QStringLiteral("fc3–fc10"));
    QCOMPARE(PhaseDiagramPlot::group_label({"fc2", "fc5", "fc7"}, false), QStringLiteral("fc2 +2"));
}

void TestPropagationTab::probe_unavailable_is_said() {
    Network conv;
    Layer layer;
    layer.name = "conv1";
    layer.kind = LayerKind::Conv2d;
    layer.in = 3;
    layer.out = 8;
    layer.kernel_size = {3, 3};
    conv.layers.push_back(layer);
    const std::shared_ptr<const AnalysisResult> analysis = analysis_of(conv);
    NetworkDocument document;
    PropagationTab tab(&document);
    tab.show_analysis(analysis);
    QVERIFY2(tab.message().startsWith(QStringLiteral("The probe cannot run: ")),
             qPrintable(tab.message()));
    QVERIFY2(tab.message().contains(QStringLiteral("input_shape")), qPrintable(tab.message()));
    QCOMPARE(tab.multiples().size(), 0);
    // The prediction needs no batch: its two lines are there.
    QCOMPARE(tab.std_plot()->series_count(), 2);
    QCOMPARE(tab.fraction_plot()->shown_empty_text(),
             QStringLiteral("no tanh, sigmoid or relu layer"));
    QCOMPARE(tab.phase_plot()->point_labels(), QStringList{QStringLiteral("conv1")});
}

void TestPropagationTab::deep_networks_show_evenly_spaced_rows() {
    const std::vector<int> rows = PropagationTab::rows_for(100);
    QCOMPARE(int(rows.size()), PropagationTab::kMaxRows);
    QCOMPARE(rows.front(), 0);
    QCOMPARE(rows.back(), 99);
    for (size_t i = 1; i < rows.size(); ++i) QVERIFY(rows[i] > rows[i - 1]);
    QCOMPARE(PropagationTab::rows_for(3), (std::vector<int>{0, 1, 2}));

    Network deep = deep_tanh_;
    deep.probe.batch = 16;
    for (Layer& layer : deep.layers) layer.in = layer.out = 20;
    deep.input_shape = std::vector<int64_t>{20};
    while (deep.layers.size() < 30) {
        Layer layer = deep.layers.back();
        layer.name = "fc" + std::to_string(deep.layers.size() + 1);
        deep.layers.push_back(layer);
    }
    NetworkDocument document;
    PropagationTab tab(&document);
    tab.show_analysis(analysis_of(deep));
    QCOMPARE(tab.multiples().size(), 2 * PropagationTab::kMaxRows);
    QCOMPARE(tab.rows_note(), QStringLiteral("24 of 30 layers, evenly spaced"));
    QVERIFY(
        tab.pre_plot(PropagationTab::kMaxRows - 1)->title().startsWith(QStringLiteral("30 fc30")));
    QCOMPARE(tab.std_plot()->graph(0)->dataCount(), 30);  // the depth plots keep every layer
}

void TestPropagationTab::probe_settings_are_undoable_edits() {
    NetworkDocument document;
    QVERIFY(!document.reset(deep_tanh_, QStringLiteral("deep_tanh")));
    PropagationTab tab(&document);
    ProbeSettingsBar* bar = tab.probe_bar();
    QCOMPARE(bar->batch_box()->value(), 1000);
    QCOMPARE(bar->batch_box()->maximum(), int(ProbeSettings::kMaxBatch));
    QCOMPARE(bar->batch_box()->minimum(), 1);
    bar->batch_box()->setValue(250);
    QCOMPARE(document.network().probe.batch, int64_t(250));
    bar->batch_box()->stepBy(1);  // merges with the previous step
    QCOMPARE(document.network().probe.batch, int64_t(251));
    QCOMPARE(document.undo_stack()->count(), 1);
    bar->input_combo()->setCurrentIndex(1);
    emit bar->input_combo()->activated(1);
    QCOMPARE(document.network().probe.input, ProbeInput::Uniform);
    QCOMPARE(document.undo_stack()->count(), 2);
    document.undo_stack()->undo();
    QCOMPARE(document.network().probe.input, ProbeInput::Normal);
    QCOMPARE(bar->input_combo()->currentIndex(), 0);
    document.undo_stack()->undo();
    QCOMPARE(document.network().probe.batch, int64_t(1000));
    QCOMPARE(bar->batch_box()->value(), 1000);  // the field follows, without another edit
    QVERIFY(!document.undo_stack()->canUndo());
}

void TestPropagationTab::window_hands_the_analysis_to_the_visible_tab() {
    MainWindow window;
    QVERIFY(!window.load_preset(QStringLiteral("deep_tanh")));
    window.resize(1280, 720);
    window.show();
    PropagationTab* tab = nullptr;
    for (int i = 0; i < window.tabs()->count(); ++i)
        if (auto* found = qobject_cast<PropagationTab*>(window.tabs()->widget(i))) tab = found;
    QVERIFY(tab);
    QCOMPARE(window.tabs()->tabText(3), QStringLiteral("Propagation"));
    QSignalSpy shown(&window, &MainWindow::analysisShown);
    QSignalSpy painted(&window, &MainWindow::refreshPainted);
    QVERIFY(painted.wait(30000));  // the Overview: no analysis is computed for it
    QVERIFY(!window.exploration()->analysis());
    QCOMPARE(shown.count(), 0);
    window.tabs()->setCurrentWidget(tab);
    QVERIFY(shown.wait(60000));
    QCOMPARE(shown.front().front().value<quint64>(), window.exploration()->generation());
    QCOMPARE(tab->multiples().size(), 20);
    // An edit on the tab refreshes it: the repaint is measured once its analysis is shown.
    painted.clear();
    shown.clear();
    tab->probe_bar()->batch_box()->setValue(100);
    QVERIFY(painted.wait(60000));
    QCOMPARE(shown.count(), 1);
    QVERIFY2(tab->status().startsWith(QStringLiteral("batch 100 ·")), qPrintable(tab->status()));
}

void TestPropagationTab::window_cancels_the_analysis() {
    MainWindow window;
    QVERIFY(!window.load_preset(QStringLiteral("deep_tanh")));
    window.show();
    QSignalSpy painted(&window, &MainWindow::refreshPainted);
    QVERIFY(painted.wait(30000));
    auto* progress = window.findChild<WorkProgress*>(QStringLiteral("analysis_progress"));
    QVERIFY(progress);
    QSignalSpy discarded(window.exploration()->analysis_worker(), &AnalysisWorker::discarded);
    QSignalSpy shown(&window, &MainWindow::analysisShown);
    window.tabs()->setCurrentIndex(3);  // Propagation: the analysis starts
    QVERIFY(window.exploration()->analysis_worker()->busy());
    emit progress->cancelRequested();
    QVERIFY(discarded.wait(30000));
    QVERIFY(!progress->shown());
    QTest::qWait(50);
    QCOMPARE(shown.count(), 0);
    QVERIFY(!window.exploration()->analysis());
    // Not asked for again by going back and forth; the next edit asks.
    window.tabs()->setCurrentIndex(0);
    window.tabs()->setCurrentIndex(3);
    QVERIFY(!window.exploration()->analysis_worker()->busy());
    QVERIFY(window.exploration()->document()->edit(
        NetworkEdits::set_seed(window.exploration()->document()->network(), 5),
        QStringLiteral("seed")));
    QVERIFY(shown.wait(60000));
}

QTEST_MAIN(TestPropagationTab)
#include "tst_propagation_tab.moc"
