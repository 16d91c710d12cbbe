// CheckpointAnalysis and ChunkedAnalysis: a tensor is analysed chunk by chunk from its mapped
// bytes with the results of one float vector of all its values (the fixtures: the same bits;
// tensors past 2^20 values: the same histograms, counts, range and scheme KS distances, the
// moments to rounding), for any thread count; progress is polled per chunk and a false answer
// stops the analysis with nullopt.
#include "core/io/checkpoint.h"
#include "core/io/checkpoint_analysis.h"
#include "core/io/chunked_analysis.h"
#include "core/stats/ks_distance.h"
#include "core/torch/parallel_for.h"

#include "test_support.h"

#include <QtTest>

#include <bit>
#include <cmath>
#include <cstring>
#include <limits>
#include <memory>
#include <random>
#include <thread>

using namespace initscope;

namespace {

const QString kFixtures = QStringLiteral(INITSCOPE_TEST_DATA_DIR "/checkpoints/");

/// What analyse_one computed before it streamed: one float vector of all the values.
ChunkedAnalysis::Result one_vector_reference(const CheckpointTensor& tensor,
                                             const TensorContext& context) {
    std::vector<float> values(size_t(tensor.numel));
    TensorDtypes::to_float(tensor.dtype, tensor.bytes.data(), tensor.numel, values.data());
    ChunkedAnalysis::Result r;
    r.stats = SampleStatistics::of(values);
    const double lo = r.stats.n > 0 ? r.stats.min : 0.0;
    const double hi = r.stats.n > 0 ? r.stats.max : 1.0;
    r.histogram =
        Histogram::build(values, CheckpointAnalysis::kHistogramBins, lo, hi == lo ? lo + 1 : hi);
    r.fingerprint = InitFingerprint::of(values, r.stats, context);
    return r;
}

bool same_bits(double a, double b) {
    return std::bit_cast<uint64_t>(a) == std::bit_cast<uint64_t>(b);
}

bool close(double a, double b, double relative) {
    if (std::isnan(a) || std::isnan(b)) return std::isnan(a) && std::isnan(b);
    return std::fabs(a - b) <= relative * std::max(std::fabs(a), std::fabs(b));
}

void compare_histograms(const Histogram& a, const Histogram& b) {
    QCOMPARE(a.edges(), b.edges());
    QCOMPARE(a.counts(), b.counts());
    QCOMPARE(a.below(), b.below());
    QCOMPARE(a.above(), b.above());
    QCOMPARE(a.non_finite(), b.non_finite());
}

/// Bit for bit.
void compare_exactly(const ChunkedAnalysis::Result& a, const ChunkedAnalysis::Result& b) {
    QCOMPARE(a.stats.n, b.stats.n);
    QCOMPARE(a.stats.non_finite, b.stats.non_finite);
    for (auto field : {&SampleStatistics::mean, &SampleStatistics::variance,
                       &SampleStatistics::stddev, &SampleStatistics::min, &SampleStatistics::max})
        QVERIFY(same_bits(a.stats.*field, b.stats.*field));
    compare_histograms(a.histogram, b.histogram);
    QCOMPARE(a.fingerprint.matches.size(), b.fingerprint.matches.size());
    for (size_t k = 0; k < a.fingerprint.matches.size(); ++k) {
        const InitFingerprint::Match &x = a.fingerprint.matches[k], &y = b.fingerprint.matches[k];
        QCOMPARE(x.scheme, y.scheme);
        QVERIFY(same_bits(x.ks, y.ks));
        QVERIFY(same_bits(x.theory_std, y.theory_std));
        QVERIFY(same_bits(x.std_ratio, y.std_ratio));
    }
    const InitFingerprint::Fit &f = a.fingerprint.fit, &g = b.fingerprint.fit;
    QVERIFY(same_bits(f.mean, g.mean) && same_bits(f.stddev, g.stddev));
    QVERIFY(same_bits(f.ks_normal, g.ks_normal) && same_bits(f.ks_uniform, g.ks_uniform));
}

/// Two passes against one vector: counts, range, histograms and scheme distances exact, the
/// moments and what depends on them (the fitted normal and uniform) to rounding.
void compare_streamed(const ChunkedAnalysis::Result& streamed,
                      const ChunkedAnalysis::Result& reference) {
    const SampleStatistics &s = streamed.stats, &r = reference.stats;
    QCOMPARE(s.n, r.n);
    QCOMPARE(s.non_finite, r.non_finite);
    QVERIFY(same_bits(s.min, r.min) && same_bits(s.max, r.max));
    QVERIFY2(close(s.mean, r.mean, 1e-12) || std::fabs(s.mean - r.mean) < 1e-15 * r.stddev,
             qPrintable(QString::number(s.mean - r.mean)));
    QVERIFY(close(s.variance, r.variance, 1e-12));
    compare_histograms(streamed.histogram, reference.histogram);
    QCOMPARE(streamed.fingerprint.matches.size(), reference.fingerprint.matches.size());
    for (size_t k = 0; k < streamed.fingerprint.matches.size(); ++k) {
        const InitFingerprint::Match& x = streamed.fingerprint.matches[k];
        const InitFingerprint::Match& y = reference.fingerprint.matches[k];
        QCOMPARE(x.scheme, y.scheme);  // the same order: the same distances
        QVERIFY(same_bits(x.ks, y.ks));
        QVERIFY(same_bits(x.theory_std, y.theory_std));
        QVERIFY(close(x.std_ratio, y.std_ratio, 1e-12));
    }
    QVERIFY(close(streamed.fingerprint.fit.ks_normal, reference.fingerprint.fit.ks_normal, 1e-6));
    QVERIFY(close(streamed.fingerprint.fit.ks_uniform, reference.fingerprint.fit.ks_uniform, 1e-6));
}

/// A big 16-bit tensor analysed from its value counts (HalfValueCounts): statistics and
/// histogram as the one-vector reference's (mean and variance to rounding), and KS distances
/// that are exact (the reference's come from fine histograms, within 1e-4 of them).
void compare_value_counted(const ChunkedAnalysis::Result& counted,
                           const ChunkedAnalysis::Result& reference, const CheckpointTensor& tensor,
                           const TensorContext& context) {
    const SampleStatistics &s = counted.stats, &r = reference.stats;
    QCOMPARE(s.n, r.n);
    QCOMPARE(s.non_finite, r.non_finite);
    QVERIFY(same_bits(s.min, r.min) && same_bits(s.max, r.max));
    QVERIFY2(std::fabs(s.mean - r.mean) <= 1e-12 * r.stddev,
             qPrintable(QString::number(s.mean - r.mean)));
    QVERIFY(close(s.variance, r.variance, 1e-12));
    compare_histograms(counted.histogram, reference.histogram);
    std::vector<float> values(size_t(tensor.numel));
    TensorDtypes::to_float(tensor.dtype, tensor.bytes.data(), tensor.numel, values.data());
    const std::vector<float> sorted = test::sorted_finite(values);
    const std::vector<SchemeId> schemes = InitFingerprint::candidates(context);
    const std::vector<Theory> theories = InitFingerprint::theories(s, context);
    QCOMPARE(theories.size(), schemes.size() + 2);
    QCOMPARE(counted.fingerprint.matches.size(), reference.fingerprint.matches.size());
    for (size_t k = 0; k < schemes.size(); ++k) {
        auto find = [&](const InitFingerprint& f) {
            return std::find_if(
                f.matches.begin(), f.matches.end(),
                [&](const InitFingerprint::Match& m) { return m.scheme == schemes[k]; });
        };
        const auto mine = find(counted.fingerprint), theirs = find(reference.fingerprint);
        QVERIFY(mine != counted.fingerprint.matches.end() &&
                theirs != reference.fingerprint.matches.end());
        QVERIFY(close(mine->ks, test::exact_ks_of_sorted(sorted, theories[k]), 1e-12));
        QVERIFY2(std::fabs(mine->ks - theirs->ks) < 1e-4,
                 qPrintable(QString("%1 vs %2").arg(mine->ks).arg(theirs->ks)));
    }
    QVERIFY(close(counted.fingerprint.fit.ks_normal,
                  test::exact_ks_of_sorted(sorted, theories[schemes.size()]), 1e-9));
}

/// An in-memory checkpoint of one tensor of `dtype` holding `values` (plus `misalign` bytes
/// before them, to test unaligned float32 data).
struct Memory {
    Checkpoint checkpoint;
    const CheckpointTensor& tensor() const { return checkpoint.tensors().front(); }
};

std::unique_ptr<Memory> in_memory(const std::vector<float>& values, std::vector<int64_t> shape,
                                  TensorDtype dtype, size_t misalign = 0) {
    auto bytes = std::make_shared<std::vector<unsigned char>>(
        misalign + values.size() * size_t(TensorDtypes::size(dtype)));
    unsigned char* out = bytes->data() + misalign;
    for (size_t i = 0; i < values.size(); ++i) {
        if (dtype == TensorDtype::F32) {
            std::memcpy(out + 4 * i, &values[i], 4);
        } else {  // BF16, rounded to nearest even (NaN kept NaN)
            const uint32_t w = std::bit_cast<uint32_t>(values[i]);
            uint16_t b = std::isnan(values[i]) ? uint16_t((w >> 16) | 0x40)
                                               : uint16_t((w + 0x7fff + ((w >> 16) & 1)) >> 16);
            std::memcpy(out + 2 * i, &b, 2);
        }
    }
    auto memory = std::make_unique<Memory>();
    CheckpointTensor tensor;
    tensor.name = "layers.0.weight";
    tensor.dtype = dtype;
    tensor.shape = std::move(shape);
    tensor.numel = int64_t(values.size());
    tensor.bytes =
        std::span<const unsigned char>(out, values.size() * size_t(TensorDtypes::size(dtype)));
    memory->checkpoint.tensors().push_back(tensor);
    memory->checkpoint.keep_buffer(std::move(bytes));
    return memory;
}

std::vector<float> normal_values(size_t n, double stddev, uint64_t seed) {
    std::mt19937_64 engine(seed);
    std::normal_distribution<float> normal(0.0f, float(stddev));
    std::vector<float> values(n);
    for (float& v : values) v = normal(engine);
    return values;
}

TensorContext context_of(const CheckpointTensor& tensor) {
    TensorContext context;
    context.shape = TensorShape(tensor.shape);
    context.role = TensorRole::Weight;
    context.weight_fans = context.shape.fans();
    return context;
}

}  // namespace

class TestCheckpointAnalysis : public QObject {
    Q_OBJECT

private slots:
    void cleanup() { set_thread_count(0); }

    /// Every fixture tensor (at most 10,000 values: one chunk) gets exactly what one float
    /// vector of its values gives.
    void fixtures_match_the_one_vector_analysis_bit_for_bit() {
        for (const char* name : {"course.safetensors", "course.npz", "course.pt"}) {
            std::string error;
            const std::optional<Checkpoint> checkpoint = Checkpoint::open(kFixtures + name, &error);
            QVERIFY2(checkpoint, error.c_str());
            QVERIFY(!checkpoint->tensors().empty());
            for (const CheckpointTensor& t : checkpoint->tensors()) {
                const CheckpointTensorAnalysis a = CheckpointAnalysis::analyse_one(*checkpoint, t);
                QVERIFY(a.analysed);
                compare_exactly({a.stats, a.histogram, a.fingerprint},
                                one_vector_reference(t, a.context));
            }
        }
    }

    /// bfloat16 and float32 (aligned and not) tensors past 2^20 values, cut into chunks of
    /// several sizes (one not dividing the tensor), on 1 and 2 threads.
    void large_tensors_stream_with_the_one_vector_results() {
        const std::vector<float> values = normal_values(1500007, 0.02, 1);
        for (TensorDtype dtype : {TensorDtype::BF16, TensorDtype::F32}) {
            for (size_t misalign : {size_t{0}, size_t{2}}) {
                if (dtype == TensorDtype::BF16 && misalign) continue;
                const auto memory = in_memory(values, {1500007, 1}, dtype, misalign);
                TensorContext context = context_of(memory->tensor());
                context.weight_fans = {4096, 4096};  // fans that make N(0, 0.02²) plausible
                const ChunkedAnalysis::Result reference =
                    one_vector_reference(memory->tensor(), context);
                QVERIFY(reference.fingerprint.matches.size() >= 4);
                std::optional<ChunkedAnalysis::Result> first;
                for (int threads : {1, 2}) {
                    set_thread_count(threads);
                    for (int64_t chunk : {int64_t{100003}, int64_t{1} << 20}) {
                        const std::optional<ChunkedAnalysis::Result> streamed =
                            ChunkedAnalysis::of(memory->tensor(), context, 40, {}, chunk);
                        QVERIFY(streamed);
                        if (dtype == TensorDtype::BF16)
                            compare_value_counted(*streamed, reference, memory->tensor(), context);
                        else
                            compare_streamed(*streamed, reference);
                        if (chunk == 100003) {
                            if (first)
                                compare_exactly(*streamed, *first);  // any thread count
                            else
                                first = streamed;
                        }
                    }
                }
            }
        }
    }

    /// Non-finite values, a constant tensor and one with fewer than 2^20 finite values (whose KS
    /// distances are exact, from its gathered finite values).
    void large_tensors_with_special_values() {
        const float nan = std::numeric_limits<float>::quiet_NaN();
        const float inf = std::numeric_limits<float>::infinity();
        std::vector<float> spiked = normal_values(1200000, 0.05, 2);
        for (size_t i = 0; i < spiked.size(); i += 100003) spiked[i] = i % 2 ? nan : -inf;
        std::vector<float> constant(1100000, 0.25f);
        std::vector<float> mostly_nan(1300000, nan);
        const std::vector<float> some = normal_values(700000, 0.1, 3);
        std::copy(some.begin(), some.end(), mostly_nan.begin() + 300000);
        for (const std::vector<float>* values : {&spiked, &constant, &mostly_nan}) {
            const auto memory =
                in_memory(*values, {int64_t(values->size()) / 100, 100}, TensorDtype::F32);
            const TensorContext context = context_of(memory->tensor());
            const ChunkedAnalysis::Result reference =
                one_vector_reference(memory->tensor(), context);
            const std::optional<ChunkedAnalysis::Result> streamed =
                ChunkedAnalysis::of(memory->tensor(), context, 40, {}, 65536);
            QVERIFY(streamed);
            compare_streamed(*streamed, reference);
        }
    }

    /// Releasing a mapped tensor's pages leaves its bytes as they were (read again from the
    /// file); inflated or in-memory bytes are never released (they would read back as zeros).
    void released_pages_read_back_unchanged() {
        std::string error;
        const std::optional<Checkpoint> checkpoint =
            Checkpoint::open(kFixtures + "course.safetensors", &error);
        QVERIFY2(checkpoint, error.c_str());
        for (const CheckpointTensor& t : checkpoint->tensors()) {
            const std::vector<unsigned char> before(t.bytes.begin(), t.bytes.end());
            checkpoint->release(t.bytes);
            QVERIFY(std::equal(before.begin(), before.end(), t.bytes.begin(), t.bytes.end()));
        }
        const std::vector<float> values = normal_values(1 << 21, 0.02, 5);  // its own mapping
        const auto memory = in_memory(values, {2048, 1024}, TensorDtype::F32);
        memory->checkpoint.release(memory->tensor().bytes);
        QVERIFY(std::memcmp(memory->tensor().bytes.data(), values.data(), 4 * values.size()) == 0);
        const CheckpointTensorAnalysis a =
            CheckpointAnalysis::analyse_one(memory->checkpoint, memory->tensor());
        QVERIFY(std::memcmp(memory->tensor().bytes.data(), values.data(), 4 * values.size()) == 0);
        QCOMPARE(a.stats.n, int64_t(1) << 21);
    }

    /// Progress is polled after every chunk, on the calling thread, rising to the total; false
    /// stops the analysis at once with nullopt.
    void progress_is_polled_per_chunk_and_cancels() {
        const std::vector<float> values = normal_values(1 << 21, 0.02, 4);
        const auto memory = in_memory(values, {2048, 1024}, TensorDtype::BF16);
        const TensorContext context = context_of(memory->tensor());
        const int64_t chunk = 1 << 16;  // 32 chunks per pass
        std::vector<int64_t> seen;
        const std::thread::id caller = std::this_thread::get_id();
        bool on_caller = true, totals_right = true;
        const auto all = ChunkedAnalysis::of(
            memory->tensor(), context, 40,
            [&](int64_t done, int64_t total) {
                on_caller = on_caller && std::this_thread::get_id() == caller;
                totals_right = totals_right && total == int64_t(1) << 21;
                seen.push_back(done);
                return true;
            },
            chunk);
        QVERIFY(all);
        QVERIFY(on_caller);
        QVERIFY(totals_right);
        QVERIFY(seen.size() > 2);
        QVERIFY(std::is_sorted(seen.begin(), seen.end()));
        QCOMPARE(seen.back(), int64_t(1) << 21);

        // Stop at the first or third poll (worker 0 polls at least once per pass, and once at
        // the end), or at the first poll of the second pass.
        const int64_t half = (int64_t(1) << 21) / 2;
        for (int stop_at : {1, 3, -1}) {
            int calls = 0;
            bool stopped_once = false, polled_after = false;
            const auto stopped = ChunkedAnalysis::of(
                memory->tensor(), context, 40,
                [&](int64_t done, int64_t) {
                    polled_after = polled_after || stopped_once;
                    ++calls;
                    stopped_once = stop_at > 0 ? calls >= stop_at : done > half;
                    return !stopped_once;
                },
                chunk);
            QVERIFY(!stopped);
            QVERIFY(stopped_once);
            QVERIFY(!polled_after);  // never polled again once it said stop
        }

        int checkpoint_calls = 0;
        bool within = true;
        const auto whole =
            CheckpointAnalysis::analyse(memory->checkpoint, [&](int64_t done, int64_t total) {
                within = within && done <= total;
                return ++checkpoint_calls < 2;
            });
        QVERIFY(!whole);
        QVERIFY(within);
        QCOMPARE(checkpoint_calls, 2);  // stopped inside the one tensor
        QVERIFY(!CheckpointAnalysis::analyse_one(memory->checkpoint, memory->tensor(),
                                                 [](int64_t, int64_t) { return false; }));
        const auto one = CheckpointAnalysis::analyse_one(memory->checkpoint, memory->tensor(),
                                                         [](int64_t, int64_t) { return true; });
        QVERIFY(one && one->analysed);
        QCOMPARE(one->stats.n, int64_t(1) << 21);
    }
};

QTEST_APPLESS_MAIN(TestCheckpointAnalysis)
#include "tst_checkpoint_analysis.moc"
