// LayersTab: one weight and one bias small multiple per layer, reused between refreshes; the
// options bar emits histogramOptionsChanged; the scale is redrawn without a new summary; a click
// on a small multiple names its tensor. Also the Overview tab's headline and aggregates.

#include "plot_test_networks.h"
#include "ui/panels/histogram_options_bar.h"
#include "ui/plots/density_plot.h"
#include "ui/plots/histogram_plot.h"
#include "ui/tabs/layers_tab.h"
#include "ui/tabs/overview_tab.h"

#include "core/model/network_validation.h"

#include <QCheckBox>
#include <QComboBox>
#include <QElapsedTimer>
#include <QScrollArea>
#include <QScrollBar>
#include <QSpinBox>
#include <QWheelEvent>
#include <QtTest>

using namespace initscope;

namespace {

void compare_bars(const HistogramPlot* plot, const Histogram& h, HistogramScale scale) {
    QVERIFY(plot);
    const std::vector<double> heights = h.heights(scale);
    QCOMPARE(plot->bars()->data()->size(), h.bins());
    for (int i = 0; i < h.bins(); ++i)
        QCOMPARE(plot->bars()->data()->at(i)->value, heights[static_cast<size_t>(i)]);
}

}  // namespace

class TestLayersTab : public QObject {
    Q_OBJECT
private slots:
    void initTestCase();
    void onePlotPairPerLayer();
    void layerCountChangesAddAndRemovePlots();
    void layerWithoutBias();
    void optionsBarEmitsHistogramOptions();
    void scaleChangeRedrawsWithoutNewSummary();
    void sharedRangeAlignsLayers();
    void clickActivatesTensor();
    void refreshIsCheap();
    void gridFitsTabWidth();
    void overviewHeadlineAndAggregates();
    void twoThousandLayersBuildOnlyVisiblePlots_issue_9_defect_7();
    void absurdLayerCountIsRefused_issue_9_defect_7();
    void perTensorHistogramsHaveContextMenu_issue_11_item_1();
    void zeroBiasLeavesSharedRangeAlone_issue_11_item_3();
    void densityRangeCoversOutputBiasPeaks_issue_11_item_3();
    void lockAxesKeepsRangesAcrossEdits_issue_11_item_8();
    void legendsStayOffTheData_issue_11();
    void titlesUseDisplayNames_issue_11_item_12();
    void wheelScrollsCtrlWheelZooms_issue_11_item_5();
    void sharedNGoesIntoTheTitle_issue_11();

private:
    std::shared_ptr<const NetworkSummary> course_;
};

void TestLayersTab::initTestCase() {
    course_ = test::summarize(test::course_network());
}

void TestLayersTab::onePlotPairPerLayer() {
    LayersTab tab;
    tab.show_summary(course_, {});
    QCOMPARE(tab.layer_count(), 5);
    QCOMPARE(tab.plots().size(), 2 + 10);
    for (const TensorSummary& t : course_->tensors) {
        HistogramPlot* plot = t.role == TensorRole::Weight ? tab.weight_plot(t.layer_index)
                                                           : tab.bias_plot(t.layer_index);
        compare_bars(plot, t.histogram, tab.view_options().scale);
        QVERIFY(!plot->theory_curve()->data()->isEmpty());
        QCOMPARE(plot->bound_lines().size(), 2);
        QVERIFY(plot->title().startsWith(QString::fromStdString(t.label())));
    }
    QCOMPARE(tab.weight_density_plot()->curve_count(), 5);
    QCOMPARE(tab.bias_density_plot()->curve(4)->name(), QStringLiteral("output (n = 2)"));
    QCOMPARE(tab.weight_plot(5), nullptr);
    QCOMPARE(tab.bias_plot(-1), nullptr);
}

void TestLayersTab::layerCountChangesAddAndRemovePlots() {
    LayersTab tab;
    tab.show_summary(course_, {});
    HistogramPlot* first = tab.weight_plot(0);
    QPointer<HistogramPlot> last = tab.weight_plot(4);
    // Same layer count: the widgets are reused.
    tab.show_summary(test::summarize(test::course_network()), {});
    QCOMPARE(tab.weight_plot(0), first);
    // Fewer layers: plots removed (and deleted).
    const auto three = test::summarize(test::linear_network({100, 50, 20, 2}));
    tab.show_summary(three, {});
    QCOMPARE(tab.layer_count(), 3);
    QCOMPARE(tab.plots().size(), 2 + 6);
    QVERIFY(last.isNull());
    QCOMPARE(tab.weight_plot(0), first);
    compare_bars(tab.weight_plot(2), three->tensors[4].histogram, tab.view_options().scale);
    QCOMPARE(tab.weight_density_plot()->curve_count(), 3);
    // More layers: plots added.
    tab.show_summary(test::summarize(test::linear_network({10, 10, 10, 10, 10, 10, 10, 2})), {});
    QCOMPARE(tab.layer_count(), 7);
    QCOMPARE(tab.plots().size(), 2 + 14);
    tab.show_summary(nullptr, {});
    QCOMPARE(tab.layer_count(), 0);
}

void TestLayersTab::layerWithoutBias() {
    Network network = test::course_network();
    network.layers[2].bias = false;
    LayersTab tab;
    tab.show_summary(test::summarize(network), {});
    QCOMPARE(tab.layer_count(), 5);
    QCOMPARE(tab.bias_plot(2), nullptr);
    QVERIFY(tab.bias_plot(1));
    QCOMPARE(tab.plots().size(), 2 + 9);
    QCOMPARE(tab.bias_density_plot()->curve_count(), 4);
    tab.show_summary(course_, {});
    QVERIFY(tab.bias_plot(2));
}

void TestLayersTab::optionsBarEmitsHistogramOptions() {
    LayersTab tab;
    tab.show_summary(course_, {});
    QSignalSpy spy(&tab, &LayersTab::histogramOptionsChanged);
    HistogramOptionsBar* bar = tab.options_bar();
    bar->bins_spin()->setValue(25);
    QCOMPARE(spy.count(), 1);
    auto options = spy.last()[0].value<HistogramOptions>();
    QCOMPARE(options.bins, 25);
    QCOMPARE(options.rule, BinRule::Fixed);
    bar->shared_range_check()->setChecked(true);
    QCOMPARE(spy.count(), 2);
    QCOMPARE(spy.last()[0].value<HistogramOptions>().range, RangeMode::Shared);
    bar->rule_combo()->setCurrentIndex(bar->rule_combo()->findData(int(BinRule::Scott)));
    QCOMPARE(spy.count(), 3);
    QCOMPARE(spy.last()[0].value<HistogramOptions>().rule, BinRule::Scott);
    QVERIFY(!bar->bins_spin()->isEnabled());
    QCOMPARE(tab.view_options().histogram.rule, BinRule::Scott);
    // The scale is display-only: no recompute requested.
    bar->scale_combo()->setCurrentIndex(2);
    QCOMPARE(spy.count(), 3);
    // Setting options programmatically does not emit.
    tab.show_summary(course_, ViewOptions{});
    QCOMPARE(spy.count(), 3);
    QCOMPARE(tab.view_options().histogram.range, RangeMode::Data);
}

void TestLayersTab::scaleChangeRedrawsWithoutNewSummary() {
    LayersTab tab;
    tab.show_summary(course_, {});
    QSignalSpy spy(&tab, &LayersTab::histogramOptionsChanged);
    QComboBox* scale = tab.options_bar()->scale_combo();
    for (HistogramScale s :
         {HistogramScale::Density, HistogramScale::Probability, HistogramScale::Counts}) {
        scale->setCurrentIndex(scale->findData(int(s)));
        QCOMPARE(tab.view_options().scale, s);
        for (const TensorSummary& t : course_->tensors) {
            HistogramPlot* plot = t.role == TensorRole::Weight ? tab.weight_plot(t.layer_index)
                                                               : tab.bias_plot(t.layer_index);
            compare_bars(plot, t.histogram, s);
            QCOMPARE(plot->yAxis->label(), HistogramPlot::scale_label(s));
        }
    }
    QCOMPARE(spy.count(), 0);
}

void TestLayersTab::sharedRangeAlignsLayers() {
    HistogramOptions options;
    options.range = RangeMode::Shared;
    LayersTab tab;
    tab.show_summary(test::summarize(test::course_network(), options),
                     ViewOptions{options, HistogramScale::Counts});
    const QCPRange weights = tab.weight_plot(0)->xAxis->range();
    const QCPRange biases = tab.bias_plot(0)->xAxis->range();
    for (int layer = 1; layer < tab.layer_count(); ++layer) {
        QCOMPARE(tab.weight_plot(layer)->xAxis->range(), weights);
        QCOMPARE(tab.bias_plot(layer)->xAxis->range(), biases);
    }
    // Per-tensor ranges (RangeMode::Data): layers with different fan_in (bounds 1/√100,
    // 1/√50, 1/√20) have their own x-ranges...
    tab.show_summary(test::summarize(test::linear_network({100, 50, 20, 2})), {});
    QVERIFY(tab.bias_plot(2)->xAxis->range() != tab.bias_plot(0)->xAxis->range());
    QVERIFY(tab.weight_plot(2)->xAxis->range() != tab.weight_plot(0)->xAxis->range());
    // ...and checking the box aligns them at once, before the core recomputes.
    tab.options_bar()->shared_range_check()->setChecked(true);
    QCOMPARE(tab.bias_plot(2)->xAxis->range(), tab.bias_plot(0)->xAxis->range());
    QCOMPARE(tab.weight_plot(2)->xAxis->range(), tab.weight_plot(0)->xAxis->range());
}

void TestLayersTab::clickActivatesTensor() {
    LayersTab tab;
    tab.resize(1600, 1000);
    tab.show();
    tab.show_summary(course_, {});
    QVERIFY(QTest::qWaitForWindowExposed(&tab));
    QSignalSpy spy(&tab, &LayersTab::tensorActivated);
    QTest::mouseClick(tab.weight_plot(2), Qt::LeftButton, {}, QPoint(100, 100));
    QCOMPARE(spy.count(), 1);
    QCOMPARE(spy[0][0].toInt(), 2);
    QCOMPARE(spy[0][1].value<TensorRole>(), TensorRole::Weight);
    QTest::mouseClick(tab.bias_plot(0), Qt::LeftButton, {}, QPoint(100, 100));
    QCOMPARE(spy.count(), 2);
    QCOMPARE(spy[1][0].toInt(), 0);
    QCOMPARE(spy[1][1].value<TensorRole>(), TensorRole::Bias);
}

void TestLayersTab::refreshIsCheap() {
    // Not a timed test: prints the cost of one refresh of the course network (data + replot of
    // every plot) so a regression is visible in the log. The benchmark measures it properly.
    LayersTab tab;
    tab.resize(1600, 1000);
    tab.show();
    tab.show_summary(course_, {});
    QVERIFY(QTest::qWaitForWindowExposed(&tab));
    const auto resampled = test::summarize(test::course_network());
    double best = 1e9;
    for (int rep = 0; rep < 10; ++rep) {
        QElapsedTimer timer;
        timer.start();
        tab.show_summary(rep % 2 ? course_ : resampled, {});
        QCoreApplication::processEvents();  // the queued replots of the plots on screen
        tab.repaint();
        best = std::min(best, timer.nsecsElapsed() / 1e6);
    }
    qInfo("LayersTab refresh + repaint of the course network: best of 10 %.2f ms", best);
}

void TestLayersTab::gridFitsTabWidth() {
    // The small multiples shrink to the tab's width (the Layers tab at 1920×1080 is ~1150 px
    // wide; smaller windows too): no part of a plot lies beyond the tab's right edge.
    for (int width : {1150, 900, 600}) {
        LayersTab tab;
        tab.resize(width, 900);
        tab.show();
        tab.show_summary(course_, {});
        QVERIFY(QTest::qWaitForWindowExposed(&tab));
        QCoreApplication::processEvents();
        for (int layer = 0; layer < tab.layer_count(); ++layer) {
            for (QWidget* plot : {static_cast<QWidget*>(tab.weight_plot(layer)),
                                  static_cast<QWidget*>(tab.bias_plot(layer))}) {
                const QRect r(plot->mapTo(&tab, QPoint(0, 0)), plot->size());
                QVERIFY2(r.right() < tab.width(), qPrintable(QString::number(width)));
            }
        }
        QVERIFY(tab.weight_density_plot()->mapTo(&tab, QPoint(0, 0)).x() +
                    tab.weight_density_plot()->width() <=
                tab.width());
    }
}

void TestLayersTab::perTensorHistogramsHaveContextMenu_issue_11_item_1() {
    // The rows are built after the window attached its menus: each plot attaches its own.
    LayersTab tab;
    tab.show_summary(course_, {});
    for (int layer = 0; layer < tab.layer_count(); ++layer) {
        QCOMPARE(tab.weight_plot(layer)->contextMenuPolicy(), Qt::CustomContextMenu);
        QCOMPARE(tab.bias_plot(layer)->contextMenuPolicy(), Qt::CustomContextMenu);
    }
    QCOMPARE(tab.bias_density_plot()->contextMenuPolicy(), Qt::CustomContextMenu);
}

void TestLayersTab::zeroBiasLeavesSharedRangeAlone_issue_11_item_3() {
    // One zero bias (numpy widens its histogram to [-0.5, 0.5]) must not widen the others'
    // ±0.1: neither the shared x-range of the bias histograms nor the bias density plot's.
    Network network = test::course_network();
    network.layers[1].bias_init = InitSpec(SchemeId::Zeros);
    HistogramOptions options;
    options.range = RangeMode::Shared;
    LayersTab tab;
    tab.show_summary(test::summarize(network, options),
                     ViewOptions{options, HistogramScale::Counts});
    for (QCPRange range : {tab.bias_plot(0)->xAxis->range(), tab.bias_plot(1)->xAxis->range(),
                           tab.bias_density_plot()->xAxis->range()}) {
        QVERIFY2(range.lower > -0.12 && range.lower < -0.09,
                 qPrintable(QString::number(range.lower)));
        QVERIFY2(range.upper < 0.12 && range.upper > 0.09,
                 qPrintable(QString::number(range.upper)));
    }
    // The zero bias is a spike at 0 in the density plot and named so in its legend.
    QCPGraph* spike = tab.bias_density_plot()->curve(1);
    QCOMPARE(spike->data()->size(), 2);
    QCOMPARE(spike->data()->at(0)->key, 0.0);
    QCOMPARE(spike->data()->at(1)->key, 0.0);
    QCOMPARE(spike->name(), QStringLiteral("fc1 (n = 100, all 0)"));
    // Its histogram's bar is centred on 0.
    double tallest_key = 1, tallest = -1;
    for (const QCPBarsData& bar : *tab.bias_plot(1)->bars()->data())
        if (bar.value > tallest) tallest = bar.value, tallest_key = bar.key;
    QCOMPARE(tallest_key, 0.0);
}

void TestLayersTab::densityRangeCoversOutputBiasPeaks_issue_11_item_3() {
    // The output bias (n = 2: two spikes) is the lecture's question: its peaks are not clipped.
    LayersTab tab;
    tab.show_summary(course_, {});
    DensityPlot* plot = tab.bias_density_plot();
    double peak = 0;
    for (int c = 0; c < plot->curve_count(); ++c)
        for (const QCPGraphData& point : *plot->curve(c)->data())
            peak = std::max(peak, point.value);
    QVERIFY(peak > 0);
    QVERIFY(plot->yAxis->range().upper >= peak);
}

void TestLayersTab::lockAxesKeepsRangesAcrossEdits_issue_11_item_8() {
    LayersTab tab;
    tab.show_summary(course_, {});
    QSignalSpy spy(&tab, &LayersTab::lockAxesChanged);
    tab.options_bar()->lock_axes_check()->setChecked(true);
    QCOMPARE(spy.count(), 1);
    QVERIFY(tab.view_options().lock_axes);
    const QCPRange x = tab.weight_plot(1)->xAxis->range(), y = tab.weight_plot(1)->yAxis->range();
    const QCPRange density_x = tab.weight_density_plot()->xAxis->range();
    // A wider init on fc1: with the lock, the plot keeps its ranges (the bars spread out)...
    Network wide = test::course_network();
    wide.layers[1].weight_init = InitSpec(SchemeId::Normal);
    wide.layers[1].weight_init.set("std", 0.5);
    ViewOptions locked;
    locked.lock_axes = true;
    tab.show_summary(test::summarize(wide), locked);
    QCOMPARE(tab.weight_plot(1)->xAxis->range(), x);
    QCOMPARE(tab.weight_plot(1)->yAxis->range(), y);
    QCOMPARE(tab.weight_density_plot()->xAxis->range(), density_x);
    // ...and without it they follow the data.
    tab.show_summary(test::summarize(wide), {});
    QVERIFY(!tab.options_bar()->lock_axes_check()->isChecked());
    QVERIFY(tab.weight_plot(1)->xAxis->range().upper > 1.0);
}

void TestLayersTab::legendsStayOffTheData_issue_11() {
    // The Layers tab of a 1280×720 and a 1024×768 window (≈ 860 and 600 px wide): no legend
    // lies on a density plot's axes, and no two x tick labels touch.
    for (const QSize size : {QSize(860, 600), QSize(600, 640)}) {
        LayersTab tab;
        tab.resize(size);
        tab.show();
        tab.show_summary(course_, {});
        QVERIFY(QTest::qWaitForWindowExposed(&tab));
        QCoreApplication::processEvents();
        for (DensityPlot* plot : {tab.bias_density_plot(), tab.weight_density_plot()}) {
            plot->replot();
            QVERIFY(!plot->legend->outerRect().intersects(plot->axisRect()->rect()));
            const QFontMetrics metrics(plot->xAxis->tickLabelFont());
            const QVector<double> ticks = plot->xAxis->tickVector();
            const QVector<QString> labels = plot->xAxis->tickVectorLabels();
            int previous_right = -1000;
            for (qsizetype i = 0; i < ticks.size(); ++i) {
                if (!plot->xAxis->range().contains(ticks[i])) continue;
                const int centre = int(plot->xAxis->coordToPixel(ticks[i]));
                const int half = metrics.horizontalAdvance(labels[i]) / 2;
                QVERIFY2(centre - half > previous_right, qPrintable(labels[i]));
                previous_right = centre + half;
            }
        }
    }
}

void TestLayersTab::titlesUseDisplayNames_issue_11_item_12() {
    LayersTab tab;
    tab.show_summary(course_, {});
    QCOMPARE(tab.bias_plot(0)->title(), QStringLiteral("input.bias — PyTorch default"));
}

void TestLayersTab::wheelScrollsCtrlWheelZooms_issue_11_item_5() {
    LayersTab tab;
    tab.show_summary(course_, {});
    HistogramPlot* plot = tab.weight_plot(1);
    plot->resize(400, 250);
    plot->replot();
    const QCPRange before = plot->xAxis->range();
    const QPointF at(200, 120);
    // A plain wheel step is left to the page (the scroll area scrolls): not taken, no zoom.
    QWheelEvent scroll(at, plot->mapToGlobal(at), QPoint(), QPoint(0, 120), Qt::NoButton,
                       Qt::NoModifier, Qt::NoScrollPhase, false);
    QApplication::sendEvent(plot, &scroll);
    QVERIFY(!scroll.isAccepted());
    QCOMPARE(plot->xAxis->range(), before);
    // Ctrl+wheel zooms the x axis in.
    QWheelEvent zoom(at, plot->mapToGlobal(at), QPoint(), QPoint(0, 120), Qt::NoButton,
                     Qt::ControlModifier, Qt::NoScrollPhase, false);
    QApplication::sendEvent(plot, &zoom);
    QVERIFY(zoom.isAccepted());
    QVERIFY(plot->xAxis->range().size() < before.size());
}

void TestLayersTab::sharedNGoesIntoTheTitle_issue_11() {
    // Five layers of 50 zero biases: the legend names the layers, the title says the n once.
    Network network = test::linear_network({50, 50, 50, 50, 50, 50});
    for (Layer& layer : network.layers) layer.bias_init = InitSpec(SchemeId::Zeros);
    LayersTab tab;
    tab.show_summary(test::summarize(network), {});
    DensityPlot* plot = tab.bias_density_plot();
    QCOMPARE(plot->title(), QStringLiteral("Bias densities per layer"));
    QCOMPARE(plot->shown_title(), QStringLiteral("Bias densities per layer · n = 50 each, all 0"));
    QCOMPARE(plot->curve(1)->name(), QStringLiteral("fc1"));
    // The course network's layers differ in n: each entry keeps its own.
    tab.show_summary(course_, {});
    QCOMPARE(plot->shown_title(), QStringLiteral("Bias densities per layer"));
    QCOMPARE(plot->curve(4)->name(), QStringLiteral("output (n = 2)"));
}

void TestLayersTab::overviewHeadlineAndAggregates() {
    OverviewTab tab;
    tab.show_summary(course_, {});
    QCOMPARE(tab.headline(), QStringLiteral("402 biases · 40,200 weights"));
    QCOMPARE(tab.plots().size(), 3);
    compare_bars(tab.bias_plot(), course_->biases_histogram, tab.scale());
    compare_bars(tab.weight_plot(), course_->weights_histogram, tab.scale());
    QCOMPARE(tab.density_plot()->curve_count(), 2);
    QCOMPARE(tab.density_plot()->curve(1)->name(), QStringLiteral("weights (n = 40,200)"));
    tab.set_scale(HistogramScale::Density);
    compare_bars(tab.weight_plot(), course_->weights_histogram, HistogramScale::Density);
}

// Issue 9, defect 7: 2,000 layers of 2 × 2 took 33 s and 2.3 GB to show (one plot per tensor,
// an O(n²) loop). Only the rows in view are built, whatever the depth; scrolling builds the
// rows that come into view and deletes the others; every layer is still reachable.
void TestLayersTab::twoThousandLayersBuildOnlyVisiblePlots_issue_9_defect_7() {
    std::vector<int64_t> sizes(2001, 2);
    const auto summary = test::summarize(test::linear_network(sizes));
    QCOMPARE(summary->tensors.size(), size_t(4000));
    LayersTab tab;
    tab.resize(1280, 720);
    tab.show();
    QVERIFY(QTest::qWaitForWindowExposed(&tab));
    QElapsedTimer clock;
    clock.start();
    tab.show_summary(summary, {});
    QCoreApplication::processEvents();
    qInfo("LayersTab with 2,000 layers: shown in %lld ms", clock.elapsed());
    const int bound = 2 * (LayersTab::kMinRows + 2 * LayersTab::kExtraRows + 4);
    QCOMPARE(tab.layer_count(), 2000);
    QVERIFY(tab.built_row_count() >= 1);
    QVERIFY2(tab.findChildren<HistogramPlot*>().size() <= bound,
             qPrintable(QString::number(tab.findChildren<HistogramPlot*>().size())));
    QCOMPARE(tab.first_built_row(), 0);
    // Scrolled to the middle: the rows there are built, still a bounded number of plots.
    QScrollArea* scroll = tab.findChild<QScrollArea*>();
    QVERIFY(scroll);
    QVERIFY(scroll->verticalScrollBar()->maximum() > 1000 * 250);
    scroll->verticalScrollBar()->setValue(scroll->verticalScrollBar()->maximum() / 2);
    QCoreApplication::processEvents();
    QVERIFY(tab.first_built_row() > 900 && tab.first_built_row() < 1000);
    QVERIFY(tab.findChildren<HistogramPlot*>().size() <= bound);
    const int middle = tab.first_built_row() + LayersTab::kExtraRows;
    HistogramPlot* plot = tab.weight_plot(middle);
    QVERIFY(plot && plot->isVisible());
    const TensorSummary& weight = summary->tensors[size_t(2 * middle)];
    QVERIFY(plot->title().startsWith(QString::fromStdString(weight.label())));
    QCOMPARE(plot->bars()->data()->size(), weight.histogram.bins());
    // Any layer can be asked for (the exports do): its row is built on demand.
    QVERIFY(tab.bias_plot(1999));
    QVERIFY(tab.findChildren<HistogramPlot*>().size() <= bound);
    // A new summary of the same depth keeps the count bounded.
    tab.show_summary(summary, {});
    QVERIFY(tab.findChildren<HistogramPlot*>().size() <= bound);
}

// A network deeper than any view can show is refused before anything is built or computed.
void TestLayersTab::absurdLayerCountIsRefused_issue_9_defect_7() {
    std::vector<int64_t> sizes(10002, 2);
    const Network deep = test::linear_network(sizes);
    const std::vector<std::string> problems = NetworkValidation::problems(deep);
    QCOMPARE(problems.size(), size_t(1));
    QCOMPARE(problems.front(), std::string("layers: at most 10000 layers, got 10001"));
    sizes.resize(10001);
    QVERIFY(NetworkValidation::problems(test::linear_network(sizes)).empty());
}

QTEST_MAIN(TestLayersTab)
#include "tst_layers_tab.moc"
