// PresetLibrary: the compiled-in presets exist as Qt resources, load, and say what the brief says.
#include "core/io/preset_library.h"
#include "core/model/network_shapes.h"
#include "core/model/network_validation.h"
#include "core/schemes/scheme_registry.h"

#include <QFile>
#include <QtTest>

using namespace initscope;

namespace {

Network load(const std::string& name) {
    const ConfigFile::Result result = PresetLibrary::load(name);
    if (!result) qFatal("%s", result.error.c_str());
    return *result.network;
}

}  // namespace

class TestPresetLibrary : public QObject {
    Q_OBJECT
private slots:
    void resources_are_compiled_in() {
        QVERIFY(QFile::exists(":/presets/course.json"));
        QCOMPARE(PresetLibrary::resource_path("course"), QString(":/presets/course.json"));
        QCOMPARE(PresetLibrary::names(),
                 (std::vector<std::string>{"course", "course_xavier", "deep_relu",
                                           "deep_relu_default", "deep_tanh", "deep_tanh_large",
                                           "deep_tanh_small", "small_cnn"}));
    }

    void every_preset_loads_and_is_described() {
        for (const std::string& name : PresetLibrary::names()) {
            const ConfigFile::Result result = PresetLibrary::load(name);
            QVERIFY2(result, result.error.c_str());
            QVERIFY(NetworkValidation::problems(*result.network).empty());
            QVERIFY(NetworkShapes::output_shapes(*result.network)
                        .has_value());  // input_shape chains exactly
            QVERIFY(!PresetLibrary::description(name).empty());
            QCOMPARE(result.network->seed, quint64(0));
            QCOMPARE(result.network->flavour, Flavour::Fma);
        }
    }

    void course() {
        const Network n = load("course");
        QCOMPARE(n.layers.size(), size_t(5));
        const char* names[] = {"input", "fc1", "fc2", "fc3", "output"};
        for (size_t i = 0; i < 5; ++i) {
            const Layer& layer = n.layers[i];
            QCOMPARE(layer.name, std::string(names[i]));
            QCOMPARE(layer.kind, LayerKind::Linear);
            QCOMPARE(layer.in, 100);
            QCOMPARE(layer.out, i == 4 ? 2 : 100);
            QVERIFY(layer.bias);
            QCOMPARE(layer.activation, i == 4 ? Activation::Linear : Activation::Relu);
            QCOMPARE(layer.weight_init.scheme(), SchemeId::TorchDefault);
            QCOMPARE(layer.bias_init.scheme(), SchemeId::TorchDefault);
        }
        QCOMPARE(n.input_shape, std::optional<std::vector<int64_t>>(std::vector<int64_t>{100}));
        QCOMPARE(n.parameter_count(), 40602);
    }

    void course_xavier() {
        const Network course = load("course");
        const Network xavier = load("course_xavier");
        QCOMPARE(xavier.layers.size(), course.layers.size());
        for (size_t i = 0; i < xavier.layers.size(); ++i) {
            QCOMPARE(xavier.layers[i].weight_init.scheme(), SchemeId::XavierNormal);
            QCOMPARE(xavier.layers[i].weight_init.number("gain"), 1.0);
            QCOMPARE(xavier.layers[i].bias_init.scheme(), SchemeId::TorchDefault);
            QCOMPARE(xavier.layers[i].out, course.layers[i].out);
        }
    }

    void deep_networks() {
        for (const char* name : {"deep_tanh", "deep_relu"}) {
            const Network n = load(name);
            QCOMPARE(n.layers.size(), size_t(10));
            const bool relu = std::string(name) == "deep_relu";
            for (const Layer& layer : n.layers) {
                QCOMPARE(layer.in, 500);
                QCOMPARE(layer.out, 500);
                QCOMPARE(layer.activation, relu ? Activation::Relu : Activation::Tanh);
                QCOMPARE(layer.weight_init.scheme(),
                         relu ? SchemeId::KaimingNormal : SchemeId::TorchDefault);
                if (relu) {
                    QCOMPARE(layer.weight_init.choice("mode"), std::string("fan_in"));
                    QCOMPARE(layer.weight_init.choice("nonlinearity"), std::string("relu"));
                }
            }
        }
    }

    // The CS231n variants and PyTorch's default on ReLU: the same shapes, one scheme each.
    void deep_network_variants() {
        const struct {
            const char* name;
            SchemeId weight, bias;
            double std;  // the normal's std; 0 when the weight is not a normal
            Activation activation;
        } variants[] = {
            {"deep_tanh_small", SchemeId::Normal, SchemeId::Zeros, 0.01, Activation::Tanh},
            {"deep_tanh_large", SchemeId::Normal, SchemeId::Zeros, 1.0, Activation::Tanh},
            {"deep_relu_default", SchemeId::TorchDefault, SchemeId::TorchDefault, 0,
             Activation::Relu},
        };
        for (const auto& v : variants) {
            const Network n = load(v.name);
            QCOMPARE(n.layers.size(), size_t(10));
            for (const Layer& layer : n.layers) {
                QCOMPARE(layer.in, 500);
                QCOMPARE(layer.out, 500);
                QCOMPARE(layer.activation, v.activation);
                QCOMPARE(layer.weight_init.scheme(), v.weight);
                QCOMPARE(layer.bias_init.scheme(), v.bias);
                if (v.std > 0) QCOMPARE(layer.weight_init.number("std"), v.std);
            }
        }
    }

    void small_cnn() {
        const Network n = load("small_cnn");
        QCOMPARE(n.layers.size(), size_t(3));
        QCOMPARE(n.layers[0].weight_shape(), (TensorShape{16, 3, 3, 3}));
        QCOMPARE(n.layers[1].weight_shape(), (TensorShape{32, 16, 3, 3}));
        QCOMPARE(n.layers[2].weight_shape(), (TensorShape{10, 32 * 32 * 32}));
        for (int i = 0; i < 2; ++i) {
            QCOMPARE(n.layers[i].padding, 1);
            QCOMPARE(n.layers[i].weight_init.scheme(), SchemeId::KaimingNormal);
            QCOMPARE(n.layers[i].weight_init.choice("mode"), std::string("fan_out"));
            QCOMPARE(n.layers[i].weight_init.choice("nonlinearity"), std::string("relu"));
        }
        QCOMPARE(n.input_shape,
                 std::optional<std::vector<int64_t>>(std::vector<int64_t>{3, 32, 32}));
    }

    void unknown_preset() {
        const ConfigFile::Result result = PresetLibrary::load("nope");
        QVERIFY(!result);
        QCOMPARE(QString::fromStdString(result.error),
                 QString("preset 'nope': no such preset (presets: course, course_xavier, "
                         "deep_relu, deep_relu_default, deep_tanh, deep_tanh_large, "
                         "deep_tanh_small, small_cnn)"));
        QVERIFY(PresetLibrary::description("nope").empty());
    }
};

QTEST_APPLESS_MAIN(TestPresetLibrary)
#include "tst_preset_library.moc"
