// The three copies of the random kernels give the same bits: the AVX-512 code (random_kernels_
// avx512.cpp, erfinv_avx512.cpp) against the AVX2 code and the scalar code, for uniform_,
// normal_ (its 16-value blocks and the tail rule), erfinv_ (its 512-value blocks, special values
// inside them, odd tails) and trunc_normal_, in both flavours, with 1 and 2 threads (the
// ChunkPipeline split of normal_ and trunc_normal_), and the generator's stream after each. Skipped
// on a CPU without AVX-512F.
#include "core/schemes/initializer.h"
#include "core/schemes/scheme_definition.h"
#include "core/schemes/scheme_registry.h"
#include "core/torch/cpu_features.h"
#include "core/torch/random_kernels.h"
#include "core/torch/random_simd.h"

#include "scoped_settings.h"

#include <QtTest>

#include <bit>
#include <cmath>
#include <cstring>
#include <limits>
#include <random>
#include <vector>

using namespace initscope;

namespace {

/// The code paths compared: all of this CPU's features, AVX2 without AVX-512, and none.
struct Path {
    const char* name;
    CpuFeatures features;
    int threads;
};

std::vector<Path> paths() {
    CpuFeatures avx2 = CpuFeatures::detected();
    avx2.avx512f = false;
    return {{"avx512/1 thread", CpuFeatures::detected(), 1},
            {"avx512/2 threads", CpuFeatures::detected(), 2},
            {"avx2/1 thread", avx2, 1},
            {"avx2/2 threads", avx2, 2},
            {"scalar/2 threads", CpuFeatures{}, 2}};
}

/// The first index where the bits differ, or "" when all are the same.
QString difference(const std::vector<float>& got, const std::vector<float>& want) {
    if (got.size() != want.size()) return QStringLiteral("sizes differ");
    if (std::memcmp(got.data(), want.data(), got.size() * sizeof(float)) == 0) return {};
    for (size_t i = 0; i < got.size(); ++i)
        if (std::bit_cast<uint32_t>(got[i]) != std::bit_cast<uint32_t>(want[i]))
            return QStringLiteral("index %1 of %2: got %3 want %4")
                .arg(i)
                .arg(got.size())
                .arg(double(got[i]), 0, 'a')
                .arg(double(want[i]), 0, 'a');
    return {};
}

/// What `draw` writes into n floats and the generator's next output afterwards, on one path.
template <class Draw>
std::pair<std::vector<float>, uint32_t> run_on(const Path& path, size_t n, Draw draw) {
    const test::ScopedCpuFeatures features(path.features);
    const test::ScopedThreadCount threads(path.threads);
    TorchGenerator gen(2024);
    gen.discard(100);  // start mid-state
    std::vector<float> out(n);
    draw(out, gen);
    return {out, gen.random()};
}

/// Compares `draw` on every path against the scalar code on one thread.
template <class Draw>
void compare_paths(size_t n, Draw draw) {
    const auto [want, want_next] = run_on({"scalar", CpuFeatures{}, 1}, n, draw);
    for (const Path& path : paths()) {
        const auto [got, got_next] = run_on(path, n, draw);
        const QString failure = difference(got, want);
        QVERIFY2(failure.isEmpty(), qPrintable(QStringLiteral("%1: ").arg(path.name) + failure));
        QCOMPARE(got_next, want_next);
    }
}

Flavour flavour_named(const QString& name) {
    return name == QLatin1String("fma") ? Flavour::Fma : Flavour::Portable;
}

}  // namespace

class TestRandomPaths : public QObject {
    Q_OBJECT

private slots:
    void init();
    void generatorStream();
    void uniform_data();
    void uniform();
    void normal_data();
    void normal();
    void erfinv_data();
    void erfinv();
    void truncNormal_data();
    void truncNormal();
};

void TestRandomPaths::init() {
    if (!CpuFeatures::detected().avx512f) QSKIP("this CPU has no AVX-512F: that code never runs");
}

void TestRandomPaths::generatorStream() {
    // The AVX-512 twist: 3 twists' worth of outputs equal std::mt19937's.
    const test::ScopedCpuFeatures features(CpuFeatures::detected());
    TorchGenerator gen(77);
    std::mt19937 reference(77);
    for (int i = 0; i < 3 * TorchGenerator::kStateSize + 5; ++i)
        QCOMPARE(gen.random(), reference());
}

/// Sizes around the 16-lane groups, the 624-word state, 4096-value chunks and the 2^15 split.
void add_sizes(std::initializer_list<size_t> sizes) {
    for (const QString& flavour : {QStringLiteral("fma"), QStringLiteral("portable")})
        for (size_t n : sizes)
            QTest::newRow(qPrintable(flavour + QLatin1Char('/') + QString::number(n)))
                << flavour << qulonglong(n);
}

void TestRandomPaths::uniform_data() {
    QTest::addColumn<QString>("flavour");
    QTest::addColumn<qulonglong>("n");
    add_sizes({1, 15, 16, 17, 33, 623, 624, 625, 4097, 70001});
}

void TestRandomPaths::uniform() {
    QFETCH(QString, flavour);
    QFETCH(qulonglong, n);
    const Flavour f = flavour_named(flavour);
    compare_paths(n, [f](std::vector<float>& out, TorchGenerator& gen) {
        RandomKernels::uniform(out, -0.3, 0.7, f, gen);
    });
}

void TestRandomPaths::normal_data() {
    QTest::addColumn<QString>("flavour");
    QTest::addColumn<qulonglong>("n");
    // < 16: the double path; 16-value blocks, one odd block of the AVX-512 pairs, the tail rule.
    add_sizes({7, 16, 17, 31, 32, 33, 47, 48, 4111, 32768, 70001 + 32});
}

void TestRandomPaths::normal() {
    QFETCH(QString, flavour);
    QFETCH(qulonglong, n);
    const Flavour f = flavour_named(flavour);
    compare_paths(n, [f](std::vector<float>& out, TorchGenerator& gen) {
        RandomKernels::normal(out, 0.25, 1.5, f, gen);
    });
}

void TestRandomPaths::erfinv_data() {
    QTest::addColumn<QString>("flavour");
    QTest::addColumn<qulonglong>("n");
    // 512-value blocks, odd tails in masked lanes, the 2^15 thread split.
    add_sizes({5, 16, 21, 511, 512, 513, 1024 + 17, 40000 + 3});
}

void TestRandomPaths::erfinv() {
    QFETCH(QString, flavour);
    QFETCH(qulonglong, n);
    // The vector erfinv only runs when it agrees with the C library on probes; with glibc 2.36
    // (whose erff/expf/logf it replicates) it must, or this test would compare nothing.
#if defined(__GLIBC__) && __GLIBC__ == 2 && __GLIBC_MINOR__ == 36
    QVERIFY(detail::erfinv_avx512_matches_libm());
#else
    if (!detail::erfinv_avx512_matches_libm())
        QSKIP("the C library's erff/expf/logf differ from glibc 2.36's: no vector erfinv");
#endif
    const Flavour f = flavour_named(flavour);
    compare_paths(n, [f](std::vector<float>& out, TorchGenerator& gen) {
        RandomKernels::uniform(out, -1.0, 1.0, f, gen);
        // Values the vector code leaves to the scalar code (|y| >= 1, NaN) and edge values,
        // inside a block when there is room: the block falls back to groups of 16.
        const float special[] = {1.0f,   -1.0f, std::numeric_limits<float>::quiet_NaN(),
                                 1.5f,   0.0f,  -0.0f,
                                 1e-40f, 0.7f,  std::nextafter(1.0f, 0.0f)};
        for (size_t k = 0; k < std::size(special); ++k)
            if (out.size() > 600 + 7 * k) out[600 + 7 * k] = special[k];
        for (size_t i = out.size() > 1100 ? 1024 : out.size(); i < out.size(); i += 3)
            out[i] = std::ldexp(out[i], i % 2 ? -30 : -127);  // erff's |x| < 2^-28, < 2^-119
        RandomKernels::erfinv(out, f);
    });
}

void TestRandomPaths::truncNormal_data() {
    QTest::addColumn<QString>("flavour");
    QTest::addColumn<qulonglong>("n");
    add_sizes({17, 4097, 70001});
}

void TestRandomPaths::truncNormal() {
    QFETCH(QString, flavour);
    QFETCH(qulonglong, n);
    const Flavour f = flavour_named(flavour);
    for (SchemeId id : {SchemeId::TruncNormal, SchemeId::HeNormal}) {
        const DrawPlan plan = SchemeRegistry::definition(id).plan(
            SchemeRegistry::defaults(id),
            {TensorShape{int64_t(n)}, TensorRole::Weight, Fans{int64_t(n), int64_t(n)}});
        compare_paths(n, [f, &plan](std::vector<float>& out, TorchGenerator& gen) {
            Initializer::draw(plan, out, gen, f);
        });
    }
}

QTEST_APPLESS_MAIN(TestRandomPaths)
#include "tst_random_paths.moc"
