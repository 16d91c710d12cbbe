// The spectra of the weights (issue 10): singular values equal numpy.linalg.svd's of the same
// tensor (a committed fixture always; a live numpy run when /usr/bin/python3 has numpy) by both
// methods, progress and cancel, bad input, the course network within a frame, and the JSON
// export in the issue's shape. The theory beside them: tst_spectrum_theory.
#include "core/io/npy_file.h"
#include "core/io/spectrum_export.h"
#include "core/model/materializer.h"
#include "core/propagation/weight_spectrum.h"
#include "core/schemes/scheme_registry.h"
#include "core/torch/parallel_for.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include "spectrum_support.h"
#include "test_support.h"

#include <QtTest>
#include <chrono>
#include <cmath>
#include <numbers>

using namespace initscope;
using initscope::test::conv2d_init;
using initscope::test::linear_init;
using initscope::test::spec;
using initscope::test::weight_of;

namespace {

using Method = SingularValues::Method;

/// The tolerance of the contract: 1e-5 relative, values below 1e-6·s_max against 1e-5 of that.
double svd_tolerance(double reference, double reference_max) {
    return 1e-5 * std::max(reference, 1e-6 * reference_max);
}

/// SingularValues' bound for the Gram method: 1e-5 relative from 1e-4·s_max on, 2e-7·s_max below.
double gram_tolerance(double reference, double reference_max) {
    return reference >= 1e-4 * reference_max ? 1e-5 * reference : 2e-7 * reference_max;
}

void compare(const std::vector<double>& ours, const std::vector<double>& reference,
             double (*tolerance)(double, double), const QString& what) {
    QCOMPARE(ours.size(), reference.size());
    const double top = reference.empty() ? 0.0 : reference.front();
    for (size_t i = 0; i < ours.size(); ++i) {
        const double error = std::fabs(ours[i] - reference[i]);
        QVERIFY2(error <= tolerance(reference[i], top),
                 qPrintable(QString("%1: value %2 is %3, numpy %4 (difference %5)")
                                .arg(what)
                                .arg(i)
                                .arg(ours[i], 0, 'g', 17)
                                .arg(reference[i], 0, 'g', 17)
                                .arg(error, 0, 'g', 3)));
    }
}

std::vector<double> doubles(const QJsonArray& array) {
    std::vector<double> out;
    for (const QJsonValue& v : array) out.push_back(v.toDouble());
    return out;
}

bool numpy_available(QString& why) {
    QProcess python;
    python.start("/usr/bin/python3", {"-c", "import numpy"});
    if (!python.waitForFinished(120000) || python.exitStatus() != QProcess::NormalExit ||
        python.exitCode() != 0) {
        why = "/usr/bin/python3 cannot import numpy (apt-get install python3-numpy): " +
              QString::fromLocal8Bit(python.readAllStandardError()).trimmed().section('\n', -1);
        return false;
    }
    return true;
}

}  // namespace

class TestWeightSpectrum : public QObject {
    Q_OBJECT

private slots:
    void fixture_matches_numpy() {
        const QString dir = INITSCOPE_TEST_DATA_DIR;
        QFile file(dir + "/spectrum/singular_values.json");
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QJsonArray tensors = QJsonDocument::fromJson(file.readAll())["tensors"].toArray();
        QCOMPARE(tensors.size(), 21);
        for (const QJsonValue& entry : tensors) {
            const QString name = entry["case"].toString() + "/" + entry["tensor"].toString();
            std::string error;
            const auto tensor = NpyFile::read(dir + "/parity/" + entry["file"].toString(), &error);
            QVERIFY2(tensor, error.c_str());
            const std::vector<double> reference = doubles(entry["singular_values"].toArray());
            compare(SingularValues::of(*tensor, Method::Svd), reference, svd_tolerance, name);
            compare(SingularValues::of(*tensor, Method::Gram), reference, gram_tolerance,
                    name + " (gram)");
            if (QTest::currentTestFailed()) return;
        }
    }

    void live_numpy() {
        QString why;
        if (!numpy_available(why)) QSKIP(qPrintable(why));
        const std::vector<Layer> layers = {
            linear_init("xavier", 300, 200, spec(SchemeId::XavierNormal)),
            linear_init("default", 100, 100, spec(SchemeId::TorchDefault)),
            linear_init("tall", 120, 700,
                        spec(SchemeId::KaimingUniform)),  // Gram: 3 panels, 1 block
            linear_init("wide", 600, 280, spec(SchemeId::Uniform, {{"a", -1.0}, {"b", 2.0}})),
            linear_init("orthogonal", 200, 120, spec(SchemeId::Orthogonal, {{"gain", 1.5}})),
            linear_init("sparse", 100, 150, spec(SchemeId::Sparse, {{"sparsity", 0.3}})),
            linear_init("constant", 40, 30, spec(SchemeId::Constant, {{"val", 0.25}})),
            linear_init("eye", 80, 50, spec(SchemeId::Eye)),
            linear_init("trunc", 64, 48, spec(SchemeId::TruncNormal, {{"std", 0.02}})),
            conv2d_init("conv", 16, 32, spec(SchemeId::KaimingNormal)),
            conv2d_init("dirac", 8, 16, spec(SchemeId::Dirac, {{"groups", 2.0}})),
        };
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        QStringList files;
        std::vector<Tensor> weights;
        for (const Layer& layer : layers) {
            weights.push_back(weight_of(layer));
            files << dir.filePath(QString::fromStdString(layer.name) + ".npy");
            QVERIFY(!NpyFile::write(files.back(), weights.back()));
        }
        const char* script =
            "import json, sys, numpy as np\n"
            "out = []\n"
            "for path in sys.argv[1:]:\n"
            "    w = np.load(path)\n"
            "    m = w.reshape(w.shape[0], -1).astype(np.float64)\n"
            "    out.append([float(v) for v in np.linalg.svd(m, compute_uv=False)])\n"
            "print(json.dumps(out))\n";
        QProcess python;
        python.start("/usr/bin/python3", QStringList{"-c", script} + files);
        QVERIFY(python.waitForFinished(120000));
        QVERIFY2(python.exitCode() == 0, python.readAllStandardError().constData());
        const QJsonArray results = QJsonDocument::fromJson(python.readAllStandardOutput()).array();
        QCOMPARE(results.size(), qsizetype(layers.size()));
        for (size_t i = 0; i < layers.size(); ++i) {
            const QString name = QString::fromStdString(layers[i].name);
            const std::vector<double> reference = doubles(results[qsizetype(i)].toArray());
            const WeightSpectrum s = WeightSpectrumAnalysis::of(layers[i], weights[i]);
            compare(s.singular_values, reference, svd_tolerance, name);
            compare(SingularValues::of(weights[i], Method::Gram), reference, gram_tolerance,
                    name + " (gram)");
            if (QTest::currentTestFailed()) return;
        }
    }

    void method_by_size() {
        QCOMPARE(SingularValues::method_for(100, 100), Method::Svd);
        QCOMPARE(SingularValues::method_for(1290, 1290), Method::Svd);  // 1290³ < 2^31
        QCOMPARE(SingularValues::method_for(1300, 1300), Method::Gram);
        QCOMPARE(SingularValues::method_for(14336, 100), Method::Svd);
        QCOMPARE(SingularValues::method_for(4096, 4096), Method::Gram);
        // The Gram method holds the n × n matrix and a block, not a double copy of W.
        const int64_t gram = SingularValues::working_bytes(14336, 4096, Method::Gram);
        QVERIFY(gram >= 4096LL * 4096 * 8);
        QVERIFY(gram < 14336LL * 4096 * 8);
        QVERIFY(SingularValues::working_bytes(1000, 500, Method::Svd) >= 1000LL * 500 * 8);
        Layer llama = linear_init("w1", 4096, 14336, spec(SchemeId::TorchDefault));
        QCOMPARE(WeightSpectrumAnalysis::working_bytes(llama),
                 gram + 4096 * 4);  // + the float copy of the values for the histogram
    }

    void progress_and_cancel() {
        const Layer layer = linear_init("g", 300, 600, spec(SchemeId::XavierUniform));
        const Tensor w = weight_of(layer);
        std::vector<double> seen;
        SingularValues::of(w, Method::Gram, [&seen](double f) {
            seen.push_back(f);
            return true;
        });
        QVERIFY(seen.size() >= 4);  // 0, three blocks of 256 rows, the eigenvalues, 1
        QCOMPARE(seen.front(), 0.0);
        QCOMPARE(seen.back(), 1.0);
        QVERIFY(std::is_sorted(seen.begin(), seen.end()));
        QVERIFY_THROWS_EXCEPTION(
            Cancelled, SingularValues::of(w, Method::Gram, [](double f) { return f < 0.1; }));
        // Over a network: one share per layer, in proportion to the work, ending at 1.
        Network network;
        network.layers = {linear_init("a", 50, 60, spec(SchemeId::XavierNormal)),
                          linear_init("b", 60, 40, spec(SchemeId::Orthogonal))};
        const Parameters parameters = Materializer::materialize(network);
        seen.clear();
        const auto spectra = WeightSpectrumAnalysis::of(network, parameters, [&seen](double f) {
            seen.push_back(f);
            return true;
        });
        QCOMPARE(spectra.size(), size_t(2));
        QCOMPARE(spectra[1].layer, std::string("b"));
        QVERIFY(std::is_sorted(seen.begin(), seen.end()));
        QCOMPARE(seen.back(), 1.0);
        QVERIFY_THROWS_EXCEPTION(Cancelled, WeightSpectrumAnalysis::of(
                                                network, parameters, [](double) { return false; }));
    }

    void gram_does_not_depend_on_the_thread_count() {
        // 300 columns: two blocks of G, which parallel_for may give to two threads.
        const Tensor w = weight_of(linear_init("g", 300, 600, spec(SchemeId::KaimingNormal)));
        set_thread_count(1);
        const std::vector<double> one = SingularValues::of(w, Method::Gram);
        set_thread_count(3);
        const std::vector<double> three = SingularValues::of(w, Method::Gram);
        set_thread_count(0);
        QVERIFY(one == three);
    }

    void bad_input_is_refused() {
        Network network = test::course();
        const Parameters parameters = Materializer::materialize(network);
        Parameters short_list(parameters.begin(), parameters.end() - 1);
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument,
                                 WeightSpectrumAnalysis::of(network, short_list));
        try {
            WeightSpectrumAnalysis::of(network.layers[4], parameters[0].weight);
            QFAIL("a weight of the wrong shape was accepted");
        } catch (const std::invalid_argument& e) {
            QCOMPARE(QString(e.what()), QString("output: the weight has shape 100 × 100, the layer "
                                                "needs 2 × 100"));
        }
        // Non-finite entries: NaN values (LAPACK is not run on them), nothing thrown.
        Tensor bad(TensorShape{3, 4});
        bad.data()[5] = std::numeric_limits<float>::infinity();
        const std::vector<double> values = SingularValues::of(bad, Method::Svd);
        QCOMPARE(values.size(), size_t(3));
        QVERIFY(std::isnan(values[0]));
    }

    void course_spectra_within_a_frame() {
        const Network network = test::course();
        const Parameters parameters = Materializer::materialize(network);
        const auto start = std::chrono::steady_clock::now();
        const auto spectra = WeightSpectrumAnalysis::of(network, parameters);
        const double ms =
            std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start)
                .count();
        qInfo("course network spectra: %.2f ms", ms);
        QCOMPARE(spectra.size(), size_t(5));
        QVERIFY2(ms < 160, qPrintable(QString::number(ms)));  // 10 frames: a loaded machine's slack
    }

    void export_json_has_the_issue_shape() {
        Network network = test::course();
        network.layers[2].weight_init = spec(SchemeId::Constant, {{"val", 0.1}});
        network.layers[3].weight_init = spec(SchemeId::Orthogonal, {{"gain", 2.0}});
        network.layers[4].weight_init = spec(SchemeId::Zeros);
        const auto spectra =
            WeightSpectrumAnalysis::of(network, Materializer::materialize(network));
        QJsonParseError error;
        const QJsonDocument doc = QJsonDocument::fromJson(SpectrumExport::json(spectra), &error);
        QCOMPARE(error.error, QJsonParseError::NoError);
        const QJsonArray array = doc.array();
        QCOMPARE(array.size(), 5);
        const QStringList keys{"condition_number", "layer",         "note",  "shape",
                               "singular_values",  "spectral_norm", "theory"};
        for (const QJsonValue& v : array) QCOMPARE(v.toObject().keys(), keys);

        const QJsonObject fc1 = array[1].toObject();
        QCOMPARE(fc1["layer"].toString(), QString("fc1"));
        QCOMPARE(fc1["shape"].toArray(), (QJsonArray{100, 100}));
        const QJsonObject values = fc1["singular_values"].toObject();
        QCOMPARE(values.keys(), (QStringList{"histogram", "max", "method", "min", "n"}));
        QCOMPARE(values["n"].toInt(), 100);
        QCOMPARE(values["max"].toDouble(), spectra[1].singular_values.front());
        QCOMPARE(values["min"].toDouble(), spectra[1].singular_values.back());
        QCOMPARE(values["method"].toString(), QString("svd"));
        const QJsonObject histogram = values["histogram"].toObject();
        // The same histogram object as every other JSON file (JsonValues::histogram).
        QVERIFY(histogram.contains("counts") && histogram.contains("edges") &&
                histogram.contains("density"));
        QCOMPARE(histogram["edges"].toArray().size(), 41);
        QCOMPARE(histogram["counts"].toArray().size(), 40);
        int total = 0;
        for (const QJsonValue& c : histogram["counts"].toArray()) total += c.toInt();
        QCOMPARE(total, 100);
        QCOMPARE(fc1["spectral_norm"].toDouble(), spectra[1].spectral_norm);
        const QJsonObject theory = fc1["theory"].toObject();
        QCOMPARE(theory.keys(),
                 (QStringList{"kind", "lower", "lower_ratio", "sigma", "upper", "upper_ratio"}));
        QCOMPARE(theory["kind"].toString(), QString("marchenko_pastur"));
        QCOMPARE(theory["lower"].toDouble(), 0.0);
        QVERIFY(theory["lower_ratio"].isNull());  // a square matrix's lower edge is 0
        QCOMPARE(theory["upper"].toDouble(), spectra[1].theory.upper);
        QCOMPARE(theory["sigma"].toDouble(), 1 / std::sqrt(300.0));

        QVERIFY(array[2]["theory"].isNull());  // constant: no theory, and the note says why
        QVERIFY(array[2]["note"].toString().contains("rank one"));
        QCOMPARE(array[3]["theory"]["kind"].toString(), QString("exact"));
        QVERIFY(array[3]["theory"]["sigma"].isNull());
        QCOMPARE(array[3]["theory"]["upper"].toDouble(), 2.0);
        QCOMPARE(array[4]["shape"].toArray(), (QJsonArray{2, 100}));
        QVERIFY(array[4]["condition_number"].isNull());  // zeros: s_min = 0, +inf
        QCOMPARE(array[4]["spectral_norm"].toDouble(), 0.0);
    }
};

QTEST_APPLESS_MAIN(TestWeightSpectrum)
#include "tst_weight_spectrum.moc"
