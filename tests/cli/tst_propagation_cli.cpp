// The headless analyses of issue 10: --propagation (the probe's per-layer figures beside the
// mean-field prediction), --spectrum (singular values with their Marchenko–Pastur edges) and
// --batch, on the presets that teach them; bad requests exit 2 with one line and write nothing.
#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include "cli_run.h"

#include <QtTest>

#include <cmath>

using namespace initscope::test;

namespace {

/// The JSON --propagation or --spectrum printed for `preset` (plus `extra` arguments).
QJsonDocument analysis(const QString& option, const QString& preset,
                       const QStringList& extra = {}) {
    const Run r = run(QStringList{"--headless", "--preset", preset, option, "-"} + extra);
    if (r.status != 0) qWarning("%s", qPrintable(r.err));
    return QJsonDocument::fromJson(r.out.toUtf8());
}

}  // namespace

class TestPropagationCli : public QObject {
    Q_OBJECT
private slots:
    void propagation_has_one_entry_per_layer_with_its_theory() {
        const QJsonObject top = analysis("--propagation", "deep_tanh").object();
        QCOMPARE(top["batch"].toInt(), 1000);
        QCOMPARE(top["input"].toString(), QString("normal"));
        const QJsonArray layers = top["layers"].toArray();
        QCOMPARE(layers.size(), 10);
        for (int i = 0; i < layers.size(); ++i) {
            const QJsonObject l = layers[i].toObject();
            QCOMPARE(l["layer"].toString(), QString("fc%1").arg(i + 1));
            QCOMPARE(l["activation"].toString(), QString("tanh"));
            QVERIFY(l["saturated"].isDouble());  // tanh: saturated applies, dead does not
            QVERIFY(l["dead"].isNull());
            for (const char* key : {"grad_pre_std", "grad_post_std", "weight_grad_std",
                                    "bias_grad_std", "grad_data_ratio"})
                QVERIFY2(l[key].toDouble() > 0, key);
            // The measured pre-activation std against the mean-field prediction: the sample
            // std of 500,000 values is exact to ~0.1 %; the prediction holds up to O(1/√width)
            // finite-width fluctuations of the layer's weights (width 500: a few %).
            const double measured = l["pre"]["std"].toDouble();
            const double predicted = l["theory"]["pre_std"].toDouble();
            QVERIFY2(std::abs(measured / predicted - 1) < 4 / std::sqrt(500.0),
                     qPrintable(QString("fc%1: %2 vs %3").arg(i + 1).arg(measured).arg(predicted)));
            // PyTorch's default Linear: σw² = fan_in·Var(W) = 1/3.
            QVERIFY(std::abs(l["theory"]["sigma_w2"].toDouble() - 1.0 / 3) < 1e-12);
        }
    }

    // CS231n's demonstration: ×0.01 collapses, ×1 saturates, ReLU dead units are counted.
    void the_classic_failures_show() {
        const QJsonArray small =
            analysis("--propagation", "deep_tanh_small").object()["layers"].toArray();
        QVERIFY(small.last()["pre"]["std"].toDouble() < 1e-5);
        const QJsonArray large =
            analysis("--propagation", "deep_tanh_large").object()["layers"].toArray();
        for (const QJsonValue& l : large) QVERIFY(l["saturated"].toDouble() > 0.8);
        const QJsonArray relu = analysis("--propagation", "deep_relu").object()["layers"].toArray();
        for (const QJsonValue& l : relu) {
            QVERIFY(l["saturated"].isNull());
            // Kaiming keeps the scale, but inputs grow correlated with depth: a few units die.
            QVERIFY(l["dead"].toDouble() >= 0 && l["dead"].toDouble() < 0.2);
            // About half of a ReLU's outputs are zero.
            QVERIFY(std::abs(l["zeros"].toDouble() - 0.5) < 0.05);
        }
    }

    // PyTorch's default on ReLU: the signal shrinks until the biases dominate, and then whole
    // units are off for every sample (about half of them by fc10).
    void default_relu_kills_units() {
        const QJsonArray layers =
            analysis("--propagation", "deep_relu_default").object()["layers"].toArray();
        QCOMPARE(layers.first()["dead"].toDouble(), 0.0);
        QVERIFY(layers.last()["dead"].toDouble() > 0.3);
        QVERIFY(layers.last()["pre"]["std"].toDouble() <
                0.1 * layers.first()["pre"]["std"].toDouble());
    }

    void batch_sets_the_probe_batch() {
        const QJsonObject top = analysis("--propagation", "course", {"--batch", "10"}).object();
        QCOMPARE(top["batch"].toInt(), 10);
        QCOMPARE(top["layers"].toArray().size(), 5);
        QVERIFY(top["layers"].toArray().last()["activation"].toString() == "linear");
    }

    void spectrum_has_marchenko_pastur_edges() {
        const QJsonArray spectra = analysis("--spectrum", "deep_relu").array();
        QCOMPARE(spectra.size(), 10);
        for (const QJsonValue& s : spectra) {
            QCOMPARE(s["shape"].toArray(), (QJsonArray{500, 500}));
            QCOMPARE(s["singular_values"]["n"].toInt(), 500);
            QCOMPARE(s["theory"]["kind"].toString(), QString("marchenko_pastur"));
            // Kaiming normal, σ = √(2/500): square matrix, edges 0 and 2σ√500 = 2√2.
            QVERIFY(std::abs(s["theory"]["upper"].toDouble() - 2 * std::sqrt(2.0)) < 1e-9);
            // The largest value sits at the edge up to Tracy–Widom fluctuations (N^(−2/3)).
            QVERIFY(std::abs(s["singular_values"]["max"].toDouble() / (2 * std::sqrt(2.0)) - 1) <
                    5 * std::pow(500.0, -2.0 / 3));
        }
    }

    void bad_requests_write_nothing_data() {
        QTest::addColumn<QStringList>("arguments");
        QTest::addColumn<QString>("expected");
        QTest::newRow("batch zero") << QStringList{"--propagation", "@out", "--batch", "0"}
                                    << "initscope: --batch: expected an integer from 1 to 100000, "
                                       "got '0'";
        QTest::newRow("batch text") << QStringList{"--propagation", "@out", "--batch", "1e3"}
                                    << "initscope: --batch: expected an integer from 1 to 100000, "
                                       "got '1e3'";
        QTest::newRow("batch alone") << QStringList{"--stats", "@out", "--batch", "10"}
                                     << "initscope: --batch is only used with --propagation or "
                                        "--probe";
        QTest::newRow("probe alone") << QStringList{"--stats", "@out", "--probe"}
                                     << "initscope: --probe is only used with --pytorch-script";
        QTest::newRow("conv without input shape")
            << QStringList{"--propagation", "@out", "--config", "@conv"}
            << "initscope: --propagation: @conv: a conv network needs input_shape";
    }
    void bad_requests_write_nothing() {
        QFETCH(QStringList, arguments);
        QFETCH(QString, expected);
        QTemporaryDir dir;
        const QString out = dir.filePath("out.json"), conv = dir.filePath("conv.json");
        QFile file(conv);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(R"({"layers": [{"name": "c", "kind": "conv2d", "in_channels": 3,
                       "out_channels": 4, "kernel_size": [3, 3]}]})");
        file.close();
        for (QString& a : arguments) a.replace("@out", out).replace("@conv", conv);
        expected.replace("@conv", conv);
        if (!arguments.contains("--config"))
            arguments << "--preset"
                      << "course";
        const Run r = run(QStringList{"--headless"} + arguments);
        QCOMPARE(r.status, 2);
        QVERIFY2(r.err.startsWith(expected), qPrintable(r.err));
        QCOMPARE(r.err.count('\n'), 1);
        QVERIFY(!QFile::exists(out));
    }
};

QTEST_APPLESS_MAIN(TestPropagationCli)
#include "tst_propagation_cli.moc"
