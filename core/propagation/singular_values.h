#pragma once

#include "core/model/progress.h"
#include "core/model/tensor.h"

#include <cstdint>
#include <vector>

namespace initscope {

/// The singular values of a weight read as a matrix out × in·∏k (Tensor::matrix()), in double,
/// through LAPACK (OpenBLAS, one BLAS thread; the Gram product is split over parallel_for in
/// fixed blocks, so the values do not depend on the thread count).
///
/// Two methods, chosen by size (method_for):
/// - Svd: LAPACK dgesdd without vectors — the routine numpy.linalg.svd(w.astype(float64),
///   compute_uv=False) calls. Backward stable: every value within a few ε·s_max of the exact one,
///   so within 1e-5 relative of numpy's, values below 1e-6·s_max within 1e-11·s_max absolutely.
/// - Gram: the square roots of the eigenvalues of the smaller Gram matrix G (WᵀW or WWᵀ, dsyrk)
///   by dsyev_2stage (two-stage tridiagonalization, mostly BLAS3): ~3× faster than dgesdd at
///   4096². Its eigenvalues are within c·ε·s_max² (c ≈ 50 measured up to 1000², ≤ 100 assumed),
///   so a value s is within 1e-5 relative for s ≥ 1e-4·s_max, and within 2e-7·s_max absolutely
///   below (a negative eigenvalue from rounding gives 0).
class SingularValues {
public:
    enum class Method { Svd, Gram };

    /// Svd when rows·cols·min(rows, cols) ≤ kSvdWork (≈ 1290³: dgesdd ≤ ~0.3 s here), else Gram.
    static constexpr double kSvdWork = 2147483648.0;  // 2^31
    static Method method_for(int64_t rows, int64_t cols);

    /// The min(rows, cols) singular values of weight.matrix(), descending, by `method`. Progress
    /// goes from 0 to 1 (Gram: after each block of the product and before the eigenvalues; the
    /// LAPACK calls themselves cannot be interrupted). Throws Cancelled when `progress` returns
    /// false, std::invalid_argument ("… too large for LAPACK's 32-bit sizes") for a matrix or
    /// workspace LAPACK cannot index, std::runtime_error when LAPACK reports a failure.
    static std::vector<double> of(const Tensor& weight, Method method,
                                  const ProgressCallback& progress = {});

    /// The memory of() needs at its peak beside the tensor, in bytes (saturating): Svd a double
    /// copy of the matrix and dgesdd's workspace; Gram the double Gram matrix, one double block
    /// of the matrix and dsyev_2stage's workspace; both the values.
    static int64_t working_bytes(int64_t rows, int64_t cols, Method method);
};

}  // namespace initscope
