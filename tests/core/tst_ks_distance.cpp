// KsDistance: known small values, samples from a local xorshift below the 1% critical value
// 1.63/√n, the histogram path against an exact computation, and NaN where undefined.
#include "core/schemes/scheme_registry.h"
#include "core/stats/ks_distance.h"
#include "core/stats/sample_statistics.h"

#include <QtTest>

#include <algorithm>
#include <cmath>
#include <limits>
#include <numbers>
#include <vector>

using namespace initscope;

namespace {

struct XorShift {  // Marsaglia 2003, local and deterministic
    uint64_t s;
    double next() {  // in (0, 1)
        s ^= s << 13;
        s ^= s >> 7;
        s ^= s << 17;
        return (static_cast<double>(s >> 11) + 0.5) * 0x1p-53;
    }
};

Theory uniform01() {
    InitSpec spec(SchemeId::Uniform);
    spec.set("a", 0.0);
    spec.set("b", 1.0);
    return Theory::of(spec, {{4, 4}, TensorRole::Weight, {4, 4}});
}

Theory normal(double sd) {
    InitSpec spec(SchemeId::Normal);
    spec.set("mean", 0.0);
    spec.set("std", sd);
    return Theory::of(spec, {{4, 4}, TensorRole::Weight, {4, 4}});
}

/// n draws from N(0, sd²) by Box–Muller on the xorshift.
std::vector<float> normal_sample(size_t n, double sd, uint64_t seed) {
    XorShift g{seed};
    std::vector<float> v(n);
    for (float& x : v)
        x = float(sd * std::sqrt(-2 * std::log(g.next())) *
                  std::cos(2 * std::numbers::pi * g.next()));
    return v;
}

/// KsDistance::of as NetworkSummary calls it: with the sample's statistics.
double ks_of(const std::vector<float>& values, const Theory& theory) {
    return KsDistance::of(values, theory, SampleStatistics::of(values));
}

double exact_d(std::vector<float> v, const Theory& t) {
    std::sort(v.begin(), v.end());
    const double n = double(v.size());
    double d = 0;
    for (size_t i = 0; i < v.size(); ++i) {
        const double f = t.cdf(v[i]);
        d = std::max({d, double(i + 1) / n - f, f - double(i) / n});
    }
    return d;
}

}  // namespace

class TestKsDistance : public QObject {
    Q_OBJECT

private slots:
    void knownValues_data();
    void knownValues();
    void samplesBelowCriticalValue_data();
    void samplesBelowCriticalValue();
    void histogramPathMatchesExact();
    void undefined();
};

void TestKsDistance::knownValues_data() {
    QTest::addColumn<std::vector<float>>("values");
    QTest::addColumn<double>("d");
    QTest::newRow("{0.5}") << std::vector<float>{0.5f} << 0.5;
    QTest::newRow("{0.25, 0.75}") << std::vector<float>{0.75f, 0.25f} << 0.25;
    QTest::newRow("{0, 1}") << std::vector<float>{0.0f, 1.0f} << 0.5;
    QTest::newRow("ties {0.5, 0.5}") << std::vector<float>{0.5f, 0.5f} << 0.5;
    QTest::newRow("outside {2}") << std::vector<float>{2.0f} << 1.0;
    QTest::newRow("nan ignored") << std::vector<float>{std::numeric_limits<float>::quiet_NaN(),
                                                       0.5f}
                                 << 0.5;
}

void TestKsDistance::knownValues() {
    QFETCH(std::vector<float>, values);
    QFETCH(double, d);
    QCOMPARE(ks_of(values, uniform01()), d);
}

void TestKsDistance::samplesBelowCriticalValue_data() {
    QTest::addColumn<int>("n");
    QTest::addColumn<bool>("isNormal");
    QTest::newRow("uniform 1000") << 1000 << false;
    QTest::newRow("uniform 100000") << 100000 << false;
    QTest::newRow("normal 10000") << 10000 << true;
    QTest::newRow("normal 3000000 (histogram path)") << 3000000 << true;
}

void TestKsDistance::samplesBelowCriticalValue() {
    QFETCH(int, n);
    QFETCH(bool, isNormal);
    std::vector<float> v;
    if (isNormal) {
        v = normal_sample(size_t(n), 0.1, 42);
    } else {
        XorShift g{2024};
        v.resize(size_t(n));
        for (float& x : v) x = float(g.next());
    }
    const Theory t = isNormal ? normal(0.1) : uniform01();
    const double d = ks_of(v, t);
    const double critical = 1.63 / std::sqrt(double(n));  // P(D > critical) ≈ 1% under H0
    QVERIFY2(d < critical, qPrintable(QString("D %1, 1.63/√n %2").arg(d).arg(critical)));
    // A wrong theory is rejected: σ off by 10%.
    QVERIFY(ks_of(v, isNormal ? normal(0.11) : normal(0.3)) > critical);
}

void TestKsDistance::histogramPathMatchesExact() {
    const size_t n = (size_t(1) << 20) + 4097;  // above kExactLimit
    std::vector<float> v = normal_sample(n, 1.0, 9);
    v[7] = 40.0f;  // an outlier: the range is narrowed to mean ± 8σ, the outlier still counts
    for (const Theory& t : {normal(1.0), normal(1.05), uniform01()}) {
        const double exact = exact_d(v, t);
        const double fast = ks_of(v, t);
        QVERIFY2(std::fabs(fast - exact) < 1e-4,
                 qPrintable(QString("%1 vs %2").arg(fast).arg(exact)));
    }
    // Orthogonal 256 × 256: a scaled beta theory.
    const Theory o = Theory::of(SchemeRegistry::defaults(SchemeId::Orthogonal),
                                {{256, 256}, TensorRole::Weight, {256, 256}});
    std::vector<float> w = normal_sample(n, 1.0 / 16, 5);
    QVERIFY(std::fabs(ks_of(w, o) - exact_d(w, o)) < 1e-4);
}

void TestKsDistance::undefined() {
    QVERIFY(std::isnan(ks_of(std::vector<float>{}, uniform01())));
    QVERIFY(std::isnan(ks_of(std::vector<float>{NAN}, uniform01())));
    const Theory zeros =
        Theory::of(SchemeRegistry::defaults(SchemeId::Zeros), {{4, 4}, TensorRole::Weight, {4, 4}});
    QVERIFY(std::isnan(ks_of(std::vector<float>{0.0f}, zeros)));
}

QTEST_APPLESS_MAIN(TestKsDistance)
#include "tst_ks_distance.moc"
