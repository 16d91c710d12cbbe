// The optimised paths give the same bits as the scalar reference paths: the AVX2 erfinv (and its
// 2-thread split) against the scalar calc_erfinv, trunc_normal with the AVX2 code on and off
// (CpuFeatures), the AVX2 and baseline histogram slots and build_many against a brute-force
// reference, the one-pass statistics (AVX2 and baseline copies, 1–3 threads) against a
// long-double reference, the bucket-sorted, group-skipping exact KS against a std::sort
// reference, and the two-pass NetworkSummary against per-tensor direct computations.
#include "core/model/materializer.h"
#include "core/schemes/initializer.h"
#include "core/schemes/scheme_registry.h"
#include "core/stats/histogram.h"
#include "core/stats/histogram_accumulator.h"
#include "core/stats/histogram_slots.h"
#include "core/stats/ks_distance.h"
#include "core/stats/network_summary.h"
#include "core/stats/sample_statistics.h"
#include "core/torch/random_kernels.h"

#include "scoped_settings.h"
#include "test_support.h"

#include <QtTest>

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstring>
#include <limits>
#include <vector>

using namespace initscope;

namespace {

bool same_bits(const std::vector<float>& a, const std::vector<float>& b) {
    return a.size() == b.size() && std::memcmp(a.data(), b.data(), a.size() * sizeof(float)) == 0;
}

QString first_difference(const std::vector<float>& got, const std::vector<float>& want,
                         const std::vector<float>& input) {
    for (size_t i = 0; i < got.size(); ++i)
        if (std::bit_cast<uint32_t>(got[i]) != std::bit_cast<uint32_t>(want[i]))
            return QStringLiteral("index %1: erfinv(%2) got %3 want %4")
                .arg(i)
                .arg(double(input[i]), 0, 'a')
                .arg(double(got[i]), 0, 'a')
                .arg(double(want[i]), 0, 'a');
    return {};
}

struct XorShift {
    uint64_t s;
    uint64_t next() {
        s ^= s << 13;
        s ^= s >> 7;
        s ^= s << 17;
        return s;
    }
    double unit() { return static_cast<double>(next() >> 11) * 0x1p-53; }
};

void check_histogram(const Histogram& h, std::span<const float> v) {
    const std::vector<int64_t> r = test::reference_slots(v, h.edges());
    QCOMPARE(h.below(), r[0]);
    for (int i = 0; i < h.bins(); ++i) QCOMPARE(h.counts()[size_t(i)], r[size_t(i) + 1]);
    QCOMPARE(h.above(), r[size_t(h.bins()) + 1]);
    QCOMPARE(h.non_finite(), r[size_t(h.bins()) + 2]);
}

}  // namespace

class TestFastPaths : public QObject {
    Q_OBJECT

private slots:
    void erfinvVectorMatchesScalar_data();
    void erfinvVectorMatchesScalar();
    void erfinvFloatSweep();
    void truncNormalSimdMatchesScalar();
    void histogramSlotsExact_data();
    void histogramSlotsExact();
    void histogramSlotsPaths();
    void buildManyEqualsBuild();
    void statisticsOnePassAccurate();
    void ksRadixSortMatchesReference();
    void summaryEqualsDirectComputation();
};

void TestFastPaths::erfinvVectorMatchesScalar_data() {
    QTest::addColumn<double>("from");
    QTest::addColumn<double>("to");
    QTest::newRow("trunc_normal default") << -0.9544997361036416 << 0.9544997361036416;
    QTest::newRow("whole (-1, 1)") << -1.0 << 1.0;
    QTest::newRow("near +1") << 0.999 << 1.0;
    QTest::newRow("tiny") << -1e-6 << 1e-6;
    QTest::newRow("asymmetric") << -0.3 << 0.95;
}

void TestFastPaths::erfinvVectorMatchesScalar() {
    QFETCH(double, from);
    QFETCH(double, to);
    for (Flavour flavour : {Flavour::Fma, Flavour::Portable}) {
        TorchGenerator gen(7);
        std::vector<float> input(200003);  // not a multiple of 8; above the 2-thread threshold
        RandomKernels::uniform(input, from, to, flavour, gen);
        input[5] = 1.0f;  // special values inside otherwise vector groups
        input[17] = -1.0f;
        input[40] = std::numeric_limits<float>::quiet_NaN();
        input[41] = 1.5f;
        input[64] = 0.0f;
        input[65] = -0.0f;
        input[66] = 1e-40f;
        std::vector<float> scalar = input, vector = input, threaded = input;
        {
            const test::ScopedThreadCount one_thread(1);
            RandomKernels::erfinv(vector, flavour);
            const test::ScopedCpuFeatures baseline(CpuFeatures{});
            RandomKernels::erfinv(scalar, flavour);
        }
        {
            const test::ScopedThreadCount two_threads(2);
            RandomKernels::erfinv(threaded, flavour);
        }
        QVERIFY2(same_bits(vector, scalar), qPrintable(first_difference(vector, scalar, input)));
        QVERIFY(same_bits(threaded, scalar));
    }
}

void TestFastPaths::erfinvFloatSweep() {
    // Every 1952nd float of (−1, 1), both signs (about 2.2 M values): all branches of erff,
    // expf and logf.
    // (Offline, all 2.13e9 floats of (−1, 1) in the fma flavour and every third one in the
    // portable flavour gave no difference either.)
    for (Flavour flavour : {Flavour::Fma, Flavour::Portable}) {
        std::vector<float> input;
        for (uint32_t u = 0; u < 0x3f800000U; u += 61 * 32) {
            input.push_back(std::bit_cast<float>(u));
            input.push_back(-std::bit_cast<float>(u + 17));
        }
        std::vector<float> scalar = input, vector = input;
        RandomKernels::erfinv(vector, flavour);
        {
            const test::ScopedCpuFeatures baseline(CpuFeatures{});
            RandomKernels::erfinv(scalar, flavour);
        }
        QVERIFY2(same_bits(vector, scalar), qPrintable(first_difference(vector, scalar, input)));
    }
}

void TestFastPaths::truncNormalSimdMatchesScalar() {
    for (SchemeId id : {SchemeId::TruncNormal, SchemeId::HeNormal, SchemeId::LecunNormal}) {
        for (Flavour flavour : {Flavour::Fma, Flavour::Portable}) {
            const TensorShape shape{300, 517};
            const TensorContext context{shape, TensorRole::Weight, shape.fans()};
            Tensor fast(shape), slow(shape);
            TorchGenerator a(3), b(3);
            Initializer::apply(SchemeRegistry::defaults(id), context, fast, a, flavour);
            {
                const test::ScopedCpuFeatures baseline(CpuFeatures{});
                Initializer::apply(SchemeRegistry::defaults(id), context, slow, b, flavour);
            }
            QVERIFY(fast == slow);
            QCOMPARE(a.random(), b.random());
        }
    }
}

void TestFastPaths::histogramSlotsExact_data() {
    QTest::addColumn<int>("bins");
    QTest::addColumn<double>("lo");
    QTest::addColumn<double>("hi");
    QTest::newRow("40 over data") << 40 << -0.0371 << 0.0369;
    QTest::newRow("65536 fine") << 65536 << -0.05 << 0.05;
    QTest::newRow("7 odd edges") << 7 << -0.1 / 3 << 0.1 / 7;
    QTest::newRow("offset range") << 100 << 1000.0 << 1000.5;
    QTest::newRow("huge range") << 13 << -1e30 << 1e30;
    // HistogramSlots' paths: float guesses (few bins near 0), double guesses (many bins, or a
    // range far from 0), thresholds only (float arithmetic unusable)
    QTest::newRow("512 float guesses") << 512 << -1.0 << 1.0;
    QTest::newRow("4096 double guesses") << 4096 << -1.0 << 1.0;
    QTest::newRow("far from zero, double guesses") << 40 << 1e6 << 1e6 + 1;
    QTest::newRow("tiny range") << 40 << 1e-30 << 2e-30;
    QTest::newRow("subnormal range") << 10 << 0.0 << 1e-40;
    QTest::newRow("float overflow in x - lo") << 40 << -3e38 << 3.4e38;
    QTest::newRow("one bin") << 1 << -0.5 << 0.5;
    QTest::newRow("beyond float, thresholds only") << 10 << 1e302 << 1.1e302;
}

void TestFastPaths::histogramSlotsExact() {
    QFETCH(int, bins);
    QFETCH(double, lo);
    QFETCH(double, hi);
    XorShift rng{12345};
    std::vector<float> v((1 << 20) + 1);  // from 2^20 values on, 2 threads split the values
    const Histogram probe = Histogram::build({}, bins, lo, hi);
    for (size_t i = 0; i < v.size(); ++i) {
        const double span = hi - lo;
        switch (i % 4) {
            case 0:
                v[i] = static_cast<float>(lo - 0.1 * span + 1.2 * span * rng.unit());
                break;
            case 1: {  // an edge, or the float next to it
                const double e = probe.edges()[rng.next() % probe.edges().size()];
                float f = static_cast<float>(e);
                const int step = static_cast<int>(rng.next() % 3) - 1;
                if (step != 0) f = std::nextafter(f, step > 0 ? INFINITY : -INFINITY);
                v[i] = f;
                break;
            }
            case 2:
                v[i] = static_cast<float>(lo + span * rng.unit());
                break;
            default:
                v[i] = i % 1000 == 3 ? std::numeric_limits<float>::quiet_NaN()
                                     : static_cast<float>(hi - span * 1e-7 * rng.unit());
        }
    }
    CpuFeatures avx2_only = CpuFeatures::active();
    avx2_only.avx512f = false;
    for (const CpuFeatures features : {CpuFeatures::active(), avx2_only, CpuFeatures{}}) {
        const test::ScopedCpuFeatures scoped_features(features);
        for (int threads : {1, 2}) {
            const test::ScopedThreadCount scoped_threads(threads);
            check_histogram(Histogram::build(v, bins, lo, hi), v);
        }
    }
    // Every float from 3 below to 3 above each edge (and the edge's neighbours of both signs).
    std::vector<float> near_edges;
    for (double e : probe.edges()) {
        float f = static_cast<float>(e);
        for (int k = 0; k < 3; ++k) f = std::nextafter(f, -INFINITY);
        for (int k = 0; k < 7; ++k, f = std::nextafter(f, INFINITY)) {
            near_edges.push_back(f);
            near_edges.push_back(-f);
        }
    }
    for (const CpuFeatures features : {CpuFeatures::active(), avx2_only, CpuFeatures{}}) {
        const test::ScopedCpuFeatures scoped_features(features);
        check_histogram(Histogram::build(near_edges, bins, lo, hi), near_edges);
    }
}

/// The rows of histogramSlotsExact reach the paths they are named for.
void TestFastPaths::histogramSlotsPaths() {
    auto slots_for = [](int bins, double lo, double hi) {
        return HistogramSlots(Histogram::build({}, bins, lo, hi).edges());
    };
    QVERIFY(slots_for(40, -0.0371, 0.0369).fast_float());
    QVERIFY(slots_for(512, -1, 1).fast_float());
    QVERIFY(slots_for(4096, -1, 1).fast_double());
    QVERIFY(slots_for(40, -3e38, 3.4e38).fast_float());
    QVERIFY(slots_for(65536, -0.05, 0.05).fast_double());
    QVERIFY(slots_for(40, 1e6, 1e6 + 1).fast_double());
    QVERIFY(slots_for(10, 0, 1e-40).fast_double());  // the float scale overflows
    const HistogramSlots beyond = slots_for(10, 1e302, 1.1e302);
    QVERIFY(!beyond.fast_float() && !beyond.fast_double());
}

void TestFastPaths::buildManyEqualsBuild() {
    XorShift rng{99};
    std::vector<float> v(1 << 20 | 77);
    for (float& f : v) f = static_cast<float>(rng.unit() * 2 - 1);
    const std::vector<Histogram::Request> requests = {
        {40, -1, 1}, {13, -0.5, 0.25}, {65536, -0.9, 0.9}, {1, 0, 0},
        {9, 2, -2},  {40, -1, 1},      {9, -2, 2}};  // the last two repeat earlier edges (counted
                                                     // once)
    const std::vector<Histogram> many = Histogram::build_many(v, requests);
    QCOMPARE(many.size(), requests.size());
    // The same streamed: chunks of odd sizes into an accumulator and a zeroed copy, added up.
    HistogramAccumulator first(requests);
    HistogramAccumulator second = first.zeroed_copy();
    for (size_t pos = 0, k = 0; pos < v.size(); ++k) {
        const size_t m = std::min(v.size() - pos, size_t{1} + (k * 7919) % 5000);
        (k % 3 == 0 ? second : first).add(std::span<const float>(v).subspan(pos, m));
        pos += m;
    }
    first.add(second);
    const std::vector<Histogram> streamed = first.histograms();
    QCOMPARE(streamed.size(), requests.size());
    for (size_t k = 0; k < requests.size(); ++k) {
        QVERIFY(streamed[k].edges() == many[k].edges());
        QVERIFY(streamed[k].counts() == many[k].counts());
        QCOMPARE(streamed[k].below(), many[k].below());
        QCOMPARE(streamed[k].above(), many[k].above());
    }
    const test::ScopedThreadCount one_thread(1);
    for (size_t k = 0; k < requests.size(); ++k) {
        const Histogram one = Histogram::build(v, requests[k].bins, requests[k].lo, requests[k].hi);
        QVERIFY(many[k].edges() == one.edges());
        QVERIFY(many[k].counts() == one.counts());
        QCOMPARE(many[k].below(), one.below());
        QCOMPARE(many[k].above(), one.above());
        QCOMPARE(many[k].non_finite(), one.non_finite());
    }
}

void TestFastPaths::statisticsOnePassAccurate() {
    // Blocks whose first value is an outlier (the shifted sums would cancel) and a large offset;
    // 3·2^19 values and more are split between up to 3 threads.
    XorShift rng{5};
    std::vector<float> v(3 * (1 << 19) + 100);
    for (size_t i = 0; i < v.size(); ++i)
        v[i] = static_cast<float>(1000.0 + (rng.unit() - 0.5) * 1e-3);
    v[0] = 1e7f;
    v[8192] = -1e6f;
    v[16384] = std::numeric_limits<float>::infinity();
    long double sum = 0, sq = 0;
    int64_t n = 0;
    for (float f : v)
        if (std::isfinite(f)) sum += f, ++n;
    const long double mean = sum / n;
    for (float f : v)
        if (std::isfinite(f)) sq += (f - mean) * (f - mean);
    for (int threads : {1, 2, 3}) {
        const test::ScopedThreadCount scoped_threads(threads);
        const SampleStatistics s = SampleStatistics::of(v);
        QCOMPARE(s.n, n);
        QCOMPARE(s.non_finite, int64_t{1});
        QVERIFY(std::fabs(s.mean - static_cast<double>(mean)) <= 1e-12 * std::fabs(double(mean)));
        QVERIFY(std::fabs(s.variance / static_cast<double>(sq / n) - 1) < 1e-12);
        QCOMPARE(s.min, -1e6);
        QCOMPARE(s.max, 1e7);
        const test::ScopedCpuFeatures baseline(CpuFeatures{});
        const SampleStatistics b = SampleStatistics::of(v);  // the baseline copy: the same bits
        QVERIFY(b.n == s.n && b.non_finite == s.non_finite && b.mean == s.mean &&
                b.variance == s.variance && b.min == s.min && b.max == s.max);
    }
}

void TestFastPaths::ksRadixSortMatchesReference() {
    const InitSpec spec = SchemeRegistry::defaults(SchemeId::Normal);
    const Theory theory = Theory::of(spec, {{100, 100}, TensorRole::Weight, {100, 100}});
    XorShift rng{17};
    for (size_t n : {size_t{5}, size_t{300}, size_t{1024}, size_t{10000}, size_t{65537}}) {
        std::vector<float> v(n);
        for (float& f : v) {
            const uint64_t r = rng.next();
            f = static_cast<float>((rng.unit() - 0.5) * 0.1);
            if (r % 50 == 0) f = -f;
            if (r % 97 == 0) f = 0.0f;
            if (r % 89 == 0) f = -0.0f;
            if (r % 1009 == 0) f = std::numeric_limits<float>::quiet_NaN();
        }
        if (n > 10) v[3] = v[7];  // ties
        const double want = test::exact_ks(v, theory);
        // the same double, not just close
        QVERIFY(KsDistance::of(v, theory, SampleStatistics::of(v)) == want);
    }
}

void TestFastPaths::summaryEqualsDirectComputation() {
    Network network;
    network.seed = 11;
    network.layers.push_back(test::linear_layer("big", 1100, 1000,
                                                SchemeRegistry::defaults(SchemeId::XavierNormal),
                                                SchemeRegistry::defaults(SchemeId::Zeros)));
    network.layers.push_back(test::linear_layer("mid", 1000, 300,
                                                SchemeRegistry::defaults(SchemeId::TruncNormal),
                                                SchemeRegistry::defaults(SchemeId::TorchDefault)));
    network.layers.push_back(test::linear_layer("out", 300, 10,
                                                SchemeRegistry::defaults(SchemeId::TorchDefault),
                                                SchemeRegistry::defaults(SchemeId::Normal)));
    const Parameters parameters = Materializer::materialize(network);
    for (RangeMode mode : {RangeMode::Data, RangeMode::Shared}) {
        HistogramOptions options;
        options.range = mode;
        options.bins = 37;
        const NetworkSummary summary = NetworkSummary::of(network, parameters, options);
        QCOMPARE(summary.tensors.size(), size_t{6});
        Histogram weights, biases;
        size_t k = 0;
        for (const LayerParameters& p : parameters) {
            for (const Tensor* tensor : {&p.weight, p.bias ? &*p.bias : nullptr}) {
                if (!tensor) continue;
                const TensorSummary& t = summary.tensors[k++];
                const SampleStatistics stats = SampleStatistics::of(tensor->values());
                QCOMPARE(t.stats.mean, stats.mean);
                QCOMPARE(t.stats.variance, stats.variance);
                const double ks = KsDistance::of(tensor->values(), t.theory, stats);
                QVERIFY((std::isnan(ks) && std::isnan(t.ks)) || ks == t.ks);
                const Histogram h = Histogram::build(tensor->values(), t.histogram.bins(),
                                                     t.histogram.lo(), t.histogram.hi());
                QVERIFY(h.counts() == t.histogram.counts());
                QVERIFY(h.edges() == t.histogram.edges());
                Histogram& total = t.role == TensorRole::Weight ? weights : biases;
                const Histogram& want = t.role == TensorRole::Weight ? summary.weights_histogram
                                                                     : summary.biases_histogram;
                total.add(Histogram::build(tensor->values(), want.bins(), want.lo(), want.hi()));
            }
        }
        QVERIFY(weights.counts() == summary.weights_histogram.counts());
        QVERIFY(biases.counts() == summary.biases_histogram.counts());
    }
}

QTEST_APPLESS_MAIN(TestFastPaths)
#include "tst_fast_paths.moc"
