// TanhKernel: on a stride through all 2^32 float bit patterns and at every branch boundary of
// fdlibm's tanhf/expm1f, the AVX-512, AVX2 and baseline copies and value() give the same bits
// (the AVX-512 one where the CPU has it), within
// 3 ulp of tanh in double (fdlibm's worst is about 2.2), and, with glibc 2.36 (Debian 12, where
// the equality was also checked for every float), exactly std::tanh's bits.
#include "core/model/activation.h"
#include "core/model/tanh_kernel.h"
#include "core/torch/cpu_features.h"

#include <gnu/libc-version.h>
#include <QtTest>
#include <bit>
#include <cmath>
#include <cstring>
#include <limits>

using namespace initscope;

namespace {

/// Every 4099th bit pattern, and the values around each branch of the algorithm.
std::vector<float> sample() {
    std::vector<float> v;
    for (uint64_t b = 0; b < (uint64_t{1} << 32); b += 4099)
        v.push_back(std::bit_cast<float>(static_cast<uint32_t>(b)));
    const uint32_t boundaries[] = {0x00000000, 0x00000001, 0x007fffff, 0x00800000,  // 0, subnormals
                                   0x24000000,              // 2^-55: x·(1 + x) below
                                   0x32800000, 0x33000000,  // |u| = 2^-25 (u = 2x)
                                   0x3e317218, 0x3eb17218,  // |u| = 0.5·ln2
                                   0x3f051592, 0x3f851592,  // |u| = 1.5·ln2
                                   0x3f800000,              // |x| = 1: the other formula
                                   0x40b8aa3b, 0x4195b844, 0x41b00000,  // k = 23, 27·ln2, |x| = 22
                                   0x7f7fffff, 0x7f800000, 0x7fc00000};  // max, inf, NaN
    for (uint32_t b : boundaries)
        for (int d = -2; d <= 2; ++d)
            for (uint32_t sign : {0U, 0x80000000U})
                v.push_back(std::bit_cast<float>((b + static_cast<uint32_t>(d)) | sign));
    return v;
}

bool same(float a, float b) {
    return std::bit_cast<uint32_t>(a) == std::bit_cast<uint32_t>(b) ||
           (std::isnan(a) && std::isnan(b));
}

}  // namespace

class TestTanhKernel : public QObject {
    Q_OBJECT

private slots:
    void cleanup() { CpuFeatures::set_active(CpuFeatures::detected()); }

    void copies_agree_and_are_accurate() {
        const std::vector<float> x = sample();
        std::vector<float> fast(x.size()), avx2(x.size()), baseline(x.size());
        TanhKernel::values(x, fast);  // the widest copy this CPU has
        CpuFeatures features = CpuFeatures::detected();
        features.avx512f = false;
        CpuFeatures::set_active(features);
        TanhKernel::values(x, avx2);
        features.avx2 = false;
        CpuFeatures::set_active(features);
        TanhKernel::values(x, baseline);
        const ActivationFunction tanh_function{Activation::Tanh};
        for (size_t i = 0; i < x.size(); ++i) {
            QVERIFY2(same(fast[i], baseline[i]), qPrintable(QString::number(x[i], 'a')));
            QVERIFY2(same(avx2[i], baseline[i]), qPrintable(QString::number(x[i], 'a')));
            if (i % 97 == 0) QVERIFY(same(TanhKernel::value(x[i]), baseline[i]));
            if (i % 89 == 0) QVERIFY(same(tanh_function.value(x[i]), baseline[i]));
            if (std::isnan(x[i])) {
                QVERIFY(std::isnan(fast[i]));
                continue;
            }
            const double exact = std::tanh(static_cast<double>(x[i]));
            const float magnitude = std::abs(float(exact));  // the float spacing above |tanh x|
            const double ulp = std::max(double(std::nextafter(magnitude, 2.0f)) - double(magnitude),
                                        double(std::numeric_limits<float>::denorm_min()));
            QVERIFY2(std::abs(fast[i] - exact) <= 3 * ulp, qPrintable(QString::number(x[i], 'a')));
        }
        // values() on a span in place, with a tail shorter than the vector width.
        std::vector<float> in_place(x.begin(), x.begin() + 13);
        tanh_function.values(in_place, in_place);
        for (size_t i = 0; i < in_place.size(); ++i) QVERIFY(same(in_place[i], baseline[i]));
    }

    /// The AVX-512 copy (16 lanes) against the baseline copy, bit for bit, on the sample and on
    /// spans of every length up to 40 (so every tail length of both widths).
    void avx512_copy_equals_baseline() {
        if (!CpuFeatures::detected().avx512f) QSKIP("this CPU has no AVX-512");
        std::vector<float> x = sample();
        for (int i = 0; i < 40; ++i) x.push_back(-2.0f + 0.1f * static_cast<float>(i));
        std::vector<float> wide(x.size()), baseline(x.size());
        TanhKernel::values(x, wide);
        CpuFeatures::set_active(CpuFeatures{});
        TanhKernel::values(x, baseline);
        for (size_t i = 0; i < x.size(); ++i)
            QVERIFY2(same(wide[i], baseline[i]), qPrintable(QString::number(x[i], 'a')));
        const std::span<const float> tail(x.data() + x.size() - 40, 40);
        for (size_t length = 0; length <= tail.size(); ++length) {
            std::vector<float> w(length), b(length);
            CpuFeatures::set_active(CpuFeatures::detected());
            TanhKernel::values(tail.first(length), w);
            CpuFeatures::set_active(CpuFeatures{});
            TanhKernel::values(tail.first(length), b);
            for (size_t i = 0; i < length; ++i) QVERIFY(same(w[i], b[i]));
        }
    }

    void equals_glibc_2_36() {
        if (std::strcmp(gnu_get_libc_version(), "2.36") != 0)
            QSKIP("the bit-for-bit claim is about glibc 2.36's tanhf");
        const std::vector<float> x = sample();
        std::vector<float> y(x.size());
        TanhKernel::values(x, y);
        for (size_t i = 0; i < x.size(); ++i)
            QVERIFY2(same(y[i], std::tanh(x[i])), qPrintable(QString::number(x[i], 'a')));
    }
};

QTEST_APPLESS_MAIN(TestTanhKernel)
#include "tst_tanh_kernel.moc"
