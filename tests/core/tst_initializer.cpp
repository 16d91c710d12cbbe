// Every scheme over several shapes: the sample agrees with the theory, with bounds that scale with
// the sample size n (mean within 5σ/√n, variance within 6σ²√(3/n), KS below 1.95/√n·1.25, the
// support respected), and the deterministic schemes give exactly their values.
#include "core/schemes/initializer.h"
#include "core/schemes/scheme_definition.h"
#include "core/schemes/scheme_registry.h"
#include "core/schemes/theory.h"
#include "core/schemes/variance_scaling_schemes.h"
#include "core/stats/ks_distance.h"
#include "core/stats/sample_statistics.h"

#include <QtTest>
#include <cmath>

using namespace initscope;

Q_DECLARE_METATYPE(initscope::InitSpec)

namespace {

TensorShape shape_of(const QList<qlonglong>& dims) {
    return TensorShape(std::vector<int64_t>(dims.begin(), dims.end()));
}

InitSpec with(SchemeId id, std::initializer_list<std::pair<const char*, ParamValue>> params) {
    InitSpec spec = SchemeRegistry::defaults(id);
    for (const auto& [name, value] : params) spec.set(name, value);
    return spec;
}

}  // namespace

class TestInitializer : public QObject {
    Q_OBJECT

private slots:
    void sample_matches_theory_data() {
        QTest::addColumn<InitSpec>("spec");
        QTest::addColumn<QList<qlonglong>>("dims");
        QTest::addColumn<bool>("is_bias");
        const QList<QList<qlonglong>> weights = {{100, 100},    {256, 64}, {64, 256},
                                                 {16, 3, 3, 3}, {8, 4, 5}, {200, 300}};
        for (const SchemeInfo& info : SchemeRegistry::all()) {
            for (const QList<qlonglong>& dims : weights) {
                const TensorShape shape = shape_of(dims);
                const InitSpec spec = SchemeRegistry::defaults(info.id);
                if (SchemeRegistry::check(spec, {shape, TensorRole::Weight, shape.fans()}))
                    continue;
                const QString name = QString::fromStdString(info.key + " " + shape.to_string());
                QTest::newRow(qPrintable(name)) << spec << dims << false;
            }
            const InitSpec spec = SchemeRegistry::defaults(info.id);
            if (!SchemeRegistry::check(spec, {TensorShape{300}, TensorRole::Bias, Fans{}})) {
                QTest::newRow(qPrintable(QString::fromStdString(info.key + " bias 300")))
                    << spec << QList<qlonglong>{300} << true;
            }
        }
        // Non-default parameters.
        QTest::newRow("uniform(-0.5, 2)") << with(SchemeId::Uniform, {{"a", -0.5}, {"b", 2.0}})
                                          << QList<qlonglong>{100, 100} << false;
        QTest::newRow("normal(3, 0.2)") << with(SchemeId::Normal, {{"mean", 3.0}, {"std", 0.2}})
                                        << QList<qlonglong>{100, 100} << false;
        QTest::newRow("normal bias 7 (<16 path)")
            << with(SchemeId::Normal, {{"std", 0.5}}) << QList<qlonglong>{7} << true;
        QTest::newRow("kaiming_normal fan_out relu")
            << with(SchemeId::KaimingNormal,
                    {{"mode", std::string("fan_out")}, {"nonlinearity", std::string("relu")}})
            << QList<qlonglong>{32, 16, 3, 3} << false;
        QTest::newRow("kaiming_uniform tanh")
            << with(SchemeId::KaimingUniform, {{"nonlinearity", std::string("tanh")}})
            << QList<qlonglong>{100, 50} << false;
        QTest::newRow("xavier_uniform gain 5/3")
            << with(SchemeId::XavierUniform, {{"gain", 5.0 / 3}}) << QList<qlonglong>{100, 300}
            << false;
        QTest::newRow("trunc_normal asymmetric")
            << with(SchemeId::TruncNormal, {{"mean", 0.5}, {"std", 1.0}, {"a", 0.0}, {"b", 3.0}})
            << QList<qlonglong>{100, 100} << false;
        QTest::newRow("trunc_normal std 0.02 cut at 2σ")
            << with(SchemeId::TruncNormal, {{"std", 0.02}, {"a", -0.04}, {"b", 0.04}})
            << QList<qlonglong>{100, 100} << false;
        QTest::newRow("orthogonal gain 2")
            << with(SchemeId::Orthogonal, {{"gain", 2.0}}) << QList<qlonglong>{80, 80} << false;
        QTest::newRow("sparse 0.5") << with(SchemeId::Sparse, {{"sparsity", 0.5}, {"std", 0.1}})
                                    << QList<qlonglong>{100, 100} << false;
        QTest::newRow("variance_scaling fan_out uniform")
            << with(SchemeId::VarianceScaling, {{"scale", 2.0},
                                                {"mode", std::string("fan_out")},
                                                {"distribution", std::string("uniform")}})
            << QList<qlonglong>{100, 300} << false;
        QTest::newRow("variance_scaling fan_avg untruncated")
            << with(SchemeId::VarianceScaling,
                    {{"mode", std::string("fan_avg")},
                     {"distribution", std::string("untruncated_normal")}})
            << QList<qlonglong>{100, 300} << false;
        QTest::newRow("constant 0.25")
            << with(SchemeId::Constant, {{"val", 0.25}}) << QList<qlonglong>{10, 10} << false;
        QTest::newRow("dirac groups 2")
            << with(SchemeId::Dirac, {{"groups", 2.0}}) << QList<qlonglong>{16, 3, 3, 3} << false;
    }

    void sample_matches_theory() {
        QFETCH(InitSpec, spec);
        QFETCH(QList<qlonglong>, dims);
        QFETCH(bool, is_bias);
        const TensorShape shape = shape_of(dims);
        const TensorContext context{shape, is_bias ? TensorRole::Bias : TensorRole::Weight,
                                    is_bias ? Fans{100, 300} : shape.fans()};
        QVERIFY(!SchemeRegistry::check(spec, context));
        Tensor tensor(shape);
        TorchGenerator gen(20240607);
        Initializer::apply(spec, context, tensor, gen, Flavour::Fma);
        const SampleStatistics stats = SampleStatistics::of(tensor.values());
        const Theory theory = Theory::of(spec, context);
        const double n = static_cast<double>(stats.n);
        QCOMPARE(stats.n, shape.numel());
        QCOMPARE(stats.non_finite, 0);

        // Support, with float rounding of the bounds.
        const double slack = 1e-6 * std::max(1.0, std::abs(theory.support_hi()));
        QVERIFY2(
            stats.min >= theory.support_lo() - slack,
            qPrintable(QString("min %1 < support %2").arg(stats.min).arg(theory.support_lo())));
        QVERIFY2(
            stats.max <= theory.support_hi() + slack,
            qPrintable(QString("max %1 > support %2").arg(stats.max).arg(theory.support_hi())));

        const double sigma = theory.stddev();
        if (sigma == 0) {  // point mass: every element is exactly the value
            QCOMPARE(stats.min, theory.mean());
            QCOMPARE(stats.max, theory.mean());
            return;
        }
        const double mean_bound = 5 * sigma / std::sqrt(n) + 1e-7;
        QVERIFY2(std::abs(stats.mean - theory.mean()) <= mean_bound,
                 qPrintable(QString("mean %1 vs theory %2 (bound %3)")
                                .arg(stats.mean)
                                .arg(theory.mean())
                                .arg(mean_bound)));
        if (n >= 100) {
            // Eye/dirac are two-point distributions with heavy kurtosis: bound via the 4th moment.
            const bool two_point = theory.kind() == DistributionKind::TwoPoint;
            double p = 0;  // the heavier point mass
            for (const Theory::Atom& atom : theory.atoms()) p = std::max(p, atom.probability);
            const double kurtosis_term = two_point ? (1 - p) / std::max(p, 1e-12) : 3.0;
            const double variance_bound =
                6 * theory.variance() * std::sqrt(kurtosis_term / n) + 1e-9;
            QVERIFY2(std::abs(stats.variance - theory.variance()) <= variance_bound,
                     qPrintable(QString("var %1 vs theory %2 (bound %3)")
                                    .arg(stats.variance)
                                    .arg(theory.variance())
                                    .arg(variance_bound)));
        }
        if (theory.continuous()) {
            const double ks = KsDistance::of(tensor.values(), theory, stats);
            QVERIFY2(ks <= 1.25 * 1.95 / std::sqrt(n),
                     qPrintable(QString("KS %1 > %2").arg(ks).arg(1.25 * 1.95 / std::sqrt(n))));
        }
    }

    void deterministic_schemes_are_exact() {
        TorchGenerator gen(0);
        Tensor eye(TensorShape{3, 5});
        Initializer::apply(SchemeRegistry::defaults(SchemeId::Eye),
                           {eye.shape(), TensorRole::Weight, eye.shape().fans()}, eye, gen,
                           Flavour::Fma);
        for (int i = 0; i < 3; ++i)
            for (int j = 0; j < 5; ++j) QCOMPARE(eye.matrix()(i, j), i == j ? 1.0f : 0.0f);

        Tensor dirac(TensorShape{4, 2, 3, 3});
        Initializer::apply(with(SchemeId::Dirac, {{"groups", 2.0}}),
                           {dirac.shape(), TensorRole::Weight, dirac.shape().fans()}, dirac, gen,
                           Flavour::Fma);
        // Per group of 2 output channels, min(2, 2) = 2 ones at the kernel centre [1, 1].
        auto at = [&](int o, int i, int h, int w) {
            return dirac.data()[((o * 2 + i) * 3 + h) * 3 + w];
        };
        QCOMPARE(at(0, 0, 1, 1), 1.0f);
        QCOMPARE(at(1, 1, 1, 1), 1.0f);
        QCOMPARE(at(2, 0, 1, 1), 1.0f);
        QCOMPARE(at(3, 1, 1, 1), 1.0f);
        double sum = 0;
        for (float v : dirac.values()) sum += v;
        QCOMPARE(sum, 4.0);
        // Deterministic schemes draw nothing: the generator is where it was.
        TorchGenerator fresh(0);
        QCOMPARE(gen.random(), fresh.random());
    }

    void sparse_zeroes_exactly_per_column() {
        Tensor tensor(TensorShape{50, 40});
        TorchGenerator gen(5);
        Initializer::apply(with(SchemeId::Sparse, {{"sparsity", 0.3}}),
                           {tensor.shape(), TensorRole::Weight, tensor.shape().fans()}, tensor, gen,
                           Flavour::Fma);
        for (int col = 0; col < 40; ++col) {
            int zeros = 0;
            for (int row = 0; row < 50; ++row) zeros += tensor.matrix()(row, col) == 0.0f;
            QCOMPARE(zeros, 15);  // ⌈0.3·50⌉
        }
    }

    void orthogonal_is_orthogonal() {
        for (auto dims : {std::pair<int64_t, int64_t>{64, 32}, {32, 64}, {50, 50}}) {
            Tensor tensor(TensorShape{dims.first, dims.second});
            TorchGenerator gen(1);
            Initializer::apply(with(SchemeId::Orthogonal, {{"gain", 1.5}}),
                               {tensor.shape(), TensorRole::Weight, tensor.shape().fans()}, tensor,
                               gen, Flavour::Fma);
            const Eigen::MatrixXd w = tensor.matrix().cast<double>();
            const Eigen::MatrixXd gram = dims.first >= dims.second
                                             ? Eigen::MatrixXd(w.transpose() * w)
                                             : Eigen::MatrixXd(w * w.transpose());
            const Eigen::MatrixXd expected =
                2.25 * Eigen::MatrixXd::Identity(gram.rows(), gram.cols());
            QVERIFY2((gram - expected).cwiseAbs().maxCoeff() < 1e-5,
                     qPrintable(QString::number((gram - expected).cwiseAbs().maxCoeff())));
        }
    }

    void variance_scaling_matches_keras() {
        // The named cases' plans, on a weight with fan_in 100 and fan_out 300.
        const TensorContext context{TensorShape{300, 100}, TensorRole::Weight, Fans{100, 300}};
        const auto plan = [&context](SchemeId id, const TensorContext& c) {
            return SchemeRegistry::definition(id).plan(SchemeRegistry::defaults(id), c);
        };
        const DrawPlan glorot = plan(SchemeId::GlorotNormal, context);  // s = 1/fan_avg = 1/200
        QCOMPARE(glorot.stddev(), std::sqrt(1.0 / 200) / .87962566103423978);
        QCOMPARE(glorot.hi(), 2 * glorot.stddev());
        QCOMPARE(plan(SchemeId::HeUniform, context).hi(), std::sqrt(3.0 * 2.0 / 100));
        const TensorContext empty{TensorShape{5, 0}, TensorRole::Weight, Fans{0, 5}};
        QCOMPARE(plan(SchemeId::LecunNormal, empty).stddev(), 1.0 / .87962566103423978);
        const auto lecun = VarianceScalingSchemes::scaling(
            {1.0, FanMode::FanIn, VarianceDistribution::TruncatedNormal}, Fans{0, 5});
        QCOMPARE(lecun.s, 1.0);  // s = scale / max(1, n)
    }
};

QTEST_APPLESS_MAIN(TestInitializer)
#include "tst_initializer.moc"
