// C = A·B in the manner of BLIS (Van Zee & van de Geijn 2015) and Eigen's GEMM: the k range in
// chunks of kChunk; per chunk, B packed into panels of kNr columns and, per block of kRowBlock
// rows, A packed into panels of kMr rows; a kMr × kNr micro-kernel keeps its tile of C in
// registers while it runs over the chunk. The micro-kernel is written once with GCC vector
// extensions and compiled twice (baseline x86-64 and INITSCOPE_TARGET_AVX2); every lane does the
// same separately rounded multiply and add in the same order, so both give identical bits.
#include "core/propagation/matrix_product.h"

#include "core/model/saturating_count.h"
#include "core/torch/cpu_features.h"
#include "core/torch/parallel_for.h"

#include <algorithm>
#include <cstring>
#include <vector>

namespace initscope {

namespace {

constexpr int kMr = 6;                   // rows of the micro-kernel's tile
constexpr int kNr = 16;                  // columns of the micro-kernel's tile
constexpr int64_t kRowBlock = 16 * kMr;  // rows of C per packed block of A (the unit of threads)
constexpr size_t kParallelMacs = size_t{1} << 20;

using f8 = float __attribute__((vector_size(32)));
using f4 = float __attribute__((vector_size(16)));

int64_t ceil_div(int64_t a, int64_t b) {
    return (a + b - 1) / b;
}

/// b's rows [p0, p0 + kc), all n columns, as panels of kNr columns: panel q holds for each row
/// p its kNr values (0 past column n) contiguously.
void pack_b(const MatrixProduct::View& b, int64_t p0, int64_t kc, int64_t n, float* out) {
    for (int64_t q = 0; q < ceil_div(n, kNr); ++q) {
        const int64_t j0 = q * kNr, cols = std::min<int64_t>(kNr, n - j0);
        float* panel = out + q * kNr * kc;
        for (int64_t p = 0; p < kc; ++p) {
            const float* src = b.data + (p0 + p) * b.row_stride + j0 * b.column_stride;
            float* dst = panel + p * kNr;
            if (b.column_stride == 1)
                std::memcpy(dst, src, static_cast<size_t>(cols) * sizeof(float));
            else
                for (int64_t j = 0; j < cols; ++j) dst[j] = src[j * b.column_stride];
            std::fill(dst + cols, dst + kNr, 0.0f);
        }
    }
}

/// a's rows [i0, i0 + mc), columns [p0, p0 + kc), as panels of kMr rows: panel r holds for each
/// column p its kMr values (0 past row mc) contiguously.
void pack_a(const MatrixProduct::View& a, int64_t i0, int64_t mc, int64_t p0, int64_t kc,
            float* out) {
    for (int64_t r = 0; r < ceil_div(mc, kMr); ++r) {
        const int64_t rows = std::min<int64_t>(kMr, mc - r * kMr);
        const float* src = a.data + (i0 + r * kMr) * a.row_stride + p0 * a.column_stride;
        float* panel = out + r * kMr * kc;
        for (int64_t p = 0; p < kc; ++p) {
            float* dst = panel + p * kMr;
            for (int64_t i = 0; i < rows; ++i) dst[i] = src[i * a.row_stride + p * a.column_stride];
            for (int64_t i = rows; i < kMr; ++i) dst[i] = 0.0f;
        }
    }
}

/// The tile c[rows × cols] (= or +=) Σ_p a[p][·]·b[p][·] over one chunk of packed panels.
template <class V>
[[gnu::always_inline]] inline void tile_kernel(int64_t kc, const float* a, const float* b, float* c,
                                               int64_t ldc, int rows, int cols, bool add) {
    constexpr int kLanes = static_cast<int>(sizeof(V) / sizeof(float));
    constexpr int kVectors = kNr / kLanes;
    V acc[kMr][kVectors];
#pragma GCC unroll 8
    for (int i = 0; i < kMr; ++i)
#pragma GCC unroll 8
        for (int v = 0; v < kVectors; ++v) acc[i][v] = V{};
    for (int64_t p = 0; p < kc; ++p) {
        V bv[kVectors];
#pragma GCC unroll 8
        for (int v = 0; v < kVectors; ++v) std::memcpy(&bv[v], b + p * kNr + v * kLanes, sizeof(V));
#pragma GCC unroll 8
        for (int i = 0; i < kMr; ++i) {
            const float s = a[p * kMr + i];
#pragma GCC unroll 8
            for (int v = 0; v < kVectors; ++v) acc[i][v] += bv[v] * s;
        }
    }
    if (rows == kMr && cols == kNr) {
#pragma GCC unroll 8
        for (int i = 0; i < kMr; ++i)
#pragma GCC unroll 8
            for (int v = 0; v < kVectors; ++v) {
                float* dst = c + i * ldc + v * kLanes;
                V value = acc[i][v];
                if (add) {
                    V old;
                    std::memcpy(&old, dst, sizeof(V));
                    value = old + value;
                }
                std::memcpy(dst, &value, sizeof(V));
            }
        return;
    }
    float tile[kMr][kNr];
    std::memcpy(tile, acc, sizeof(tile));
    for (int i = 0; i < rows; ++i)
        for (int j = 0; j < cols; ++j)
            c[i * ldc + j] = add ? c[i * ldc + j] + tile[i][j] : tile[i][j];
}

using TileKernel = void (*)(int64_t, const float*, const float*, float*, int64_t, int, int, bool);

INITSCOPE_TARGET_AVX2 void tile_kernel_avx2(int64_t kc, const float* a, const float* b, float* c,
                                            int64_t ldc, int rows, int cols, bool add) {
    tile_kernel<f8>(kc, a, b, c, ldc, rows, cols, add);
}
void tile_kernel_baseline(int64_t kc, const float* a, const float* b, float* c, int64_t ldc,
                          int rows, int cols, bool add) {
    tile_kernel<f4>(kc, a, b, c, ldc, rows, cols, add);
}

}  // namespace

int64_t MatrixProduct::scratch_floats(int64_t n, int64_t k) {
    const int64_t depth = std::clamp<int64_t>(k, 0, kChunk);
    const int64_t packed_b =
        SaturatingCount::product(ceil_div(std::max<int64_t>(n, 0), kNr) * kNr, depth);
    return SaturatingCount::add(packed_b, int64_t{thread_count()} * kRowBlock * depth);
}

void MatrixProduct::multiply(int64_t m, int64_t n, int64_t k, View a, View b, float* c, int64_t ldc,
                             bool accumulate) {
    if (m <= 0 || n <= 0) return;
    if (k <= 0) {
        if (!accumulate)
            for (int64_t i = 0; i < m; ++i) std::fill(c + i * ldc, c + i * ldc + n, 0.0f);
        return;
    }
    const TileKernel kernel = CpuFeatures::active().avx2 ? tile_kernel_avx2 : tile_kernel_baseline;
    const int64_t column_panels = ceil_div(n, kNr), row_blocks = ceil_div(m, kRowBlock);
    const int threads = static_cast<int>(std::min<int64_t>(
        row_blocks,
        parallel_threads(static_cast<size_t>(m) * static_cast<size_t>(n) * static_cast<size_t>(k),
                         kParallelMacs)));
    std::vector<float> packed_b(static_cast<size_t>(column_panels * kNr * std::min(k, kChunk)));
    for (int64_t p0 = 0; p0 < k; p0 += kChunk) {
        const int64_t kc = std::min(kChunk, k - p0);
        const bool add = accumulate || p0 > 0;
        pack_b(b, p0, kc, n, packed_b.data());
        parallel_for(static_cast<size_t>(row_blocks), threads, 1, [&](size_t begin, size_t end) {
            std::vector<float> packed_a(static_cast<size_t>(kRowBlock * kc));
            for (size_t block = begin; block < end; ++block) {
                const int64_t i0 = static_cast<int64_t>(block) * kRowBlock;
                const int64_t mc = std::min(kRowBlock, m - i0);
                pack_a(a, i0, mc, p0, kc, packed_a.data());
                for (int64_t q = 0; q < column_panels; ++q)
                    for (int64_t r = 0; r < ceil_div(mc, kMr); ++r)
                        kernel(kc, packed_a.data() + r * kMr * kc, packed_b.data() + q * kNr * kc,
                               c + (i0 + r * kMr) * ldc + q * kNr, ldc,
                               static_cast<int>(std::min<int64_t>(kMr, mc - r * kMr)),
                               static_cast<int>(std::min<int64_t>(kNr, n - q * kNr)), add);
            }
        });
    }
}

}  // namespace initscope
