// OrthogonalQr, the blocked QR of orthogonal_: Q orthonormal to float rounding plus a bound that
// scales with n·eps, QᵀA upper triangular with a positive diagonal (PyTorch's sign fix), the same
// Q as Eigen's unblocked HouseholderQR (the previous implementation) and as live PyTorch, every
// shape (wide, tall, 1×n, n×1, several panels, conv weights), the same bits for any thread count,
// progress monotone from 0 to 1, and a cancel that throws Cancelled and leaves the input as it was.
#include "core/model/materializer.h"
#include "core/schemes/initializer.h"
#include "core/schemes/orthogonal_qr.h"
#include "core/schemes/scheme_registry.h"
#include "core/torch/parallel_for.h"
#include "core/torch/random_kernels.h"
#include "python_torch.h"

#include <Eigen/QR>
#include <QProcess>
#include <QtTest>
#include <cfloat>
#include <cmath>
#include <cstring>

using namespace initscope;

namespace {

using Matrix = Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;

/// normal_(0, 1) draws of a rows × cols matrix from seed, as orthogonal_ makes them.
std::vector<float> gaussian(int64_t rows, int64_t cols, uint64_t seed) {
    std::vector<float> values(static_cast<size_t>(rows * cols));
    TorchGenerator gen(seed);
    RandomKernels::normal(values, 0.0, 1.0, Flavour::Fma, gen);
    return values;
}

Matrix as_matrix(const std::vector<float>& values, int64_t rows, int64_t cols) {
    return Eigen::Map<const Eigen::Matrix<float, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>>(
               values.data(), rows, cols)
        .cast<double>();
}

/// What float rounding allows in a Gram entry of gain·Q (each of Q·sign and ·gain rounds once,
/// |δ| ≤ 2u|q| with u = 2⁻²⁴, and Σ|q_i q'_i| ≤ 1), plus the double QR's own loss of
/// orthogonality, a small multiple of n·eps.
double gram_bound(int64_t n, double gain) {
    return gain * gain * (2.05 * FLT_EPSILON + 32.0 * static_cast<double>(n) * DBL_EPSILON);
}

/// The previous implementation: Eigen's HouseholderQR in double, sign fix, gain, float.
std::vector<float> eigen_reference(const std::vector<float>& a, int64_t rows, int64_t cols,
                                   double gain) {
    Eigen::MatrixXd m = as_matrix(a, rows, cols);
    if (rows < cols) m.transposeInPlace();
    Eigen::HouseholderQR<Eigen::MatrixXd> qr(m);
    Eigen::MatrixXd q = qr.householderQ() * Eigen::MatrixXd::Identity(m.rows(), m.cols());
    for (Eigen::Index j = 0; j < m.cols(); ++j) {
        const double d = qr.matrixQR()(j, j);
        q.col(j) *= d > 0 ? 1.0 : (d < 0 ? -1.0 : 0.0);
    }
    if (rows < cols) q.transposeInPlace();
    std::vector<float> out(a.size());
    for (int64_t i = 0; i < rows; ++i)
        for (int64_t j = 0; j < cols; ++j)
            out[static_cast<size_t>(i * cols + j)] =
                static_cast<float>(q(i, j)) * static_cast<float>(gain);
    return out;
}

double max_difference(const std::vector<float>& a, const std::vector<float>& b) {
    double worst = 0;
    for (size_t i = 0; i < a.size(); ++i)
        worst = std::max(worst, std::abs(double(a[i]) - double(b[i])));
    return worst;
}

}  // namespace

class TestOrthogonalQr : public QObject {
    Q_OBJECT

private slots:
    void q_is_orthonormal_and_r_has_a_positive_diagonal_data() {
        QTest::addColumn<qlonglong>("rows");
        QTest::addColumn<qlonglong>("cols");
        QTest::newRow("square 50") << 50LL << 50LL;
        QTest::newRow("tall 64x32") << 64LL << 32LL;
        QTest::newRow("wide 32x64") << 32LL << 64LL;
        QTest::newRow("1xn") << 1LL << 40LL;
        QTest::newRow("nx1") << 40LL << 1LL;
        QTest::newRow("three panels, square") << 300LL << 300LL;
        QTest::newRow("three panels, tall") << 517LL << 260LL;
        QTest::newRow("three panels, wide") << 257LL << 700LL;
        QTest::newRow("one panel exactly") << 200LL << 128LL;
    }
    void q_is_orthonormal_and_r_has_a_positive_diagonal() {
        QFETCH(qlonglong, rows);
        QFETCH(qlonglong, cols);
        const double gain = 1.5;
        const std::vector<float> a = gaussian(rows, cols, 7);
        std::vector<float> w = a;
        OrthogonalQr::orthonormalize(w, rows, cols, gain);
        const Matrix q = as_matrix(w, rows, cols) / gain;
        const Matrix x = as_matrix(a, rows, cols);
        const bool wide = rows < cols;
        const int64_t narrow = std::min(rows, cols);
        // The narrow side's vectors are orthonormal.
        const Eigen::MatrixXd gram =
            wide ? Eigen::MatrixXd(q * q.transpose()) : Eigen::MatrixXd(q.transpose() * q);
        const double off = (gram - Eigen::MatrixXd::Identity(narrow, narrow)).cwiseAbs().maxCoeff();
        QVERIFY2(off * gain * gain <= gram_bound(std::max(rows, cols), gain),
                 qPrintable(QString::number(off)));
        // R = Qᵀ·A (of Aᵀ when wide) is upper triangular with R_jj > 0: the sign fix.
        const Eigen::MatrixXd r =
            wide ? Eigen::MatrixXd(q * x.transpose()) : Eigen::MatrixXd(q.transpose() * x);
        const double scale = x.cwiseAbs().maxCoeff() * std::sqrt(double(std::max(rows, cols)));
        for (int64_t j = 0; j < narrow; ++j) {
            QVERIFY2(r(j, j) > 0, qPrintable(QString("R_%1%1 = %2").arg(j).arg(r(j, j))));
            for (int64_t i = j + 1; i < narrow; ++i)
                QVERIFY2(std::abs(r(i, j)) <= 1e-5 * scale,
                         qPrintable(QString("R_%1,%2 = %3").arg(i).arg(j).arg(r(i, j))));
        }
        // The same Q as the unblocked Householder QR it replaced (both double, then float).
        QVERIFY(max_difference(w, eigen_reference(a, rows, cols, gain)) <= 1e-6);
    }

    void a_zero_diagonal_gives_a_zero_column() {
        // torch.sign(0) = 0: a zero first column has R_00 = 0, so Q's first column is zeroed.
        std::vector<float> a = gaussian(5, 3, 2);
        for (int i = 0; i < 5; ++i) a[static_cast<size_t>(3 * i)] = 0.0f;
        OrthogonalQr::orthonormalize(a, 5, 3, 1.0);
        for (int i = 0; i < 5; ++i) QCOMPARE(a[static_cast<size_t>(3 * i)], 0.0f);
        const Matrix q = as_matrix(a, 5, 3);
        QVERIFY(std::abs(q.col(1).norm() - 1) < 1e-6 && std::abs(q.col(2).norm() - 1) < 1e-6);
    }

    void a_vector_is_normalized() {
        // 1 × n and n × 1: Q is a/‖a‖ (R = ‖a‖ > 0), times gain.
        for (const auto& [rows, cols] : {std::pair<int64_t, int64_t>{1, 33}, {33, 1}}) {
            const std::vector<float> a = gaussian(rows, cols, 3);
            std::vector<float> w = a;
            OrthogonalQr::orthonormalize(w, rows, cols, 2.0);
            const double norm = as_matrix(a, rows, cols).norm();
            for (size_t i = 0; i < a.size(); ++i)
                QVERIFY(std::abs(w[i] - 2.0 * a[i] / norm) <= 4 * FLT_EPSILON);
        }
    }

    void conv_weights_through_the_initializer() {
        // A (8, 4, 3, 3) weight is flattened to 8 × 36: its rows are orthonormal.
        Tensor tensor(TensorShape{8, 4, 3, 3});
        TorchGenerator gen(1);
        InitSpec spec = SchemeRegistry::defaults(SchemeId::Orthogonal);
        spec.set("gain", 2.0);
        Initializer::apply(spec, {tensor.shape(), TensorRole::Weight, tensor.shape().fans()},
                           tensor, gen, Flavour::Fma);
        const Matrix w = as_matrix({tensor.values().begin(), tensor.values().end()}, 8, 36);
        const Eigen::MatrixXd gram = w * w.transpose();
        const double off = (gram - 4.0 * Eigen::MatrixXd::Identity(8, 8)).cwiseAbs().maxCoeff();
        QVERIFY2(off <= gram_bound(36, 2.0), qPrintable(QString::number(off)));
    }

    void bits_do_not_depend_on_the_thread_count() {
        const std::vector<float> a = gaussian(517, 390, 11);
        std::vector<float> one = a, two = a, three = a;
        set_thread_count(1);
        OrthogonalQr::orthonormalize(one, 517, 390, 1.0);
        set_thread_count(2);
        OrthogonalQr::orthonormalize(two, 517, 390, 1.0);
        set_thread_count(3);
        OrthogonalQr::orthonormalize(three, 517, 390, 1.0);
        set_thread_count(0);
        QVERIFY(std::memcmp(one.data(), two.data(), one.size() * sizeof(float)) == 0);
        QVERIFY(std::memcmp(one.data(), three.data(), one.size() * sizeof(float)) == 0);
    }

    void progress_is_monotone_from_0_to_1() {
        std::vector<double> seen;
        std::vector<float> w = gaussian(300, 300, 5);
        OrthogonalQr::orthonormalize(w, 300, 300, 1.0, [&](double f) {
            seen.push_back(f);
            return true;
        });
        // 0, once per panel of the factorization and of forming Q (3 panels each), 1.
        QCOMPARE(seen.size(), size_t{8});
        QCOMPARE(seen.front(), 0.0);
        QCOMPARE(seen.back(), 1.0);
        for (size_t i = 1; i < seen.size(); ++i) QVERIFY(seen[i] >= seen[i - 1]);
        QVERIFY(seen[3] > 0.4 && seen[3] < 0.6);  // the factorization is half the work
    }

    void cancel_throws_and_leaves_the_input() {
        const std::vector<float> a = gaussian(300, 200, 9);
        for (int stop_at : {0, 1, 3, 5}) {
            std::vector<float> w = a;
            int calls = 0;
            bool thrown = false;
            try {
                OrthogonalQr::orthonormalize(w, 300, 200, 1.0,
                                             [&](double) { return calls++ < stop_at; });
            } catch (const Cancelled&) {
                thrown = true;
            }
            QVERIFY(thrown);
            QCOMPARE(calls, stop_at + 1);
            QVERIFY(std::memcmp(w.data(), a.data(), a.size() * sizeof(float)) == 0);
        }
    }

    void the_materializer_reports_and_cancels_inside_the_qr() {
        Network network;
        Layer layer;
        layer.name = "o";
        layer.in = layer.out = 400;
        layer.bias = false;
        layer.weight_init = InitSpec(SchemeId::Orthogonal);
        network.layers = {layer};
        std::vector<double> seen;
        Materializer::materialize(network, [&](double f) {
            seen.push_back(f);
            return true;
        });
        // Construction's 0.5, then the QR's panels inside (0.5, 1], then 1.
        QVERIFY(seen.size() >= 6);
        for (size_t i = 1; i < seen.size(); ++i) QVERIFY(seen[i] >= seen[i - 1]);
        QVERIFY(seen[2] > 0.5 && seen[2] < 1.0);
        QCOMPARE(seen.back(), 1.0);
        int calls = 0;
        QVERIFY_THROWS_EXCEPTION(Cancelled, Materializer::materialize(network, [&](double) {
                                     return ++calls < 4;  // stops inside the QR
                                 }));
        QCOMPARE(calls, 4);
    }

    void working_bytes_state_the_buffers() {
        const int64_t threads = parallel_threads(size_t{1000} * 1000, size_t{1} << 16);
        const int64_t k = OrthogonalQr::kPanel;
        QCOMPARE(OrthogonalQr::working_bytes(1000, 1000),
                 8 * (1000 * 1000 + k * 1000 + k * 1000 + threads * k * k + 1000));
        QCOMPARE(OrthogonalQr::working_bytes(250, 4000),
                 8 * (250 * 4000 + k * 250 + k * 4000 + threads * k * k + 250));
        QCOMPARE(OrthogonalQr::working_bytes(0, 10), int64_t{0});
        QCOMPARE(OrthogonalQr::working_bytes(int64_t{1} << 40, int64_t{1} << 40),
                 std::numeric_limits<int64_t>::max());
    }

    void matches_pytorch() {
        QString why;
        if (!test::torch_available(why)) QSKIP(qPrintable(why));
        // orthogonal_ after manual_seed, float32 bytes on stdout, shape after shape.
        const std::vector<std::vector<int64_t>> shapes = {
            {300, 300}, {517, 260}, {130, 400}, {1, 40}, {6, 4, 3, 3}};
        QString script = "import sys, torch\n";
        for (const auto& s : shapes) {
            QStringList dims;
            for (int64_t d : s) dims << QString::number(d);
            script += "torch.manual_seed(4)\nw = torch.empty(" + dims.join(", ") +
                      ")\ntorch.nn.init.orthogonal_(w, gain=1.5)\n"
                      "sys.stdout.buffer.write(w.numpy().tobytes())\n";
        }
        QProcess python;
        python.start("/usr/bin/python3", {"-c", script});
        QVERIFY(python.waitForFinished(300000));
        QVERIFY2(python.exitCode() == 0, python.readAllStandardError().constData());
        const QByteArray bytes = python.readAllStandardOutput();
        qsizetype at = 0;
        for (const auto& s : shapes) {
            Tensor tensor{TensorShape(s)};
            TorchGenerator gen(4);
            InitSpec spec = SchemeRegistry::defaults(SchemeId::Orthogonal);
            spec.set("gain", 1.5);
            Initializer::apply(spec, {tensor.shape(), TensorRole::Weight, tensor.shape().fans()},
                               tensor, gen, Flavour::Fma);
            const auto n = static_cast<qsizetype>(tensor.numel());
            QVERIFY(bytes.size() >= at + 4 * n);
            std::vector<float> theirs(static_cast<size_t>(n));
            std::memcpy(theirs.data(), bytes.constData() + at, static_cast<size_t>(4 * n));
            at += 4 * n;
            const double worst =
                max_difference({tensor.values().begin(), tensor.values().end()}, theirs);
            QVERIFY2(worst <= 1e-5, qPrintable(QString::number(worst)));
        }
    }
};

QTEST_APPLESS_MAIN(TestOrthogonalQr)
#include "tst_orthogonal_qr.moc"
