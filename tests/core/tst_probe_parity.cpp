// The probe's per-layer statistics equal PyTorch's for the same seed (signal-propagation.md §1,
// issue 10): the course and deep_tanh presets, a conv2d network (stride, padding, groups, a
// non-square kernel, then linear layers), a conv1d network with every other activation and the
// uniform input, and a linear reading a [2, 3, 4] input flattened, in both flavours. The std of
// every tensor agrees within 1e-4 relative, means, minima and maxima within 1e-4·std, saturated
// fractions within three values' share, dead fractions exactly.
//
// When /usr/bin/python3 can import torch, the generated script with the probe runs beside
// InitScope. Always, InitScope is also compared with the golden outputs of that script in
// tests/data/probe/<case>.json, so a machine without torch checks the same numbers. Regenerate
// them (after a deliberate change of a case) with INITSCOPE_WRITE_PROBE_FIXTURES=1
// ./tst_probe_parity.
#include "core/io/preset_library.h"
#include "core/io/pytorch_script_writer.h"
#include "core/model/choice_spelling.h"
#include "core/model/materializer.h"
#include "core/model/network_validation.h"
#include "core/propagation/probe.h"
#include "core/schemes/scheme_registry.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include "python_torch.h"
#include "test_support.h"

#include <QtTest>
#include <cmath>
#include <map>

using namespace initscope;

namespace {

constexpr double kStdTolerance = 1e-4;

struct Case {
    std::string name;  ///< also the fixture's file name
    Network network;
};

Layer conv(std::string name, LayerKind kind, int64_t in, int64_t out, std::vector<int64_t> kernel,
           int64_t stride, int64_t padding, int64_t groups, Activation activation) {
    Layer layer = test::linear(std::move(name), in, out);
    layer.kind = kind;
    layer.kernel_size = std::move(kernel);
    layer.stride = stride;
    layer.padding = padding;
    layer.groups = groups;
    layer.activation = activation;
    return layer;
}

Layer dense(std::string name, int64_t in, int64_t out, Activation activation) {
    Layer layer = test::linear(std::move(name), in, out);
    layer.activation = activation;
    return layer;
}

/// [3, 9, 9] → conv2d 8, 3×3, stride 2, padding 1 (relu) → conv2d 12, 3×2, padding 1, groups 4
/// (tanh) → linear 360 → 10 (sigmoid) → linear 10 → 3 without bias.
Network conv2d_network() {
    Network n;
    n.input_shape = std::vector<int64_t>{3, 9, 9};
    n.layers = {conv("conv1", LayerKind::Conv2d, 3, 8, {3, 3}, 2, 1, 1, Activation::Relu),
                conv("conv2", LayerKind::Conv2d, 8, 12, {3, 2}, 1, 1, 4, Activation::Tanh),
                dense("fc", 12 * 5 * 6, 10, Activation::Sigmoid),
                dense("head", 10, 3, Activation::Linear)};
    n.layers.back().bias = false;
    n.layers[0].weight_init = SchemeRegistry::defaults(SchemeId::KaimingNormal);
    n.seed = 7;
    n.probe.batch = 200;
    return n;
}

/// [2, 17], uniform input → conv1d 4, k 3, stride 2, padding 2, groups 2 (gelu) → leaky_relu
/// (slope 0.2), selu, silu, sigmoid linears → linear 8 → 4 without bias.
Network conv1d_network() {
    Network n;
    n.input_shape = std::vector<int64_t>{2, 17};
    n.layers = {conv("c1", LayerKind::Conv1d, 2, 4, {3}, 2, 2, 2, Activation::Gelu),
                dense("leaky", 40, 16, Activation::LeakyRelu),
                dense("selu", 16, 16, Activation::Selu),
                dense("silu", 16, 16, Activation::Silu),
                dense("sigmoid", 16, 8, Activation::Sigmoid),
                dense("out", 8, 4, Activation::Linear)};
    n.layers[1].negative_slope = 0.2;
    n.layers.back().bias = false;
    n.layers[2].weight_init = SchemeRegistry::defaults(SchemeId::XavierNormal);
    n.seed = 123;
    n.probe.batch = 300;
    n.probe.input = ProbeInput::Uniform;
    return n;
}

/// A linear first layer reading a [2, 3, 4] input flattened, then relu → linear.
Network flattened_input_network() {
    Network n;
    n.input_shape = std::vector<int64_t>{2, 3, 4};
    n.layers = {dense("fc", 24, 30, Activation::Relu), dense("out", 30, 5, Activation::Linear)};
    n.seed = 11;
    n.probe.batch = 50;
    return n;
}

std::vector<Case> cases(Flavour flavour) {
    std::vector<Case> out = {{"course", *PresetLibrary::load("course").network},
                             {"deep_tanh", *PresetLibrary::load("deep_tanh").network},
                             {"conv2d", conv2d_network()},
                             {"conv1d", conv1d_network()},
                             {"flattened_input", flattened_input_network()}};
    for (Case& c : out) {
        c.network.flavour = flavour;
        if (flavour == Flavour::Portable) c.network.seed += 4294967296ULL;  // same low 32 bits
        c.name.append("_").append(flavour_name(flavour));
    }
    return out;
}

/// InitScope's probe of a case, computed once per case for all the comparisons.
const ProbeResult& probe(const Case& c) {
    static std::map<std::string, ProbeResult> results;
    if (auto it = results.find(c.name); it != results.end()) return it->second;
    TorchGenerator generator(c.network.seed);
    const Parameters parameters = Materializer::materialize(c.network, generator);
    return results[c.name] = Probe::run(c.network, parameters, generator);
}

/// Checks of one case; the first mismatch is kept in `error`.
class Comparison {
public:
    explicit Comparison(std::string where) : where_(std::move(where)) {}
    const QString& error() const { return error_; }

    void fail(const std::string& what, double ours, const QJsonValue& theirs) {
        if (error_.isEmpty())
            error_ = QString("%1 %2: InitScope %3, PyTorch %4")
                         .arg(where_.c_str(), what.c_str())
                         .arg(ours, 0, 'g', 10)
                         .arg(theirs.isNull() ? QString("null")
                                              : QString::number(theirs.toDouble(), 'g', 10));
    }
    void std_close(const std::string& what, double ours, const QJsonValue& theirs) {
        const double t = theirs.toDouble(NAN);
        if (!(std::abs(ours - t) <= kStdTolerance * std::max(std::abs(ours), std::abs(t))))
            fail(what, ours, theirs);
    }
    /// |ours − theirs| ≤ 1e-4·std (means, minima, maxima).
    void value_close(const std::string& what, double ours, const QJsonValue& theirs, double std) {
        if (!(std::abs(ours - theirs.toDouble(NAN)) <= kStdTolerance * std + 1e-30))
            fail(what, ours, theirs);
    }
    /// Both null, or both within `tolerance`.
    void optional_close(const std::string& what, const std::optional<double>& ours,
                        const QJsonValue& theirs, double tolerance) {
        if (ours.has_value() == theirs.isNull() ||
            (ours && !(std::abs(*ours - theirs.toDouble()) <= tolerance)))
            fail(what, ours.value_or(NAN), theirs);
    }
    void moments(const std::string& what, const SampleStatistics& ours, const QJsonObject& theirs) {
        std_close(what + ".std", ours.stddev, theirs["std"]);
        value_close(what + ".mean", ours.mean, theirs["mean"], ours.stddev);
        value_close(what + ".min", ours.min, theirs["min"], ours.stddev);
        value_close(what + ".max", ours.max, theirs["max"], ours.stddev);
    }

private:
    std::string where_;
    QString error_;
};

/// Empty when InitScope's result matches the script's JSON, else the first mismatch.
QString compare(const Case& c, const ProbeResult& ours, const QJsonObject& theirs) {
    Comparison check(c.name);
    if (theirs["batch"].toInteger() != c.network.probe.batch)
        check.fail("batch", double(c.network.probe.batch), theirs["batch"]);
    const QString input = c.network.probe.input == ProbeInput::Normal ? "normal" : "uniform";
    if (theirs["input"].toString() != input) return c.name.c_str() + QString(": input differs");
    const QJsonArray layers = theirs["layers"].toArray();
    if (size_t(layers.size()) != ours.layers.size())
        return c.name.c_str() + QString(": %1 layers in PyTorch's output").arg(layers.size());
    for (size_t l = 0; l < ours.layers.size(); ++l) {
        const LayerSignal& s = ours.layers[l];
        const QJsonObject t = layers[qsizetype(l)].toObject();
        const Layer& layer = c.network.layers[l];
        if (t["layer"].toString().toStdString() != s.layer || s.layer != layer.name)
            return c.name.c_str() + QString(": layer %1 is named differently").arg(l);
        if (t["activation"].toString().toStdString() != ChoiceSpelling::name(layer.activation))
            return c.name.c_str() + QString(": layer %1's activation differs").arg(l);
        const std::string at = s.layer + ".";
        check.moments(at + "pre", s.pre, t["pre"].toObject());
        check.moments(at + "post", s.post, t["post"].toObject());
        // A value on the other side of a threshold after another rounding: a few values' share.
        check.optional_close(at + "saturated", s.saturated_fraction, t["saturated"],
                             3.0 / double(s.post.n));
        check.optional_close(at + "dead", s.dead_fraction, t["dead"], 0.0);
        check.std_close(at + "grad_pre_std", s.grad_pre_std, t["grad_pre_std"]);
        check.std_close(at + "grad_post_std", s.grad_post_std, t["grad_post_std"]);
        check.std_close(at + "weight_grad_std", s.weight_grad_std, t["weight_grad_std"]);
        if (s.bias_grad_std.has_value() == t["bias_grad_std"].isNull())
            check.fail(at + "bias_grad_std", s.bias_grad_std.value_or(NAN), t["bias_grad_std"]);
        else if (s.bias_grad_std)
            check.std_close(at + "bias_grad_std", *s.bias_grad_std, t["bias_grad_std"]);
        if (std::isnan(s.grad_data_ratio) != t["grad_data_ratio"].isNull())
            check.fail(at + "grad_data_ratio", s.grad_data_ratio, t["grad_data_ratio"]);
        else if (!std::isnan(s.grad_data_ratio))
            check.std_close(at + "grad_data_ratio", s.grad_data_ratio, t["grad_data_ratio"]);
    }
    return check.error();
}

QString fixture_path(const Case& c) {
    return QString(INITSCOPE_TEST_DATA_DIR "/probe/%1.json").arg(c.name.c_str());
}

/// Runs every case's generated script (with the probe) in one Python process per flavour, which
/// imports them in order (each import seeds, builds and initializes; probe() then draws) and
/// prints a JSON array of their probe() results.
QJsonArray run_pytorch(const std::vector<Case>& group, Flavour flavour, QString& error) {
    QTemporaryDir dir;
    QStringList scripts;
    for (const Case& c : group) {
        const QString path = dir.filePath(QString::fromStdString(c.name) + ".py");
        QFile file(path);
        if (!file.open(QIODevice::WriteOnly)) return error = "cannot write " + path, QJsonArray{};
        file.write(QByteArray::fromStdString(PytorchScriptWriter::write(c.network, c.name, true)));
        scripts << path;
    }
    const char* driver =
        "import importlib.util, json, sys\n"
        "results = []\n"
        "for path in sys.argv[1:]:\n"
        "    spec = importlib.util.spec_from_file_location('net%d' % len(results), path)\n"
        "    module = importlib.util.module_from_spec(spec)\n"
        "    spec.loader.exec_module(module)\n"
        "    results.append(module.probe())\n"
        "print(json.dumps(results, allow_nan=False))\n";
    QProcess python;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    // The portable scripts select the default kernels only when torch is not imported yet.
    if (flavour == Flavour::Portable)
        env.insert("ATEN_CPU_CAPABILITY", "default");
    else
        env.remove("ATEN_CPU_CAPABILITY");
    python.setProcessEnvironment(env);
    python.start("/usr/bin/python3", QStringList{"-c", driver} + scripts);
    if (!python.waitForFinished(300000) || python.exitCode() != 0) {
        error = "python failed: " + QString::fromLocal8Bit(python.readAllStandardError());
        return {};
    }
    return QJsonDocument::fromJson(python.readAllStandardOutput()).array();
}

}  // namespace

class TestProbeParity : public QObject {
    Q_OBJECT

private slots:
    void cases_are_valid() {
        for (Flavour flavour : {Flavour::Fma, Flavour::Portable})
            for (const Case& c : cases(flavour)) {
                QCOMPARE(test::problems(c.network), QStringList());
                QVERIFY(!Probe::unavailable_reason(c.network));
            }
    }

    /// Runs first, so that INITSCOPE_WRITE_PROBE_FIXTURES=1 refreshes what the next test reads.
    void matches_pytorch() {
        QString why;
        if (!test::torch_available(why)) QSKIP(qPrintable(why + " (the fixtures are checked)"));
        const bool write_fixtures = qEnvironmentVariableIntValue("INITSCOPE_WRITE_PROBE_FIXTURES");
        for (Flavour flavour : {Flavour::Fma, Flavour::Portable}) {
            const std::vector<Case> group = cases(flavour);
            QString error;
            const QJsonArray results = run_pytorch(group, flavour, error);
            QVERIFY2(error.isEmpty(), qPrintable(error));
            QCOMPARE(size_t(results.size()), group.size());
            for (size_t i = 0; i < group.size(); ++i) {
                const QJsonObject theirs = results[qsizetype(i)].toObject();
                const QString mismatch = compare(group[i], probe(group[i]), theirs);
                QVERIFY2(mismatch.isEmpty(), qPrintable(mismatch));
                if (write_fixtures) {
                    QDir().mkpath(QFileInfo(fixture_path(group[i])).path());
                    QFile file(fixture_path(group[i]));
                    QVERIFY(file.open(QIODevice::WriteOnly));
                    file.write(QJsonDocument(theirs).toJson(QJsonDocument::Indented));
                }
            }
        }
    }

    void matches_fixtures() {
        for (Flavour flavour : {Flavour::Fma, Flavour::Portable})
            for (const Case& c : cases(flavour)) {
                QFile file(fixture_path(c));
                QVERIFY2(file.open(QIODevice::ReadOnly), qPrintable(fixture_path(c)));
                const QJsonObject theirs = QJsonDocument::fromJson(file.readAll()).object();
                const QString mismatch = compare(c, probe(c), theirs);
                QVERIFY2(mismatch.isEmpty(), qPrintable(mismatch));
            }
    }

    /// Run as a program, the script with the probe prints only the probe's JSON.
    void script_prints_the_probe() {
        QString why;
        if (!test::torch_available(why)) QSKIP(qPrintable(why));
        const Case c = cases(Flavour::Fma)[0];
        QTemporaryDir dir;
        const QString path = dir.filePath("course.py");
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(
            QByteArray::fromStdString(PytorchScriptWriter::write(c.network, "course", true)));
        file.close();
        QProcess python;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.remove("ATEN_CPU_CAPABILITY");
        python.setProcessEnvironment(env);
        python.start("/usr/bin/python3", {path});
        QVERIFY(python.waitForFinished(300000));
        QVERIFY2(python.exitCode() == 0, python.readAllStandardError().constData());
        QJsonParseError parse;
        const QJsonDocument doc = QJsonDocument::fromJson(python.readAllStandardOutput(), &parse);
        QVERIFY2(parse.error == QJsonParseError::NoError, qPrintable(parse.errorString()));
        const QString mismatch = compare(c, probe(c), doc.object());
        QVERIFY2(mismatch.isEmpty(), qPrintable(mismatch));
    }
};

QTEST_APPLESS_MAIN(TestProbeParity)
#include "tst_probe_parity.moc"
