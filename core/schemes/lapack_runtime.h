#pragma once

#include <cstdint>

#include <cblas.h>
#include <lapacke.h>

namespace initscope {

/// How the core calls LAPACK (LAPACKE over OpenBLAS): loaded on first use, with one thread
/// policy and one size check, shared by OrthogonalQr and SingularValues.
///
/// The libraries are opened (dlopen) only when a QR or a spectrum first needs them, with
/// OPENBLAS_NUM_THREADS=1 in the environment unless the user set it: linked at start-up,
/// OpenBLAS starts a thread pool that spins (sched_yield) for its first ~0.1 s, taking a core
/// from every short run, headless or window, that never calls it. The core's one pool is
/// parallel_for's, so BLAS threads would only oversubscribe the cores, and results must not
/// depend on how many threads a BLAS call splits into.
class LapackRuntime {
public:
    /// The functions the core calls, resolved from liblapacke.so.3 and libopenblas.so.0.
    struct Functions {
        decltype(&LAPACKE_dgesdd_work) dgesdd_work;
        decltype(&LAPACKE_dsyev_2stage_work) dsyev_2stage_work;
        decltype(&LAPACKE_dgeqrt3_work) dgeqrt3_work;
        decltype(&cblas_dgemm) dgemm;
        decltype(&cblas_dsyrk) dsyrk;
        decltype(&cblas_dtrmm) dtrmm;
    };

    /// Loads the libraries once (thread-safe) and returns their functions, with OpenBLAS set to
    /// one thread. Throws std::runtime_error "LAPACK is not available: <dlerror>" when a library
    /// or a function is missing.
    static const Functions& functions();
    /// n as a LAPACK size (32-bit lapack_int). Throws std::invalid_argument
    /// "<what> of <n> is too large for LAPACK's 32-bit sizes" when n is negative or too large.
    static int dimension(int64_t n, const char* what);
};

}  // namespace initscope
