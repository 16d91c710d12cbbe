// HistogramPlot and DensityPlot draw exactly the core's numbers: the bars are the core
// histogram's heights in each scale, the theory curve is Theory::pdf scaled like the bars, the
// bounds are Theory::bound_marks(), point masses are stems.

#include "core/schemes/scheme_registry.h"
#include "plot_test_networks.h"
#include "ui/plots/density_plot.h"
#include "ui/plots/histogram_plot.h"
#include "ui/plots/plot_caption.h"
#include "ui/plots/plot_curve.h"
#include "ui/plots/plot_style.h"

#include <QtTest>

#include <cmath>
#include <optional>

using namespace initscope;

Q_DECLARE_METATYPE(initscope::HistogramScale)

namespace {

const TensorSummary& find(const NetworkSummary& s, const std::string& layer, TensorRole role) {
    for (const TensorSummary& t : s.tensors)
        if (t.layer_name == layer && t.role == role) return t;
    qFatal("tensor not found");
}

double theory_factor(const Histogram& h, HistogramScale scale) {
    switch (scale) {
        case HistogramScale::Counts:
            return h.bin_width() * static_cast<double>(h.binned());
        case HistogramScale::Probability:
            return h.bin_width();
        case HistogramScale::Density:
            return 1.0;
    }
    return 1.0;
}

/// The bars are the core's: at the bin centres, except that a bar holding a point mass
/// (`point_mass`) is centred on its value.
void compare_bars(const HistogramPlot& plot, const Histogram& h, HistogramScale scale,
                  std::optional<double> point_mass = std::nullopt) {
    const std::vector<double> heights = h.heights(scale);
    QCPBars* bars = plot.bars();
    QVERIFY(bars);
    QCOMPARE(bars->data()->size(), h.bins());
    QCOMPARE(bars->width(), h.bin_width());
    QCOMPARE(bars->widthType(), QCPBars::wtPlotCoords);
    int i = 0;
    for (auto it = bars->data()->constBegin(); it != bars->data()->constEnd(); ++it, ++i) {
        const bool holds = point_mass && *point_mass >= h.edges()[static_cast<size_t>(i)] &&
                           *point_mass < h.edges()[static_cast<size_t>(i) + 1];
        QCOMPARE(it->key, holds ? *point_mass : h.center(i));
        QCOMPARE(it->value, heights[static_cast<size_t>(i)]);
    }
}

/// The legend's entries (its grid may hold empty cells once wrapped into columns).
int legend_entries(const QCPLegend* legend) {
    int n = 0;
    for (int i = 0; i < legend->elementCount(); ++i)
        if (legend->elementAt(i)) ++n;
    return n;
}

}  // namespace

class TestHistogramPlot : public QObject {
    Q_OBJECT
private slots:
    void initTestCase();
    void fontsFollowApplicationFont_issue_11();
    void largeFontsStillLayOut_issue_11();
    void shortStemLabelIsOffTheAxis_issue_11_item_9();
    void titleWrapsInsteadOfEliding_issue_11();
    void barsEqualCoreHeights_data();
    void barsEqualCoreHeights();
    void theoryCurveIsScaledPdf_data();
    void theoryCurveIsScaledPdf();
    void torchDefaultBiasBounds();
    void xavierNormalNarrowsToTenth();
    void pointMassIsAStem();
    void aggregateHasNoTheory();
    void sharedXRangeRedrawsTheory();
    void densityPlotCurvesAndLegend();
    void boundMarksAlwaysInXRange();
    void unchangedContentDoesNotReplot();
    void narrowPlotKeepsFullTitle();
    void simplifiedLineStaysWithinTolerance();

private:
    std::shared_ptr<const NetworkSummary> course_;
};

void TestHistogramPlot::initTestCase() {
    course_ = test::summarize(test::course_network());
    QCOMPARE(course_->tensors.size(), size_t{10});
    QCOMPARE(course_->bias_count, int64_t{402});
    QCOMPARE(course_->weight_count, int64_t{40200});
}

void TestHistogramPlot::barsEqualCoreHeights_data() {
    QTest::addColumn<int>("tensor");
    QTest::addColumn<HistogramScale>("scale");
    for (int tensor : {0, 1, 2, 8, 9}) {
        for (auto [name, scale] : {std::pair{"counts", HistogramScale::Counts},
                                   std::pair{"probability", HistogramScale::Probability},
                                   std::pair{"density", HistogramScale::Density}}) {
            const std::string tag =
                course_->tensors[static_cast<size_t>(tensor)].label() + " " + name;
            QTest::newRow(tag.c_str()) << tensor << scale;
        }
    }
}

void TestHistogramPlot::barsEqualCoreHeights() {
    QFETCH(int, tensor);
    QFETCH(HistogramScale, scale);
    const TensorSummary& t = course_->tensors[static_cast<size_t>(tensor)];
    HistogramPlot plot;
    plot.show_tensor(t, scale);
    compare_bars(plot, t.histogram, scale);
    QCOMPARE(plot.yAxis->label(), HistogramPlot::scale_label(scale));
    QCOMPARE(plot.xAxis->label(), QStringLiteral("value"));
    QCOMPARE(plot.title(),
             QString::fromStdString(t.label()) + QStringLiteral(" — PyTorch default"));
    QVERIFY(plot.stats_text().contains(QStringLiteral("n = ")));
    QVERIFY(!plot.bars()->antialiased());
}

void TestHistogramPlot::theoryCurveIsScaledPdf_data() {
    barsEqualCoreHeights_data();
}

void TestHistogramPlot::theoryCurveIsScaledPdf() {
    QFETCH(int, tensor);
    QFETCH(HistogramScale, scale);
    const TensorSummary& t = course_->tensors[static_cast<size_t>(tensor)];
    HistogramPlot plot;
    plot.show_tensor(t, scale);
    QCPGraph* curve = plot.theory_curve();
    QVERIFY(curve);
    QVERIFY(curve->data()->size() >= HistogramPlot::theory_points);
    const double factor = theory_factor(t.histogram, scale);
    int checked = 0;
    for (auto it = curve->data()->constBegin(); it != curve->data()->constEnd(); ++it) {
        // At the support ends the curve holds both one-sided values (a vertical edge).
        if (it->key == t.theory.support_lo() || it->key == t.theory.support_hi()) continue;
        QCOMPARE(it->value, t.theory.pdf(it->key) * factor);
        ++checked;
    }
    QVERIFY(checked >= HistogramPlot::theory_points - 2);
    // The curve spans the visible x-range.
    QCOMPARE(curve->data()->constBegin()->key, plot.xAxis->range().lower);
}

void TestHistogramPlot::torchDefaultBiasBounds() {
    // PyTorch's default bias: U(±1/√fan_in) with fan_in = 100, so the bounds are ±0.1.
    const TensorSummary& bias = find(*course_, "fc1", TensorRole::Bias);
    HistogramPlot plot;
    plot.show_tensor(bias, HistogramScale::Density);
    const QList<QCPItemStraightLine*> lines = plot.bound_lines();
    QCOMPARE(lines.size(), 2);
    QCOMPARE(lines[0]->point1->key(), -0.1);
    QCOMPARE(lines[1]->point1->key(), 0.1);
    QCOMPARE(lines[0]->pen().style(), Qt::DashLine);
    QCOMPARE(plot.bound_texts(), QStringList{QStringLiteral("±1/√fan_in = ±0.1")});
    // Density scale: inside the support the curve is 1/(2·0.1) = 5.
    QCOMPARE(bias.theory.pdf(0.0), 5.0);
    QVERIFY(plot.atom_stems().isEmpty());
}

void TestHistogramPlot::xavierNormalNarrowsToTenth() {
    Network network = test::course_network();
    network.layers[1].weight_init = SchemeRegistry::defaults(SchemeId::XavierNormal);
    const auto summary = test::summarize(network);
    const TensorSummary& weight = find(*summary, "fc1", TensorRole::Weight);
    HistogramPlot plot;
    plot.show_tensor(weight, HistogramScale::Counts);
    QCOMPARE(plot.title(), QStringLiteral("fc1.weight — Xavier / Glorot normal"));
    compare_bars(plot, weight.histogram, HistogramScale::Counts);
    const QList<QCPItemStraightLine*> lines = plot.bound_lines();
    QCOMPARE(lines.size(), 2);
    QVERIFY(qFuzzyCompare(lines[1]->point1->key(), 0.1));
    QCOMPARE(plot.bound_texts(), QStringList{QStringLiteral("±σ = ±0.1")});
    QVERIFY(plot.stats_text().contains(QStringLiteral("theory 0.1)")));
}

void TestHistogramPlot::pointMassIsAStem() {
    Network network = test::course_network();
    network.layers[0].bias_init = InitSpec(SchemeId::Zeros);
    const auto summary = test::summarize(network);
    const TensorSummary& bias = find(*summary, "input", TensorRole::Bias);
    for (HistogramScale scale :
         {HistogramScale::Counts, HistogramScale::Probability, HistogramScale::Density}) {
        HistogramPlot plot;
        plot.show_tensor(bias, scale);
        compare_bars(plot, bias.histogram, scale, 0.0);
        QVERIFY(plot.theory_curve()->data()->isEmpty());
        QVERIFY(plot.bound_lines().isEmpty());  // the stem marks the value
        // The zero bias's bar is centred on 0 (numpy's bin is [0, w)), under its stem.
        double tallest_key = 1, tallest = -1;
        for (const QCPBarsData& bar : *plot.bars()->data())
            if (bar.value > tallest) tallest = bar.value, tallest_key = bar.key;
        QCOMPARE(tallest_key, 0.0);
        const QList<QCPItemLine*> stems = plot.atom_stems();
        QCOMPARE(stems.size(), 1);
        QCOMPARE(stems[0]->start->key(), 0.0);
        // The stem ends where the bar holding all 100 zeros ends.
        const std::vector<double> heights = bias.histogram.heights(scale);
        QVERIFY(qFuzzyCompare(stems[0]->end->value(),
                              *std::max_element(heights.begin(), heights.end())));
    }
}

void TestHistogramPlot::aggregateHasNoTheory() {
    for (HistogramScale scale :
         {HistogramScale::Counts, HistogramScale::Probability, HistogramScale::Density}) {
        HistogramPlot plot;
        plot.show_aggregate(QStringLiteral("All weights"), course_->weights_histogram,
                            course_->all_weights, TensorRole::Weight, scale);
        compare_bars(plot, course_->weights_histogram, scale);
        QVERIFY(plot.theory_curve()->data()->isEmpty());
        QVERIFY(plot.bound_lines().isEmpty());
        QCOMPARE(plot.title(), QStringLiteral("All weights"));
        QVERIFY(plot.stats_text().startsWith(QStringLiteral("n = 40,200")));
    }
}

void TestHistogramPlot::sharedXRangeRedrawsTheory() {
    const TensorSummary& weight = find(*course_, "fc2", TensorRole::Weight);
    HistogramPlot plot;
    plot.show_tensor(weight, HistogramScale::Density);
    plot.set_x_range(-0.5, 0.5);
    QCOMPARE(plot.xAxis->range().lower, -0.5);
    QCOMPARE(plot.xAxis->range().upper, 0.5);
    QCOMPARE(plot.theory_curve()->data()->constBegin()->key, -0.5);
    QCOMPARE((plot.theory_curve()->data()->constEnd() - 1)->key, 0.5);
    plot.clear_x_range();
    QVERIFY(plot.xAxis->range().upper < 0.5);
}

void TestHistogramPlot::densityPlotCurvesAndLegend() {
    DensityPlot plot;
    std::vector<DensityCurve> curves;
    for (const TensorSummary& t : course_->tensors)
        if (t.role == TensorRole::Weight)
            curves.push_back({QString::fromStdString(t.layer_name), t.histogram, t.stats.n,
                              QColor(Qt::red), false, std::nullopt});
    plot.set_curves(curves);
    QCOMPARE(plot.curve_count(), 5);
    QCOMPARE(plot.curve(1)->name(), QStringLiteral("fc1 (n = 10,000)"));
    QCOMPARE(legend_entries(plot.legend), 5);
    // A polygon through the bin centres, closed to 0 half a bin beyond each end.
    const Histogram& h = curves[1].histogram;
    const std::vector<double> density = h.heights(HistogramScale::Density);
    auto data = plot.curve(1)->data();
    QCOMPARE(data->size(), h.bins() + 2);
    QCOMPARE(data->constBegin()->value, 0.0);
    for (int i = 0; i < h.bins(); ++i) {
        QCOMPARE(data->at(i + 1)->key, h.center(i));
        QCOMPARE(data->at(i + 1)->value, density[static_cast<size_t>(i)]);
    }
    // Fewer curves remove graphs.
    curves.resize(2);
    plot.set_curves(curves);
    QCOMPARE(plot.curve_count(), 2);
    QCOMPARE(plot.graphCount(), 2);
}

void TestHistogramPlot::boundMarksAlwaysInXRange() {
    // The course output.bias holds 2 values (−0.08, −0.02): its +0.1 bound is still in view,
    // with a margin, for every tensor and scale.
    for (const TensorSummary& t : course_->tensors) {
        HistogramPlot plot;
        plot.show_tensor(t, HistogramScale::Counts);
        const QCPRange range = plot.xAxis->range();
        const double margin = 0.02 * range.size();
        for (double mark : t.theory.bound_marks()) {
            QVERIFY2(mark > range.lower + margin && mark < range.upper - margin, t.label().c_str());
        }
    }
}

void TestHistogramPlot::unchangedContentDoesNotReplot() {
    const TensorSummary& weight = find(*course_, "fc1", TensorRole::Weight);
    const TensorSummary& other = find(*course_, "fc2", TensorRole::Weight);
    HistogramPlot plot;
    plot.resize(500, 260);
    plot.show();
    QVERIFY(QTest::qWaitForWindowExposed(&plot));
    plot.show_tensor(weight, HistogramScale::Counts);
    QCoreApplication::processEvents();
    QSignalSpy spy(&plot, &QCustomPlot::afterReplot);
    plot.show_tensor(weight, HistogramScale::Counts);  // same content: nothing to redraw
    QCoreApplication::processEvents();
    QCOMPARE(spy.count(), 0);
    plot.show_tensor(other, HistogramScale::Counts);  // new content: exactly one replot
    plot.show_tensor(other, HistogramScale::Counts);
    QCoreApplication::processEvents();
    QCOMPARE(spy.count(), 1);
}

void TestHistogramPlot::fontsFollowApplicationFont_issue_11() {
    // Ticks at the application font's size, axis labels 1.1×, titles 1.25× bold; a change of
    // the application font (zoom, presenter mode) restyles plots that already exist.
    const QFont original = QApplication::font();
    HistogramPlot plot;
    DensityPlot density;
    plot.show_tensor(course_->tensors[0], HistogramScale::Counts);
    QFont font = original;
    font.setPixelSize(18);
    QApplication::setFont(font);
    QCoreApplication::processEvents();
    for (QCustomPlot* p : {static_cast<QCustomPlot*>(&plot), static_cast<QCustomPlot*>(&density)}) {
        QCOMPARE(p->xAxis->tickLabelFont().pixelSize(), 18);
        QCOMPARE(p->yAxis->tickLabelFont().pixelSize(), 18);
        QCOMPARE(p->xAxis->labelFont().pixelSize(), 20);  // 19.8
        QCOMPARE(p->legend->font().pixelSize(), 18);
    }
    QCOMPARE(PlotStyle::title_font().pixelSize(), 23);  // 22.5
    QVERIFY(PlotStyle::title_font().bold());
    font = original;
    font.setPointSizeF(22);  // 2× the window's 11 pt
    QApplication::setFont(font);
    QCoreApplication::processEvents();  // the font change events are posted
    QCOMPARE(plot.xAxis->tickLabelFont().pointSizeF(), 22.0);
    QApplication::setFont(original);
    QCoreApplication::processEvents();
    QCOMPARE(plot.xAxis->tickLabelFont().pointSizeF(), original.pointSizeF());
}

void TestHistogramPlot::largeFontsStillLayOut_issue_11() {
    // At 18 px and at 2× the plot keeps an axis rect and its x tick labels do not touch.
    const QFont original = QApplication::font();
    for (int pixels : {18, 2 * QFontInfo(original).pixelSize()}) {
        QFont font = original;
        font.setPixelSize(pixels);
        QApplication::setFont(font);
        QCoreApplication::processEvents();
        // As tall as the Layers tab makes a small multiple: 250 px or 13 lines.
        HistogramPlot plot;
        plot.resize(300, std::max(250, 13 * QFontMetrics(PlotStyle::tick_font()).height()));
        plot.show_tensor(find(*course_, "fc1", TensorRole::Weight), HistogramScale::Counts);
        plot.replot();
        QVERIFY2(plot.axisRect()->rect().height() > 30, qPrintable(QString::number(pixels)));
        const QFontMetrics metrics(plot.xAxis->tickLabelFont());
        const QVector<double> ticks = plot.xAxis->tickVector();
        const QVector<QString> labels = plot.xAxis->tickVectorLabels();
        int previous_right = -1000, shown = 0;
        for (qsizetype i = 0; i < ticks.size(); ++i) {
            if (!plot.xAxis->range().contains(ticks[i])) continue;
            ++shown;
            const int centre = int(plot.xAxis->coordToPixel(ticks[i]));
            const int half = metrics.horizontalAdvance(labels[i]) / 2;
            QVERIFY2(centre - half > previous_right, qPrintable(labels[i]));
            previous_right = centre + half;
        }
        QVERIFY(shown >= 2);
    }
    QApplication::setFont(original);
    QCoreApplication::processEvents();
}

void TestHistogramPlot::shortStemLabelIsOffTheAxis_issue_11_item_9() {
    // eye on a 100×100 weight: P(x = 1) = 0.01, a stem of almost no height. Its label stands
    // above the stem's disc, clear of the x axis, and inside the axis rect.
    Network network = test::course_network();
    network.layers[1].weight_init = InitSpec(SchemeId::Eye);
    const auto summary = test::summarize(network);
    HistogramPlot plot;
    plot.resize(500, 300);
    plot.show_tensor(find(*summary, "fc1", TensorRole::Weight), HistogramScale::Counts);
    plot.replot();
    const QList<QCPItemLine*> stems = plot.atom_stems();
    QCOMPARE(stems.size(), 2);
    const int axis_y = plot.axisRect()->rect().bottom();
    for (int i = 0; i < plot.itemCount(); ++i) {
        auto* label = qobject_cast<QCPItemText*>(plot.item(i));
        if (!label || !label->visible() || !label->text().startsWith(QStringLiteral("P(x =")))
            continue;
        const double bottom = label->bottom->pixelPosition().y();
        const double top = label->top->pixelPosition().y();
        QVERIFY2(bottom < axis_y - 4, qPrintable(label->text()));
        QVERIFY2(top >= plot.axisRect()->rect().top(), qPrintable(label->text()));
    }
}

void TestHistogramPlot::titleWrapsInsteadOfEliding_issue_11() {
    // A narrow plot breaks its title at " — " rather than cutting it ("Bias densiti…").
    HistogramPlot plot;
    plot.show_tensor(find(*course_, "output", TensorRole::Weight), HistogramScale::Counts);
    plot.resize(180, 250);
    plot.replot();
    const QFontMetrics metrics(PlotStyle::title_font());
    const int width = std::max(metrics.horizontalAdvance(QStringLiteral("output.weight —")),
                               metrics.horizontalAdvance(QStringLiteral("PyTorch default")));
    const QStringList lines = PlotCaption::wrap(plot.title(), metrics, width + 2);
    QCOMPARE(lines,
             QStringList({QStringLiteral("output.weight —"), QStringLiteral("PyTorch default")}));
    QCOMPARE(lines.join(QLatin1Char(' ')), plot.title());  // every word, none cut
    DensityPlot density;
    density.set_title(QStringLiteral("Bias densities per layer"));
    density.resize(160, 250);
    density.replot();
    QVERIFY(density.title() == QStringLiteral("Bias densities per layer"));
}

void TestHistogramPlot::narrowPlotKeepsFullTitle() {
    const TensorSummary& weight = find(*course_, "output", TensorRole::Weight);
    HistogramPlot plot;
    plot.show_tensor(weight, HistogramScale::Counts);
    // The header may elide on screen, but never asks for more than a small width.
    QVERIFY(static_cast<QWidget&>(plot).minimumSizeHint().width() < 200);
    plot.resize(220, 250);
    QCOMPARE(plot.title(), QStringLiteral("output.weight — PyTorch default"));
    QVERIFY(plot.stats_text().startsWith(QStringLiteral("n = 200")));
}

void TestHistogramPlot::simplifiedLineStaysWithinTolerance() {
    // A flat run collapses to its ends; a curve keeps every point within the tolerance.
    QVector<QPointF> flat;
    for (int i = 0; i <= 100; ++i) flat << QPointF(i, 10);
    const QVector<QPointF> two = PlotCurve::simplified(flat, 0.25);
    QCOMPARE(two.size(), 2);
    QCOMPARE(two.front(), flat.front());
    QCOMPARE(two.back(), flat.back());
    QVector<QPointF> curve;
    for (int i = 0; i <= 240; ++i)
        curve << QPointF(2.0 * i, 100 * std::exp(-0.5 * std::pow((i - 120) / 30.0, 2)));
    const QVector<QPointF> kept = PlotCurve::simplified(curve, 0.25);
    QVERIFY(kept.size() < curve.size());
    QCOMPARE(kept.front(), curve.front());
    QCOMPARE(kept.back(), curve.back());
    // Every original point lies within 0.25 px of the kept polyline.
    for (const QPointF& p : curve) {
        double best = 1e9;
        for (qsizetype k = 0; k + 1 < kept.size(); ++k) {
            const QPointF a = kept[k], b = kept[k + 1];
            const double dx = b.x() - a.x(), dy = b.y() - a.y();
            const double t = std::clamp(
                ((p.x() - a.x()) * dx + (p.y() - a.y()) * dy) / (dx * dx + dy * dy), 0.0, 1.0);
            best = std::min(best, std::hypot(a.x() + t * dx - p.x(), a.y() + t * dy - p.y()));
        }
        QVERIFY(best <= 0.25 + 1e-9);
    }
    // Gaps (NaN) are kept.
    QVector<QPointF> gap = flat;
    gap[50] = QPointF(50, qQNaN());
    const QVector<QPointF> split = PlotCurve::simplified(gap, 0.25);
    QCOMPARE(std::count_if(split.begin(), split.end(),
                           [](const QPointF& p) { return std::isnan(p.y()); }),
             1);
    QCOMPARE(split.size(), 5);
}

QTEST_MAIN(TestHistogramPlot)
#include "tst_histogram_plot.moc"
