// MatrixProduct, the probe's GEMM: every element is the documented sum (chunks of kChunk summed
// from 0 in increasing k, added to C in order), bit for bit, for plain and transposed views, edge
// tiles, k across several chunks, accumulate and k = 0 — so the AVX-512, AVX2 and baseline kernels
// (each with its own tile) and any thread count give the same bits — and the result is the
// product within float rounding.
#include "core/propagation/matrix_product.h"
#include "core/torch/cpu_features.h"
#include "core/torch/parallel_for.h"
#include "core/torch/random_kernels.h"

#include <QtTest>
#include <bit>
#include <cmath>

using namespace initscope;

namespace {

struct Operands {
    std::vector<float> a, b, c;  ///< a stored m × k (or k × m), b k × n (or n × k), c m × n
    MatrixProduct::View a_view, b_view;
};

Operands operands(int64_t m, int64_t n, int64_t k, bool a_transposed, bool b_transposed) {
    Operands o;
    TorchGenerator gen(static_cast<uint64_t>(m * 1000003 + n * 1009 + k));
    o.a.resize(static_cast<size_t>(std::max<int64_t>(m * k, 1)));
    o.b.resize(static_cast<size_t>(std::max<int64_t>(k * n, 1)));
    o.c.resize(static_cast<size_t>(m * n));
    RandomKernels::normal(o.a, 0.0, 1.0, Flavour::Fma, gen);
    RandomKernels::normal(o.b, 0.0, 1.0, Flavour::Fma, gen);
    RandomKernels::normal(o.c, 0.0, 1.0, Flavour::Fma, gen);  // what accumulate adds to
    o.a_view = a_transposed ? MatrixProduct::View{o.a.data(), 1, m}
                            : MatrixProduct::View{o.a.data(), k, 1};
    o.b_view = b_transposed ? MatrixProduct::View{o.b.data(), 1, k}
                            : MatrixProduct::View{o.b.data(), n, 1};
    return o;
}

float at(const MatrixProduct::View& v, int64_t i, int64_t j) {
    return v.data[i * v.row_stride + j * v.column_stride];
}

/// The documented order, one element at a time in scalar float arithmetic.
std::vector<float> documented(const Operands& o, int64_t m, int64_t n, int64_t k, bool accumulate) {
    std::vector<float> c = accumulate ? o.c : std::vector<float>(o.c.size(), 0.0f);
    for (int64_t i = 0; i < m; ++i)
        for (int64_t j = 0; j < n; ++j) {
            float& out = c[static_cast<size_t>(i * n + j)];
            for (int64_t p0 = 0; p0 < k; p0 += MatrixProduct::kChunk) {
                float sum = 0.0f;
                for (int64_t p = p0; p < std::min(k, p0 + MatrixProduct::kChunk); ++p) {
                    const float product = at(o.a_view, i, p) * at(o.b_view, p, j);
                    sum = sum + product;
                }
                out = (accumulate || p0 > 0) ? out + sum : sum;
            }
        }
    return c;
}

/// The kernel copies to compare: the widest this CPU has (AVX-512 where present), AVX2, baseline.
std::vector<std::pair<QString, CpuFeatures>> kernel_sets() {
    CpuFeatures widest = CpuFeatures::detected(), avx2 = widest;
    avx2.avx512f = false;
    return {{"widest", widest}, {"avx2", avx2}, {"baseline", CpuFeatures{}}};
}

bool same_bits(const std::vector<float>& x, const std::vector<float>& y) {
    if (x.size() != y.size()) return false;
    for (size_t i = 0; i < x.size(); ++i)
        if (std::bit_cast<uint32_t>(x[i]) != std::bit_cast<uint32_t>(y[i])) return false;
    return true;
}

}  // namespace

class TestMatrixProduct : public QObject {
    Q_OBJECT

private slots:
    void cleanup() {
        set_thread_count(0);
        CpuFeatures::set_active(CpuFeatures::detected());
    }

    void follows_the_documented_order_data() {
        QTest::addColumn<int>("m");
        QTest::addColumn<int>("n");
        QTest::addColumn<int>("k");
        QTest::addColumn<bool>("a_transposed");
        QTest::addColumn<bool>("b_transposed");
        QTest::addColumn<bool>("accumulate");
        QTest::newRow("1×1×1") << 1 << 1 << 1 << false << false << false;
        QTest::newRow("one tile 6×16×256") << 6 << 16 << 256 << false << false << false;
        QTest::newRow("edges 7×17×3, bᵀ") << 7 << 17 << 3 << false << true << false;
        QTest::newRow("two chunks 97×33×300, aᵀ") << 97 << 33 << 300 << true << false << false;
        QTest::newRow("three chunks 200×5×513, aᵀ bᵀ, accumulate")
            << 200 << 5 << 513 << true << true << true;
        QTest::newRow("row blocks 300×40×64, accumulate")
            << 300 << 40 << 64 << false << false << true;
        QTest::newRow("one wide tile 12×32×256") << 12 << 32 << 256 << false << false << false;
        QTest::newRow("wide edges 25×70×40, aᵀ") << 25 << 70 << 40 << true << false << false;
        QTest::newRow("one row 1×300×20, bᵀ") << 1 << 300 << 20 << false << true << false;
        QTest::newRow("k = 0") << 4 << 5 << 0 << false << false << false;
        QTest::newRow("k = 0, accumulate") << 4 << 5 << 0 << false << false << true;
    }

    /// Bit for bit the documented sums, with the AVX2 and the baseline kernel, on 1 and 3
    /// threads; and within float rounding of the exact product.
    void follows_the_documented_order() {
        QFETCH(int, m);
        QFETCH(int, n);
        QFETCH(int, k);
        QFETCH(bool, a_transposed);
        QFETCH(bool, b_transposed);
        QFETCH(bool, accumulate);
        const Operands o = operands(m, n, k, a_transposed, b_transposed);
        const std::vector<float> expected = documented(o, m, n, k, accumulate);
        for (const auto& [name, features] : kernel_sets()) {
            CpuFeatures::set_active(features);
            for (int threads : {1, 2, 3}) {
                set_thread_count(threads);
                std::vector<float> c = o.c;
                MatrixProduct::multiply(m, n, k, o.a_view, o.b_view, c.data(), n, accumulate);
                QVERIFY2(same_bits(c, expected),
                         qPrintable(QString("%1, %2 threads").arg(name).arg(threads)));
            }
        }
        for (int64_t i = 0; i < m; ++i)
            for (int64_t j = 0; j < n; ++j) {
                double exact = accumulate ? o.c[size_t(i * n + j)] : 0.0, magnitude = 0;
                for (int64_t p = 0; p < k; ++p) {
                    const double t = double(at(o.a_view, i, p)) * at(o.b_view, p, j);
                    exact += t;
                    magnitude += std::abs(t);
                }
                const double bound = (k + 2) * std::ldexp(1.0, -24) * (magnitude + std::abs(exact));
                QVERIFY(std::abs(expected[size_t(i * n + j)] - exact) <= bound);
            }
    }

    /// The AVX-512 kernel (12 × 32 tiles) against the baseline one (6 × 16), bit for bit, at the
    /// probe's sizes (x·Wᵀ, (∂L/∂a)ᵀ·x, ∂L/∂a·W of a 500-unit layer, batch 1000) on 2 threads.
    void avx512_kernel_equals_baseline() {
        if (!CpuFeatures::detected().avx512f) QSKIP("this CPU has no AVX-512");
        set_thread_count(2);
        struct Shape {
            int64_t m, n, k;
            bool a_transposed, b_transposed;
        };
        for (const Shape& s :
             {Shape{1000, 500, 500, false, true}, Shape{500, 500, 1000, true, false},
              Shape{1000, 500, 500, false, false}}) {
            const Operands o = operands(s.m, s.n, s.k, s.a_transposed, s.b_transposed);
            std::vector<float> wide(o.c.size()), baseline(o.c.size());
            CpuFeatures::set_active(CpuFeatures::detected());
            MatrixProduct::multiply(s.m, s.n, s.k, o.a_view, o.b_view, wide.data(), s.n);
            CpuFeatures::set_active(CpuFeatures{});
            MatrixProduct::multiply(s.m, s.n, s.k, o.a_view, o.b_view, baseline.data(), s.n);
            QVERIFY2(same_bits(wide, baseline),
                     qPrintable(QString("%1×%2×%3").arg(s.m).arg(s.n).arg(s.k)));
        }
    }

    /// The rows of c that are written are exactly the m × n block: a wider leading dimension keeps
    /// the columns past n untouched.
    void writes_only_its_block() {
        const int64_t m = 13, n = 19, k = 7, ldc = 32;
        const Operands o = operands(m, n, k, false, false);
        std::vector<float> c(static_cast<size_t>(m * ldc), -7.0f);
        MatrixProduct::multiply(m, n, k, o.a_view, o.b_view, c.data(), ldc);
        const std::vector<float> expected = documented(o, m, n, k, false);
        for (int64_t i = 0; i < m; ++i)
            for (int64_t j = 0; j < ldc; ++j) {
                const float value = c[size_t(i * ldc + j)];
                if (j < n)
                    QCOMPARE(value, expected[size_t(i * n + j)]);
                else
                    QCOMPARE(value, -7.0f);
            }
    }
};

QTEST_APPLESS_MAIN(TestMatrixProduct)
#include "tst_matrix_product.moc"
