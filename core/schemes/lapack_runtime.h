#pragma once

#include <cstdint>

namespace initscope {

/// How the core calls LAPACK (LAPACKE over OpenBLAS): the one thread policy and the one size
/// check, shared by OrthogonalQr and SingularValues.
class LapackRuntime {
public:
    /// Turns OpenBLAS's own threads off, once per process: the core's one pool is parallel_for's
    /// (so BLAS threads never oversubscribe the cores it already uses), and results must not
    /// depend on how many threads a BLAS call would split into. Call before any BLAS or LAPACK
    /// call; safe from several threads.
    static void use_one_blas_thread();
    /// n as a LAPACK size (32-bit lapack_int). Throws std::invalid_argument
    /// "<what> of <n> is too large for LAPACK's 32-bit sizes" when n is negative or too large.
    static int dimension(int64_t n, const char* what);
};

}  // namespace initscope
