// The spectra of the weights (issue 10): singular values equal numpy.linalg.svd's of the same
// tensor (a committed fixture always; a live numpy run when /usr/bin/python3 has numpy), the
// Marchenko–Pastur edges and density are the formula's and hold for a Gaussian sample within a
// Tracy–Widom-scaled tolerance, orthogonal / eye / dirac are exact, sparse and constant have no
// theory, and the JSON export has the issue's shape.
#include "core/io/npy_file.h"
#include "core/io/spectrum_export.h"
#include "core/model/materializer.h"
#include "core/propagation/weight_spectrum.h"
#include "core/schemes/scheme_registry.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include "test_support.h"

#include <QtTest>
#include <chrono>
#include <cmath>
#include <numbers>

using namespace initscope;

Q_DECLARE_METATYPE(initscope::Layer)

namespace {

using Method = SingularValues::Method;

InitSpec spec(SchemeId id, std::initializer_list<std::pair<const char*, ParamValue>> params = {}) {
    InitSpec s = SchemeRegistry::defaults(id);
    for (const auto& [name, value] : params) s.set(name, value);
    return s;
}

Layer linear(const std::string& name, int64_t in, int64_t out, InitSpec weight) {
    return test::linear_layer(name, in, out, std::move(weight), spec(SchemeId::Zeros));
}

Layer conv2d(const std::string& name, int64_t in, int64_t out, InitSpec weight,
             int64_t groups = 1) {
    Layer layer = test::conv2d(name, in, out, 3);
    layer.weight_init = std::move(weight);
    layer.groups = groups;
    return layer;
}

/// The weight of `layer` as Materializer draws it in a network of that layer alone.
Tensor weight_of(const Layer& layer, uint64_t seed = 7) {
    Network network;
    network.seed = seed;
    network.layers = {layer};
    const QStringList problems = test::problems(network);
    if (!problems.isEmpty()) qFatal("%s", qPrintable(problems.join("; ")));
    return Materializer::materialize(network).front().weight;
}

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

/// ∫ density over [lower, upper], with s = c + h·sin θ (the √ edges become smooth), Simpson.
double integral(const SpectrumTheory& t) {
    const double c = 0.5 * (t.lower + t.upper), h = 0.5 * (t.upper - t.lower);
    const int n = 4000;
    const double a = -std::numbers::pi / 2, step = std::numbers::pi / n;
    double sum = 0;
    for (int i = 0; i <= n; ++i) {
        const double theta = a + i * step;
        const double f = t.density(c + h * std::sin(theta)) * h * std::cos(theta);
        sum += f * (i == 0 || i == n ? 1 : (i % 2 == 1 ? 4 : 2));
    }
    return sum * step / 3;
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
            linear("xavier", 300, 200, spec(SchemeId::XavierNormal)),
            linear("default", 100, 100, spec(SchemeId::TorchDefault)),
            linear("tall", 120, 700, spec(SchemeId::KaimingUniform)),  // Gram: 3 panels, 1 block
            linear("wide", 600, 280, spec(SchemeId::Uniform, {{"a", -1.0}, {"b", 2.0}})),
            linear("orthogonal", 200, 120, spec(SchemeId::Orthogonal, {{"gain", 1.5}})),
            linear("sparse", 100, 150, spec(SchemeId::Sparse, {{"sparsity", 0.3}})),
            linear("constant", 40, 30, spec(SchemeId::Constant, {{"val", 0.25}})),
            linear("eye", 80, 50, spec(SchemeId::Eye)),
            linear("trunc", 64, 48, spec(SchemeId::TruncNormal, {{"std", 0.02}})),
            conv2d("conv", 16, 32, spec(SchemeId::KaimingNormal)),
            conv2d("dirac", 8, 16, spec(SchemeId::Dirac, {{"groups", 2.0}})),
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
        Layer llama = linear("w1", 4096, 14336, spec(SchemeId::TorchDefault));
        QCOMPARE(WeightSpectrumAnalysis::working_bytes(llama),
                 gram + 4096 * 4);  // + the float copy of the values for the histogram
    }

    void marchenko_pastur_edges_are_the_formula() {
        // PyTorch's default W[14336, 4096] (Llama-8B MLP): σ = 1/√(3·4096), values in
        // [0.503, 1.657] (signal-propagation.md §3). Theory only: nothing is allocated.
        const Layer llama = linear("w1", 4096, 14336, spec(SchemeId::TorchDefault));
        const SpectrumTheory t = WeightSpectrumAnalysis::theory(llama);
        QCOMPARE(t.kind, SpectrumTheory::Kind::MarchenkoPastur);
        QCOMPARE(t.rows, 14336);
        QCOMPARE(t.cols, 4096);
        const double sigma = 1 / std::sqrt(3.0 * 4096);
        QVERIFY(std::fabs(t.sigma - sigma) <= 1e-15);
        QVERIFY(std::fabs(t.lower - sigma * (std::sqrt(14336.0) - 64)) <= 1e-12);
        QVERIFY(std::fabs(t.upper - sigma * (std::sqrt(14336.0) + 64)) <= 1e-12);
        QVERIFY2(std::fabs(t.lower - 0.503) < 5e-4, qPrintable(QString::number(t.lower)));
        QVERIFY2(std::fabs(t.upper - 1.657) < 5e-4, qPrintable(QString::number(t.upper)));
        // The orientation does not matter; N ≥ M.
        const SpectrumTheory wide = SpectrumTheory::marchenko_pastur(sigma, 4096, 14336);
        QCOMPARE(wide.rows, 14336);
        QCOMPARE(wide.lower, t.lower);
    }

    void density_integrates_to_one_data() {
        QTest::addColumn<double>("sigma");
        QTest::addColumn<qint64>("rows");
        QTest::addColumn<qint64>("cols");
        QTest::newRow("square") << 0.1 << qint64(100) << qint64(100);
        QTest::newRow("2000x500") << 0.05 << qint64(2000) << qint64(500);
        QTest::newRow("wide") << 1.0 << qint64(30) << qint64(1000);
        QTest::newRow("llama") << 1 / std::sqrt(3.0 * 4096) << qint64(14336) << qint64(4096);
    }
    void density_integrates_to_one() {
        QFETCH(double, sigma);
        QFETCH(qint64, rows);
        QFETCH(qint64, cols);
        const SpectrumTheory t = SpectrumTheory::marchenko_pastur(sigma, rows, cols);
        QVERIFY2(std::fabs(integral(t) - 1) < 1e-9,
                 qPrintable(QString::number(integral(t), 'g', 15)));
        QCOMPARE(t.density(t.lower * 0.999), t.lower > 0 ? 0.0 : t.density(0));
        QCOMPARE(t.density(t.upper * 1.001), 0.0);
        // The first moment: E[s²] = σ²·N (the mean eigenvalue of WᵀW/N is σ²).
        const double c = 0.5 * (t.lower + t.upper), h = 0.5 * (t.upper - t.lower);
        double m2 = 0;
        const int n = 4000;
        for (int i = 1; i < n; ++i) {
            const double theta = -std::numbers::pi / 2 + i * std::numbers::pi / n;
            const double s = c + h * std::sin(theta);
            m2 += s * s * t.density(s) * h * std::cos(theta) * std::numbers::pi / n;
        }
        const double expected = sigma * sigma * static_cast<double>(t.rows);
        QVERIFY2(std::fabs(m2 / expected - 1) < 1e-6, qPrintable(QString::number(m2 / expected)));
    }

    void square_density_is_the_quarter_circle() {
        // Q = 1: s/√N has density √(4σ² − x²)/(πσ²), so s has √(4σ² − s²/N)/(√N·πσ²).
        const double sigma = 0.3, n = 400;
        const SpectrumTheory t = SpectrumTheory::marchenko_pastur(sigma, 400, 400);
        QCOMPARE(t.lower, 0.0);
        for (double s : {0.0, 0.5, 3.0, 11.9}) {
            const double expected = std::sqrt(4 * sigma * sigma - s * s / n) /
                                    (std::sqrt(n) * std::numbers::pi * sigma * sigma);
            QVERIFY2(
                std::fabs(t.density(s) - expected) <= 1e-12 * expected,
                qPrintable(
                    QString("s = %1: %2, expected %3").arg(s).arg(t.density(s)).arg(expected)));
        }
    }

    void gaussian_sample_near_the_edges() {
        // A 2000 × 500 Gaussian sample: s_max and s_min fluctuate around σ(√N ± √M) on the
        // Tracy–Widom scale ½σ(1/√N ± 1/√M)^(1/3) (Johnstone 2001; ≈ 0.2σ and 0.14σ here, about
        // N^(−2/3) of the edge); six of those cover the distribution's bulk and its shift.
        const double sigma = 0.05;
        const Layer layer = linear("g", 500, 2000, spec(SchemeId::Normal, {{"std", sigma}}));
        const WeightSpectrum s = WeightSpectrumAnalysis::of(layer, weight_of(layer, 11));
        QCOMPARE(s.theory.kind, SpectrumTheory::Kind::MarchenkoPastur);
        QCOMPARE(s.singular_values.size(), size_t(500));
        QCOMPARE(s.method, Method::Svd);
        const double rn = std::sqrt(2000.0), rm = std::sqrt(500.0);
        QVERIFY(std::fabs(s.theory.upper - sigma * (rn + rm)) < 1e-12);
        QVERIFY(std::fabs(s.theory.lower - sigma * (rn - rm)) < 1e-12);
        const double upper_scale = 0.5 * sigma * std::cbrt(1 / rn + 1 / rm);
        const double lower_scale = 0.5 * sigma * std::cbrt(1 / rm - 1 / rn);
        const double s_max = s.singular_values.front(), s_min = s.singular_values.back();
        QVERIFY2(std::fabs(s_max - s.theory.upper) < 6 * upper_scale,
                 qPrintable(QString("s_max %1, edge %2").arg(s_max).arg(s.theory.upper)));
        QVERIFY2(std::fabs(s_min - s.theory.lower) < 6 * lower_scale,
                 qPrintable(QString("s_min %1, edge %2").arg(s_min).arg(s.theory.lower)));
        QCOMPARE(s.spectral_norm, s_max);
        QCOMPARE(s.condition_number, s_max / s_min);
        QCOMPARE(s.upper_ratio, s_max / s.theory.upper);
        QCOMPARE(s.lower_ratio, s_min / s.theory.lower);
        // The histogram: 40 bins over [0, 1.05·max(s_max, upper)], every value binned.
        QCOMPARE(s.histogram.bins(), 40);
        QCOMPARE(s.histogram.lo(), 0.0);
        QCOMPARE(s.histogram.hi(), std::max(s_max, s.theory.upper) * 1.05);
        QCOMPARE(s.histogram.binned(), 500);
    }

    void orthogonal_values_equal_gain_data() {
        QTest::addColumn<Layer>("layer");
        QTest::newRow("tall") << linear("o", 120, 200, spec(SchemeId::Orthogonal, {{"gain", 1.5}}));
        QTest::newRow("wide") << linear("o", 200, 120, spec(SchemeId::Orthogonal, {{"gain", 0.5}}));
        QTest::newRow("square") << linear("o", 64, 64, spec(SchemeId::Orthogonal));
        QTest::newRow("conv") << conv2d("o", 8, 16, spec(SchemeId::Orthogonal, {{"gain", 2.0}}));
    }
    void orthogonal_values_equal_gain() {
        QFETCH(Layer, layer);
        const double gain = layer.weight_init.number("gain");
        const WeightSpectrum s = WeightSpectrumAnalysis::of(layer, weight_of(layer));
        QCOMPARE(s.theory.kind, SpectrumTheory::Kind::Exact);
        QCOMPARE(s.theory.lower, gain);
        QCOMPARE(s.theory.upper, gain);
        QCOMPARE(s.theory.upper_count, s.theory.cols);
        QCOMPARE(s.singular_values.size(), size_t(s.theory.cols));
        for (double v : s.singular_values)
            QVERIFY2(std::fabs(v - gain) <= 1e-5 * gain, qPrintable(QString::number(v, 'g', 10)));
        QVERIFY(std::fabs(s.upper_ratio - 1) <= 1e-5);
        QVERIFY(std::fabs(s.lower_ratio - 1) <= 1e-5);
    }

    void eye_and_dirac_are_exact_data() {
        QTest::addColumn<Layer>("layer");
        QTest::addColumn<qint64>("ones");  // values equal to `value`
        QTest::addColumn<double>("value");
        QTest::addColumn<qint64>("zeros");  // the rest of min(rows, cols)
        QTest::newRow("eye wide") << linear("e", 80, 50, spec(SchemeId::Eye)) << qint64(50) << 1.0
                                  << qint64(0);
        QTest::newRow("eye tall") << linear("e", 30, 70, spec(SchemeId::Eye)) << qint64(30) << 1.0
                                  << qint64(0);
        // [16, 8, 3, 3], groups 2: rows g·8 + d hold a 1 at column d·9 + 4 (d < 8), so each of 8
        // columns has two ones: 8 values √2, and 8 zeros of min(16, 72).
        QTest::newRow("dirac groups 2")
            << conv2d("d", 8, 16, spec(SchemeId::Dirac, {{"groups", 2.0}})) << qint64(8)
            << std::sqrt(2.0) << qint64(8);
        // A grouped conv [8, 2, 3, 3] (layer groups 2), dirac groups 1: d < min(8, 2).
        QTest::newRow("dirac, grouped conv")
            << conv2d("d", 4, 8, spec(SchemeId::Dirac), 2) << qint64(2) << 1.0 << qint64(6);
        QTest::newRow("dirac square")
            << conv2d("d", 6, 6, spec(SchemeId::Dirac)) << qint64(6) << 1.0 << qint64(0);
    }
    void eye_and_dirac_are_exact() {
        QFETCH(Layer, layer);
        QFETCH(qint64, ones);
        QFETCH(double, value);
        QFETCH(qint64, zeros);
        const WeightSpectrum s = WeightSpectrumAnalysis::of(layer, weight_of(layer));
        QCOMPARE(s.theory.kind, SpectrumTheory::Kind::Exact);
        QCOMPARE(s.theory.upper, value);
        QCOMPARE(s.theory.upper_count, ones);
        QCOMPARE(s.theory.lower, zeros > 0 ? 0.0 : value);
        QCOMPARE(s.singular_values.size(), size_t(ones + zeros));
        for (qint64 i = 0; i < ones + zeros; ++i) {
            const double expected = i < ones ? value : 0.0;
            QVERIFY2(std::fabs(s.singular_values[size_t(i)] - expected) <= 1e-14,
                     qPrintable(QString("value %1: %2").arg(i).arg(s.singular_values[size_t(i)])));
        }
        QVERIFY(!s.theory.note.empty());
        QCOMPARE(std::isnan(s.lower_ratio), zeros > 0);
    }

    void sparse_constant_and_zeros_have_no_theory_data() {
        QTest::addColumn<Layer>("layer");
        QTest::addColumn<double>("top");  // the exact s_max, or −1 when not known
        QTest::newRow("sparse") << linear("s", 40, 60, spec(SchemeId::Sparse)) << -1.0;
        QTest::newRow("constant") << linear("c", 40, 30, spec(SchemeId::Constant, {{"val", -0.25}}))
                                  << 0.25 * std::sqrt(1200.0);
        QTest::newRow("ones") << linear("c", 10, 20, spec(SchemeId::Ones)) << std::sqrt(200.0);
        QTest::newRow("zeros") << linear("z", 10, 20, spec(SchemeId::Zeros)) << 0.0;
    }
    void sparse_constant_and_zeros_have_no_theory() {
        QFETCH(Layer, layer);
        QFETCH(double, top);
        const WeightSpectrum s = WeightSpectrumAnalysis::of(layer, weight_of(layer));
        QCOMPARE(s.theory.kind, SpectrumTheory::Kind::None);
        QVERIFY(!s.theory.note.empty());
        QVERIFY(std::isnan(s.lower_ratio) && std::isnan(s.upper_ratio));
        QCOMPARE(s.theory.density(1.0), 0.0);
        if (top < 0) return;
        QVERIFY(std::fabs(s.spectral_norm - top) <= 1e-6 * top);
        // Rank one (or zero): the rest vanish to rounding, dgesdd's few ε·s_max.
        for (size_t i = 1; i < s.singular_values.size(); ++i)
            QVERIFY(s.singular_values[i] <= 1e-12 * std::max(top, 1.0));
        if (top == 0) {
            QCOMPARE(s.condition_number, std::numeric_limits<double>::infinity());
            QCOMPARE(s.histogram.hi(), 1.0);  // [0, 1] when there is nothing to scale by
        }
    }

    void progress_and_cancel() {
        const Layer layer = linear("g", 300, 600, spec(SchemeId::XavierUniform));
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
        network.layers = {linear("a", 50, 60, spec(SchemeId::XavierNormal)),
                          linear("b", 60, 40, spec(SchemeId::Orthogonal))};
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
        QCOMPARE(histogram.keys(), (QStringList{"counts", "edges"}));
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
