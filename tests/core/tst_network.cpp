// Network: counts, NetworkValidation's problems with their paths, chaining rules, NetworkShapes'
// output shapes and rechain_after.
#include "core/model/huge_page_allocator.h"
#include "core/model/memory_budget.h"
#include "core/model/network.h"
#include "core/model/network_shapes.h"
#include "core/model/network_validation.h"
#include "core/model/tensor.h"
#include "core/schemes/scheme_registry.h"

#include "test_support.h"

#include <QtTest>

using namespace initscope;
using namespace initscope::test;

class TestNetwork : public QObject {
    Q_OBJECT
private slots:
    /// Tensors big enough for huge pages are still zero-filled, copyable and comparable; the
    /// memory is 2 MiB aligned (so the kernel can back it with transparent huge pages).
    void bigTensorStorage() {
        Tensor big(TensorShape{1024, 1025});  // 4.0 MiB + 4 KiB: past the huge-page threshold
        QVERIFY(std::all_of(big.values().begin(), big.values().end(),
                            [](float v) { return v == 0.0f; }));
        QCOMPARE(reinterpret_cast<uintptr_t>(big.data()) % HugePageMemory::kHugePage, uintptr_t{0});
        big.data()[big.numel() - 1] = 3.0f;
        const Tensor copy = big;
        QVERIFY(copy == big);
        Tensor small(TensorShape{3, 3});
        QCOMPARE(small.numel(), int64_t{9});
        QCOMPARE(small.data()[8], 0.0f);
    }
    void counts() {
        const Network n = course();
        QCOMPARE(n.weight_count(), 4 * 100 * 100 + 200);
        QCOMPARE(n.bias_count(), 4 * 100 + 2);
        QCOMPARE(n.parameter_count(), 40602);
        QCOMPARE(MemoryBudget::peak(n).parameters, 4 * 40602);
        const Network cnn = small_cnn();
        QCOMPARE(cnn.layers[1].weight_shape(), (TensorShape{32, 16, 3, 3}));
        QCOMPARE(cnn.layers[1].context(TensorRole::Weight).weight_fans, (Fans{16 * 9, 32 * 9}));
        QCOMPARE(cnn.layers[1].context(TensorRole::Bias).weight_fans, (Fans{16 * 9, 32 * 9}));
        Layer grouped = conv2d("g", 8, 4, 3);
        grouped.groups = 2;
        QCOMPARE(grouped.weight_shape(), (TensorShape{4, 4, 3, 3}));
        grouped.bias = false;
        QCOMPARE(grouped.parameter_count(), 4 * 4 * 9);
    }

    void valid_networks_have_no_problems() {
        QCOMPARE(problems(course()), QStringList{});
        QCOMPARE(problems(small_cnn()), QStringList{});
        Network loose = small_cnn();
        loose.input_shape.reset();
        loose.layers[2].in = 32 * 7;  // any multiple of 32 chains without input_shape
        QCOMPARE(problems(loose), QStringList{});
    }

    void problems_name_the_place_data() {
        QTest::addColumn<int>("which");
        QTest::addColumn<QString>("expected");
        QTest::newRow("linear chain")
            << 0
            << "layers[2].in_features: must equal the previous layer's out_features (100), got 50";
        QTest::newRow("conv chain")
            << 1
            << "layers[1].in_channels: must equal the previous layer's out_channels (16), got 8";
        QTest::newRow("conv to linear")
            << 2
            << "layers[2].in_features: must be a multiple of the previous layer's out_channels "
               "(32), as it takes the flattened channels × height × width, got 100";
        QTest::newRow("exact flatten")
            << 3
            << "layers[2].in_features: must equal the flattened output of layers[1] (32 × 32 × 32 "
               "= 32768), got 32000";
        QTest::newRow("first linear vs input") << 4
                                               << "layers[0].in_features: must equal the input "
                                                  "size given by input_shape (100), got 99";
        QTest::newRow("first conv vs input")
            << 5
            << "layers[0].in_channels: must equal the input's channels (input_shape[0] = 3), got 4";
        QTest::newRow("kernel too large")
            << 6 << "layers[0].kernel_size: 5 is larger than the padded input width (4 + 2·0 = 4)";
        QTest::newRow("input rank")
            << 7 << "input_shape: a first conv2d layer needs [channels, height, width], got [100]";
        QTest::newRow("linear then conv")
            << 8
            << "layers[1].kind: a conv2d layer cannot follow a linear layer (convolutions come "
               "first, then linear layers)";
        QTest::newRow("size <= 0") << 9 << "layers[1].out_features: must be > 0, got 0";
        QTest::newRow("empty name") << 10 << "layers[0].name: must not be empty";
        QTest::newRow("duplicate name")
            << 11 << "layers[3].name: \"fc1\" is already the name of layers[1]";
        QTest::newRow("groups") << 13 << "layers[0].groups: must divide in_channels (3), got 2";
        QTest::newRow("kernel size")
            << 14 << "layers[0].kernel_size: every size must be > 0, got [3, 0]";
        QTest::newRow("std < 0") << 15 << "layers[2].weight_init.std: must be ≥ 0, got -1";
        QTest::newRow("eye on conv")
            << 16
            << "layers[0].weight_init: eye needs a 2-D tensor (a linear weight); got 16 × 3 × 3 "
               "× 3 (4-D)";
        QTest::newRow("dirac on linear")
            << 17
            << "layers[0].weight_init: dirac needs a 3-, 4- or 5-D tensor (a conv weight); got "
               "100 × 100 (2-D)";
        QTest::newRow("sparse on bias")
            << 18
            << "layers[0].bias_init: sparse needs a 2-D tensor (a linear weight); got 100 (1-D)";
        QTest::newRow("a > b")
            << 19
            << "layers[1].bias_init.a: the lower bound a (1) must not exceed the "
               "upper bound b (0)";
        QTest::newRow("sparsity") << 20 << "layers[0].weight_init.sparsity: must be ≤ 1, got 1.5";
        QTest::newRow("conv1d then conv2d")
            << 21
            << "layers[1].kind: a conv2d layer cannot follow a conv1d layer (their outputs have "
               "different ranks)";
        QTest::newRow("name with slash")
            << 22
            << "layers[0].name: must not contain '/', '\\' or control characters (it names the "
               ".npy files), got \"a/b\"";
        QTest::newRow("no layers") << 23 << "layers: a network needs at least one layer";
        QTest::newRow("overflow")
            << 24
            << "layers[0]: the weight 4294967296 × 4294967296 has more elements than a 64-bit "
               "count can hold";
    }
    void problems_name_the_place() {
        QFETCH(int, which);
        QFETCH(QString, expected);
        Network n = course();
        switch (which) {
            case 0:
                n.layers[2].in = 50;
                n.input_shape.reset();
                break;
            case 1:
                n = small_cnn();
                n.layers[1].in = 8;
                break;
            case 2:
                n = small_cnn();
                n.input_shape.reset();
                n.layers[2].in = 100;
                break;
            case 3:
                n = small_cnn();
                n.layers[2].in = 32000;
                break;
            case 4:
                n.layers[0].in = 99;
                break;
            case 5:
                n = small_cnn();
                n.layers[0].in = 4;
                break;
            case 6:
                n.layers = {conv2d("c", 3, 8, 5)};
                n.input_shape = std::vector<int64_t>{3, 8, 4};
                break;
            case 7:
                n.layers = {conv2d("c", 3, 8, 3)};
                break;
            case 8:
                n.layers[1] = conv2d("c", 100, 8, 3);
                n.layers.resize(2);
                break;
            case 9:
                n.layers[1].out = 0;
                break;
            case 10:
                n.layers[0].name.clear();
                break;
            case 11:
                n.layers[3].name = "fc1";
                break;
            case 13:
                n = small_cnn();
                n.layers[0].groups = 2;
                n.layers[0].out = 16;
                break;
            case 14:
                n = small_cnn();
                n.layers[0].kernel_size = {3, 0};
                break;
            case 15:
                n.layers[2].weight_init = InitSpec(SchemeId::Normal);
                n.layers[2].weight_init.set("std", -1.0);
                break;
            case 16:
                n = small_cnn();
                n.layers[0].weight_init = InitSpec(SchemeId::Eye);
                break;
            case 17:
                n.layers[0].weight_init = InitSpec(SchemeId::Dirac);
                break;
            case 18:
                n.layers[0].bias_init = InitSpec(SchemeId::Sparse);
                break;
            case 19:
                n.layers[1].bias_init = InitSpec(SchemeId::Uniform);
                n.layers[1].bias_init.set("a", 1.0);
                n.layers[1].bias_init.set("b", 0.0);
                break;
            case 20:
                n.layers[0].weight_init = InitSpec(SchemeId::Sparse);
                n.layers[0].weight_init.set("sparsity", 1.5);
                break;
            case 21: {
                Layer c1 = conv2d("a", 3, 8, 3);
                c1.kind = LayerKind::Conv1d;
                c1.kernel_size = {3};
                n.layers = {c1, conv2d("b", 8, 8, 3)};
                n.input_shape.reset();
                break;
            }
            case 22:
                n.layers[0].name = "a/b";
                break;
            case 23:
                n.layers.clear();
                n.input_shape.reset();
                break;
            case 24:
                n.layers = {linear("huge", int64_t(1) << 32, int64_t(1) << 32)};
                n.input_shape.reset();
                break;
        }
        const QStringList found = problems(n);
        if (!found.contains(expected)) qWarning() << found;
        QVERIFY(found.contains(expected));
    }

    void output_shapes() {
        const auto shapes = NetworkShapes::output_shapes(small_cnn());
        QVERIFY(shapes.has_value());
        QCOMPARE(*shapes, (std::vector<std::vector<int64_t>>{{16, 32, 32}, {32, 32, 32}, {10}}));
        Network strided;
        strided.layers = {conv2d("c", 3, 8, 3, 1, 2), linear("fc", 8 * 16 * 16, 10)};
        strided.input_shape = std::vector<int64_t>{3, 32, 32};  // ⌊(32 + 2 − 3)/2⌋ + 1 = 16
        QCOMPARE(problems(strided), QStringList{});
        QCOMPARE(NetworkShapes::output_shapes(strided)->front(), (std::vector<int64_t>{8, 16, 16}));
        QVERIFY(NetworkShapes::output_shapes(course()).has_value());
        Network no_input = course();
        no_input.input_shape.reset();
        QVERIFY(!NetworkShapes::output_shapes(no_input).has_value());
    }

    void rechain_after() {
        Network n = course();
        n.layers[1].out = 64;
        QVERIFY(NetworkShapes::rechain_after(n, 1));
        QCOMPARE(n.layers[2].in, 64);
        QVERIFY(!NetworkShapes::rechain_after(n, 1));  // already chained
        QVERIFY(!NetworkShapes::rechain_after(n, 4));  // last layer: nothing follows
        QVERIFY(!NetworkShapes::rechain_after(n, -1));
        QCOMPARE(problems(n), QStringList{});

        Network cnn = small_cnn();
        cnn.layers[0].out = 24;
        QVERIFY(NetworkShapes::rechain_after(cnn, 0));
        QCOMPARE(cnn.layers[1].in, 24);
        cnn.layers[1].out = 8;
        QVERIFY(NetworkShapes::rechain_after(cnn, 1));  // exact with input_shape: 8 × 32 × 32
        QCOMPARE(cnn.layers[2].in, 8 * 32 * 32);
        QCOMPARE(problems(cnn), QStringList{});

        Network loose = small_cnn();
        loose.input_shape.reset();
        loose.layers[1].out = 64;
        QVERIFY(NetworkShapes::rechain_after(loose, 1, 32));  // keeps the spatial factor 32·32
        QCOMPARE(loose.layers[2].in, 64 * 32 * 32);
        loose.layers[1].out = 3;
        QVERIFY(
            NetworkShapes::rechain_after(loose, 1));  // 65536 is no multiple of 3: nearest multiple
        QCOMPARE(loose.layers[2].in % 3, 0);
        QCOMPARE(problems(loose), QStringList{});
    }
};

QTEST_APPLESS_MAIN(TestNetwork)
#include "tst_network.moc"
