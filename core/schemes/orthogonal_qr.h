#pragma once

#include "core/model/progress.h"

#include <cstdint>
#include <span>

namespace initscope {

/// The QR step of torch.nn.init.orthogonal_ (Saxe et al. 2014): a row-major rows × cols matrix A
/// becomes gain·Q with Q the orthonormal factor of A = QR (of Aᵀ when rows < cols, then
/// transposed back), each column of Q times sign(R_jj) as torch.sign (0 for R_jj = 0), so that
/// Q equals PyTorch's up to rounding: PyTorch runs LAPACK in float32, this runs in double and
/// rounds once, so the two agree within PyTorch's own float error (1.0e-6 at 2048², 1.3e-6 at
/// 4096², seed 0; measured in orthogonal_qr.cpp), not bitwise.
///
/// A blocked Householder QR in double, panel by panel (kPanel columns): each panel factored by
/// LAPACK's recursive dgeqrt3 (V and the block reflector's T at once), the trailing columns
/// updated by the block reflector (BLAS-3) in fixed chunks of kPanel columns shared out over
/// parallel_for's threads
/// (the next panel updated and factored first, while the other threads update the rest); Q is
/// then formed backwards the same way. Chunk boundaries never depend on the thread count, so
/// neither does any bit of the result. OpenBLAS's own threads are off (LapackRuntime).
class OrthogonalQr {
public:
    /// Columns per panel and per trailing-update chunk.
    static constexpr int64_t kPanel = 128;

    /// Replaces `values` (rows × cols, row-major; rows, cols ≥ 1) by gain·Q as above. `progress`
    /// is polled with fractions from 0 to 1 (by the panels' work, non-decreasing) between panels,
    /// on the calling thread; when it returns false this throws Cancelled and `values` are
    /// untouched (every panel works on a private double copy, written back at the end). Throws
    /// std::invalid_argument when a side exceeds LAPACK's 32-bit sizes.
    static void orthonormalize(std::span<float> values, int64_t rows, int64_t cols, double gain,
                               const ProgressCallback& progress = {});

    /// Bytes orthonormalize allocates at its peak for a rows × cols matrix: the double copy
    /// (8 per value), the block reflectors' T (kPanel doubles per column of the narrow side), the
    /// copy of one panel's V (kPanel doubles per row of the tall side), dlarfb's workspace
    /// (kPanel² doubles per thread) and the signs (8 per narrow column). Saturates.
    static int64_t working_bytes(int64_t rows, int64_t cols);
};

}  // namespace initscope
