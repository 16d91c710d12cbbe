// SampleStatistics: hand-made samples, non-finite values counted apart, accuracy on a sample with a
// large mean, Chan et al. merge, and bit-identical results for any thread count.
#include "core/stats/sample_statistics.h"

#include "scoped_settings.h"

#include <QtTest>

#include <cmath>
#include <limits>
#include <vector>

using namespace initscope;

namespace {

/// xorshift64 (Marsaglia 2003): a tiny local deterministic generator, uniform in [0, 1).
struct XorShift {
    uint64_t s;
    double next() {
        s ^= s << 13;
        s ^= s >> 7;
        s ^= s << 17;
        return static_cast<double>(s >> 11) * 0x1p-53;
    }
};

std::vector<float> noisy(size_t n, double offset, double scale, uint64_t seed) {
    XorShift g{seed};
    std::vector<float> v(n);
    for (float& x : v) x = static_cast<float>(offset + scale * (g.next() - 0.5));
    return v;
}

}  // namespace

class TestSampleStatistics : public QObject {
    Q_OBJECT

private slots:
    void handMade_data();
    void handMade();
    void empty();
    void largeMeanAccuracy();
    void mergeEqualsUnion();
    void threadsGiveSameBits_data();
    void threadsGiveSameBits();
};

void TestSampleStatistics::handMade_data() {
    const float nan = std::numeric_limits<float>::quiet_NaN();
    const float inf = std::numeric_limits<float>::infinity();
    QTest::addColumn<std::vector<float>>("values");
    QTest::addColumn<qint64>("n");
    QTest::addColumn<qint64>("nonFinite");
    QTest::addColumn<double>("mean");
    QTest::addColumn<double>("variance");
    QTest::addColumn<double>("min");
    QTest::addColumn<double>("max");
    QTest::newRow("1..4") << std::vector<float>{1, 2, 3, 4} << 4LL << 0LL << 2.5 << 1.25 << 1.0
                          << 4.0;
    QTest::newRow("single") << std::vector<float>{-7.5f} << 1LL << 0LL << -7.5 << 0.0 << -7.5
                            << -7.5;
    QTest::newRow("with nan and inf") << std::vector<float>{nan, 1, inf, 2, -inf, 3, 4, nan} << 4LL
                                      << 4LL << 2.5 << 1.25 << 1.0 << 4.0;
    std::vector<float> odd(37);  // not a multiple of the 8-lane width
    for (size_t i = 0; i < odd.size(); ++i) odd[i] = float(i);
    QTest::newRow("0..36") << odd << 37LL << 0LL << 18.0 << (37.0 * 37 - 1) / 12 << 0.0 << 36.0;
    std::vector<float> big(20000, 0.25f);  // several blocks
    big[12345] = -1;
    QTest::newRow("blocks") << big << 20000LL << 0LL << (19999 * 0.25 - 1) / 20000
                            << (19999 * std::pow(0.25 - (19999 * 0.25 - 1) / 20000, 2) +
                                std::pow(-1 - (19999 * 0.25 - 1) / 20000, 2)) /
                                   20000
                            << -1.0 << 0.25;
}

void TestSampleStatistics::handMade() {
    QFETCH(std::vector<float>, values);
    QFETCH(qint64, n);
    QFETCH(qint64, nonFinite);
    QFETCH(double, mean);
    QFETCH(double, variance);
    QFETCH(double, min);
    QFETCH(double, max);
    const SampleStatistics s = SampleStatistics::of(values);
    QCOMPARE(s.n, n);
    QCOMPARE(s.non_finite, nonFinite);
    QVERIFY(std::fabs(s.mean - mean) <= 1e-15 * (1 + std::fabs(mean)));
    QVERIFY(std::fabs(s.variance - variance) <= 1e-14 * (1 + variance));
    QCOMPARE(s.stddev, std::sqrt(s.variance));
    QCOMPARE(s.min, min);
    QCOMPARE(s.max, max);
}

void TestSampleStatistics::empty() {
    const float nan = std::numeric_limits<float>::quiet_NaN();
    for (const std::vector<float>& v : {std::vector<float>{}, std::vector<float>{nan, nan}}) {
        const SampleStatistics s = SampleStatistics::of(v);
        QCOMPARE(s.n, 0);
        QCOMPARE(s.non_finite, qint64(v.size()));
        QVERIFY(std::isnan(s.mean) && std::isnan(s.variance) && std::isnan(s.stddev));
        QVERIFY(std::isnan(s.min) && std::isnan(s.max));
    }
}

void TestSampleStatistics::largeMeanAccuracy() {
    // 3·10^6 values 1000 ± 0.001: a naive Σx² − (Σx)²/n in double would lose every digit.
    const std::vector<float> v = noisy(3'000'000, 1000.0, 0.002, 7);
    long double sum = 0;
    for (float x : v) sum += x;
    const long double mean = sum / v.size();
    long double m2 = 0;
    for (float x : v) m2 += (x - mean) * (x - mean);
    const double variance = double(m2 / v.size());
    const SampleStatistics s = SampleStatistics::of(v);
    QVERIFY(std::fabs(s.mean - double(mean)) < 1e-12 * 1000);
    QVERIFY2(std::fabs(s.variance / variance - 1) < 1e-9,
             qPrintable(QString::number(s.variance / variance - 1)));
}

void TestSampleStatistics::mergeEqualsUnion() {
    std::vector<float> a = noisy(1000, 3.0, 2.0, 1), b = noisy(2500, -1.0, 0.5, 2);
    b[10] = std::numeric_limits<float>::quiet_NaN();
    std::vector<float> all = a;
    all.insert(all.end(), b.begin(), b.end());
    const SampleStatistics m =
        SampleStatistics::merge(SampleStatistics::of(a), SampleStatistics::of(b));
    const SampleStatistics u = SampleStatistics::of(all);
    QCOMPARE(m.n, u.n);
    QCOMPARE(m.non_finite, 1);
    QVERIFY(std::fabs(m.mean - u.mean) < 1e-14);
    QVERIFY(std::fabs(m.variance / u.variance - 1) < 1e-13);
    QCOMPARE(m.min, u.min);
    QCOMPARE(m.max, u.max);
    const SampleStatistics with_empty =
        SampleStatistics::merge(SampleStatistics::of(a), SampleStatistics::of({}));
    QCOMPARE(with_empty.mean, SampleStatistics::of(a).mean);
    QCOMPARE(with_empty.variance, SampleStatistics::of(a).variance);
}

void TestSampleStatistics::threadsGiveSameBits_data() {
    QTest::addColumn<int>("n");
    QTest::newRow("small") << 1000;
    QTest::newRow("2^20 + 13") << (1 << 20) + 13;
    QTest::newRow("3000017") << 3000017;
}

void TestSampleStatistics::threadsGiveSameBits() {
    QFETCH(int, n);
    std::vector<float> v = noisy(size_t(n), 0.5, 3.0, 99);
    v[size_t(n) / 3] = std::numeric_limits<float>::infinity();
    const SampleStatistics one = [&v] {
        const test::ScopedThreadCount scoped(1);
        return SampleStatistics::of(v);
    }();
    for (int threads : {2, 3, 8}) {
        const test::ScopedThreadCount scoped(threads);
        const SampleStatistics s = SampleStatistics::of(v);
        QCOMPARE(s.n, one.n);
        QCOMPARE(s.non_finite, 1);
        QVERIFY(s.mean == one.mean && s.variance == one.variance);
        QVERIFY(s.min == one.min && s.max == one.max);
    }
    QVERIFY(SampleStatistics::of(v).mean == one.mean);
}

QTEST_APPLESS_MAIN(TestSampleStatistics)
#include "tst_sample_statistics.moc"
