// NetworkEdits: each edit returns the edited copy or an error naming the place, keeps the network
// chained (rechain of the next layer, the input size kept), and refuses sizes whose products do
// not fit 64 bits.
#include "core/model/network_edits.h"
#include "core/model/network_validation.h"
#include "core/schemes/scheme_registry.h"

#include "test_support.h"

#include <QtTest>
#include <limits>

using namespace initscope;
using namespace initscope::test;

namespace {

/// The edited network, which must be valid; fails the test when the edit was refused.
Network valid(const NetworkEdits::Result& result) {
    if (!result) qFatal("refused: %s", result.error.c_str());
    const std::vector<std::string> problems = NetworkValidation::problems(*result.network);
    if (!problems.empty()) qFatal("invalid: %s", problems.front().c_str());
    return *result.network;
}

QString error_of(const NetworkEdits::Result& result) {
    return QString::fromStdString(result.error);
}

void verify_chained(const Network& n) {
    for (size_t i = 1; i < n.layers.size(); ++i)
        if (!n.layers[i].is_conv() && !n.layers[i - 1].is_conv())
            QCOMPARE(n.layers[i].in, n.layers[i - 1].out);
}

constexpr int64_t kInt64Max = std::numeric_limits<int64_t>::max();

}  // namespace

class TestNetworkEdits : public QObject {
    Q_OBJECT
private slots:
    void add_layer() {
        const Network before = course();
        NetworkEdits::Result r = NetworkEdits::add_layer(before, 1);
        Network n = valid(r);
        QCOMPARE(r.layer, 2);
        QCOMPARE(n.layers.size(), size_t(6));
        QCOMPARE(n.layers[2].name, std::string("fc4"));
        QCOMPARE(n.layers[2].in, 100);
        QCOMPARE(n.layers[2].out, 100);
        QCOMPARE(n.layers[2].weight_init.scheme(), SchemeId::TorchDefault);
        verify_chained(n);
        // −1 and past the end append; the new layer copies the last one's activation.
        n = valid(r = NetworkEdits::add_layer(before, -1));
        QCOMPARE(r.layer, 5);
        QCOMPARE(n.layers[5].in, 2);
        QCOMPARE(n.layers[5].activation, Activation::Linear);
        QCOMPARE(valid(NetworkEdits::add_layer(before, 99)), n);
        // An empty network gets fc1, 100 → 100.
        n = valid(r = NetworkEdits::add_layer(Network{}, 0));
        QCOMPARE(r.layer, 0);
        QCOMPARE(n.layers.front().name, std::string("fc1"));
        QCOMPARE(n.layers.front().in, 100);
        // After a conv: same kernel, "same" padding, so the spatial size and the chain hold.
        n = valid(r = NetworkEdits::add_layer(small_cnn(), 1));
        QCOMPARE(n.layers[2].name, std::string("conv3"));  // one past the highest number in use
        QCOMPARE(n.layers[2].kind, LayerKind::Conv2d);
        QCOMPARE(n.layers[2].kernel_size, (std::vector<int64_t>{3, 3}));
        QCOMPARE(n.layers[2].padding, 1);
        QCOMPARE(n.layers[2].in, 32);
        QCOMPARE(n.layers[2].out, 32);
        QCOMPARE(before, course());  // the input is never changed
    }

    void remove_layer() {
        // The first layer: the next one takes the network's input.
        Network n = valid(NetworkEdits::remove_layer(course(), 0));
        QCOMPARE(n.layers.size(), size_t(4));
        QCOMPARE(n.layers.front().name, std::string("fc1"));
        QCOMPARE(n.layers.front().in, 100);
        // A middle layer: the next one's input follows the previous one's output.
        Network wide = course();
        wide.layers[1].out = 64;
        wide.layers[2].in = 64;
        n = valid(NetworkEdits::remove_layer(wide, 2));
        QCOMPARE(n.layers[2].name, std::string("fc3"));
        QCOMPARE(n.layers[2].in, 64);
        verify_chained(n);
        // The only layer, and rows that do not exist, are refused.
        Network one;
        one.layers = {linear("fc1", 10, 10)};
        NetworkEdits::Result r = NetworkEdits::remove_layer(one, 0);
        QVERIFY(!r);
        QCOMPARE(error_of(r), QString("layers: a network needs at least one layer"));
        r = NetworkEdits::remove_layer(course(), 5);
        QVERIFY(!r);
        QCOMPARE(error_of(r), QString("layers[5]: no such layer (the network has 5)"));
        QVERIFY(!NetworkEdits::remove_layer(course(), -1));
    }

    void duplicate_layer() {
        Network wide = course();
        wide.layers[1].out = 64;
        wide.layers[2].in = 64;
        NetworkEdits::Result r = NetworkEdits::duplicate_layer(wide, 1);
        Network n = valid(r);
        QCOMPARE(r.layer, 2);
        QCOMPARE(n.layers[2].name, std::string("fc1_copy1"));
        QCOMPARE(n.layers[2].in, 64);  // the original's out
        QCOMPARE(n.layers[2].out, 64);
        QCOMPARE(n.layers[3].in, 64);  // rechained
        verify_chained(n);
        // A grouped conv's copy takes groups 1: its in may not divide by the old groups.
        Network cnn = small_cnn();
        cnn.layers[1].groups = 4;
        n = valid(NetworkEdits::duplicate_layer(cnn, 1));
        QCOMPARE(n.layers[2].groups, 1);
        QCOMPARE(n.layers[2].in, 32);
        QVERIFY(!NetworkEdits::duplicate_layer(course(), 7));
    }

    void move_layer_data() {
        QTest::addColumn<int>("index");
        QTest::addColumn<int>("delta");
        QTest::newRow("last up") << 4 << -1;
        QTest::newRow("first down") << 0 << +1;
        QTest::newRow("middle down") << 1 << +1;
    }
    void move_layer() {
        QFETCH(int, index);
        QFETCH(int, delta);
        Network before = course();
        before.layers[4].out = 7;
        const NetworkEdits::Result r = NetworkEdits::move_layer(before, index, delta);
        const Network n = valid(r);
        QCOMPARE(r.layer, index + delta);
        QCOMPARE(n.layers[size_t(index + delta)].name, before.layers[size_t(index)].name);
        QCOMPARE(n.layers.front().in, before.layers.front().in);  // the input size is kept
        verify_chained(n);
        for (size_t i = 0; i < n.layers.size(); ++i) {  // every layer keeps its out
            const auto same =
                std::find_if(before.layers.begin(), before.layers.end(),
                             [&](const Layer& l) { return l.name == n.layers[i].name; });
            QCOMPARE(n.layers[i].out, same->out);
        }
    }

    void move_layer_refused() {
        QVERIFY(!NetworkEdits::move_layer(course(), 0, -1));
        QVERIFY(!NetworkEdits::move_layer(course(), 4, +1));
        QVERIFY(!NetworkEdits::move_layer(course(), 2, 0));
        QCOMPARE(error_of(NetworkEdits::move_layer(course(), 0, -1)),
                 QString("layers[0]: cannot move by -1 in a network of 5 layers"));
    }

    void set_shape_rechains() {
        // A linear's out: the next in follows.
        NetworkEdits::Result r = NetworkEdits::set_shape(course(), 1, {50, 100});
        Network n = valid(r);
        QCOMPARE(r.layer, 1);
        QCOMPARE(n.layers[1].out, 50);
        QCOMPARE(n.layers[2].in, 50);
        // The first layer's in is the network's input: input_shape follows.
        n = valid(NetworkEdits::set_shape(course(), 0, {100, 784}));
        QCOMPARE(n.layers[0].in, 784);
        QCOMPARE(*n.input_shape, std::vector<int64_t>{784});
        // conv → conv: the next in_channels follow.
        n = valid(NetworkEdits::set_shape(small_cnn(), 0, {24, 3, 3, 3}));
        QCOMPARE(n.layers[1].in, 24);
        // conv → linear with input_shape: the exact flattened output, here with a 5 × 5 kernel
        // and padding 1: 8 × 30 × 30.
        n = valid(NetworkEdits::set_shape(small_cnn(), 1, {8, 16, 5, 5}));
        QCOMPARE(n.layers[1].kernel_size, (std::vector<int64_t>{5, 5}));
        QCOMPARE(n.layers[2].in, 8 * 30 * 30);
        // conv → linear without input_shape: kept while it is a multiple, else the nearest one.
        Network loose = small_cnn();
        loose.input_shape.reset();
        n = valid(NetworkEdits::set_shape(loose, 1, {64, 16, 3, 3}));
        QCOMPARE(n.layers[2].in, 32 * 32 * 32);  // 32768 is a multiple of 64
        n = valid(NetworkEdits::set_shape(loose, 1, {3, 16, 3, 3}));
        QCOMPARE(n.layers[2].in % 3, 0);
        // A grouped conv: the second size is in/groups.
        Network grouped = small_cnn();
        grouped.layers[1].groups = 2;
        n = valid(NetworkEdits::set_shape(grouped, 1, {32, 8, 3, 3}));
        QCOMPARE(n.layers[1].in, 16);
        // The last layer: nothing follows.
        n = valid(NetworkEdits::set_shape(course(), 4, {10, 100}));
        QCOMPARE(n.layers[4].out, 10);
    }

    void set_shape_refused_data() {
        QTest::addColumn<int>("index");
        QTest::addColumn<QList<qint64>>("shape");
        QTest::addColumn<QString>("error");
        QTest::newRow("input of a middle layer")
            << 2 << QList<qint64>{100, 60}
            << "its input is 100, the output of fc1 (change that "
               "layer instead)";
        QTest::newRow("rank") << 2 << QList<qint64>{100}
                              << "layers[2]: expected 2 sizes (100 × 100), got 100";
        QTest::newRow("zero") << 1 << QList<qint64>{0, 100}
                              << "layers[1]: every size must be > 0, got 0 × 100";
        QTest::newRow("negative") << 0 << QList<qint64>{100, -5}
                                  << "layers[0]: every size must be > 0, got 100 × -5";
        QTest::newRow("overflow")
            << 1 << QList<qint64>{4'000'000'000'000'000'000, 100}
            << "layers[1]: the weight 4000000000000000000 × 100 has more elements than a 64-bit "
               "count can hold";
        QTest::newRow("overflow at the limit")
            << 0 << QList<qint64>{kInt64Max, 2}
            << "layers[0]: the weight 9223372036854775807 × 2 has more elements than a 64-bit "
               "count can hold";
        QTest::newRow("no such layer")
            << 5 << QList<qint64>{1, 1} << "layers[5]: no such layer (the network has 5)";
    }
    void set_shape_refused() {
        QFETCH(int, index);
        QFETCH(QList<qint64>, shape);
        QFETCH(QString, error);
        const NetworkEdits::Result r = NetworkEdits::set_shape(
            course(), index, std::vector<int64_t>(shape.begin(), shape.end()));
        QVERIFY(!r);
        QCOMPARE(error_of(r), error);
    }

    void set_shape_overflow_in_groups() {
        // in = (in/groups) · groups must fit 64 bits too: the first conv's in is free.
        Network cnn = small_cnn();
        cnn.layers[0].groups = 1 << 20;
        const NetworkEdits::Result r =
            NetworkEdits::set_shape(cnn, 0, {1 << 20, int64_t(1) << 50, 1, 1});
        QVERIFY(!r);
        QVERIFY(error_of(r).contains("more elements than a 64-bit count can hold"));
    }

    void set_init() {
        const InitSpec xavier = SchemeRegistry::defaults(SchemeId::XavierNormal);
        Network n = valid(NetworkEdits::set_init(course(), 1, TensorRole::Weight, xavier));
        QCOMPARE(n.layers[1].weight_init, xavier);
        QCOMPARE(n.layers[1].bias_init.scheme(), SchemeId::TorchDefault);
        NetworkEdits::Result r =
            NetworkEdits::set_init(course(), 0, TensorRole::Bias, InitSpec(SchemeId::Sparse));
        QVERIFY(!r);
        QCOMPARE(error_of(r), QString("layers[0].bias_init: sparse needs a 2-D tensor (a linear "
                                      "weight); got 100 (1-D)"));
        Network no_bias = course();
        no_bias.layers[1].bias = false;
        r = NetworkEdits::set_init(no_bias, 1, TensorRole::Bias, InitSpec(SchemeId::Zeros));
        QVERIFY(!r);
        QCOMPARE(error_of(r), QString("layers[1].bias_init: the layer has no bias"));
    }

    void set_scheme_keeps_parameters_of_the_same_scheme() {
        Network n = course();
        n.layers[1].weight_init = InitSpec(SchemeId::Normal);
        n.layers[1].weight_init.set("std", 0.3);
        QCOMPARE(valid(NetworkEdits::set_scheme(n, 1, TensorRole::Weight, SchemeId::Normal)), n);
        const Network changed =
            valid(NetworkEdits::set_scheme(n, 1, TensorRole::Weight, SchemeId::Uniform));
        QCOMPARE(changed.layers[1].weight_init, SchemeRegistry::defaults(SchemeId::Uniform));
        QVERIFY(!NetworkEdits::set_scheme(small_cnn(), 0, TensorRole::Weight, SchemeId::Eye));
    }

    void kaiming_follows_the_layer_activation() {
        // set_scheme: a kaiming scheme's nonlinearity is the layer's activation.
        Network n = course();  // fc1 relu … fc5 linear
        n.layers[1].activation = Activation::LeakyRelu;
        n.layers[1].negative_slope = 0.2;
        n.layers[2].activation = Activation::Tanh;
        n.layers[3].activation = Activation::Gelu;
        for (int i = 0; i < 4; ++i)
            n = valid(NetworkEdits::set_scheme(n, i, TensorRole::Weight, SchemeId::KaimingNormal));
        QCOMPARE(n.layers[0].weight_init.choice("nonlinearity"), std::string("relu"));
        QCOMPARE(n.layers[1].weight_init.choice("nonlinearity"), std::string("leaky_relu"));
        QCOMPARE(n.layers[1].weight_init.number("a"), 0.2);
        QCOMPARE(n.layers[2].weight_init.choice("nonlinearity"), std::string("tanh"));
        // gelu has no calculate_gain name: the registry default stays.
        QCOMPARE(n.layers[3].weight_init, SchemeRegistry::defaults(SchemeId::KaimingNormal));

        // use_layer_activation: after the activation changed, the nonlinearity follows again.
        n.layers[0].activation = Activation::LeakyRelu;
        n.layers[0].negative_slope = 0.1;
        n = valid(NetworkEdits::use_layer_activation(n, 0, TensorRole::Weight));
        QCOMPARE(n.layers[0].weight_init.choice("nonlinearity"), std::string("leaky_relu"));
        QCOMPARE(n.layers[0].weight_init.number("a"), 0.1);
        QCOMPARE(n.layers[0].weight_init.choice("mode"), std::string("fan_in"));  // kept
        // A gain scheme gets calculate_gain(activation): tanh → 5/3.
        n = valid(NetworkEdits::set_scheme(n, 2, TensorRole::Weight, SchemeId::XavierUniform));
        QCOMPARE(n.layers[2].weight_init.number("gain"), 1.0);  // PyTorch's default gain
        n = valid(NetworkEdits::use_layer_activation(n, 2, TensorRole::Weight));
        QCOMPARE(n.layers[2].weight_init.number("gain"), 5.0 / 3);
        // Refused: gelu has no gain; normal has neither parameter.
        NetworkEdits::Result r = NetworkEdits::use_layer_activation(n, 3, TensorRole::Weight);
        QVERIFY(!r);
        QVERIFY2(error_of(r).contains("gelu"), qPrintable(error_of(r)));
        n = valid(NetworkEdits::set_scheme(n, 1, TensorRole::Weight, SchemeId::Normal));
        r = NetworkEdits::use_layer_activation(n, 1, TensorRole::Weight);
        QVERIFY(!r);
        QVERIFY2(error_of(r).contains("neither"), qPrintable(error_of(r)));
        QVERIFY(!NetworkEdits::use_layer_activation(n, 9, TensorRole::Weight));
    }

    void set_init_parameter() {
        Network n =
            valid(NetworkEdits::set_scheme(course(), 2, TensorRole::Weight, SchemeId::Normal));
        n = valid(NetworkEdits::set_init_parameter(n, 2, TensorRole::Weight, "std", 0.25));
        QCOMPARE(n.layers[2].weight_init.number("std"), 0.25);
        const NetworkEdits::Result r =
            NetworkEdits::set_init_parameter(n, 2, TensorRole::Weight, "std", -1.0);
        QVERIFY(!r);
        QCOMPARE(error_of(r), QString("layers[2].weight_init.std: must be ≥ 0, got -1"));
        n = valid(NetworkEdits::set_scheme(n, 0, TensorRole::Weight, SchemeId::KaimingNormal));
        n = valid(NetworkEdits::set_init_parameter(n, 0, TensorRole::Weight, "mode",
                                                   std::string("fan_out")));
        QCOMPARE(n.layers[0].weight_init.choice("mode"), std::string("fan_out"));
    }

    void apply_to_all() {
        Network some = course();
        some.layers[3].bias = false;
        Network n = valid(NetworkEdits::apply_to_all(
            some, TensorRole::Weight, SchemeRegistry::defaults(SchemeId::XavierNormal)));
        for (const Layer& l : n.layers) QCOMPARE(l.weight_init.scheme(), SchemeId::XavierNormal);
        n = valid(NetworkEdits::apply_to_all(n, TensorRole::Bias,
                                             SchemeRegistry::defaults(SchemeId::Zeros)));
        for (const Layer& l : n.layers)
            QCOMPARE(l.bias_init.scheme(), l.bias ? SchemeId::Zeros : SchemeId::TorchDefault);
        // eye_ fits no bias (1-D): refused, naming the first layer it does not fit.
        const NetworkEdits::Result r = NetworkEdits::apply_to_all(
            n, TensorRole::Bias, SchemeRegistry::defaults(SchemeId::Eye));
        QVERIFY(!r);
        QVERIFY2(error_of(r).startsWith("layers[0].bias_init: eye needs a 2-D tensor"),
                 r.error.c_str());
    }

    void rename_activation_seed_flavour() {
        Network n = valid(NetworkEdits::rename_layer(course(), 2, "hidden"));
        QCOMPARE(n.layers[2].name, std::string("hidden"));
        QCOMPARE(error_of(NetworkEdits::rename_layer(course(), 2, "")),
                 QString("layers[2].name: must not be empty"));
        n = valid(NetworkEdits::set_activation(course(), 2, Activation::Tanh));
        QCOMPARE(n.layers[2].activation, Activation::Tanh);
        n = valid(NetworkEdits::set_seed(course(), uint64_t(-1)));
        QCOMPARE(n.seed, std::numeric_limits<uint64_t>::max());
        n = valid(NetworkEdits::set_flavour(course(), Flavour::Portable));
        QCOMPARE(n.flavour, Flavour::Portable);
        QCOMPARE(n.layers, course().layers);
    }

    void set_probe() {
        const Network n = valid(NetworkEdits::set_probe(course(), {250, ProbeInput::Uniform}));
        QCOMPARE(n.probe.batch, int64_t(250));
        QCOMPARE(n.probe.input, ProbeInput::Uniform);
        QCOMPARE(n.layers, course().layers);
        QCOMPARE(n.seed, course().seed);
        QCOMPARE(valid(NetworkEdits::set_probe(course(), {ProbeSettings::kMaxBatch})).probe.batch,
                 ProbeSettings::kMaxBatch);
        QCOMPARE(valid(NetworkEdits::set_probe(course(), {1})).probe.batch, int64_t(1));
        QCOMPARE(error_of(NetworkEdits::set_probe(course(), {0})),
                 QString("probe.batch: expected 1 to 100000 samples, got 0"));
        QCOMPARE(error_of(NetworkEdits::set_probe(course(), {ProbeSettings::kMaxBatch + 1})),
                 QString("probe.batch: expected 1 to 100000 samples, got 100001"));
        QVERIFY(!NetworkEdits::set_probe(course(), {-5}));
    }

    void unique_layer_name() {
        const Network n = course();
        QCOMPARE(NetworkEdits::unique_layer_name(n, "fc"), std::string("fc4"));
        QCOMPARE(NetworkEdits::unique_layer_name(n, "fc2"), std::string("fc4"));
        QCOMPARE(NetworkEdits::unique_layer_name(n, "conv"), std::string("conv1"));
        QCOMPARE(NetworkEdits::unique_layer_name(n, ""), std::string("layer1"));
    }
};

QTEST_APPLESS_MAIN(TestNetworkEdits)
#include "tst_network_edits.moc"
