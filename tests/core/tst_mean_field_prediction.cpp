// MeanField::predict (signal-propagation.md §2): σw², σb², q, χ1, ξc and the gradient std per
// layer of the course, a Kaiming/relu, a Xavier/tanh and a conv network, its notes, and a
// statistical check against a materialized width-500 network pushed forward and back here.
#include "core/io/preset_library.h"
#include "core/model/materializer.h"
#include "core/propagation/mean_field.h"

#include "simpson_reference.h"
#include "test_support.h"

#include <QtTest>

#include <cmath>
#include <random>

using namespace initscope;
using test::expectation;
using test::relative_error;

Q_DECLARE_METATYPE(initscope::Activation)

namespace {

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

/// Per layer, the measured std of a_l and of ∂L/∂a_l when a batch x ~ N(0, 1) goes forward
/// through the materialized network and g ~ N(0, 1) comes back (L = (out·g).sum()), in double.
/// A linear network only; the draws are the test's own (std::mt19937_64), not the probe's.
struct Measured {
    std::vector<double> pre_std, grad_pre_std;
};
Measured measure(const Network& network, int batch, uint64_t seed) {
    const Parameters parameters = Materializer::materialize(network);
    std::mt19937_64 engine(seed);
    std::normal_distribution<double> normal;
    const auto draw = [&](Eigen::Index rows, Eigen::Index cols) {
        Eigen::MatrixXd m(rows, cols);
        for (Eigen::Index i = 0; i < m.size(); ++i) m.data()[i] = normal(engine);
        return m;
    };
    const auto std_of = [](const Eigen::MatrixXd& m) {
        const double mean = m.mean();
        return std::sqrt((m.array() - mean).square().sum() / double(m.size() - 1));
    };
    Measured out;
    std::vector<Eigen::MatrixXd> pre;  // a_l, units × batch
    Eigen::MatrixXd h = draw(network.layers[0].in, batch);
    for (size_t l = 0; l < network.layers.size(); ++l) {
        const Eigen::MatrixXd w = parameters[l].weight.matrix().cast<double>();
        Eigen::MatrixXd a = w * h;
        if (parameters[l].bias) {
            const Eigen::Map<const Eigen::VectorXf> b(parameters[l].bias->data(), a.rows());
            a.colwise() += b.cast<double>();
        }
        const ActivationFunction phi = network.layers[l].activation_function();
        h = a.unaryExpr([&](double x) { return phi.value(x); });
        out.pre_std.push_back(std_of(a));
        pre.push_back(std::move(a));
    }
    Eigen::MatrixXd grad_post = draw(h.rows(), batch);  // g
    out.grad_pre_std.resize(pre.size());
    for (size_t l = pre.size(); l-- > 0;) {
        const ActivationFunction phi = network.layers[l].activation_function();
        const Eigen::MatrixXd grad_pre =
            grad_post.cwiseProduct(pre[l].unaryExpr([&](double x) { return phi.derivative(x); }));
        out.grad_pre_std[l] = std_of(grad_pre);
        grad_post = parameters[l].weight.matrix().cast<double>().transpose() * grad_pre;
    }
    return out;
}

}  // namespace

class TestMeanFieldPrediction : public QObject {
    Q_OBJECT
private slots:
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

    void predict_matches_a_wide_network_data() {
        QTest::addColumn<Activation>("activation");
        QTest::addColumn<int>("scheme");
        QTest::newRow("xavier/tanh") << Activation::Tanh << int(SchemeId::XavierNormal);
        QTest::newRow("kaiming/relu") << Activation::Relu << int(SchemeId::KaimingNormal);
        QTest::newRow("default/tanh") << Activation::Tanh << int(SchemeId::TorchDefault);
    }
    void predict_matches_a_wide_network() {
        // Width N = 500, batch B = 400, 5 layers. Per layer, the measured variance of a_l over
        // B·N values has a relative sd of about 2/√(N·B) from x's draws, so its std about
        // 1/√(N·B); and when h = φ(a) has a nonzero mean (relu), the share ρ = E[h]²/E[h²] of
        // its energy lies along one direction common to the whole batch, whose gain through W
        // is a single draw: relative sd √(2/N) on ρ of the variance, ρ/√(2N) on the std. Both
        // add up in quadrature through depth (s_l² = Σ_k≤l ...); finite-width corrections to
        // the mean field are O(1/N). Bound: 3·s_l + 2/N (the gradients, which depend on every
        // layer, 3·s_L + 2/N): xavier/tanh 1.1% at the first layer to 1.9% at the last,
        // kaiming/relu (ρ = 1/π) 1.1% to 6.6%.
        QFETCH(Activation, activation);
        QFETCH(int, scheme);
        constexpr int kWidth = 500, kBatch = 400, kDepth = 5;
        Network network;
        network.seed = 7;
        InitSpec weight(static_cast<SchemeId>(scheme));
        if (weight.scheme() == SchemeId::KaimingNormal) weight = kaiming_relu();
        const InitSpec bias =
            weight.scheme() == SchemeId::TorchDefault ? InitSpec() : InitSpec(SchemeId::Zeros);
        for (int l = 0; l < kDepth; ++l)
            network.layers.push_back(
                dense("fc" + std::to_string(l), kWidth, kWidth, activation, weight, bias));
        const std::vector<MeanFieldLayer> p = MeanField::predict(network);
        const Measured m = measure(network, kBatch, 11);
        const ActivationFunction phi{activation};
        std::vector<double> bound;
        double s2 = 0, rho = 0;  // the input x has mean 0
        for (int l = 0; l < kDepth; ++l) {
            s2 += 1.0 / (double(kWidth) * kBatch) + rho * rho / (2.0 * kWidth);
            bound.push_back(3 * std::sqrt(s2) + 2.0 / kWidth);
            const double q = p[size_t(l)].q;
            const double mean = expectation([&](double u) { return phi.value(u); }, q);
            rho = mean * mean / MeanField::second_moment(phi, q);
        }
        for (int l = 0; l < kDepth; ++l) {
            const double e_pre = relative_error(m.pre_std[size_t(l)], p[size_t(l)].pre_std);
            const double e_grad =
                relative_error(m.grad_pre_std[size_t(l)], p[size_t(l)].grad_pre_std);
            QVERIFY2(e_pre < bound[size_t(l)], qPrintable(QString("layer %1: pre std %2 vs %3")
                                                              .arg(l)
                                                              .arg(m.pre_std[size_t(l)])
                                                              .arg(p[size_t(l)].pre_std)));
            QVERIFY2(e_grad < bound.back(), qPrintable(QString("layer %1: grad std %2 vs %3")
                                                           .arg(l)
                                                           .arg(m.grad_pre_std[size_t(l)])
                                                           .arg(p[size_t(l)].grad_pre_std)));
        }
    }
};

QTEST_APPLESS_MAIN(TestMeanFieldPrediction)
#include "tst_mean_field_prediction.moc"
