// MeanField's integrals and maps and PhaseDiagram (signal-propagation.md §2): every check value
// of the reference, agreement with an independent adaptive Simpson integration
// (simpson_reference.h) for every activation, and the closed forms. predict():
// tst_mean_field_prediction.cpp.
#include "core/propagation/mean_field.h"
#include "core/torch/parallel_for.h"

#include "simpson_reference.h"

#include <QtTest>

#include <cmath>
#include <numbers>

using namespace initscope;
using test::cross_reference;
using test::expectation;
using test::relative_error;

Q_DECLARE_METATYPE(initscope::Activation)

namespace {

const double kNaN = std::numeric_limits<double>::quiet_NaN();

/// |value − given| ≤ half a unit of the last digit of `given`, `decimals` digits after the point.
bool matches_digits(double value, double given, int decimals) {
    return std::abs(value - given) <= 0.5 * std::pow(10.0, -decimals) * (1 + 1e-9);
}

const ActivationFunction kTanh{Activation::Tanh};

ActivationFunction function(Activation a) {
    return ActivationFunction{a, a == Activation::LeakyRelu ? 0.2 : 0.01};
}

}  // namespace

class TestMeanField : public QObject {
    Q_OBJECT
private slots:
    // ---- signal-propagation.md §2, tanh -----------------------------------------------------

    void critical_line_check_values_data() {
        QTest::addColumn<double>("sigma_b2");
        QTest::addColumn<double>("given");           // the reference's digits
        QTest::addColumn<double>("high_precision");  // mpmath, 25 digits
        QTest::newRow("0.01") << 0.01 << 1.424 << 1.424205290;
        QTest::newRow("0.05") << 0.05 << 1.761 << 1.760954640;
        QTest::newRow("0.1") << 0.1 << 1.986 << 1.986072641;
        QTest::newRow("0.3") << 0.3 << 2.505 << 2.505127190;
    }
    void critical_line_check_values() {
        QFETCH(double, sigma_b2);
        QFETCH(double, given);
        QFETCH(double, high_precision);
        const std::optional<double> w = MeanField::critical_sigma_w2(kTanh, sigma_b2);
        QVERIFY(w);
        QVERIFY2(matches_digits(*w, given, 3), qPrintable(QString::number(*w, 'g', 12)));
        QVERIFY(relative_error(*w, high_precision) < 1e-9);
        // On the line χ1 at the fixed point is 1.
        QVERIFY(std::abs(MeanField::chi1(kTanh, *w, *MeanField::fixed_point(kTanh, *w, sigma_b2)) -
                         1) < 1e-12);
    }

    void critical_line_tends_to_one() {
        QCOMPARE(*MeanField::critical_sigma_w2(kTanh, 0.0), 1.0);
        const double w = *MeanField::critical_sigma_w2(kTanh, 1e-4);
        QVERIFY(w > 1 && w < 1.1);
    }

    void critical_line_is_where_chi1_passes_one() {
        // gelu at σb² = 0.03: the ordered region ends where q* stops existing (just above, the
        // length map diverges from q = 1): no critical point. At σb² = 0.3 χ1 passes 1.
        const ActivationFunction gelu{Activation::Gelu};
        QVERIFY(!MeanField::critical_sigma_w2(gelu, 0.03));
        QVERIFY(!MeanField::fixed_point(gelu, 2.29, 0.03));
        const double w = *MeanField::critical_sigma_w2(gelu, 0.3);
        QVERIFY(std::abs(MeanField::chi1(gelu, w, *MeanField::fixed_point(gelu, w, 0.3)) - 1) <
                1e-12);
        QVERIFY(w > 1.9 && w < 2);
    }

    void fixed_point_check_values() {
        // (σw², σb²) = (1.0, 0.05): q* = 0.1936, χ1 = 0.7590, ξc = 3.63.
        double q = *MeanField::fixed_point(kTanh, 1.0, 0.05);
        double chi = MeanField::chi1(kTanh, 1.0, q);
        QVERIFY(matches_digits(q, 0.1936, 4));
        QVERIFY(matches_digits(chi, 0.7590, 4));
        QVERIFY(matches_digits(-1 / std::log(chi), 3.63, 2));
        QVERIFY(relative_error(q, 0.1935925202) < 1e-9);  // mpmath
        QVERIFY(relative_error(chi, 0.7590316472) < 1e-9);
        QVERIFY(std::abs(MeanField::length_map(kTanh, 1.0, 0.05, q) - q) < 1e-15);
        // (2.5, 0.05): q* = 1.0640, χ1 = 1.1335.
        q = *MeanField::fixed_point(kTanh, 2.5, 0.05);
        chi = MeanField::chi1(kTanh, 2.5, q);
        QVERIFY(matches_digits(q, 1.0640, 4));
        QVERIFY(matches_digits(chi, 1.1335, 4));
        QVERIFY(relative_error(q, 1.063958377) < 1e-9);
        QVERIFY(relative_error(chi, 1.133515699) < 1e-9);
    }

    void torch_default_xavier_and_gain_check_values() {
        // PyTorch default Linear, fan_in 100: σw² = 1/3, σb² = 1/300; q* ≈ 0.004976, χ1 ≈ 0.3301.
        const double q = *MeanField::fixed_point(kTanh, 1.0 / 3, 1.0 / 300);
        QVERIFY(matches_digits(q, 0.004976, 6));
        QVERIFY(matches_digits(MeanField::chi1(kTanh, 1.0 / 3, q), 0.3301, 4));
        // Xavier, σw² = 1, σb² = 0: the fixed point is q* = 0 exactly, where χ1 = 1 (the edge of
        // chaos). The reference's χ1 ≈ 0.9995 is χ1 at q ≈ 2.502e-4, where the iteration from
        // q = 1 is after ~2000 layers (q_l ≈ 1/(2l) shrinks only algebraically): an unconverged
        // fixed point, not q*.
        QCOMPARE(*MeanField::fixed_point(kTanh, 1.0, 0.0), 0.0);
        QCOMPARE(MeanField::chi1(kTanh, 1.0, 0.0), 1.0);
        QVERIFY(matches_digits(MeanField::chi1(kTanh, 1.0, 2.502e-4), 0.9995, 4));
        double iterated = 1;
        for (int layer = 0; layer < 2000; ++layer)
            iterated = MeanField::length_map(kTanh, 1.0, 0.0, iterated);
        QVERIFY(matches_digits(MeanField::chi1(kTanh, 1.0, iterated), 0.9995, 4));
        // Gain 5/3: σw² = 25/9, σb² = 0, χ1 ≈ 1.2098 at q* = 1.1785 (chaotic).
        const double q_gain = *MeanField::fixed_point(kTanh, 25.0 / 9, 0.0);
        QVERIFY(relative_error(q_gain, 1.17848049) < 1e-8);
        QVERIFY(matches_digits(MeanField::chi1(kTanh, 25.0 / 9, q_gain), 1.2098, 4));
    }

    // ---- Agreement with the independent integration -----------------------------------------

    void integrals_match_simpson_data() {
        QTest::addColumn<Activation>("activation");
        QTest::addColumn<double>("q");
        const std::pair<const char*, Activation> activations[] = {
            {"linear", Activation::Linear},
            {"relu", Activation::Relu},
            {"leaky_relu", Activation::LeakyRelu},
            {"tanh", Activation::Tanh},
            {"sigmoid", Activation::Sigmoid},
            {"selu", Activation::Selu},
            {"gelu", Activation::Gelu},
            {"silu", Activation::Silu}};
        for (const auto& [name, a] : activations)
            for (double q : {1e-4, 0.01, 0.5, 1.0, 3.0, 10.0, 100.0})
                QTest::newRow(qPrintable(QString("%1 q=%2").arg(name).arg(q))) << a << q;
    }
    void integrals_match_simpson() {
        QFETCH(Activation, activation);
        QFETCH(double, q);
        const ActivationFunction phi = function(activation);
        const double second = expectation([&](double u) { return std::pow(phi.value(u), 2); }, q);
        const double slope =
            expectation([&](double u) { return std::pow(phi.derivative(u), 2); }, q);
        const double e2 = relative_error(MeanField::second_moment(phi, q), second);
        const double e1 = relative_error(MeanField::slope_moment(phi, q), slope);
        QVERIFY2(e2 < 1e-11, qPrintable(QString("second moment off by %1").arg(e2)));
        QVERIFY2(e1 < 1e-11, qPrintable(QString("slope moment off by %1").arg(e1)));
    }

    void cross_moment_matches_simpson_data() {
        QTest::addColumn<Activation>("activation");
        QTest::addColumn<double>("q");
        QTest::addColumn<double>("c");
        const std::pair<const char*, Activation> activations[] = {
            {"relu", Activation::Relu}, {"leaky_relu", Activation::LeakyRelu},
            {"tanh", Activation::Tanh}, {"sigmoid", Activation::Sigmoid},
            {"selu", Activation::Selu}, {"gelu", Activation::Gelu},
            {"silu", Activation::Silu}};
        for (const auto& [name, a] : activations)
            for (const auto& [q, c] : {std::pair{0.3, -0.9}, {1.0, 0.2}, {4.0, 0.5}, {1.0, 0.999}})
                QTest::newRow(qPrintable(QString("%1 q=%2 c=%3").arg(name).arg(q).arg(c)))
                    << a << q << c;
    }
    void cross_moment_matches_simpson() {
        QFETCH(Activation, activation);
        QFETCH(double, q);
        QFETCH(double, c);
        const ActivationFunction phi = function(activation);
        const double e =
            relative_error(MeanField::cross_moment(phi, q, c), cross_reference(phi, q, c));
        // The nested Simpson is good to ~1e-9 at its tolerances here (5e-12 with the outer at 1e-12
        // and the inner at 1e-10, 30× slower); the issue asks for 1e-6.
        QVERIFY2(e < 1e-8, qPrintable(QString("off by %1").arg(e)));
    }

    void closed_forms() {
        for (double q : {0.0, 0.3, 2.0, 1e6}) {
            QCOMPARE(MeanField::second_moment(ActivationFunction{Activation::Relu}, q), q / 2);
            QCOMPARE(MeanField::second_moment(ActivationFunction{Activation::Linear}, q), q);
            QCOMPARE(MeanField::slope_moment(ActivationFunction{Activation::Relu}, q), 0.5);
            QCOMPARE(MeanField::slope_moment(ActivationFunction{Activation::Linear}, q), 1.0);
            const ActivationFunction leaky{Activation::LeakyRelu, 0.2};
            QVERIFY(std::abs(MeanField::second_moment(leaky, q) - 0.52 * q) <= 1e-15 * q);
        }
        const ActivationFunction relu{Activation::Relu};
        // ReLU: q_l = σw² q/2 + σb², χ1 = σw²/2, the only critical point (2, 0) (Kaiming).
        QCOMPARE(MeanField::length_map(relu, 2.0, 0.1, 3.0), 3.1);
        QCOMPARE(MeanField::chi1(relu, 1.5, 7.0), 0.75);
        QVERIFY(std::abs(*MeanField::fixed_point(relu, 1.0, 0.1) - 0.2) < 1e-15);
        QCOMPARE(*MeanField::fixed_point(relu, 2.0, 0.0), 1.0);  // every q is fixed
        QVERIFY(!MeanField::fixed_point(relu, 2.0, 0.1));
        QVERIFY(!MeanField::fixed_point(relu, 3.0, 0.0));
        QCOMPARE(*MeanField::critical_sigma_w2(relu, 0.0), 2.0);
        QVERIFY(!MeanField::critical_sigma_w2(relu, 0.1));
        QCOMPARE(*MeanField::critical_sigma_w2(ActivationFunction{Activation::Linear}, 0.0), 1.0);
        // Linear: c' = (σw² q c + σb²)/(σw² q + σb²); ReLU: the arc-cosine kernel at c = 0 is
        // 1/(2π).
        const ActivationFunction linear{Activation::Linear};
        QVERIFY(std::abs(MeanField::correlation_map(linear, 1.5, 0.2, 2.0, 0.3) - 1.1 / 3.2) <
                1e-15);
        QVERIFY(std::abs(MeanField::cross_moment(relu, 2.0, 0.0) - 2 / (2 * std::numbers::pi)) <
                1e-15);
    }

    void correlation_map_fixes_one_and_is_ordered_below_chi1_one() {
        for (const auto& [w, b] : {std::pair{1.0, 0.05}, {2.5, 0.05}}) {
            const double q = *MeanField::fixed_point(kTanh, w, b);
            QVERIFY(std::abs(MeanField::correlation_map(kTanh, w, b, q, 1.0) - 1) < 1e-14);
            // Near c = 1 the map's slope is χ1: c' ≈ 1 − χ1·(1 − c).
            const double c = 1 - 1e-5, next = MeanField::correlation_map(kTanh, w, b, q, c);
            QVERIFY(std::abs((1 - next) / (1 - c) - MeanField::chi1(kTanh, w, q)) < 1e-3);
        }
    }

    void selu_keeps_unit_length_and_limits_at_zero() {
        // SELU's constants make q = 1 the fixed point of σw² = 1, σb² = 0 (Klambauer et al.).
        const ActivationFunction selu{Activation::Selu};
        QVERIFY(std::abs(*MeanField::fixed_point(selu, 1.0, 0.0) - 1) < 1e-12);
        // At q = 0 the slope moment is its limit, ½(φ'(0⁻)² + φ'(0⁺)²).
        const double left = ActivationFunction::kSeluScale * ActivationFunction::kSeluAlpha;
        const double right = ActivationFunction::kSeluScale;
        QVERIFY(relative_error(MeanField::slope_moment(selu, 0.0),
                               0.5 * (left * left + right * right)) < 1e-15);
        QVERIFY(relative_error(MeanField::slope_moment(selu, 1e-12),
                               0.5 * (left * left + right * right)) < 1e-5);
    }

    void bad_arguments_give_nan_or_nothing() {
        QVERIFY(std::isnan(MeanField::second_moment(kTanh, -1)));
        QVERIFY(std::isnan(MeanField::slope_moment(kTanh, kNaN)));
        QVERIFY(std::isnan(MeanField::cross_moment(kTanh, 1, 1.5)));
        QVERIFY(std::isnan(MeanField::correlation_map(kTanh, 0, 0, 1, 0.5)));
        QVERIFY(!MeanField::fixed_point(kTanh, -1, 0));
        QVERIFY(!MeanField::fixed_point(kTanh, 1, kNaN));
        QVERIFY(!MeanField::critical_sigma_w2(kTanh, -0.1));
        // Sigmoid has no chaotic phase below σw² = 100 (its q* grows with σw²).
        QVERIFY(!MeanField::critical_sigma_w2(ActivationFunction{Activation::Sigmoid}, 0.05));
    }

    // ---- PhaseDiagram -------------------------------------------------------------------------

    void phase_diagram_of_tanh() {
        // Grid points σw² = 0, 0.5, …, 4 and σb² = 0, 0.05, …, 0.5.
        const PhaseDiagram d = PhaseDiagram::compute(kTanh, 9, 11, 4.0, 0.5);
        QCOMPARE(d.columns, 9);
        QCOMPARE(d.rows, 11);
        QCOMPARE(d.chi1.size(), size_t(99));
        QCOMPARE(d.sigma_w2_at(2), 1.0);
        QCOMPARE(d.sigma_b2_at(1), 0.05);
        QVERIFY(relative_error(d.chi1_at(1, 2), 0.7590316472) < 1e-9);
        QVERIFY(relative_error(d.chi1_at(1, 5), 1.133515699) < 1e-9);
        QCOMPARE(d.chi1_at(0, 1), 0.5);  // σb² = 0, σw² ≤ 1: q* = 0 and χ1 = σw²
        QCOMPARE(d.critical_line.size(), size_t(11));
        QCOMPARE(d.critical_line[0].first, 1.0);
        QVERIFY(relative_error(d.critical_line[1].first, 1.760954640) < 1e-9);
        QVERIFY(relative_error(d.critical_line[2].first, 1.986072641) < 1e-9);
        QVERIFY(relative_error(d.critical_line[6].first, 2.505127190) < 1e-9);
        for (size_t i = 1; i < d.critical_line.size(); ++i)
            QVERIFY(d.critical_line[i].first > d.critical_line[i - 1].first);
        // Same numbers for any thread count.
        set_thread_count(1);
        const PhaseDiagram serial = PhaseDiagram::compute(kTanh, 9, 11, 4.0, 0.5);
        set_thread_count(0);
        QVERIFY(serial.chi1 == d.chi1);
        QVERIFY(serial.critical_line == d.critical_line);
    }

    void phase_diagram_of_relu_and_bad_sizes() {
        const PhaseDiagram d =
            PhaseDiagram::compute(ActivationFunction{Activation::Relu}, 5, 3, 4.0, 0.5);
        QCOMPARE(d.chi1_at(1, 1), 0.5);        // σw² = 1: χ1 = σw²/2
        QVERIFY(std::isnan(d.chi1_at(1, 3)));  // σw² = 3: q diverges
        QCOMPARE(d.chi1_at(0, 2), 1.0);        // (2, 0): Kaiming, every q fixed
        QCOMPARE(d.critical_line.size(), size_t(1));
        QCOMPARE(d.critical_line[0], (std::pair{2.0, 0.0}));
        QCOMPARE(PhaseDiagram::compute(kTanh, 0, 1).columns, 2);
        QCOMPARE(PhaseDiagram::compute(kTanh, 5, 5, -1.0).chi1.size(), size_t(0));
        QCOMPARE(PhaseDiagram::compute(kTanh, 5, 5, 4.0, kNaN).columns, 0);
    }
};

QTEST_APPLESS_MAIN(TestMeanField)
#include "tst_mean_field.moc"
