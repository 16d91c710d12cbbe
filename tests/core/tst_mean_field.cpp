// MeanField and PhaseDiagram (signal-propagation.md §2): every check value of the reference,
// agreement with an independent adaptive Simpson integration written here for every activation,
// the closed forms, and predict() on the course, a Kaiming/relu, a Xavier/tanh and a conv network.
#include "core/io/preset_library.h"
#include "core/propagation/mean_field.h"
#include "core/torch/parallel_for.h"

#include "test_support.h"

#include <QtTest>

#include <algorithm>
#include <array>
#include <cmath>
#include <numbers>

using namespace initscope;

Q_DECLARE_METATYPE(initscope::Activation)

namespace {

const double kNaN = std::numeric_limits<double>::quiet_NaN();

// ---- The independent integration: adaptive Simpson on fixed pieces of [−12, 12] -------------

template <class F>
double simpson_step(const F& f, double a, double b, double fa, double fm, double fb, double whole,
                    double tolerance, int depth) {
    const double m = 0.5 * (a + b), lm = 0.5 * (a + m), rm = 0.5 * (m + b);
    const double flm = f(lm), frm = f(rm);
    const double left = (m - a) / 6 * (fa + 4 * flm + fm),
                 right = (b - m) / 6 * (fm + 4 * frm + fb);
    const double delta = left + right - whole;
    if (depth <= 0 || std::abs(delta) <= 15 * tolerance) return left + right + delta / 15;
    return simpson_step(f, a, m, fa, flm, fm, left, tolerance / 2, depth - 1) +
           simpson_step(f, m, b, fm, frm, fb, right, tolerance / 2, depth - 1);
}

/// ∫ f over [−12, 12] cut at every integer and at `kink`, each piece by adaptive Simpson, to
/// `relative` times a first coarse estimate of the integral's magnitude.
template <class F>
double simpson(const F& f, double kink, double relative) {
    std::vector<double> cuts;
    for (int k = -12; k <= 12; ++k) cuts.push_back(k);
    if (std::abs(kink) < 12) cuts.push_back(kink);
    std::sort(cuts.begin(), cuts.end());
    std::vector<std::array<double, 3>> ends;  // f(a), f(m), f(b) of each piece
    double magnitude = 0;
    for (size_t i = 0; i + 1 < cuts.size(); ++i) {
        const double a = cuts[i], b = cuts[i + 1];
        ends.push_back({f(a), f(0.5 * (a + b)), f(b)});
        magnitude += (b - a) * (std::abs(ends.back()[0]) + std::abs(ends.back()[1]));
    }
    const double tolerance = relative * magnitude / double(ends.size()) + 1e-300;
    double sum = 0;
    for (size_t i = 0; i + 1 < cuts.size(); ++i) {
        const double a = cuts[i], b = cuts[i + 1];
        const auto [fa, fm, fb] = ends[i];
        sum += simpson_step(f, a, b, fa, fm, fb, (b - a) / 6 * (fa + 4 * fm + fb), tolerance, 40);
    }
    return sum;
}

double normal_pdf(double z) {
    return std::exp(-0.5 * z * z) / std::sqrt(2 * std::numbers::pi);
}

/// E[g(√q z)] for z ~ N(0, 1), g kinked at most at 0.
template <class G>
double expectation(const G& g, double q, double relative = 1e-14) {
    return simpson([&](double z) { return g(std::sqrt(q) * z) * normal_pdf(z); }, 0.0, relative);
}

/// ∫Dz1 Dz2 φ(u1) φ(u2), u1 = √q z1, u2 = √q (c z1 + √(1−c²) z2), by nested Simpson.
double cross_reference(const ActivationFunction& phi, double q, double c) {
    const double s = std::sqrt(q), r = std::sqrt(1 - c * c);
    const auto inner = [&](double z1) {
        const auto g = [&](double z2) { return phi.value(s * (c * z1 + r * z2)) * normal_pdf(z2); };
        return simpson(g, -c * z1 / r, 1e-8);
    };
    return simpson([&](double z1) { return phi.value(s * z1) * normal_pdf(z1) * inner(z1); }, 0.0,
                   1e-8);
}

double relative_error(double value, double reference) {
    return std::abs(value - reference) / std::abs(reference);
}

/// |value − given| ≤ half a unit of the last digit of `given`, `decimals` digits after the point.
bool matches_digits(double value, double given, int decimals) {
    return std::abs(value - given) <= 0.5 * std::pow(10.0, -decimals) * (1 + 1e-9);
}

const ActivationFunction kTanh{Activation::Tanh};

ActivationFunction function(Activation a) {
    return ActivationFunction{a, a == Activation::LeakyRelu ? 0.2 : 0.01};
}

Layer dense(const std::string& name, int64_t in, int64_t out, Activation activation,
            InitSpec weight, InitSpec bias = InitSpec(SchemeId::Zeros)) {
    Layer layer = test::linear_layer(name, in, out, std::move(weight), std::move(bias));
    layer.activation = activation;
    return layer;
}

InitSpec kaiming_relu() {
    InitSpec spec(SchemeId::KaimingNormal);
    spec.set("nonlinearity", std::string("relu"));
    return spec;
}

Network load(const std::string& name) {
    const ConfigFile::Result result = PresetLibrary::load(name);
    if (!result) qFatal("%s", result.error.c_str());
    return *result.network;
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

    // ---- predict() ----------------------------------------------------------------------------

    void predict_course_network() {
        // PyTorch default Linear: σw² = fan_in·(1/√fan_in)²/3 = 1/3, σb² = 1/(3·fan_in).
        const Network network = load("course");
        const std::vector<MeanFieldLayer> p = MeanField::predict(network);
        QCOMPARE(p.size(), size_t(5));
        double q = 1.0 / 3 + 1.0 / 300;
        for (size_t l = 0; l < p.size(); ++l) {
            QVERIFY(relative_error(p[l].sigma_w2, 1.0 / 3) < 1e-15);
            QVERIFY(relative_error(p[l].sigma_b2, 1.0 / 300) < 1e-15);
            if (l > 0) q = q / 6 + 1.0 / 300;  // relu before every layer but the first
            QVERIFY(relative_error(p[l].q, q) < 1e-14);
            QVERIFY(relative_error(p[l].pre_std, std::sqrt(q)) < 1e-14);
            const double chi = l == 0 ? 1.0 / 3 : 1.0 / 6;
            QVERIFY(relative_error(p[l].chi1, chi) < 1e-15);
            QVERIFY(relative_error(*p[l].depth_scale, -1 / std::log(chi)) < 1e-14);
            QVERIFY2(p[l].note.empty(), p[l].note.c_str());
        }
        // Backward: output linear, Var(∂L/∂a_5) = 1; then ×fan_out·Var(W) = out/300, ×½ (relu).
        double grad = 1.0;
        for (size_t l = p.size(); l-- > 0;) {
            QVERIFY(relative_error(p[l].grad_pre_std, std::sqrt(grad)) < 1e-14);
            if (l > 0) grad *= double(network.layers[l].out) / 300.0 * 0.5;
        }
    }

    void predict_kaiming_relu_keeps_q() {
        Network network;
        for (int l = 0; l < 6; ++l)
            network.layers.push_back(
                dense("fc" + std::to_string(l), 500, 500, Activation::Relu, kaiming_relu()));
        const std::vector<MeanFieldLayer> p = MeanField::predict(network, 1.0);
        for (size_t l = 0; l < p.size(); ++l) {
            QVERIFY(relative_error(p[l].sigma_w2, 2.0) < 1e-14);
            QCOMPARE(p[l].sigma_b2, 0.0);
            QVERIFY(relative_error(p[l].q, 2.0) < 1e-13);  // σw²·q0, then σw²·q/2
            QVERIFY(relative_error(p[l].chi1, l == 0 ? 2.0 : 1.0) < 1e-13);
            // Var(∂L/∂a) = ½ at the output and is kept by 500·(2/500)·½ = ½ per layer.
            QVERIFY(relative_error(p[l].grad_pre_std, std::sqrt(0.5)) < 1e-13);
        }
    }

    void predict_xavier_tanh_follows_the_length_map() {
        Network network;
        for (int l = 0; l < 5; ++l)
            network.layers.push_back(dense("fc" + std::to_string(l), 500, 500, Activation::Tanh,
                                           InitSpec(SchemeId::XavierNormal)));
        const std::vector<MeanFieldLayer> p = MeanField::predict(network, 1.0);
        double q = 1.0;  // σw² = 500·2/(500+500) = 1
        for (size_t l = 0; l < p.size(); ++l) {
            QVERIFY(relative_error(p[l].sigma_w2, 1.0) < 1e-14);
            const double chi =
                l == 0 ? 1.0 : expectation([](double u) { return std::pow(std::cosh(u), -4); }, q);
            if (l > 0) q = expectation([](double u) { return std::pow(std::tanh(u), 2); }, q);
            QVERIFY(relative_error(p[l].q, q) < 1e-11);
            QVERIFY(relative_error(p[l].chi1, chi) < 1e-11);
        }
        QVERIFY(p[1].q < p[0].q && p[4].q < p[3].q);  // q shrinks toward q* = 0, slowly
    }

    void predict_conv_network() {
        // small_cnn: conv1 3→16 3×3 and conv2 16→32 3×3, kaiming_normal fan_out relu, zero bias,
        // padding 1; then Linear 32768 → 10, PyTorch default.
        const Network network = load("small_cnn");
        const std::vector<MeanFieldLayer> p = MeanField::predict(network);
        QVERIFY(relative_error(p[0].sigma_w2, 27.0 * 2 / (16 * 9)) < 1e-14);  // fan_in = 3·9
        QVERIFY(relative_error(p[1].sigma_w2, 144.0 * 2 / (32 * 9)) < 1e-14);
        QVERIFY(relative_error(p[2].sigma_w2, 1.0 / 3) < 1e-14);
        QVERIFY(relative_error(p[2].sigma_b2, 1.0 / (3 * 32768.0)) < 1e-14);
        QVERIFY(relative_error(p[1].q, 1.0 * 0.375 / 2) < 1e-14);
        QVERIFY(relative_error(p[2].q, 0.1875 / 6 + 1.0 / (3 * 32768.0)) < 1e-14);
        QVERIFY(p[0].note.find("padding") != std::string::npos);
        QVERIFY(p[2].note.empty());
        // Backward fans: fc 10 outputs; conv2 feeds 32·9 outputs per input element.
        const double a3 = 1, h2 = 10 * a3 / (3 * 32768.0), a2 = 0.5 * h2;
        const double h1 = 32 * 9 * (2.0 / (32 * 9)) * a2, a1 = 0.5 * h1;
        QVERIFY(relative_error(p[2].grad_pre_std, std::sqrt(a3)) < 1e-14);
        QVERIFY(relative_error(p[1].grad_pre_std, std::sqrt(a2)) < 1e-14);
        QVERIFY(relative_error(p[0].grad_pre_std, std::sqrt(a1)) < 1e-14);
    }

    void predict_notes_say_when_it_is_approximate() {
        Network network;
        network.layers.push_back(dense("ones", 64, 64, Activation::Tanh, InitSpec(SchemeId::Ones)));
        network.layers.push_back(
            dense("sparse", 64, 64, Activation::Tanh, InitSpec(SchemeId::Sparse)));
        network.layers.push_back(
            dense("orthogonal", 64, 64, Activation::Tanh, InitSpec(SchemeId::Orthogonal)));
        network.layers.push_back(dense("eye", 64, 64, Activation::Tanh, InitSpec(SchemeId::Eye),
                                       InitSpec(SchemeId::Ones)));
        network.layers.push_back(
            dense("plain", 64, 64, Activation::Tanh, InitSpec(SchemeId::XavierUniform)));
        const std::vector<MeanFieldLayer> p = MeanField::predict(network);
        QVERIFY(p[0].note.find("nonzero mean") != std::string::npos);
        QVERIFY(p[1].note.find("not iid") != std::string::npos);
        QVERIFY(p[2].note.find("length map") != std::string::npos);
        QVERIFY(p[3].note.find("not iid") != std::string::npos);
        QVERIFY(p[3].note.find("bias has a nonzero mean") != std::string::npos);
        QVERIFY(p[4].note.empty());
        // Orthogonal 64 × 64: Var(W) = 1/64, so σw² = gain² = 1.
        QVERIFY(relative_error(p[2].sigma_w2, 1.0) < 1e-14);
    }

    void predict_marks_what_it_cannot_predict() {
        Network network;
        network.layers.push_back(dense("a", 8, 8, Activation::Tanh, InitSpec()));
        network.layers.push_back(dense("b", 8, 0, Activation::Tanh, InitSpec()));
        network.layers.push_back(dense("c", 0, 8, Activation::Tanh, InitSpec()));
        std::vector<MeanFieldLayer> p = MeanField::predict(network);
        QVERIFY(std::isfinite(p[0].q));
        QVERIFY(std::isnan(p[1].q) && p[1].note.find("cannot be predicted") != std::string::npos);
        QVERIFY(std::isnan(p[2].q) && p[2].note.find("follows") != std::string::npos);
        p = MeanField::predict(network, -1);
        QVERIFY(std::isnan(p[0].q) && p[0].note.find("q0") != std::string::npos);
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
