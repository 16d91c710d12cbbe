// SpectrumTab: one singular-value histogram per weight with the Marchenko–Pastur curve and edges
// for iid schemes, the exact values for orthogonal and eye, no curve (and why) for sparse and
// constant; the table lists s_min, s_max, κ, the theory's edges and the edge agreement.

#include "plot_test_networks.h"
#include "ui/plots/spectrum_plot.h"
#include "ui/tabs/spectrum_tab.h"
#include "ui/tabs/spectrum_table_model.h"

#include "core/model/materializer.h"
#include "core/propagation/weight_spectrum.h"
#include "core/schemes/scheme_registry.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QTableView>
#include <QtTest>

#include <cmath>
#include <limits>

using namespace initscope;

namespace {

/// The analysis the window would hand the tab: the network, its parameters and their spectra.
std::shared_ptr<const AnalysisResult> analyse(const Network& network) {
    auto result = std::make_shared<AnalysisResult>();
    result->network = std::make_shared<const Network>(network);
    auto parameters = std::make_shared<Parameters>(Materializer::materialize(network));
    result->spectra = WeightSpectrumAnalysis::of(network, *parameters);
    result->parameters = std::move(parameters);
    return result;
}

/// The course network with one weight scheme of each theory kind: default (MP), orthogonal and
/// eye (exact), sparse and constant (none).
Network mixed_network() {
    Network network = test::course_network();
    network.layers[1].weight_init = InitSpec(SchemeId::Orthogonal);
    network.layers[2].weight_init = InitSpec(SchemeId::Sparse);
    network.layers[3].weight_init = InitSpec(SchemeId::Eye);
    InitSpec constant(SchemeId::Constant);
    constant.set("val", 0.5);
    network.layers[4].weight_init = constant;
    return network;
}

double cell(const SpectrumTableModel* model, int row, int column) {
    return model->data(model->index(row, column), SpectrumTableModel::RawValueRole).toDouble();
}

QString text(const SpectrumTableModel* model, int row, int column) {
    return model->data(model->index(row, column)).toString();
}

}  // namespace

class TestSpectrumTab : public QObject {
    Q_OBJECT
private slots:
    void onePlotAndRowPerWeight();
    void curveOnlyForIidSchemes();
    void mpCurveFollowsTheBars();
    void tableShowsTheCoreNumbers();
    void convWeightsShowTheirTensorShape();
    void manyWeightsShowTheFirstPlotsAndEveryRow();
    void columnsFollowTheWidth();
    void selectionAndClicks();
    void clearingShowsWhy();
};

void TestSpectrumTab::onePlotAndRowPerWeight() {
    SpectrumTab tab;
    QAbstractItemModelTester tester(tab.model());
    QCOMPARE(tab.plots().size(), 0);
    tab.show_analysis(analyse(mixed_network()));
    QCOMPARE(tab.plots().size(), 5);
    QCOMPARE(tab.model()->rowCount(), 5);
    QCOMPARE(tab.plots()[0]->title(), QStringLiteral("input.weight — 100 × 100"));
    QCOMPARE(tab.plots()[4]->title(), QStringLiteral("output.weight — 2 × 100"));
    QCOMPARE(tab.title(), QStringLiteral("Spectrum"));
    QCOMPARE(tab.export_widget() != nullptr, true);
    // The bars are the core's histogram, in counts.
    const std::shared_ptr<const AnalysisResult> analysis = analyse(mixed_network());
    tab.show_analysis(analysis);
    for (int i = 0; i < 5; ++i) {
        const Histogram& h = analysis->spectra[size_t(i)].histogram;
        const QCPBars* bars = tab.plots()[i]->bars();
        QCOMPARE(bars->data()->size(), h.bins());
        const std::vector<double> heights = h.heights(HistogramScale::Counts);
        for (int b = 0; b < h.bins(); ++b) QCOMPARE(bars->data()->at(b)->value, heights[size_t(b)]);
    }
}

void TestSpectrumTab::curveOnlyForIidSchemes() {
    SpectrumTab tab;
    tab.show_analysis(analyse(mixed_network()));
    const QList<SpectrumPlot*> plots = tab.plots();
    // torch_default: Marchenko–Pastur curve and its two edges (100 × 100: lower edge 0).
    QVERIFY(!plots[0]->theory_curve()->data()->isEmpty());
    QCOMPARE(plots[0]->edge_lines().size(), 2);
    QVERIFY(plots[0]->exact_stems().isEmpty());
    QVERIFY(plots[0]->note_text().startsWith(QStringLiteral("MP edges 0 – ")));
    QVERIFY(plots[0]->stats_text().startsWith(QStringLiteral("‖W‖₂ = ")));
    // orthogonal: every value = gain: one stem, no curve.
    QVERIFY(plots[1]->theory_curve()->data()->isEmpty());
    QCOMPARE(plots[1]->exact_stems().size(), 1);
    QCOMPARE(plots[1]->exact_stems()[0]->start->key(), 1.0);
    QCOMPARE(plots[1]->exact_stems()[0]->end->value(), 100.0);
    QVERIFY(plots[1]->edge_lines().isEmpty());
    // sparse and constant: no curve, and a line saying why.
    for (int i : {2, 4}) {
        QVERIFY(plots[i]->theory_curve()->data()->isEmpty());
        QVERIFY(plots[i]->edge_lines().isEmpty());
        QVERIFY(plots[i]->exact_stems().isEmpty());
        QVERIFY2(plots[i]->note_text().contains(QStringLiteral("no Marchenko–Pastur curve")),
                 qPrintable(plots[i]->note_text()));
    }
    QVERIFY(plots[2]->note_text().startsWith(QStringLiteral("sparse")));
    // eye 100 × 100: 100 ones.
    QCOMPARE(plots[3]->exact_stems().size(), 1);
    QCOMPARE(plots[3]->exact_stems()[0]->end->value(), 100.0);
}

void TestSpectrumTab::mpCurveFollowsTheBars() {
    // A tall iid weight (1000 × 100, Q = 10): the MP curve in counts integrates to the number
    // of values, and the bars match it within the sampling error of 100 values.
    Network network = test::linear_network({100, 1000});
    network.layers[0].weight_init = InitSpec(SchemeId::XavierNormal);
    const auto analysis = analyse(network);
    SpectrumTab tab;
    tab.show_analysis(analysis);
    const QCPGraph* curve = tab.plots()[0]->theory_curve();
    const WeightSpectrum& spectrum = analysis->spectra[0];
    QCOMPARE(spectrum.theory.kind, SpectrumTheory::Kind::MarchenkoPastur);
    double area = 0;
    for (int k = 1; k < curve->data()->size(); ++k) {
        const auto a = curve->data()->at(k - 1);
        const auto b = curve->data()->at(k);
        area += 0.5 * (a->value + b->value) * (b->key - a->key);
    }
    const double values = 100, bin_width = spectrum.histogram.bin_width();
    QVERIFY2(std::abs(area / bin_width - values) < 0.02 * values,
             qPrintable(QString::number(area)));
    QCOMPARE(tab.plots()[0]->edge_lines()[0]->point1->key(), spectrum.theory.lower);
    QCOMPARE(tab.plots()[0]->edge_lines()[1]->point1->key(), spectrum.theory.upper);
}

void TestSpectrumTab::tableShowsTheCoreNumbers() {
    const auto analysis = analyse(mixed_network());
    SpectrumTab tab;
    tab.show_analysis(analysis);
    const SpectrumTableModel* model = tab.model();
    QCOMPARE(model->columnCount(), int(SpectrumTableModel::ColumnCount));
    for (int row = 0; row < 5; ++row) {
        const WeightSpectrum& s = analysis->spectra[size_t(row)];
        QCOMPARE(text(model, row, SpectrumTableModel::LayerColumn),
                 QString::fromStdString(s.layer));
        QCOMPARE(cell(model, row, SpectrumTableModel::MinColumn), s.singular_values.back());
        QCOMPARE(cell(model, row, SpectrumTableModel::MaxColumn), s.spectral_norm);
        const double kappa = cell(model, row, SpectrumTableModel::ConditionColumn);
        QVERIFY(kappa == s.condition_number ||
                (std::isnan(kappa) && std::isnan(s.condition_number)));
        const double upper = cell(model, row, SpectrumTableModel::UpperRatioColumn);
        QVERIFY(upper == s.upper_ratio || (std::isnan(upper) && std::isnan(s.upper_ratio)));
        QCOMPARE(model->data(model->index(row, 0), Qt::ToolTipRole).toString(),
                 QString::fromStdString(s.theory.note));
    }
    QCOMPARE(text(model, 0, SpectrumTableModel::TheoryColumn), QStringLiteral("Marchenko–Pastur"));
    QCOMPARE(text(model, 1, SpectrumTableModel::TheoryColumn), QStringLiteral("exact"));
    QCOMPARE(text(model, 2, SpectrumTableModel::TheoryColumn), QStringLiteral("none"));
    // MP: s_max near the upper edge σ(√N + √M) = 2σ√100 (σ = 1/√300), within the finite-size
    // fluctuation of a 100 × 100 matrix (a few %); the orthogonal weight sits exactly on gain.
    QVERIFY(std::abs(cell(model, 0, SpectrumTableModel::UpperRatioColumn) - 1) < 0.1);
    QCOMPARE(cell(model, 0, SpectrumTableModel::UpperColumn), 20.0 / std::sqrt(300.0));
    QVERIFY(std::abs(cell(model, 1, SpectrumTableModel::UpperRatioColumn) - 1) < 1e-5);
    QVERIFY(std::abs(cell(model, 1, SpectrumTableModel::ConditionColumn) - 1) < 1e-5);
    // No theory: its edges are "—".
    QCOMPARE(text(model, 2, SpectrumTableModel::LowerColumn), QStringLiteral("—"));
    QCOMPARE(text(model, 4, SpectrumTableModel::UpperRatioColumn), QStringLiteral("—"));
    // Constant 0.5 on 2 × 100: rank one, s_min is rounding noise → κ beyond 1e12.
    QVERIFY(cell(model, 4, SpectrumTableModel::ConditionColumn) > 1e12);
    QCOMPARE(SpectrumTableModel::number_text(std::numeric_limits<double>::infinity()),
             QStringLiteral("∞"));
    QCOMPARE(SpectrumTableModel::number_text(0.50003), QStringLiteral("0.5"));
}

void TestSpectrumTab::convWeightsShowTheirTensorShape() {
    Network network;
    Layer conv;
    conv.name = "conv1";
    conv.kind = LayerKind::Conv2d;
    conv.in = 3;
    conv.out = 16;
    conv.kernel_size = {3, 3};
    network.layers.push_back(conv);
    network.input_shape = std::vector<int64_t>{3, 8, 8};
    SpectrumTab tab;
    tab.show_analysis(analyse(network));
    QCOMPARE(text(tab.model(), 0, SpectrumTableModel::ShapeColumn),
             QStringLiteral("16 × 27 (16 × 3 × 3 × 3)"));
    QCOMPARE(tab.plots()[0]->title(), QStringLiteral("conv1.weight — 16 × 27"));
}

void TestSpectrumTab::manyWeightsShowTheFirstPlotsAndEveryRow() {
    std::vector<int64_t> sizes(61, 4);
    SpectrumTab tab;
    tab.show_analysis(analyse(test::linear_network(sizes)));
    QCOMPARE(tab.model()->rowCount(), 60);
    QCOMPARE(tab.plots().size(), SpectrumTab::kMaxPlots);
    QVERIFY(tab.status_text().contains(QStringLiteral("first 48 of 60")));
    // Fewer weights again: the plots shrink to them.
    tab.show_analysis(analyse(test::course_network()));
    QCOMPARE(tab.plots().size(), 5);
}

void TestSpectrumTab::columnsFollowTheWidth() {
    SpectrumTab tab;
    tab.show_analysis(analyse(mixed_network()));
    tab.resize(1280, 720);
    tab.show();
    QVERIFY(QTest::qWaitForWindowExposed(&tab));
    QTRY_COMPARE(tab.column_count(), 3);
    tab.resize(1920, 1080);
    QTRY_COMPARE(tab.column_count(), 4);
    tab.resize(500, 700);
    QTRY_COMPARE(tab.column_count(), 1);
    for (SpectrumPlot* plot : tab.plots()) QVERIFY(plot->width() <= 500);
}

void TestSpectrumTab::selectionAndClicks() {
    SpectrumTab tab;
    tab.show_analysis(analyse(mixed_network()));
    QSignalSpy activated(&tab, &SpectrumTab::tensorActivated);
    QVERIFY(tab.select_tensor(3, TensorRole::Weight));
    QCOMPARE(tab.view()->currentIndex().row(), 3);
    QVERIFY(!tab.select_tensor(3, TensorRole::Bias));
    QVERIFY(!tab.select_tensor(9, TensorRole::Weight));
    QCOMPARE(activated.count(), 0);
    QTest::mouseClick(tab.plots()[2], Qt::LeftButton, {}, QPoint(50, 50));
    QCOMPARE(activated.count(), 1);
    QCOMPARE(activated[0][0].toInt(), 2);
    QCOMPARE(tab.view()->currentIndex().row(), 2);
}

void TestSpectrumTab::clearingShowsWhy() {
    SpectrumTab tab;
    QVERIFY(tab.status_text().startsWith(QStringLiteral("No spectra yet")));
    tab.show_analysis(analyse(mixed_network()));
    tab.show_analysis(nullptr);
    QCOMPARE(tab.plots().size(), 0);
    QCOMPARE(tab.model()->rowCount(), 0);
    QVERIFY(tab.status_text().startsWith(QStringLiteral("No spectra yet")));
}

QTEST_MAIN(TestSpectrumTab)
#include "tst_spectrum_tab.moc"
