#pragma once

#include <cstdint>
#include <functional>

namespace initscope {

/// C = A·B (or C += A·B) for float32 matrices, blocked and packed in the manner of BLIS / Eigen's
/// GEMM, with one fixed summation order: the k range is cut into chunks of kChunk, each chunk is
/// summed from 0 in increasing k (products and sums rounded separately: no fused multiply-add),
/// and the chunks are added to C in order. Each element's arithmetic is the same whatever the
/// thread count and whichever kernel runs — AVX-512 (CpuFeatures::active().avx512f, 12 × 32
/// tiles), AVX2 (.avx2, 6 × 16) or baseline (6 × 16) — so the bits are too
/// (tests/core/tst_matrix_product).
class MatrixProduct {
public:
    static constexpr int64_t kChunk = 256;

    /// A matrix read through strides: element (i, j) is data[i·row_stride + j·column_stride], so
    /// a row-major matrix is {data, columns, 1} and its transpose {data, 1, columns}.
    struct View {
        const float* data = nullptr;
        int64_t row_stride = 0;
        int64_t column_stride = 1;

        View transposed() const { return {data, column_stride, row_stride}; }
    };

    /// Called for each finished rectangle of c — rows [row_begin, row_end), columns
    /// [column_begin, column_end), every chunk added — by the thread that computed it while the
    /// rectangle is still in cache; the rectangles are disjoint and cover c, and several threads
    /// may call it at once.
    using Finish = std::function<void(int64_t row_begin, int64_t row_end, int64_t column_begin,
                                      int64_t column_end)>;

    /// c (m × n, row-major with leading dimension ldc) = a (m × k) · b (k × n), or c += a·b with
    /// `accumulate`. With k = 0, c becomes 0 (or stays). From about 2^20 multiply-adds on, c is
    /// cut into one rectangle per thread (core/torch/parallel_for.h), by rows or by columns,
    /// whichever leaves the largest part the fewest tiles; c must not overlap a or b.
    /// Then `finish`, if given, on each finished rectangle (e.g. to add a bias or apply an
    /// activation to the rows while they are in cache).
    static void multiply(int64_t m, int64_t n, int64_t k, View a, View b, float* c, int64_t ldc,
                         bool accumulate = false, const Finish& finish = {});

    /// The floats multiply() allocates for an n-column, depth-k product at most: per thread
    /// (thread_count()) a packed chunk of b and one packed panel of a. Saturates.
    static int64_t scratch_floats(int64_t n, int64_t k);
};

}  // namespace initscope
