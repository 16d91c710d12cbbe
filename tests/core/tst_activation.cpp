// ActivationFunction's span forms are its scalar forms, bit for bit, for every activation:
// values() is value() and backward() is grad·derivative(x, φ(x)), which is derivative(x).
#include "core/model/activation.h"
#include "core/torch/random_kernels.h"

#include <QtTest>
#include <bit>
#include <cmath>
#include <limits>

using namespace initscope;

Q_DECLARE_METATYPE(initscope::Activation)

namespace {

bool same(float a, float b) {
    return std::bit_cast<uint32_t>(a) == std::bit_cast<uint32_t>(b) ||
           (std::isnan(a) && std::isnan(b));
}

}  // namespace

class TestActivation : public QObject {
    Q_OBJECT

private slots:
    void span_forms_equal_scalar_forms_data() {
        QTest::addColumn<Activation>("kind");
        for (Activation a :
             {Activation::Linear, Activation::Relu, Activation::LeakyRelu, Activation::Tanh,
              Activation::Sigmoid, Activation::Selu, Activation::Gelu, Activation::Silu})
            QTest::newRow(std::to_string(static_cast<int>(a)).c_str()) << a;
    }

    void span_forms_equal_scalar_forms() {
        QFETCH(Activation, kind);
        const ActivationFunction f{kind, 0.2};
        std::vector<float> x(1001), g(x.size());
        TorchGenerator gen(4);
        RandomKernels::normal(x, 0.0, 4.0, Flavour::Fma, gen);
        RandomKernels::normal(g, 0.0, 1.0, Flavour::Fma, gen);
        const float inf = std::numeric_limits<float>::infinity();
        for (float special : {0.0f, -0.0f, inf, -inf, std::numeric_limits<float>::quiet_NaN(),
                              1e-40f, -30.0f, 30.0f, 100.0f})
            x.push_back(special), g.push_back(1.0f);
        std::vector<float> y(x.size()), dx(x.size());
        f.values(x, y);
        f.backward(x, y, g, dx);
        for (size_t i = 0; i < x.size(); ++i) {
            QVERIFY2(same(y[i], f.value(x[i])), qPrintable(QString::number(x[i])));
            QVERIFY(same(f.derivative(x[i], y[i]), f.derivative(x[i])));
            QVERIFY2(same(dx[i], g[i] * f.derivative(x[i])), qPrintable(QString::number(x[i])));
        }
    }
};

QTEST_APPLESS_MAIN(TestActivation)
#include "tst_activation.moc"
