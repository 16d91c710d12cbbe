// The random-matrix theory of the weights' spectra (SpectrumTheory, signal-propagation.md §3):
// the Marchenko–Pastur edges and density are the formula's (the Llama check value, the density
// integrates to 1, the quarter circle), a Gaussian sample's extreme values lie within a
// Tracy–Widom-scaled distance of the edges, orthogonal / eye / dirac are exact, and sparse,
// constant and zeros have no theory.
#include "core/propagation/weight_spectrum.h"

#include "spectrum_support.h"

#include <QtTest>
#include <cmath>
#include <limits>
#include <numbers>

using namespace initscope;
using initscope::test::conv2d_init;
using initscope::test::linear_init;
using initscope::test::spec;
using initscope::test::weight_of;

Q_DECLARE_METATYPE(initscope::Layer)

namespace {

using Method = SingularValues::Method;

/// ∫ density over [lower, upper], with s = c + h·sin θ (the √ edges become smooth), Simpson.
double integral(const SpectrumTheory& t) {
    const double c = 0.5 * (t.lower + t.upper), h = 0.5 * (t.upper - t.lower);
    const int n = 4000;
    const double a = -std::numbers::pi / 2, step = std::numbers::pi / n;
    double sum = 0;
    for (int i = 0; i <= n; ++i) {
        const double theta = a + i * step;
        const double f = t.density(c + h * std::sin(theta)) * h * std::cos(theta);
        sum += f * (i == 0 || i == n ? 1 : (i % 2 == 1 ? 4 : 2));
    }
    return sum * step / 3;
}

}  // namespace

class TestSpectrumTheory : public QObject {
    Q_OBJECT

private slots:
    void marchenko_pastur_edges_are_the_formula() {
        // PyTorch's default W[14336, 4096] (Llama-8B MLP): σ = 1/√(3·4096), values in
        // [0.503, 1.657] (signal-propagation.md §3). Theory only: nothing is allocated.
        const Layer llama = linear_init("w1", 4096, 14336, spec(SchemeId::TorchDefault));
        const SpectrumTheory t = WeightSpectrumAnalysis::theory(llama);
        QCOMPARE(t.kind, SpectrumTheory::Kind::MarchenkoPastur);
        QCOMPARE(t.rows, 14336);
        QCOMPARE(t.cols, 4096);
        const double sigma = 1 / std::sqrt(3.0 * 4096);
        QVERIFY(std::fabs(t.sigma - sigma) <= 1e-15);
        QVERIFY(std::fabs(t.lower - sigma * (std::sqrt(14336.0) - 64)) <= 1e-12);
        QVERIFY(std::fabs(t.upper - sigma * (std::sqrt(14336.0) + 64)) <= 1e-12);
        QVERIFY2(std::fabs(t.lower - 0.503) < 5e-4, qPrintable(QString::number(t.lower)));
        QVERIFY2(std::fabs(t.upper - 1.657) < 5e-4, qPrintable(QString::number(t.upper)));
        // The orientation does not matter; N ≥ M.
        const SpectrumTheory wide = SpectrumTheory::marchenko_pastur(sigma, 4096, 14336);
        QCOMPARE(wide.rows, 14336);
        QCOMPARE(wide.lower, t.lower);
    }

    void density_integrates_to_one_data() {
        QTest::addColumn<double>("sigma");
        QTest::addColumn<qint64>("rows");
        QTest::addColumn<qint64>("cols");
        QTest::newRow("square") << 0.1 << qint64(100) << qint64(100);
        QTest::newRow("2000x500") << 0.05 << qint64(2000) << qint64(500);
        QTest::newRow("wide") << 1.0 << qint64(30) << qint64(1000);
        QTest::newRow("llama") << 1 / std::sqrt(3.0 * 4096) << qint64(14336) << qint64(4096);
    }
    void density_integrates_to_one() {
        QFETCH(double, sigma);
        QFETCH(qint64, rows);
        QFETCH(qint64, cols);
        const SpectrumTheory t = SpectrumTheory::marchenko_pastur(sigma, rows, cols);
        QVERIFY2(std::fabs(integral(t) - 1) < 1e-9,
                 qPrintable(QString::number(integral(t), 'g', 15)));
        QCOMPARE(t.density(t.lower * 0.999), t.lower > 0 ? 0.0 : t.density(0));
        QCOMPARE(t.density(t.upper * 1.001), 0.0);
        // The first moment: E[s²] = σ²·N (the mean eigenvalue of WᵀW/N is σ²).
        const double c = 0.5 * (t.lower + t.upper), h = 0.5 * (t.upper - t.lower);
        double m2 = 0;
        const int n = 4000;
        for (int i = 1; i < n; ++i) {
            const double theta = -std::numbers::pi / 2 + i * std::numbers::pi / n;
            const double s = c + h * std::sin(theta);
            m2 += s * s * t.density(s) * h * std::cos(theta) * std::numbers::pi / n;
        }
        const double expected = sigma * sigma * static_cast<double>(t.rows);
        QVERIFY2(std::fabs(m2 / expected - 1) < 1e-6, qPrintable(QString::number(m2 / expected)));
    }

    void square_density_is_the_quarter_circle() {
        // Q = 1: s/√N has density √(4σ² − x²)/(πσ²), so s has √(4σ² − s²/N)/(√N·πσ²).
        const double sigma = 0.3, n = 400;
        const SpectrumTheory t = SpectrumTheory::marchenko_pastur(sigma, 400, 400);
        QCOMPARE(t.lower, 0.0);
        for (double s : {0.0, 0.5, 3.0, 11.9}) {
            const double expected = std::sqrt(4 * sigma * sigma - s * s / n) /
                                    (std::sqrt(n) * std::numbers::pi * sigma * sigma);
            QVERIFY2(
                std::fabs(t.density(s) - expected) <= 1e-12 * expected,
                qPrintable(
                    QString("s = %1: %2, expected %3").arg(s).arg(t.density(s)).arg(expected)));
        }
    }

    void gaussian_sample_near_the_edges() {
        // A 2000 × 500 Gaussian sample: s_max and s_min fluctuate around σ(√N ± √M) on the
        // Tracy–Widom scale ½σ(1/√N ± 1/√M)^(1/3) (Johnstone 2001; ≈ 0.2σ and 0.14σ here, about
        // N^(−2/3) of the edge); six of those cover the distribution's bulk and its shift.
        const double sigma = 0.05;
        const Layer layer = linear_init("g", 500, 2000, spec(SchemeId::Normal, {{"std", sigma}}));
        const WeightSpectrum s = WeightSpectrumAnalysis::of(layer, weight_of(layer, 11));
        QCOMPARE(s.theory.kind, SpectrumTheory::Kind::MarchenkoPastur);
        QCOMPARE(s.singular_values.size(), size_t(500));
        QCOMPARE(s.method, Method::Svd);
        const double rn = std::sqrt(2000.0), rm = std::sqrt(500.0);
        QVERIFY(std::fabs(s.theory.upper - sigma * (rn + rm)) < 1e-12);
        QVERIFY(std::fabs(s.theory.lower - sigma * (rn - rm)) < 1e-12);
        const double upper_scale = 0.5 * sigma * std::cbrt(1 / rn + 1 / rm);
        const double lower_scale = 0.5 * sigma * std::cbrt(1 / rm - 1 / rn);
        const double s_max = s.singular_values.front(), s_min = s.singular_values.back();
        QVERIFY2(std::fabs(s_max - s.theory.upper) < 6 * upper_scale,
                 qPrintable(QString("s_max %1, edge %2").arg(s_max).arg(s.theory.upper)));
        QVERIFY2(std::fabs(s_min - s.theory.lower) < 6 * lower_scale,
                 qPrintable(QString("s_min %1, edge %2").arg(s_min).arg(s.theory.lower)));
        QCOMPARE(s.spectral_norm, s_max);
        QCOMPARE(s.condition_number, s_max / s_min);
        QCOMPARE(s.upper_ratio, s_max / s.theory.upper);
        QCOMPARE(s.lower_ratio, s_min / s.theory.lower);
        // The histogram: 40 bins over [0, 1.05·max(s_max, upper)], every value binned.
        QCOMPARE(s.histogram.bins(), 40);
        QCOMPARE(s.histogram.lo(), 0.0);
        QCOMPARE(s.histogram.hi(), std::max(s_max, s.theory.upper) * 1.05);
        QCOMPARE(s.histogram.binned(), 500);
    }

    void orthogonal_values_equal_gain_data() {
        QTest::addColumn<Layer>("layer");
        QTest::newRow("tall") << linear_init("o", 120, 200,
                                             spec(SchemeId::Orthogonal, {{"gain", 1.5}}));
        QTest::newRow("wide") << linear_init("o", 200, 120,
                                             spec(SchemeId::Orthogonal, {{"gain", 0.5}}));
        QTest::newRow("square") << linear_init("o", 64, 64, spec(SchemeId::Orthogonal));
        QTest::newRow("conv") << conv2d_init("o", 8, 16,
                                             spec(SchemeId::Orthogonal, {{"gain", 2.0}}));
    }
    void orthogonal_values_equal_gain() {
        QFETCH(Layer, layer);
        const double gain = layer.weight_init.number("gain");
        const WeightSpectrum s = WeightSpectrumAnalysis::of(layer, weight_of(layer));
        QCOMPARE(s.theory.kind, SpectrumTheory::Kind::Exact);
        QCOMPARE(s.theory.lower, gain);
        QCOMPARE(s.theory.upper, gain);
        QCOMPARE(s.theory.upper_count, s.theory.cols);
        QCOMPARE(s.singular_values.size(), size_t(s.theory.cols));
        for (double v : s.singular_values)
            QVERIFY2(std::fabs(v - gain) <= 1e-5 * gain, qPrintable(QString::number(v, 'g', 10)));
        QVERIFY(std::fabs(s.upper_ratio - 1) <= 1e-5);
        QVERIFY(std::fabs(s.lower_ratio - 1) <= 1e-5);
    }

    void eye_and_dirac_are_exact_data() {
        QTest::addColumn<Layer>("layer");
        QTest::addColumn<qint64>("ones");  // values equal to `value`
        QTest::addColumn<double>("value");
        QTest::addColumn<qint64>("zeros");  // the rest of min(rows, cols)
        QTest::newRow("eye wide") << linear_init("e", 80, 50, spec(SchemeId::Eye)) << qint64(50)
                                  << 1.0 << qint64(0);
        QTest::newRow("eye tall") << linear_init("e", 30, 70, spec(SchemeId::Eye)) << qint64(30)
                                  << 1.0 << qint64(0);
        // [16, 8, 3, 3], groups 2: rows g·8 + d hold a 1 at column d·9 + 4 (d < 8), so each of 8
        // columns has two ones: 8 values √2, and 8 zeros of min(16, 72).
        QTest::newRow("dirac groups 2")
            << conv2d_init("d", 8, 16, spec(SchemeId::Dirac, {{"groups", 2.0}})) << qint64(8)
            << std::sqrt(2.0) << qint64(8);
        // A grouped conv [8, 2, 3, 3] (layer groups 2), dirac groups 1: d < min(8, 2).
        QTest::newRow("dirac, grouped conv")
            << conv2d_init("d", 4, 8, spec(SchemeId::Dirac), 2) << qint64(2) << 1.0 << qint64(6);
        QTest::newRow("dirac square")
            << conv2d_init("d", 6, 6, spec(SchemeId::Dirac)) << qint64(6) << 1.0 << qint64(0);
    }
    void eye_and_dirac_are_exact() {
        QFETCH(Layer, layer);
        QFETCH(qint64, ones);
        QFETCH(double, value);
        QFETCH(qint64, zeros);
        const WeightSpectrum s = WeightSpectrumAnalysis::of(layer, weight_of(layer));
        QCOMPARE(s.theory.kind, SpectrumTheory::Kind::Exact);
        QCOMPARE(s.theory.upper, value);
        QCOMPARE(s.theory.upper_count, ones);
        QCOMPARE(s.theory.lower, zeros > 0 ? 0.0 : value);
        QCOMPARE(s.singular_values.size(), size_t(ones + zeros));
        for (qint64 i = 0; i < ones + zeros; ++i) {
            const double expected = i < ones ? value : 0.0;
            QVERIFY2(std::fabs(s.singular_values[size_t(i)] - expected) <= 1e-14,
                     qPrintable(QString("value %1: %2").arg(i).arg(s.singular_values[size_t(i)])));
        }
        QVERIFY(!s.theory.note.empty());
        QCOMPARE(std::isnan(s.lower_ratio), zeros > 0);
    }

    void sparse_constant_and_zeros_have_no_theory_data() {
        QTest::addColumn<Layer>("layer");
        QTest::addColumn<double>("top");  // the exact s_max, or −1 when not known
        QTest::newRow("sparse") << linear_init("s", 40, 60, spec(SchemeId::Sparse)) << -1.0;
        QTest::newRow("constant") << linear_init("c", 40, 30,
                                                 spec(SchemeId::Constant, {{"val", -0.25}}))
                                  << 0.25 * std::sqrt(1200.0);
        QTest::newRow("ones") << linear_init("c", 10, 20, spec(SchemeId::Ones)) << std::sqrt(200.0);
        QTest::newRow("zeros") << linear_init("z", 10, 20, spec(SchemeId::Zeros)) << 0.0;
    }
    void sparse_constant_and_zeros_have_no_theory() {
        QFETCH(Layer, layer);
        QFETCH(double, top);
        const WeightSpectrum s = WeightSpectrumAnalysis::of(layer, weight_of(layer));
        QCOMPARE(s.theory.kind, SpectrumTheory::Kind::None);
        QVERIFY(!s.theory.note.empty());
        QVERIFY(std::isnan(s.lower_ratio) && std::isnan(s.upper_ratio));
        QCOMPARE(s.theory.density(1.0), 0.0);
        if (top < 0) return;
        QVERIFY(std::fabs(s.spectral_norm - top) <= 1e-6 * top);
        // Rank one (or zero): the rest vanish to rounding, dgesdd's few ε·s_max.
        for (size_t i = 1; i < s.singular_values.size(); ++i)
            QVERIFY(s.singular_values[i] <= 1e-12 * std::max(top, 1.0));
        if (top == 0) {
            QCOMPARE(s.condition_number, std::numeric_limits<double>::infinity());
            QCOMPARE(s.histogram.hi(), 1.0);  // [0, 1] when there is nothing to scale by
        }
    }
};

QTEST_APPLESS_MAIN(TestSpectrumTheory)
#include "tst_spectrum_theory.moc"
