// TensorDtypes::to_float's fast paths: float16 on F16C and bfloat16 on AVX2 give the baseline
// code's bits for all 65,536 inputs, at every alignment and tail length.
#include "core/io/tensor_dtype.h"
#include "core/torch/cpu_features.h"

#include <QtTest>

#include <bit>
#include <cmath>
#include <cstring>
#include <vector>

using namespace initscope;

namespace {

/// All 65,536 16-bit patterns, in order, as little-endian bytes after `offset` padding bytes.
std::vector<unsigned char> all_patterns(size_t offset) {
    std::vector<unsigned char> bytes(offset + 2 * 65536);
    for (uint32_t h = 0; h < 65536; ++h) {
        bytes[offset + 2 * h] = static_cast<unsigned char>(h & 0xff);
        bytes[offset + 2 * h + 1] = static_cast<unsigned char>(h >> 8);
    }
    return bytes;
}

std::vector<uint32_t> converted(TensorDtype dtype, const unsigned char* bytes, int64_t count) {
    std::vector<float> out(static_cast<size_t>(count));
    TensorDtypes::to_float(dtype, bytes, count, out.data());
    std::vector<uint32_t> bits(out.size());
    std::memcpy(bits.data(), out.data(), 4 * out.size());
    return bits;
}

}  // namespace

class TestTensorDtype : public QObject {
    Q_OBJECT

private slots:
    void cleanup() { CpuFeatures::set_active(CpuFeatures::detected()); }

    void fast_paths_match_the_baseline_for_every_pattern() {
        const CpuFeatures detected = CpuFeatures::detected();
        if (!detected.f16c && !detected.avx2) QSKIP("neither F16C nor AVX2 on this CPU");
        for (TensorDtype dtype : {TensorDtype::F16, TensorDtype::BF16}) {
            for (size_t offset : {size_t{0}, size_t{1}, size_t{2}}) {
                const std::vector<unsigned char> bytes = all_patterns(offset);
                for (int64_t skip : {int64_t{0}, int64_t{3}}) {
                    const unsigned char* first = bytes.data() + offset + 2 * skip;
                    const int64_t count = 65536 - skip;
                    CpuFeatures::set_active(detected);
                    const std::vector<uint32_t> fast = converted(dtype, first, count);
                    CpuFeatures::set_active(CpuFeatures{});
                    const std::vector<uint32_t> baseline = converted(dtype, first, count);
                    QCOMPARE(fast, baseline);
                }
            }
        }
    }

    /// Short inputs (the vector loops' tails) and the NaNs: float16 NaNs come out quiet with
    /// their sign and payload; bfloat16 is the float's high half, bit for bit.
    void tails_and_nans() {
        const std::vector<unsigned char> bytes = all_patterns(0);
        for (const CpuFeatures features : {CpuFeatures::detected(), CpuFeatures{}}) {
            CpuFeatures::set_active(features);
            for (int64_t count = 1; count <= 17; ++count) {
                const std::vector<uint32_t> half =
                    converted(TensorDtype::F16, bytes.data() + 2 * 15360, count);  // from 0x3c00
                QCOMPARE(std::bit_cast<float>(half[0]), 1.0f);
                QCOMPARE(half.size(), size_t(count));
            }
            const std::vector<uint32_t> half = converted(TensorDtype::F16, bytes.data(), 65536);
            const std::vector<uint32_t> bf16 = converted(TensorDtype::BF16, bytes.data(), 65536);
            for (uint32_t h = 0; h < 65536; ++h) {
                QCOMPARE(bf16[h], h << 16);
                const bool nan = (h & 0x7c00) == 0x7c00 && (h & 0x3ff) != 0;
                if (!nan) continue;
                QVERIFY(std::isnan(std::bit_cast<float>(half[h])));
                QCOMPARE(half[h], ((h & 0x8000u) << 16) | 0x7fc00000u | ((h & 0x3ffu) << 13));
            }
        }
    }
};

QTEST_APPLESS_MAIN(TestTensorDtype)
#include "tst_tensor_dtype.moc"
