// Whole networks against PyTorch 1.13.1: the golden fixtures of scripts/make_parity_fixtures.py
// (network_cases) are replayed through Network + Materializer and compared bit for bit (orthogonal_
// within the fixture's stated tolerance), in both flavours.
#include "core/model/materializer.h"
#include "core/schemes/scheme_registry.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QtTest>
#include <bit>
#include <cstring>

using namespace initscope;

namespace {

const QString kParityDir = QStringLiteral(INITSCOPE_TEST_DATA_DIR "/parity/");

/// Minimal reader for the fixtures' float32 .npy files (format 1.0, '<f4', C order).
std::vector<float> read_npy_floats(const QString& path, std::vector<int64_t>& shape) {
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) return {};
    const QByteArray bytes = file.readAll();
    if (!bytes.startsWith("\x93NUMPY")) return {};
    const auto header_len =
        static_cast<int>(static_cast<uint8_t>(bytes[8]) | (static_cast<uint8_t>(bytes[9]) << 8));
    const QByteArray header = bytes.mid(10, header_len);
    if (!header.contains("'<f4'") || header.contains("'fortran_order': True")) return {};
    const int open = header.indexOf("'shape': (") + 10;
    const int close = header.indexOf(')', open);
    shape.clear();
    for (const QByteArray& part : header.mid(open, close - open).split(','))
        if (!part.trimmed().isEmpty()) shape.push_back(part.trimmed().toLongLong());
    const QByteArray data = bytes.mid(10 + header_len);
    std::vector<float> values(static_cast<size_t>(data.size()) / 4);
    std::memcpy(values.data(), data.constData(), values.size() * 4);
    return values;
}

Network network_from_case(const QJsonObject& c) {
    Network network;
    network.seed = c["seed_uint64"].toString().toULongLong();
    network.flavour = *parse_flavour(c["flavour"].toString().toStdString());
    for (const QJsonValue& value : c["layers"].toArray()) {
        const QJsonObject l = value.toObject();
        Layer layer;
        layer.name = l["name"].toString().toStdString();
        Layer::parse_kind(l["kind"].toString().toStdString(), layer.kind);
        layer.bias = l["bias"].toBool(true);
        layer.activation = Activation::Linear;
        if (layer.kind == LayerKind::Linear) {
            layer.in = l["in_features"].toInteger();
            layer.out = l["out_features"].toInteger();
        } else {
            layer.in = l["in_channels"].toInteger();
            layer.out = l["out_channels"].toInteger();
            for (const QJsonValue& k : l["kernel_size"].toArray())
                layer.kernel_size.push_back(k.toInteger());
            layer.stride = l["stride"].toInteger(1);
            layer.padding = l["padding"].toInteger(0);
            layer.groups = l["groups"].toInteger(1);
        }
        network.layers.push_back(layer);
    }
    for (const QJsonValue& value : c["inits"].toArray()) {
        const QJsonObject init = value.toObject();
        QString fn = init["fn"].toString();
        fn.chop(1);  // "xavier_normal_" → "xavier_normal"
        const SchemeInfo* info = SchemeRegistry::find(fn.toStdString());
        if (!info) qFatal("unknown init function %s", qPrintable(fn));
        InitSpec spec = SchemeRegistry::defaults(info->id);
        const QJsonObject kwargs = init["kwargs"].toObject();
        for (auto it = kwargs.begin(); it != kwargs.end(); ++it) {
            if (it.value().isString())
                spec.set(it.key().toStdString(), it.value().toString().toStdString());
            else
                spec.set(it.key().toStdString(), it.value().toDouble());
        }
        const QStringList target = init["tensor"].toString().split('.');
        for (Layer& layer : network.layers)
            if (layer.name == target[0].toStdString())
                (target[1] == "weight" ? layer.weight_init : layer.bias_init) = spec;
    }
    return network;
}

}  // namespace

class TestNetworkParity : public QObject {
    Q_OBJECT

private slots:
    void matches_pytorch_data() {
        QTest::addColumn<QJsonObject>("fixture");
        QFile file(kParityDir + "manifest.json");
        QVERIFY2(file.open(QIODevice::ReadOnly), "tests/data/parity/manifest.json is missing");
        const QJsonArray cases = QJsonDocument::fromJson(file.readAll())["network_cases"].toArray();
        QVERIFY(cases.size() >= 8);
        for (const QJsonValue& c : cases) {
            const QJsonObject o = c.toObject();
            QTest::newRow(qPrintable(o["name"].toString() + " " + o["flavour"].toString())) << o;
        }
    }

    void matches_pytorch() {
        QFETCH(QJsonObject, fixture);
        const Network network = network_from_case(fixture);
        // The fixtures' layers need not chain (the "mixed" case is a bag of layers): check only
        // that every init fits its tensor.
        for (const Layer& layer : network.layers) {
            const auto weight_problem =
                SchemeRegistry::check(layer.weight_init, layer.context(TensorRole::Weight));
            QVERIFY2(!weight_problem, weight_problem ? weight_problem->c_str() : "");
            const auto bias_problem = SchemeRegistry::check(layer.bias_init, layer.context(TensorRole::Bias));
            QVERIFY2(!bias_problem, bias_problem ? bias_problem->c_str() : "");
        }
        const Parameters parameters = Materializer::materialize(network);
        std::map<std::string, const Tensor*> by_name;
        for (size_t i = 0; i < parameters.size(); ++i) {
            by_name[network.layers[i].name + ".weight"] = &parameters[i].weight;
            if (parameters[i].bias)
                by_name[network.layers[i].name + ".bias"] = &*parameters[i].bias;
        }
        const QJsonArray tensors = fixture["tensors"].toArray();
        QCOMPARE(static_cast<size_t>(tensors.size()), by_name.size());
        for (const QJsonValue& value : tensors) {
            const QJsonObject t = value.toObject();
            const std::string name = t["name"].toString().toStdString();
            QVERIFY2(by_name.count(name), name.c_str());
            const Tensor& ours = *by_name[name];
            std::vector<int64_t> shape;
            const std::vector<float> golden =
                read_npy_floats(kParityDir + t["file"].toString(), shape);
            QCOMPARE(ours.shape().dims(), shape);
            QCOMPARE(static_cast<size_t>(ours.numel()), golden.size());
            const bool exact = t["exact"].toBool(true);
            const double tolerance = t["tolerance"].toDouble(0.0);
            for (size_t i = 0; i < golden.size(); ++i) {
                const float a = ours.values()[i], b = golden[i];
                if (exact) {
                    if (std::bit_cast<uint32_t>(a) != std::bit_cast<uint32_t>(b))
                        QFAIL(qPrintable(QString("%1[%2]: InitScope %3, PyTorch %4 (bits differ)")
                                             .arg(name.c_str())
                                             .arg(i)
                                             .arg(double(a), 0, 'g', 9)
                                             .arg(double(b), 0, 'g', 9)));
                } else if (std::abs(double(a) - double(b)) > tolerance) {
                    QFAIL(qPrintable(QString("%1[%2]: InitScope %3, PyTorch %4, beyond %5")
                                         .arg(name.c_str())
                                         .arg(i)
                                         .arg(double(a), 0, 'g', 9)
                                         .arg(double(b), 0, 'g', 9)
                                         .arg(tolerance)));
                }
            }
        }
    }
};

QTEST_APPLESS_MAIN(TestNetworkParity)
#include "tst_network_parity.moc"
