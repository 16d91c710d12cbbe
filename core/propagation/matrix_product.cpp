// C = A·B in the manner of BLIS (Van Zee & van de Geijn 2015) and Eigen's GEMM: the k range in
// chunks of kChunk; per chunk, B packed into panels of Nr columns; an Mr × Nr micro-kernel keeps
// its tile of C in registers while it runs over the chunk, reading A in place when A is row- or
// column-major (an Mr-row strip of it is then already a panel the kernel can walk) and from a
// packed copy otherwise. The micro-kernel is written once with GCC vector extensions and compiled
// three times (baseline x86-64 with 4 lanes, INITSCOPE_TARGET_AVX2 with 8, INITSCOPE_TARGET_AVX512
// with 16 and a larger tile); every lane does the same separately rounded multiply and add in the
// same order whatever the tile, so all give identical bits.
#include "core/propagation/matrix_product.h"

#include "core/model/saturating_count.h"
#include "core/torch/cpu_features.h"
#include "core/torch/parallel_for.h"

#include <algorithm>
#include <cstring>
#include <memory>

namespace initscope {

namespace {

constexpr size_t kParallelMacs = size_t{1} << 20;
constexpr int kMaxMr = 12, kMaxNr = 32;  // the largest tile of the kernel sets below

using f16 = float __attribute__((vector_size(64)));
using f8 = float __attribute__((vector_size(32)));
using f4 = float __attribute__((vector_size(16)));

int64_t ceil_div(int64_t a, int64_t b) {
    return (a + b - 1) / b;
}

/// How the kernel reads its Mr-row strip of A: element (i, p) at a[i·lda + p] (RowMajor) or at
/// a[p·lda + i] (ColumnMajor: a column-major A in place, or a packed panel with lda = Mr).
enum class Strip { RowMajor, ColumnMajor };

/// The tile c[rows × cols] (= or +=) Σ_p a(i, p)·b[p][·] over one chunk: b is a packed panel
/// (Nr values per p, zero past the matrix), the strip of a has Mr readable rows.
template <class V, int Mr, int Nr, Strip kStrip>
[[gnu::always_inline]] inline void tile_kernel(int64_t kc, const float* a, int64_t lda,
                                               const float* b, float* c, int64_t ldc, int rows,
                                               int cols, bool add) {
    constexpr int kLanes = static_cast<int>(sizeof(V) / sizeof(float));
    constexpr int kVectors = Nr / kLanes;
    V acc[Mr][kVectors];
#pragma GCC unroll 16
    for (int i = 0; i < Mr; ++i)
#pragma GCC unroll 8
        for (int v = 0; v < kVectors; ++v) acc[i][v] = V{};
    for (int64_t p = 0; p < kc; ++p) {
        V bv[kVectors];
#pragma GCC unroll 8
        for (int v = 0; v < kVectors; ++v) std::memcpy(&bv[v], b + p * Nr + v * kLanes, sizeof(V));
#pragma GCC unroll 16
        for (int i = 0; i < Mr; ++i) {
            const float s = kStrip == Strip::RowMajor ? a[i * lda + p] : a[p * lda + i];
#pragma GCC unroll 8
            for (int v = 0; v < kVectors; ++v) acc[i][v] += bv[v] * s;
        }
    }
    if (rows == Mr && cols == Nr) {
#pragma GCC unroll 16
        for (int i = 0; i < Mr; ++i)
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
    float tile[Mr][Nr];
    std::memcpy(tile, acc, sizeof(tile));
    for (int i = 0; i < rows; ++i)
        for (int j = 0; j < cols; ++j)
            c[i * ldc + j] = add ? c[i * ldc + j] + tile[i][j] : tile[i][j];
}

/// out[p·ldo + j] = in[j·ldi + p] for p, j < 8 (moves only: the floats keep their bits).
[[gnu::always_inline]] inline void transpose_8x8(const float* in, int64_t ldi, float* out,
                                                 int64_t ldo) {
    f8 r[8];
#pragma GCC unroll 8
    for (int j = 0; j < 8; ++j) std::memcpy(&r[j], in + j * ldi, sizeof(f8));
    // Interleave pairs of columns, then pairs of pairs, then the two 128-bit halves.
    f8 t[8], u[8];
#pragma GCC unroll 4
    for (int j = 0; j < 8; j += 2) {
        t[j] = __builtin_shufflevector(r[j], r[j + 1], 0, 8, 1, 9, 4, 12, 5, 13);
        t[j + 1] = __builtin_shufflevector(r[j], r[j + 1], 2, 10, 3, 11, 6, 14, 7, 15);
    }
#pragma GCC unroll 2
    for (int h = 0; h < 8; h += 4) {
        u[h] = __builtin_shufflevector(t[h], t[h + 2], 0, 1, 8, 9, 4, 5, 12, 13);
        u[h + 1] = __builtin_shufflevector(t[h], t[h + 2], 2, 3, 10, 11, 6, 7, 14, 15);
        u[h + 2] = __builtin_shufflevector(t[h + 1], t[h + 3], 0, 1, 8, 9, 4, 5, 12, 13);
        u[h + 3] = __builtin_shufflevector(t[h + 1], t[h + 3], 2, 3, 10, 11, 6, 7, 14, 15);
    }
#pragma GCC unroll 4
    for (int p = 0; p < 4; ++p) {
        const f8 low = __builtin_shufflevector(u[p], u[p + 4], 0, 1, 2, 3, 8, 9, 10, 11);
        const f8 high = __builtin_shufflevector(u[p], u[p + 4], 4, 5, 6, 7, 12, 13, 14, 15);
        std::memcpy(out + p * ldo, &low, sizeof(f8));
        std::memcpy(out + (p + 4) * ldo, &high, sizeof(f8));
    }
}

/// b's rows [p0, p0 + kc), columns [j0, j1), as panels of Nr columns: panel q holds for each
/// row p its Nr values (0 past j1) contiguously.
template <int Nr>
[[gnu::always_inline]] inline void pack_b(const MatrixProduct::View& b, int64_t p0, int64_t kc,
                                          int64_t j0, int64_t j1, float* out) {
    for (int64_t q = 0; q < ceil_div(j1 - j0, Nr); ++q) {
        const int64_t first = j0 + q * Nr, cols = std::min<int64_t>(Nr, j1 - first);
        float* panel = out + q * Nr * kc;
        if (b.row_stride == 1) {  // column-major: transpose 8 × 8 blocks, then the rest
            const float* column0 = b.data + p0 + first * b.column_stride;
            const int64_t blocked_cols = cols / 8 * 8, blocked_rows = kc / 8 * 8;
            for (int64_t j = 0; j < blocked_cols; j += 8)
                for (int64_t p = 0; p < blocked_rows; p += 8)
                    transpose_8x8(column0 + j * b.column_stride + p, b.column_stride,
                                  panel + p * Nr + j, Nr);
            for (int64_t j = 0; j < cols; ++j) {
                const float* src = column0 + j * b.column_stride;
                for (int64_t p = j < blocked_cols ? blocked_rows : 0; p < kc; ++p)
                    panel[p * Nr + j] = src[p];
            }
        } else {
            for (int64_t p = 0; p < kc; ++p) {
                const float* src = b.data + (p0 + p) * b.row_stride + first * b.column_stride;
                float* dst = panel + p * Nr;
                if (b.column_stride == 1 && cols == Nr)
                    std::memcpy(dst, src, Nr * sizeof(float));  // a fixed size: inlined moves
                else
                    for (int64_t j = 0; j < cols; ++j) dst[j] = src[j * b.column_stride];
            }
        }
        if (cols < Nr)
            for (int64_t p = 0; p < kc; ++p)
                std::fill(panel + p * Nr + cols, panel + (p + 1) * Nr, 0.0f);
    }
}

using TileKernel = void (*)(int64_t, const float*, int64_t, const float*, float*, int64_t, int, int,
                            bool);

using PackB = void (*)(const MatrixProduct::View&, int64_t, int64_t, int64_t, int64_t, float*);

/// One compiled copy of the micro-kernel: its tile, its two ways of reading A and the packing of
/// B into its panels.
struct KernelSet {
    int mr, nr;
    TileKernel row_major, column_major;
    PackB pack_b;
};

#define INITSCOPE_TILE_KERNELS(NAME, TARGET, V, MR, NR)                                         \
    TARGET void NAME##_row_major(int64_t kc, const float* a, int64_t lda, const float* b,       \
                                 float* c, int64_t ldc, int rows, int cols, bool add) {         \
        tile_kernel<V, MR, NR, Strip::RowMajor>(kc, a, lda, b, c, ldc, rows, cols, add);        \
    }                                                                                           \
    TARGET void NAME##_column_major(int64_t kc, const float* a, int64_t lda, const float* b,    \
                                    float* c, int64_t ldc, int rows, int cols, bool add) {      \
        tile_kernel<V, MR, NR, Strip::ColumnMajor>(kc, a, lda, b, c, ldc, rows, cols, add);     \
    }                                                                                           \
    TARGET void NAME##_pack_b(const MatrixProduct::View& b, int64_t p0, int64_t kc, int64_t j0, \
                              int64_t j1, float* out) {                                         \
        pack_b<NR>(b, p0, kc, j0, j1, out);                                                     \
    }                                                                                           \
    constexpr KernelSet NAME{MR, NR, NAME##_row_major, NAME##_column_major, NAME##_pack_b};

INITSCOPE_TILE_KERNELS(kernels_avx512, INITSCOPE_TARGET_AVX512, f16, 12, 32)
INITSCOPE_TILE_KERNELS(kernels_avx2, INITSCOPE_TARGET_AVX2, f8, 6, 16)
INITSCOPE_TILE_KERNELS(kernels_baseline, , f4, 6, 16)
#undef INITSCOPE_TILE_KERNELS

const KernelSet& active_kernels() {
    const CpuFeatures features = CpuFeatures::active();
    if (features.avx512f) return kernels_avx512;
    return features.avx2 ? kernels_avx2 : kernels_baseline;
}

/// a's rows [i0, i0 + rows), columns [p0, p0 + kc), as one panel of mr rows: for each column p
/// its mr values (0 past `rows`) contiguously.
void pack_a(const MatrixProduct::View& a, int64_t i0, int64_t rows, int64_t p0, int64_t kc, int mr,
            float* out) {
    for (int64_t p = 0; p < kc; ++p) {
        float* dst = out + p * mr;
        const float* src = a.data + i0 * a.row_stride + (p0 + p) * a.column_stride;
        for (int64_t i = 0; i < rows; ++i) dst[i] = src[i * a.row_stride];
        for (int64_t i = rows; i < mr; ++i) dst[i] = 0.0f;
    }
}

/// How the work is cut between threads: a grid of row_parts × column_parts rectangles of C, cut
/// at whole tiles, with the fewest tiles in the largest part (ties: fewer row parts, which pack
/// less of B twice).
struct Grid {
    int64_t row_parts = 1, column_parts = 1;
};

Grid grid_for(int threads, int64_t row_panels, int64_t column_panels) {
    Grid best;
    int64_t best_tiles = row_panels * column_panels;
    for (int64_t rows = 1; rows <= threads; ++rows) {
        if (threads % rows != 0) continue;
        const int64_t columns = threads / rows;
        if (rows > row_panels || columns > column_panels) continue;
        const int64_t tiles = ceil_div(row_panels, rows) * ceil_div(column_panels, columns);
        if (tiles < best_tiles || (tiles == best_tiles && rows < best.row_parts)) {
            best = {rows, columns};
            best_tiles = tiles;
        }
    }
    return best;
}

}  // namespace

int64_t MatrixProduct::scratch_floats(int64_t n, int64_t k) {
    const int64_t depth = std::clamp<int64_t>(k, 0, kChunk);
    const int64_t per_part = SaturatingCount::product(
        SaturatingCount::add(ceil_div(std::max<int64_t>(n, 0), kMaxNr) * kMaxNr, kMaxMr), depth);
    return SaturatingCount::product(thread_count(), per_part);
}

void MatrixProduct::multiply(int64_t m, int64_t n, int64_t k, View a, View b, float* c, int64_t ldc,
                             bool accumulate, const Finish& finish) {
    if (m <= 0 || n <= 0) return;
    if (k <= 0) {
        if (!accumulate)
            for (int64_t i = 0; i < m; ++i) std::fill(c + i * ldc, c + i * ldc + n, 0.0f);
        if (finish) finish(0, m, 0, n);
        return;
    }
    const KernelSet& kernels = active_kernels();
    const int mr = kernels.mr, nr = kernels.nr;
    const int64_t row_panels = ceil_div(m, mr), column_panels = ceil_div(n, nr);
    const int threads = parallel_threads(
        static_cast<size_t>(m) * static_cast<size_t>(n) * static_cast<size_t>(k), kParallelMacs);
    const Grid grid = grid_for(threads, row_panels, column_panels);
    // A strip of mr full rows is read in place when A is row- or column-major.
    const bool row_major_a = a.column_stride == 1,
               column_major_a = !row_major_a && a.row_stride == 1;
    const int64_t depth = std::min(k, kChunk);

    // Part t: row panels [rp0, rp1) × column panels [cp0, cp1), all chunks in order.
    const auto run_part = [&](int64_t part, float* packed_b, float* packed_a) {
        const int64_t rg = part / grid.column_parts, cg = part % grid.column_parts;
        const int64_t rp0 = row_panels * rg / grid.row_parts;
        const int64_t rp1 = row_panels * (rg + 1) / grid.row_parts;
        const int64_t cp0 = column_panels * cg / grid.column_parts;
        const int64_t cp1 = column_panels * (cg + 1) / grid.column_parts;
        const int64_t j0 = cp0 * nr, j1 = std::min(n, cp1 * nr);
        for (int64_t p0 = 0; p0 < k; p0 += kChunk) {
            const int64_t kc = std::min(kChunk, k - p0);
            const bool add = accumulate || p0 > 0;
            kernels.pack_b(b, p0, kc, j0, j1, packed_b);
            for (int64_t r = rp0; r < rp1; ++r) {
                const int64_t i0 = r * mr;
                const int rows = static_cast<int>(std::min<int64_t>(mr, m - i0));
                TileKernel kernel = kernels.column_major;
                const float* strip = packed_a;
                int64_t lda = mr;
                if (rows == mr && row_major_a) {
                    kernel = kernels.row_major;
                    strip = a.data + i0 * a.row_stride + p0;
                    lda = a.row_stride;
                } else if (rows == mr && column_major_a) {
                    strip = a.data + i0 + p0 * a.column_stride;
                    lda = a.column_stride;
                } else {
                    pack_a(a, i0, rows, p0, kc, mr, packed_a);
                }
                for (int64_t q = cp0; q < cp1; ++q)
                    kernel(kc, strip, lda, packed_b + (q - cp0) * nr * kc, c + i0 * ldc + q * nr,
                           ldc, rows, static_cast<int>(std::min<int64_t>(nr, n - q * nr)), add);
                if (finish && p0 + kc == k) finish(i0, i0 + rows, j0, j1);
            }
        }
    };
    const int64_t parts = grid.row_parts * grid.column_parts;
    parallel_for(
        static_cast<size_t>(parts), static_cast<int>(parts), 1, [&](size_t begin, size_t end) {
            // Uninitialized: pack_b and pack_a write every float the kernels read.
            const int64_t b_floats = ceil_div(column_panels, grid.column_parts) * nr * depth;
            const auto scratch =
                std::make_unique_for_overwrite<float[]>(static_cast<size_t>(b_floats + mr * depth));
            for (size_t part = begin; part < end; ++part)
                run_part(static_cast<int64_t>(part), scratch.get(), scratch.get() + b_floats);
        });
}

}  // namespace initscope
