// ConfigFile: exact round trips (every preset, every scheme) and every bad-input message.
#include "core/io/config_file.h"
#include "core/io/preset_library.h"
#include "core/model/network_validation.h"
#include "core/schemes/scheme_registry.h"

#include <sys/stat.h>
#include <QTemporaryDir>
#include <QtTest>

using namespace initscope;

namespace {

QByteArray layers_json(const QByteArray& layers, const QByteArray& top = {}) {
    return "{ \"format\": \"initscope\", \"version\": 1, " + top + " \"layers\": [" + layers +
           "] }";
}

const QByteArray kLinear =
    R"({ "name": "a", "kind": "linear", "in_features": 4, "out_features": 3 })";

/// Non-default values for every parameter, so a round trip has something to lose.
InitSpec varied(SchemeId id) {
    InitSpec spec = SchemeRegistry::defaults(id);
    for (const ParamInfo& p : SchemeRegistry::info(id).params) {
        if (p.kind == ParamKind::Choice)
            spec.set(p.name, p.choices.back());
        else if (p.kind == ParamKind::Real && p.name != "groups")
            spec.set(p.name, std::clamp(p.default_number + 0.1234567890123, p.min, p.max));
    }
    if (id == SchemeId::Uniform || id == SchemeId::TruncNormal) {
        spec.set("a", -0.3);
        spec.set("b", 0.7000000000000001);
    }
    return spec;
}

/// One network that uses every scheme: convs first (dirac needs a conv), then linears.
Network every_scheme() {
    Network n;
    n.seed = 18446744073709551615ull;
    n.flavour = Flavour::Portable;
    std::vector<SchemeId> bias_schemes;
    for (const SchemeInfo& info : SchemeRegistry::all())
        if (info.fit == TensorFit::Any) bias_schemes.push_back(info.id);
    size_t b = 0;
    std::vector<SchemeId> conv_ids, linear_ids;
    for (const SchemeInfo& info : SchemeRegistry::all())
        (info.fit == TensorFit::Conv ? conv_ids : linear_ids).push_back(info.id);
    for (SchemeId id : conv_ids) {
        Layer layer;
        layer.name = "conv" + std::to_string(n.layers.size());
        layer.kind = LayerKind::Conv2d;
        layer.in = n.layers.empty() ? 3 : 4;
        layer.out = 4;
        layer.kernel_size = {3, 1};
        layer.padding = 1;
        layer.weight_init = varied(id);
        layer.bias_init = varied(bias_schemes[b++ % bias_schemes.size()]);
        n.layers.push_back(layer);
    }
    for (SchemeId id : linear_ids) {
        Layer layer;
        layer.name = "fc" + std::to_string(n.layers.size());
        layer.in = n.layers.back().is_conv() ? 4 * 25 : 8;
        layer.out = 8;
        // Every activation in turn; leaky_relu with a slope other than the default.
        layer.activation = static_cast<Activation>(n.layers.size() % 8);
        if (layer.activation == Activation::LeakyRelu) layer.negative_slope = 0.2;
        layer.bias = n.layers.size() % 3 != 0;
        layer.weight_init = varied(id);
        layer.bias_init = varied(bias_schemes[b++ % bias_schemes.size()]);
        n.layers.push_back(layer);
    }
    return n;
}

}  // namespace

class TestConfigFile : public QObject {
    Q_OBJECT
private slots:
    void round_trip_presets() {
        for (const std::string& name : PresetLibrary::names()) {
            const ConfigFile::Result preset = PresetLibrary::load(name);
            QVERIFY2(preset, preset.error.c_str());
            const QByteArray json = ConfigFile::write(*preset.network, preset.description);
            const ConfigFile::Result again = ConfigFile::parse(json, name);
            QVERIFY2(again, again.error.c_str());
            QVERIFY(*again.network == *preset.network);
            QCOMPARE(again.description, preset.description);
            QCOMPARE(ConfigFile::write(*again.network, again.description), json);
        }
    }

    void version_1_activations_read() {
        // Version 1 spelled activations as calculate_gain does: conv1d and conv2d meant identity.
        const ConfigFile::Result r = ConfigFile::parse(
            R"({ "version": 1, "layers": [ { "name": "c", "kind": "linear", "in_features": 4,
                 "out_features": 3, "activation": "conv2d" } ] })",
            "old.json");
        QVERIFY2(r, r.error.c_str());
        QCOMPARE(r.network->layers[0].activation, Activation::Linear);
    }

    void probe_settings_round_trip() {
        Network n = every_scheme();
        n.probe = ProbeSettings{250, ProbeInput::Uniform};
        const QByteArray json = ConfigFile::write(n);
        QVERIFY(json.contains(R"("probe": {"batch": 250, "input": "uniform"})"));
        const ConfigFile::Result again = ConfigFile::parse(json, "probe.json");
        QVERIFY2(again, again.error.c_str());
        QCOMPARE(again.network->probe, n.probe);
    }

    void round_trip_every_scheme() {
        const Network n = every_scheme();
        QCOMPARE(NetworkValidation::problems(n), std::vector<std::string>{});
        const QByteArray json = ConfigFile::write(n);
        const ConfigFile::Result again = ConfigFile::parse(json, "every.json");
        QVERIFY2(again, again.error.c_str());
        QVERIFY(*again.network == n);
        for (size_t i = 0; i < n.layers.size(); ++i)
            QVERIFY(again.network->layers[i].weight_init == n.layers[i].weight_init);
        QSet<QString> used;
        for (const Layer& layer : again.network->layers)
            used << QString::fromStdString(SchemeRegistry::key(layer.weight_init.scheme()));
        QCOMPARE(used.size(), static_cast<qsizetype>(SchemeRegistry::all().size()));
    }

    void seeds_data() {
        QTest::addColumn<QByteArray>("seed");
        QTest::addColumn<quint64>("expected");
        QTest::newRow("zero") << QByteArray("0") << quint64(0);
        QTest::newRow("negative") << QByteArray("-1") << quint64(18446744073709551615ull);
        QTest::newRow("2^32") << QByteArray("4294967296") << quint64(4294967296ull);
        QTest::newRow("2^53+1") << QByteArray("9007199254740993") << quint64(9007199254740993ull);
        QTest::newRow("int64 min")
            << QByteArray("-9223372036854775808") << quint64(9223372036854775808ull);
        QTest::newRow("string max")
            << QByteArray("\"18446744073709551615\"") << quint64(18446744073709551615ull);
        QTest::newRow("string negative")
            << QByteArray("\"-2\"") << quint64(18446744073709551614ull);
        // Issue 9 defect 9: 2^63 − 1 rounds to 2^63 as a double; it must be read exactly.
        QTest::newRow("int64 max")
            << QByteArray("9223372036854775807") << quint64(9223372036854775807ull);
    }
    void seeds() {
        QFETCH(QByteArray, seed);
        QFETCH(quint64, expected);
        const ConfigFile::Result r =
            ConfigFile::parse(layers_json(kLinear, "\"seed\": " + seed + ","), "c.json");
        QVERIFY2(r, r.error.c_str());
        QCOMPARE(r.network->seed, expected);
        const ConfigFile::Result again = ConfigFile::parse(ConfigFile::write(*r.network), "c.json");
        QVERIFY2(again, again.error.c_str());
        QCOMPARE(again.network->seed, expected);
    }

    void defaults_and_forms() {
        const ConfigFile::Result r = ConfigFile::parse(
            layers_json(R"({ "name": "c", "kind": "conv2d", "in_channels": 3, "out_channels": 8,
                             "kernel_size": 5, "stride": [2, 2], "padding": [1, 1],
                             "weight_init": { "scheme": "kaiming_normal", "mode": "fan_out" },
                             "bias_init": {} })",
                        R"("description": "d", "input_shape": [3, 9, 9],)"),
            "c.json");
        QVERIFY2(r, r.error.c_str());
        const Layer& c = r.network->layers[0];
        QCOMPARE(c.kernel_size, (std::vector<int64_t>{5, 5}));
        QCOMPARE(c.stride, 2);
        QCOMPARE(c.padding, 1);
        QCOMPARE(c.groups, 1);
        QVERIFY(c.bias);
        QCOMPARE(c.activation, Activation::Relu);
        QCOMPARE(c.weight_init.choice("mode"), std::string("fan_out"));
        QCOMPARE(c.weight_init.choice("nonlinearity"), std::string("leaky_relu"));  // default
        QCOMPARE(c.bias_init, InitSpec());  // omitted scheme: torch_default
        QCOMPARE(r.network->seed, quint64(0));
        QCOMPARE(r.network->flavour, Flavour::Fma);
        QCOMPARE(r.description, std::string("d"));
    }

    void read_and_save_files() {
        const QString data = INITSCOPE_TEST_DATA_DIR "/configs/";
        const ConfigFile::Result conv = ConfigFile::read(data + "conv_net.json");
        QVERIFY2(conv, conv.error.c_str());
        QCOMPARE(conv.network->seed, quint64(18446744073709551615ull));
        QCOMPARE(conv.network->flavour, Flavour::Portable);
        QCOMPARE(QString::fromStdString(ConfigFile::read(data + "bad_std.json").error),
                 data + "bad_std.json: layers[2].weight_init.std: must be ≥ 0, got -1");
        QVERIFY(QString::fromStdString(ConfigFile::read(data + "missing.json").error)
                    .startsWith(data + "missing.json: cannot open: "));
        QTemporaryDir dir;
        const QString path = dir.filePath("saved.json");
        QCOMPARE(ConfigFile::save(*conv.network, path, "a conv net"), std::nullopt);
        const ConfigFile::Result saved = ConfigFile::read(path);
        QVERIFY2(saved, saved.error.c_str());
        QVERIFY(*saved.network == *conv.network);
        QCOMPARE(saved.description, std::string("a conv net"));
        QCOMPARE(QDir(dir.path()).entryList(QDir::Files), QStringList{"saved.json"});
        QVERIFY(ConfigFile::save(*conv.network, dir.filePath("no/such/dir.json")).has_value());
    }

    void bad_input_data() {
        QTest::addColumn<QByteArray>("json");
        QTest::addColumn<QString>("expected");
        const QByteArray chain2 = R"({ "name": "b", "kind": "linear", "in_features": 3,
                                       "out_features": 2)";
        QTest::newRow("malformed")
            << QByteArray("{\n  \"layers\": [1,,]\n}")
            << "config.json: line 2, column 17: malformed JSON: illegal value";
        QTest::newRow("empty") << QByteArray("  \n")
                               << "config.json: the file is empty (expected a JSON object)";
        QTest::newRow("top list") << QByteArray("[]")
                                  << "config.json: the top level must be an object {…}, got a list";
        QTest::newRow("unknown top key")
            << layers_json(kLinear, R"("seeds": 1,)")
            << "config.json: seeds: unknown key in the top level (expected format, version, "
               "description, seed, flavour, input_shape, probe, layers)";
        QTest::newRow("unknown layer key")
            << layers_json(R"({ "name": "a", "kind": "linear", "in_features": 4,
                                "out_features": 3, "kernel_size": 3 })")
            << "config.json: layers[0].kernel_size: unknown key in a linear layer (expected "
               "name, kind, in_features, out_features, bias, activation, negative_slope, "
               "weight_init, "
               "bias_init)";
        QTest::newRow("unknown param")
            << layers_json(R"({ "name": "a", "kind": "linear", "in_features": 4, "out_features": 3,
                                "weight_init": { "scheme": "normal", "stdev": 1 } })")
            << "config.json: layers[0].weight_init.stdev: unknown key: normal has no parameter "
               "'stdev' (its parameters: mean, std)";
        QTest::newRow("param of torch_default")
            << layers_json(R"({ "name": "a", "kind": "linear", "in_features": 4, "out_features": 3,
                                "bias_init": { "gain": 1 } })")
            << "config.json: layers[0].bias_init.gain: unknown key: torch_default has no "
               "parameter 'gain' (it has none)";
        QTest::newRow("unknown scheme")
            << layers_json(R"({ "name": "a", "kind": "linear", "in_features": 4, "out_features": 3,
                                "weight_init": { "scheme": "xavier" } })")
            << "config.json: layers[0].weight_init.scheme: unknown scheme \"xavier\" (expected "
               "torch_default, uniform, normal, constant, zeros, ones, eye, dirac, "
               "xavier_uniform, xavier_normal, kaiming_uniform, kaiming_normal, trunc_normal, "
               "orthogonal, sparse, glorot_uniform, glorot_normal, he_uniform, he_normal, "
               "lecun_uniform, lecun_normal, variance_scaling)";
        QTest::newRow("unknown kind")
            << layers_json(R"({ "name": "a", "kind": "conv3d" })")
            << "config.json: layers[0].kind: expected linear, conv1d or conv2d, got \"conv3d\"";
        QTest::newRow("missing kind")
            << layers_json(R"({ "name": "a" })")
            << "config.json: layers[0].kind: missing (expected linear, conv1d or conv2d)";
        QTest::newRow("missing size")
            << layers_json(R"({ "name": "a", "kind": "conv2d", "in_channels": 3,
                                "out_channels": 4 })")
            << "config.json: layers[0].kernel_size: missing (a conv2d layer needs name, kind, "
               "in_channels, out_channels, kernel_size)";
        QTest::newRow("missing layers")
            << QByteArray(R"({ "format": "initscope" })")
            << "config.json: layers: missing (a config needs a list of layers)";
        QTest::newRow("wrong type")
            << layers_json(R"({ "name": "a", "kind": "linear", "in_features": "4",
                                "out_features": 3 })")
            << "config.json: layers[0].in_features: expected an integer, got \"4\"";
        QTest::newRow("fraction")
            << layers_json(R"({ "name": "a", "kind": "linear", "in_features": 4.5,
                                "out_features": 3 })")
            << "config.json: layers[0].in_features: expected an integer, got 4.5";
        QTest::newRow("bias type")
            << layers_json(R"({ "name": "a", "kind": "linear", "in_features": 4,
                                "out_features": 3, "bias": "yes" })")
            << "config.json: layers[0].bias: expected true or false, got \"yes\"";
        QTest::newRow("param type")
            << layers_json(R"({ "name": "a", "kind": "linear", "in_features": 4, "out_features": 3,
                                "weight_init": { "scheme": "normal", "std": "1" } })")
            << "config.json: layers[0].weight_init.std: expected a number, got \"1\"";
        QTest::newRow("choice type")
            << layers_json(R"({ "name": "a", "kind": "linear", "in_features": 4, "out_features": 3,
                                "weight_init": { "scheme": "kaiming_normal", "mode": 1 } })")
            << "config.json: layers[0].weight_init.mode: expected one of fan_in, fan_out, got 1";
        QTest::newRow("unknown choice")
            << layers_json(R"({ "name": "a", "kind": "linear", "in_features": 4, "out_features": 3,
                                "weight_init": { "scheme": "kaiming_normal", "mode": "fan" } })")
            << "config.json: layers[0].weight_init.mode: must be one of fan_in, fan_out, got 'fan'";
        QTest::newRow("unknown activation")
            << layers_json(R"({ "name": "a", "kind": "linear", "in_features": 4,
                                "out_features": 3, "activation": "softplus" })")
            << "config.json: layers[0].activation: expected one of linear, relu, leaky_relu, "
               "tanh, sigmoid, selu, gelu, silu, got \"softplus\"";
        QTest::newRow("slope not a number")
            << layers_json(R"({ "name": "a", "kind": "linear", "in_features": 4,
                                "out_features": 3, "activation": "leaky_relu",
                                "negative_slope": "0.2" })")
            << "config.json: layers[0].negative_slope: expected a number (leaky_relu's slope for "
               "x < 0), got \"0.2\"";
        QTest::newRow("unknown flavour")
            << layers_json(kLinear, R"("flavour": "avx",)")
            << "config.json: flavour: expected fma or portable, got \"avx\"";
        QTest::newRow("format") << QByteArray(R"({ "format": "keras", "layers": [] })")
                                << "config.json: format: expected \"initscope\", got \"keras\"";
        QTest::newRow("version")
            << layers_json(kLinear).replace("\"version\": 1", "\"version\": 3")
            << "config.json: version: this file is version 3, newer than this InitScope reads (2)";
        QTest::newRow("probe batch")
            << layers_json(kLinear, R"("probe": {"batch": 0},)")
            << "config.json: probe.batch: expected 1 to 100000 samples, got 0";
        QTest::newRow("probe input")
            << layers_json(kLinear, R"("probe": {"input": "mnist"},)")
            << "config.json: probe.input: expected one of normal, uniform, got \"mnist\"";
        QTest::newRow("probe key")
            << layers_json(kLinear, R"("probe": {"samples": 10},)")
            << "config.json: probe.samples: unknown key in the probe settings (expected batch, "
               "input)";
        QTest::newRow("seed fraction") << layers_json(kLinear, R"("seed": 1.5,)")
                                       << "config.json: seed: expected an integer, got 1.5";
        QTest::newRow("seed too big")
            << layers_json(kLinear, R"("seed": 18446744073709551615,)")
            << "config.json: seed: 18446744073709552000 is beyond what a JSON number holds "
               "exactly; write the seed as a string, e.g. \"18446744073709551615\"";
        QTest::newRow("seed string")
            << layers_json(kLinear, R"("seed": "12a",)")
            << "config.json: seed: expected an integer from -9223372036854775808 to "
               "18446744073709551615, got \"12a\"";
        QTest::newRow("kernel list")
            << layers_json(R"({ "name": "c", "kind": "conv2d", "in_channels": 3,
                                "out_channels": 4, "kernel_size": [3] })")
            << "config.json: layers[0].kernel_size: expected 2 integers (one per spatial "
               "dimension), got [3]";
        QTest::newRow("stride differs")
            << layers_json(R"({ "name": "c", "kind": "conv2d", "in_channels": 3,
                                "out_channels": 4, "kernel_size": 3, "stride": [1, 2] })")
            << "config.json: layers[0].stride: InitScope uses one stride for every dimension, got "
               "[1, 2]";
        QTest::newRow("std < 0") << layers_json(kLinear + R"(,
                { "name": "b", "kind": "linear", "in_features": 3, "out_features": 3 },
                { "name": "c", "kind": "linear", "in_features": 3, "out_features": 2,
                  "weight_init": { "scheme": "normal", "std": -1 } })")
                                 << "config.json: layers[2].weight_init.std: must be ≥ 0, got -1";
        QTest::newRow("a > b")
            << layers_json(R"({ "name": "a", "kind": "linear", "in_features": 4, "out_features": 3,
                                "bias_init": { "scheme": "uniform", "a": 2, "b": 1 } })")
            << "config.json: layers[0].bias_init.a: the lower bound a (2) must not exceed the "
               "upper bound b (1)";
        QTest::newRow("sparsity")
            << layers_json(R"({ "name": "a", "kind": "linear", "in_features": 4, "out_features": 3,
                                "weight_init": { "scheme": "sparse", "sparsity": -0.5 } })")
            << "config.json: layers[0].weight_init.sparsity: must be ≥ 0, got -0.5";
        QTest::newRow("eye on conv")
            << layers_json(R"({ "name": "c", "kind": "conv1d", "in_channels": 3,
                                "out_channels": 4, "kernel_size": 3,
                                "weight_init": { "scheme": "eye" } })")
            << "config.json: layers[0].weight_init: eye needs a 2-D tensor (a linear weight); "
               "got 4 × 3 × 3 (3-D)";
        QTest::newRow("dirac on linear")
            << layers_json(R"({ "name": "a", "kind": "linear", "in_features": 4, "out_features": 3,
                                "weight_init": { "scheme": "dirac" } })")
            << "config.json: layers[0].weight_init: dirac needs a 3-, 4- or 5-D tensor (a conv "
               "weight); got 3 × 4 (2-D)";
        QTest::newRow("sparse on bias")
            << layers_json(R"({ "name": "a", "kind": "linear", "in_features": 4, "out_features": 3,
                                "bias_init": { "scheme": "sparse" } })")
            << "config.json: layers[0].bias_init: sparse needs a 2-D tensor (a linear weight); "
               "got 3 (1-D)";
        QTest::newRow("chain")
            << layers_json(kLinear + "," + chain2 + " }")
                   .replace("\"in_features\": 3", "\"in_features\": 5")
            << "config.json: layers[1].in_features: must equal the previous layer's out_features "
               "(3), got 5";
        QTest::newRow("size <= 0")
            << layers_json(R"({ "name": "a", "kind": "linear", "in_features": -4,
                                "out_features": 3 })")
            << "config.json: layers[0].in_features: must be > 0, got -4";
        QTest::newRow("input_shape")
            << layers_json(kLinear, R"("input_shape": [5],)")
            << "config.json: layers[0].in_features: must equal the input size given by "
               "input_shape (5), got 4";
        // Issue 9 defect 9: QJsonDocument keeps the last of two equal keys without a word.
        QTest::newRow("duplicate key")
            << layers_json(QByteArray(kLinear).replace("\"in_features\": 4",
                                                       "\"in_features\": 4, \"in_features\": 5"))
            << "config.json: line 1, column 103: the key \"in_features\" is given twice in one "
               "object (only one is allowed)";
        QTest::newRow("duplicate top-level key")
            << layers_json(kLinear, "\"seed\": 1, \"seed\": 2,")
            << "config.json: line 1, column 51: the key \"seed\" is given twice in one object "
               "(only "
               "one is allowed)";
        QTest::newRow("duplicate")
            << layers_json(kLinear + "," + QByteArray(kLinear).replace("4", "3"))
            << "config.json: layers[1].name: \"a\" is already the name of layers[0]";
    }
    /// Issue 9 defect 3: a config read is capped, and devices, pipes and directories are refused
    /// by name before they are opened (reading /dev/zero ran out of memory; a FIFO blocked).
    void unbounded_reads_are_refused() {
        QCOMPARE(QString::fromStdString(ConfigFile::read("/dev/zero").error),
                 QString("/dev/zero: cannot open: not a regular file (a device, pipe or socket)"));
        QTemporaryDir dir;
        QCOMPARE(QString::fromStdString(ConfigFile::read(dir.path()).error),
                 dir.path() + ": cannot open: it is a directory");
        const QString fifo = dir.filePath("pipe.json");
        QCOMPARE(::mkfifo(fifo.toLocal8Bit().constData(), 0600), 0);
        QCOMPARE(QString::fromStdString(ConfigFile::read(fifo).error),
                 fifo + ": cannot open: not a regular file (a device, pipe or socket)");
        const QString huge = dir.filePath("huge.json");  // sparse: 64 GiB of size, no blocks
        {
            QFile file(huge);
            QVERIFY(file.open(QIODevice::WriteOnly));
            QVERIFY(file.resize(int64_t(64) << 30));
        }
        QCOMPARE(QString::fromStdString(ConfigFile::read(huge).error),
                 huge + ": the file is too large (68719476736 bytes; at most 4 MiB)");
        QCOMPARE(QString::fromStdString(ConfigFile::read("").error),
                 QString(": the path is empty"));
    }

    /// Issue 9 defect 9: keys and strings echoed in messages are cut and have control bytes
    /// escaped, so a hostile config cannot flood or drive the terminal.
    void echoed_text_is_cut_and_escaped() {
        const QByteArray key = "x\u001b[31m" + QByteArray(200, 'k');
        const ConfigFile::Result r = ConfigFile::parse(
            layers_json(QByteArray(kLinear).replace("{", "{ \"" + key + "\": 1,")), "c.json");
        QVERIFY(!r);
        const QString error = QString::fromStdString(r.error);
        QVERIFY2(error.startsWith("c.json: layers[0].x\\x1b[31mkkk"), r.error.c_str());
        QVERIFY2(!error.contains(QChar(0x1b)), r.error.c_str());
        QVERIFY2(error.size() < 250, r.error.c_str());
        const ConfigFile::Result s = ConfigFile::parse(
            layers_json(kLinear, "\"flavour\": \"" + QByteArray(500, 'f') + "\n\","), "c.json");
        QVERIFY(!s);
        QVERIFY2(QString::fromStdString(s.error).contains("…"), s.error.c_str());
        QVERIFY2(QString::fromStdString(s.error).size() < 200, s.error.c_str());
    }

    void bad_input() {
        QFETCH(QByteArray, json);
        QFETCH(QString, expected);
        const ConfigFile::Result r = ConfigFile::parse(json, "config.json");
        QVERIFY(!r);
        QCOMPARE(QString::fromStdString(r.error), expected);
    }
};

QTEST_APPLESS_MAIN(TestConfigFile)
#include "tst_config_file.moc"
