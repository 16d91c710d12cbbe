// parallel_for and the thread count: parts cover the range in order with part 0 on the calling
// thread, exceptions come back after every part has finished, nested and concurrent loops work,
// INITSCOPE_THREADS and set_thread_count() set the count; ChunkPipeline produces in order on the
// calling thread and transforms each chunk once after it (errors rethrown, nested calls inline);
// and every parallel result of the core (statistics, histograms, erfinv, trunc_normal, whole
// materializations and summaries) has the same bits with 1, 2, 3 and 16 threads, with and
// without the AVX2 code.
#include "core/model/materializer.h"
#include "core/schemes/scheme_registry.h"
#include "core/stats/histogram.h"
#include "core/stats/network_summary.h"
#include "core/stats/sample_statistics.h"
#include "core/torch/chunk_pipeline.h"
#include "core/torch/parallel_for.h"
#include "core/torch/random_kernels.h"

#include "scoped_settings.h"
#include "test_support.h"

#include <QtTest>

#include <atomic>
#include <bit>
#include <cstring>
#include <mutex>
#include <stdexcept>
#include <thread>
#include <vector>

using namespace initscope;

namespace {

/// The thread counts every result is compared over (16 > this machine's cores on purpose).
constexpr int kThreadCounts[] = {1, 2, 3, 16};

bool same_bits(std::span<const float> a, std::span<const float> b) {
    return a.size() == b.size() && std::memcmp(a.data(), b.data(), a.size() * sizeof(float)) == 0;
}

bool same_bits(double a, double b) {
    return std::bit_cast<uint64_t>(a) == std::bit_cast<uint64_t>(b);
}

bool same_statistics(const SampleStatistics& a, const SampleStatistics& b) {
    return a.n == b.n && a.non_finite == b.non_finite && same_bits(a.mean, b.mean) &&
           same_bits(a.variance, b.variance) && same_bits(a.stddev, b.stddev) &&
           same_bits(a.min, b.min) && same_bits(a.max, b.max);
}

bool same_histogram(const Histogram& a, const Histogram& b) {
    return a.edges() == b.edges() && a.counts() == b.counts() && a.below() == b.below() &&
           a.above() == b.above() && a.non_finite() == b.non_finite();
}

bool same_summary(const NetworkSummary& a, const NetworkSummary& b) {
    if (a.tensors.size() != b.tensors.size()) return false;
    for (size_t k = 0; k < a.tensors.size(); ++k) {
        const TensorSummary& s = a.tensors[k];
        const TensorSummary& t = b.tensors[k];
        if (!same_statistics(s.stats, t.stats) || !same_bits(s.ks, t.ks) ||
            !same_histogram(s.histogram, t.histogram))
            return false;
    }
    return same_statistics(a.all_weights, b.all_weights) &&
           same_statistics(a.all_biases, b.all_biases) &&
           same_histogram(a.weights_histogram, b.weights_histogram) &&
           same_histogram(a.biases_histogram, b.biases_histogram);
}

/// A sample from a local xorshift (Marsaglia 2003): uniform in [lo, hi), one NaN and one inf.
std::vector<float> sample(size_t n, double lo, double hi, uint64_t seed) {
    uint64_t s = seed;
    std::vector<float> v(n);
    for (float& x : v) {
        s ^= s << 13;
        s ^= s >> 7;
        s ^= s << 17;
        x = static_cast<float>(lo + (hi - lo) * static_cast<double>(s >> 11) * 0x1p-53);
    }
    v[n / 3] = std::numeric_limits<float>::quiet_NaN();
    v[n / 2] = std::numeric_limits<float>::infinity();
    return v;
}

/// Sixteen small layers (the summary splits the tensors between threads) and one of 1.1·10^6
/// weights (each of its loops splits its values instead), with trunc_normal for erfinv.
Network test_network() {
    Network network;
    network.seed = 5;
    for (int i = 0; i < 16; ++i)
        network.layers.push_back(test::linear_layer(
            "small" + std::to_string(i), 64, 64,
            SchemeRegistry::defaults(i % 2 ? SchemeId::TruncNormal : SchemeId::XavierUniform),
            SchemeRegistry::defaults(SchemeId::TorchDefault)));
    return network;
}

Network big_network() {
    Network network;
    network.seed = 9;
    network.layers.push_back(test::linear_layer("big", 1100, 1000,
                                                SchemeRegistry::defaults(SchemeId::TruncNormal),
                                                SchemeRegistry::defaults(SchemeId::Normal)));
    network.layers.push_back(test::linear_layer("out", 1000, 10,
                                                SchemeRegistry::defaults(SchemeId::KaimingNormal),
                                                SchemeRegistry::defaults(SchemeId::Zeros)));
    return network;
}

}  // namespace

class TestParallelFor : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();
    void threadCountSetting();
    void partsCoverRangeInOrder();
    void exceptionAfterEveryPart();
    void nestedLoopRunsInline();
    void concurrentCallers();
    void chunkPipelineOrder();
    void chunkPipelineErrorsAndNesting();
    void statisticsSameBits();
    void histogramsSameBits();
    void erfinvSameBits();
    void materializeAndSummarySameBits_data();
    void materializeAndSummarySameBits();
};

void TestParallelFor::initTestCase() {
    // Read once, at the first use: this is the first in this process.
    qputenv("INITSCOPE_THREADS", "3");
    QCOMPARE(thread_count(), 3);
}

void TestParallelFor::threadCountSetting() {
    {
        const test::ScopedThreadCount five(5);
        QCOMPARE(thread_count(), 5);
        QCOMPARE(parallel_threads(100, 1 << 10), 1);      // below the threshold
        QCOMPARE(parallel_threads(1 << 10, 1 << 10), 2);  // from it on, 2
        QCOMPARE(parallel_threads(5 << 9, 1 << 10), 5);   // one per half threshold
        QCOMPARE(parallel_threads(1 << 20, 1 << 10), 5);  // at most thread_count()
        set_thread_count(1000);
        QCOMPARE(thread_count(), kMaxThreads);
    }
    QCOMPARE(thread_count(), 3);  // the environment's value again
}

void TestParallelFor::partsCoverRangeInOrder() {
    for (int threads : {1, 2, 4, 7, 16}) {
        std::mutex mutex;
        std::vector<std::pair<size_t, size_t>> parts;
        std::thread::id first_part_thread;
        parallel_for(1003, threads, 8, [&](size_t begin, size_t end) {
            const std::lock_guard lock(mutex);
            parts.emplace_back(begin, end);
            if (begin == 0) first_part_thread = std::this_thread::get_id();
        });
        std::sort(parts.begin(), parts.end());
        QCOMPARE(parts.size(), size_t(threads));
        QCOMPARE(parts.front().first, size_t{0});
        QCOMPARE(parts.back().second, size_t{1003});
        for (size_t t = 0; t < parts.size(); ++t) {
            const size_t want = 1003 * t / parts.size() / 8 * 8;  // the contract's bound
            QCOMPARE(parts[t].first, want);
            if (t + 1 < parts.size()) QCOMPARE(parts[t].second, parts[t + 1].first);
        }
        QVERIFY(first_part_thread == std::this_thread::get_id());
    }
    // Too few elements to split: one part.
    int calls = 0;
    parallel_for(5, 4, 8, [&](size_t begin, size_t end) {
        ++calls;
        QCOMPARE(begin, size_t{0});
        QCOMPARE(end, size_t{5});
    });
    QCOMPARE(calls, 1);
}

void TestParallelFor::exceptionAfterEveryPart() {
    std::atomic<int> finished{0};
    auto body = [&](size_t begin, size_t) {
        if (begin == 2) throw std::runtime_error("part 2");
        if (begin == 1) throw std::runtime_error("part 1");
        ++finished;
    };
    try {
        parallel_for(4, 4, 1, body);
        QFAIL("no exception");
    } catch (const std::runtime_error& e) {
        QCOMPARE(QString::fromLatin1(e.what()), QStringLiteral("part 1"));
    }
    QCOMPARE(finished.load(), 2);
    // The pool is usable afterwards.
    std::atomic<int> parts{0};
    parallel_for(4, 4, 1, [&](size_t, size_t) { ++parts; });
    QCOMPARE(parts.load(), 4);
}

void TestParallelFor::nestedLoopRunsInline() {
    std::atomic<int> inner_calls{0}, wrong_thread{0};
    parallel_for(4, 4, 1, [&](size_t, size_t) {
        const std::thread::id outer = std::this_thread::get_id();
        parallel_for(100, 4, 1, [&](size_t begin, size_t end) {
            ++inner_calls;
            if (begin != 0 || end != 100 || std::this_thread::get_id() != outer) ++wrong_thread;
        });
    });
    QCOMPARE(inner_calls.load(), 4);
    QCOMPARE(wrong_thread.load(), 0);
}

void TestParallelFor::concurrentCallers() {
    // Two threads' loops at once: one gets the pool, the other its own threads; both complete.
    std::atomic<int64_t> total{0};
    auto caller = [&] {
        for (int round = 0; round < 200; ++round)
            parallel_for(1000, 3, 1, [&](size_t begin, size_t end) {
                total += static_cast<int64_t>(end - begin);
            });
    };
    std::thread a(caller), b(caller);
    a.join();
    b.join();
    QCOMPARE(total.load(), int64_t{2 * 200 * 1000});
}

void TestParallelFor::chunkPipelineOrder() {
    // produce runs in order on the calling thread; each chunk is transformed once, after it was
    // produced; every chunk is covered.
    for (int threads : kThreadCounts) {
        const size_t n = 10007, chunk = 100, chunks = 101;
        std::vector<std::atomic<int>> produced(chunks), transformed(chunks);
        std::atomic<int> order_errors{0};
        size_t next_produce = 0;
        const std::thread::id caller = std::this_thread::get_id();
        ChunkPipeline::run(
            n, chunk, threads,
            [&](size_t begin, size_t end) {
                if (begin != next_produce * chunk || end != std::min(n, begin + chunk) ||
                    std::this_thread::get_id() != caller)
                    ++order_errors;
                produced[next_produce++].store(1, std::memory_order_release);
            },
            [&](size_t begin, size_t end) {
                const size_t c = begin / chunk;
                if (begin % chunk != 0 || end != std::min(n, begin + chunk) ||
                    produced[c].load(std::memory_order_acquire) != 1)
                    ++order_errors;
                ++transformed[c];
            });
        QCOMPARE(next_produce, chunks);
        QCOMPARE(order_errors.load(), 0);
        for (const std::atomic<int>& t : transformed) QCOMPARE(t.load(), 1);
    }
}

void TestParallelFor::chunkPipelineErrorsAndNesting() {
    auto nothing = [](size_t, size_t) {};
    for (bool in_produce : {true, false}) {
        try {
            ChunkPipeline::run(
                5000, 10, 2,
                [&](size_t begin, size_t) {
                    if (in_produce && begin == 50) throw std::runtime_error("produce");
                },
                [&](size_t begin, size_t) {
                    if (!in_produce && begin == 370) throw std::runtime_error("transform");
                });
            QFAIL("no exception");
        } catch (const std::runtime_error& e) {
            QCOMPARE(QString::fromLatin1(e.what()),
                     in_produce ? QStringLiteral("produce") : QStringLiteral("transform"));
        }
    }
    ChunkPipeline::run(0, 10, 2, nothing, nothing);  // no chunks
    // From inside a parallel_for body: produce and transform alternate on the body's thread.
    std::atomic<int> wrong{0};
    parallel_for(2, 2, 1, [&](size_t, size_t) {
        const std::thread::id outer = std::this_thread::get_id();
        int last_produced = -1;
        ChunkPipeline::run(
            95, 10, 4,
            [&](size_t begin, size_t) {
                last_produced = static_cast<int>(begin / 10);
                if (std::this_thread::get_id() != outer) ++wrong;
            },
            [&](size_t begin, size_t) {
                if (static_cast<int>(begin / 10) != last_produced ||
                    std::this_thread::get_id() != outer)
                    ++wrong;
            });
    });
    QCOMPARE(wrong.load(), 0);
}

void TestParallelFor::statisticsSameBits() {
    const std::vector<float> v = sample(3'000'017, -2.0, 5.0, 11);
    const SampleStatistics one = [&v] {
        const test::ScopedThreadCount scoped(1);
        return SampleStatistics::of(v);
    }();
    for (const CpuFeatures features : {CpuFeatures::active(), CpuFeatures{}}) {
        const test::ScopedCpuFeatures scoped_features(features);
        for (int threads : kThreadCounts) {
            const test::ScopedThreadCount scoped(threads);
            QVERIFY2(same_statistics(SampleStatistics::of(v), one),
                     qPrintable(QString::number(threads)));
        }
    }
}

void TestParallelFor::histogramsSameBits() {
    const std::vector<float> v = sample(3'000'017, -1.0, 1.0, 12);
    const std::vector<Histogram::Request> requests = {{40, -1, 1}, {65536, -0.9, 0.9}, {7, 0, 0.5}};
    const std::vector<Histogram> one = [&] {
        const test::ScopedThreadCount scoped(1);
        return Histogram::build_many(v, requests);
    }();
    for (const CpuFeatures features : {CpuFeatures::active(), CpuFeatures{}}) {
        const test::ScopedCpuFeatures scoped_features(features);
        for (int threads : kThreadCounts) {
            const test::ScopedThreadCount scoped(threads);
            const std::vector<Histogram> many = Histogram::build_many(v, requests);
            for (size_t k = 0; k < requests.size(); ++k) QVERIFY(same_histogram(many[k], one[k]));
        }
    }
}

void TestParallelFor::erfinvSameBits() {
    for (Flavour flavour : {Flavour::Fma, Flavour::Portable}) {
        const std::vector<float> input = sample(1 << 18 | 5, -0.99, 0.99, 13);
        std::vector<float> one = input;
        {
            const test::ScopedThreadCount scoped(1);
            RandomKernels::erfinv(one, flavour);
        }
        for (const CpuFeatures features : {CpuFeatures::active(), CpuFeatures{}}) {
            const test::ScopedCpuFeatures scoped_features(features);
            for (int threads : kThreadCounts) {
                const test::ScopedThreadCount scoped(threads);
                std::vector<float> v = input;
                RandomKernels::erfinv(v, flavour);
                QVERIFY(same_bits(v, one));
            }
        }
    }
}

void TestParallelFor::materializeAndSummarySameBits_data() {
    QTest::addColumn<bool>("big");
    QTest::newRow("16 small layers") << false;
    QTest::newRow("one big layer") << true;
}

void TestParallelFor::materializeAndSummarySameBits() {
    QFETCH(bool, big);
    const Network network = big ? big_network() : test_network();
    HistogramOptions options;
    options.rule = BinRule::FreedmanDiaconis;
    options.range = RangeMode::Shared;
    const test::ScopedThreadCount first(1);
    const Parameters parameters = Materializer::materialize(network);
    const NetworkSummary summary = NetworkSummary::of(network, parameters, options);
    for (const CpuFeatures features : {CpuFeatures::active(), CpuFeatures{}}) {
        const test::ScopedCpuFeatures scoped_features(features);
        for (int threads : kThreadCounts) {
            const test::ScopedThreadCount scoped(threads);
            const Parameters p = Materializer::materialize(network);
            QVERIFY(bitwise_equal(p, parameters));
            std::vector<double> progress;
            const NetworkSummary s = NetworkSummary::of(network, p, options, [&](double done) {
                progress.push_back(done);
                return true;
            });
            QVERIFY(same_summary(s, summary));
            QVERIFY(!progress.empty() && progress.back() == 1.0);
            QVERIFY(std::is_sorted(progress.begin(), progress.end()));
        }
    }
}

QTEST_APPLESS_MAIN(TestParallelFor)
#include "tst_parallel_for.moc"
