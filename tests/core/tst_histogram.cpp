// Histogram: numpy's edge conventions (last bin closed), exact counts against a brute-force
// reference over the stored double edges, non-finite values apart, rules, heights, threads.
#include "core/stats/histogram.h"
#include "core/stats/sample_statistics.h"

#include "scoped_settings.h"
#include "test_support.h"

#include <QtTest>

#include <algorithm>
#include <cmath>
#include <limits>
#include <vector>

using namespace initscope;

namespace {

struct XorShift {  // Marsaglia 2003, local and deterministic
    uint64_t s;
    double next() {
        s ^= s << 13;
        s ^= s >> 7;
        s ^= s << 17;
        return static_cast<double>(s >> 11) * 0x1p-53;
    }
};

void compare_with_reference(const std::vector<float>& v, int bins, double lo, double hi,
                            int threads) {
    const test::ScopedThreadCount scoped(threads);
    const Histogram h = Histogram::build(v, bins, lo, hi);
    const std::vector<int64_t> r = test::reference_slots(v, h.edges());
    QCOMPARE(h.below(), r[0]);
    for (int i = 0; i < h.bins(); ++i) QCOMPARE(h.counts()[size_t(i)], r[size_t(i) + 1]);
    QCOMPARE(h.above(), r[size_t(bins) + 1]);
    QCOMPARE(h.non_finite(), r[size_t(bins) + 2]);
}

}  // namespace

class TestHistogram : public QObject {
    Q_OBJECT

private slots:
    void numpyLastBinRule();
    void edgesAsLinspace();
    void nonFiniteNeverBinned();
    void exactAgainstReference_data();
    void exactAgainstReference();
    void threadsGiveSameCounts();
    void binRules_data();
    void binRules();
    void heightsNormalised();
    void addAndWidening();
};

void TestHistogram::numpyLastBinRule() {
    // np.histogram(range(11), 10, (0, 10)) → [1]*9 + [2]: 10 falls in the closed last bin.
    std::vector<float> v;
    for (int i = 0; i <= 10; ++i) v.push_back(float(i));
    const Histogram h = Histogram::build(v, 10, 0, 10);
    const std::vector<int64_t> want = {1, 1, 1, 1, 1, 1, 1, 1, 1, 2};
    QCOMPARE(h.counts(), want);
    QCOMPARE(h.binned(), 11);
    QCOMPARE(h.below() + h.above(), 0);
    // np.histogram([0, 0.5, 1, 1.5, 2], 2, (0, 2)) → [2, 3]; values out of range are not binned.
    const Histogram g =
        Histogram::build(std::vector<float>{-0.1f, 0, 0.5f, 1, 1.5f, 2, 2.1f}, 2, 0, 2);
    QCOMPARE(g.counts(), (std::vector<int64_t>{2, 3}));
    QCOMPARE(g.below(), 1);
    QCOMPARE(g.above(), 1);
}

void TestHistogram::edgesAsLinspace() {
    const Histogram h = Histogram::build(std::vector<float>{}, 3, 0.0, 1.0);
    QCOMPARE(h.edges().size(), size_t(4));
    QCOMPARE(h.edges()[1], 1 * (1.0 / 3) + 0.0);
    QCOMPARE(h.edges()[2], 2 * (1.0 / 3) + 0.0);
    QCOMPARE(h.edges()[3], 1.0);
    QCOMPARE(h.bin_width(), 1.0 / 3);
    QCOMPARE(h.center(0), 1.0 / 6);
}

void TestHistogram::nonFiniteNeverBinned() {
    const float nan = std::numeric_limits<float>::quiet_NaN(),
                inf = std::numeric_limits<float>::infinity();
    const std::vector<float> v = {nan, inf, -inf, 0.5f, nan, std::numeric_limits<float>::max()};
    const Histogram h = Histogram::build(v, 4, 0, 1);
    QCOMPARE(h.non_finite(), 4);
    QCOMPARE(h.binned(), 1);
    QCOMPARE(h.above(), 1);
    QCOMPARE(h.below(), 0);
}

void TestHistogram::exactAgainstReference_data() {
    QTest::addColumn<int>("bins");
    QTest::addColumn<double>("lo");
    QTest::addColumn<double>("hi");
    QTest::addColumn<double>("offset");
    QTest::addColumn<double>("scale");
    QTest::newRow("40 bins") << 40 << -0.3 << 0.3 << 0.0 << 0.8;
    QTest::newRow("7 bins odd range") << 7 << -0.123456789 << 0.987654321 << 0.4 << 1.4;
    QTest::newRow("10000 bins") << 10000 << -1.0 << 1.0 << 0.0 << 2.2;
    QTest::newRow("65536 bins") << 65536 << -0.5 << 0.5 << 0.0 << 1.1;
    QTest::newRow("far from zero, float too coarse")
        << 1000 << 1000.0 << 1000.001 << 1000.0005 << 0.002;
    QTest::newRow("huge values") << 13 << -3e30 << 5e30 << 0.0 << 1e31;
}

void TestHistogram::exactAgainstReference() {
    QFETCH(int, bins);
    QFETCH(double, lo);
    QFETCH(double, hi);
    QFETCH(double, offset);
    QFETCH(double, scale);
    XorShift g{12345};
    std::vector<float> v(300001);
    for (float& x : v) x = float(offset + scale * (g.next() - 0.5));
    // Values exactly on (float-rounded) edges and their neighbours: the hard cases.
    const Histogram probe = Histogram::build(std::vector<float>{}, bins, lo, hi);
    for (size_t i = 0; i < probe.edges().size();
         i += std::max<size_t>(1, probe.edges().size() / 50)) {
        const float e = float(probe.edges()[i]);
        v.push_back(e);
        v.push_back(std::nextafter(e, -INFINITY));
        v.push_back(std::nextafter(e, INFINITY));
    }
    v.push_back(float(hi));
    v.push_back(float(lo));
    v.push_back(std::numeric_limits<float>::quiet_NaN());
    compare_with_reference(v, bins, lo, hi, 1);
    compare_with_reference(v, bins, lo, hi, 2);
}

void TestHistogram::threadsGiveSameCounts() {
    XorShift g{777};
    std::vector<float> v(3'000'001);
    for (float& x : v) x = float(g.next() * 2 - 1);
    v[5] = std::numeric_limits<float>::quiet_NaN();
    const Histogram one = [&v] {
        const test::ScopedThreadCount scoped(1);
        return Histogram::build(v, 100, -0.9, 0.9);
    }();
    for (int threads : {2, 3, 0}) {
        const test::ScopedThreadCount scoped(threads);
        const Histogram h = Histogram::build(v, 100, -0.9, 0.9);
        QCOMPARE(h.counts(), one.counts());
        QCOMPARE(h.below(), one.below());
        QCOMPARE(h.above(), one.above());
        QCOMPARE(h.non_finite(), 1);
    }
    QCOMPARE(one.binned() + one.below() + one.above() + one.non_finite(), qint64(v.size()));
}

void TestHistogram::binRules_data() {
    QTest::addColumn<int>("rule");
    QTest::addColumn<qint64>("n");
    QTest::addColumn<double>("stddev");
    QTest::addColumn<double>("iqr");
    QTest::addColumn<double>("range");
    QTest::addColumn<int>("bins");
    QTest::newRow("fixed") << int(BinRule::Fixed) << 1000LL << 1.0 << 1.0 << 1.0 << 40;
    QTest::newRow("sturges 1000") << int(BinRule::Sturges) << 1000LL << 1.0 << 1.0 << 1.0 << 11;
    QTest::newRow("sturges 1024") << int(BinRule::Sturges) << 1024LL << 1.0 << 1.0 << 1.0 << 11;
    QTest::newRow("sturges 1") << int(BinRule::Sturges) << 1LL << 1.0 << 1.0 << 1.0 << 1;
    // Scott: h = 3.49·1·1000^(−1/3) = 0.349 → ⌈8/0.349⌉ = 23.
    QTest::newRow("scott") << int(BinRule::Scott) << 1000LL << 1.0 << 1.0 << 8.0 << 23;
    // FD: h = 2·1.349·1000^(−1/3) = 0.2698 → ⌈8/0.2698⌉ = 30.
    QTest::newRow("fd") << int(BinRule::FreedmanDiaconis) << 1000LL << 1.0 << 1.349 << 8.0 << 30;
    QTest::newRow("fd iqr 0 → sturges")
        << int(BinRule::FreedmanDiaconis) << 1000LL << 1.0 << 0.0 << 8.0 << 11;
    QTest::newRow("scott σ 0 → sturges")
        << int(BinRule::Scott) << 1000LL << 0.0 << 0.0 << 8.0 << 11;
    QTest::newRow("clamped high") << int(BinRule::FreedmanDiaconis) << 100000000LL << 1.0 << 1e-6
                                  << 8.0 << 10000;
    QTest::newRow("empty sample") << int(BinRule::Scott) << 0LL << 1.0 << 1.0 << 8.0 << 1;
}

void TestHistogram::binRules() {
    QFETCH(int, rule);
    QFETCH(qint64, n);
    QFETCH(double, stddev);
    QFETCH(double, iqr);
    QFETCH(double, range);
    QFETCH(int, bins);
    QCOMPARE(Histogram::bin_count(BinRule(rule), 40, n, stddev, iqr, -range / 2, range / 2), bins);
}

void TestHistogram::heightsNormalised() {
    XorShift g{3};
    std::vector<float> v(10007);
    for (float& x : v) x = float(g.next() * g.next());
    const Histogram h = Histogram::build(v, 37, 0.0, 1.0);
    const std::vector<double> counts = h.heights(HistogramScale::Counts);
    const std::vector<double> prob = h.heights(HistogramScale::Probability);
    const std::vector<double> dens = h.heights(HistogramScale::Density);
    double sc = 0, sp = 0, integral = 0;
    for (int i = 0; i < h.bins(); ++i) {
        sc += counts[size_t(i)];
        sp += prob[size_t(i)];
        integral += dens[size_t(i)] * (h.edges()[size_t(i) + 1] - h.edges()[size_t(i)]);
    }
    QCOMPARE(sc, double(v.size()));
    QVERIFY(std::fabs(sp - 1) < 1e-12);
    QVERIFY(std::fabs(integral - 1) < 1e-12);
    const Histogram none = Histogram::build(std::vector<float>{5.0f}, 4, 0, 1);
    for (double d : none.heights(HistogramScale::Density)) QCOMPARE(d, 0.0);
}

void TestHistogram::addAndWidening() {
    const std::vector<float> a = {0.1f, 0.2f, 0.9f}, b = {0.15f, 2.0f};
    Histogram h = Histogram::build(a, 4, 0, 1);
    h.add(Histogram::build(b, 4, 0, 1));
    QCOMPARE(h.counts(), (std::vector<int64_t>{3, 0, 0, 1}));
    QCOMPARE(h.above(), 1);
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, h.add(Histogram::build(b, 5, 0, 1)));
    // lo == hi: widened by 0.5 each side, as numpy does.
    const Histogram w = Histogram::build(std::vector<float>{3, 3}, 2, 3, 3);
    QCOMPARE(w.lo(), 2.5);
    QCOMPARE(w.hi(), 3.5);
    QCOMPARE(w.counts(), (std::vector<int64_t>{0, 2}));
    // Data range as NetworkSummary takes it (RangeMode::Data): the statistics' [min, max].
    const SampleStatistics stats = SampleStatistics::of(a);
    const Histogram fused = Histogram::build(a, 8, stats.min, stats.max);
    QCOMPARE(fused.lo(), double(0.1f));
    QCOMPARE(fused.hi(), double(0.9f));
    QCOMPARE(fused.binned(), 3);
    QCOMPARE(stats.n, 3);
}

QTEST_APPLESS_MAIN(TestHistogram)
#include "tst_histogram.moc"
