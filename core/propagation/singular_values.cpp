// Singular values through LAPACK (LAPACKE over OpenBLAS). Timings on this project's machine
// (2 cores, one BLAS thread, a loaded machine): 1000×500 dgesdd 0.03 s, Gram 0.015 s; 1300² dgesdd
// 0.31 s, Gram 0.17 s; 4096² dgesdd 15.5 s, Gram 4.9 s (dsyrk 1.7 s + dsyev_2stage 3.2 s). Eigen's
// BDCSVD (22 s) and its Gram product + SelfAdjointEigenSolver (24 s) are too slow at 4096².
// Accuracy seen at 4096² (PyTorch default, seed 0): the Gram method's worst value against dgesdd
// is its smallest, 9.9e-6·s_max, within 1.1e-7 relative — far inside the a-priori bound below.
//
// The row-major matrix W (rows × cols) is, read column-major, Wᵀ (cols × rows, ld cols): it has
// the same singular values, so every LAPACK call runs column-major on the buffer as it is, and
// LAPACKE never transposes (which would copy the matrix once more).
#include "core/propagation/singular_values.h"

#include "core/model/saturating_count.h"
#include "core/schemes/lapack_runtime.h"
#include "core/torch/parallel_for.h"

#include <cblas.h>
#include <lapacke.h>

#include <algorithm>
#include <climits>
#include <cmath>
#include <stdexcept>
#include <string>

namespace initscope {

namespace {

using SC = SaturatingCount;

/// The Gram product runs over blocks of kPanel rows (or columns) of the long side of W, each
/// converted to double once; G's columns are cut into blocks of kBlock for the threads.
constexpr int64_t kPanel = 256;
constexpr int64_t kBlock = 256;

/// dgesdd's workspace for an m × n matrix without vectors, in doubles (LAPACK's own query).
int64_t svd_workspace(lapack_int m, lapack_int n) {
    const LapackRuntime::Functions& lapack = LapackRuntime::functions();
    double query = 0;
    lapack_int iquery = 0;
    const lapack_int info =
        lapack.dgesdd_work(LAPACK_COL_MAJOR, 'N', m, n, nullptr, std::max(1, m), nullptr, nullptr,
                           1, nullptr, 1, &query, -1, &iquery);
    if (info != 0)
        throw std::runtime_error("dgesdd workspace query failed (" + std::to_string(info) + ")");
    return static_cast<int64_t>(std::ceil(query));
}

/// dsyev_2stage's workspace for an n × n matrix without vectors, in doubles.
int64_t eigen_workspace(lapack_int n) {
    const LapackRuntime::Functions& lapack = LapackRuntime::functions();
    double query = 0;
    const lapack_int info = lapack.dsyev_2stage_work(LAPACK_COL_MAJOR, 'N', 'L', n, nullptr,
                                                     std::max(1, n), nullptr, &query, -1);
    if (info != 0)
        throw std::runtime_error("dsyev_2stage workspace query failed (" + std::to_string(info) +
                                 ")");
    return static_cast<int64_t>(std::ceil(query));
}

void report(const ProgressCallback& progress, double fraction) {
    if (progress && !progress(fraction)) throw Cancelled();
}

bool all_finite(const Tensor& weight) {
    for (float v : weight.values())
        if (!std::isfinite(v)) return false;
    return true;
}

std::vector<double> svd(const Tensor& weight, lapack_int rows, lapack_int cols,
                        const ProgressCallback& progress) {
    const LapackRuntime::Functions& lapack = LapackRuntime::functions();
    report(progress, 0);
    const lapack_int m = cols, n = rows;  // Wᵀ, column-major
    const int64_t lwork = svd_workspace(m, n);
    const lapack_int lwork_int = LapackRuntime::dimension(lwork, "dgesdd's workspace");
    std::vector<double> a(weight.values().begin(), weight.values().end());
    std::vector<double> values(static_cast<size_t>(std::min(m, n)));
    std::vector<double> work(static_cast<size_t>(std::max<int64_t>(lwork, 1)));
    std::vector<lapack_int> iwork(8 * values.size());
    const lapack_int info =
        lapack.dgesdd_work(LAPACK_COL_MAJOR, 'N', m, n, a.data(), m, values.data(), nullptr, 1,
                           nullptr, 1, work.data(), lwork_int, iwork.data());
    if (info != 0)
        throw std::runtime_error("dgesdd failed (info " + std::to_string(info) +
                                 "): the singular values did not converge");
    report(progress, 1);
    return values;  // descending
}

/// G (n × n, column-major, lower triangle) += A·Aᵀ for a panel A (n × p, column-major), over the
/// fixed column blocks of G; block order interleaves long and short blocks (0, last, 1, …) so
/// that contiguous shares of the threads get similar work.
void add_panel(std::vector<double>& g, const std::vector<double>& a, lapack_int n, lapack_int p) {
    const LapackRuntime::Functions& lapack = LapackRuntime::functions();
    const int64_t blocks = (n + kBlock - 1) / kBlock;
    auto block_at = [blocks](int64_t i) { return i % 2 == 0 ? i / 2 : blocks - 1 - i / 2; };
    parallel_for(static_cast<size_t>(blocks), parallel_threads(static_cast<size_t>(blocks), 2), 1,
                 [&](size_t begin, size_t end) {
                     for (size_t i = begin; i < end; ++i) {
                         const int64_t b = block_at(static_cast<int64_t>(i));
                         const auto j0 = static_cast<lapack_int>(b * kBlock);
                         const auto j1 = static_cast<lapack_int>(std::min<int64_t>(n, j0 + kBlock));
                         double* diagonal = g.data() + j0 + static_cast<size_t>(j0) * n;
                         lapack.dsyrk(CblasColMajor, CblasLower, CblasNoTrans, j1 - j0, p, 1.0,
                                      a.data() + j0, n, 1.0, diagonal, n);
                         if (j1 < n)
                             lapack.dgemm(CblasColMajor, CblasNoTrans, CblasTrans, n - j1, j1 - j0,
                                          p, 1.0, a.data() + j1, n, a.data() + j0, n, 1.0,
                                          diagonal + (j1 - j0), n);
                     }
                 });
}

std::vector<double> gram(const Tensor& weight, lapack_int rows, lapack_int cols,
                         const ProgressCallback& progress) {
    const LapackRuntime::Functions& lapack = LapackRuntime::functions();
    const bool tall = rows >= cols;
    const lapack_int n = tall ? cols : rows;    // G is n × n
    const int64_t length = tall ? rows : cols;  // summed over
    const int64_t lwork = eigen_workspace(n);
    const lapack_int lwork_int = LapackRuntime::dimension(lwork, "dsyev_2stage's workspace");
    // Progress weights measured at 4096²: the product ∝ length·n², the eigenvalues ≈ 2·n³.
    const double product_work = static_cast<double>(length) * n * n;
    const double total_work = product_work + 2.0 * n * n * n;
    report(progress, 0);

    std::vector<double> g(static_cast<size_t>(n) * static_cast<size_t>(n), 0.0);
    std::vector<double> panel(static_cast<size_t>(n) * static_cast<size_t>(kPanel));
    const float* w = weight.data();
    for (int64_t k0 = 0; k0 < length; k0 += kPanel) {
        const auto p = static_cast<lapack_int>(std::min(kPanel, length - k0));
        if (tall) {
            // Rows k0..k0+p of W, contiguous: column-major n × p as they are.
            const float* src = w + static_cast<size_t>(k0) * static_cast<size_t>(cols);
            std::copy(src, src + static_cast<size_t>(p) * static_cast<size_t>(n), panel.begin());
        } else {
            // Columns k0..k0+p of W: panel(i, j) = W(i, k0 + j).
            for (lapack_int i = 0; i < n; ++i) {
                const float* src = w + static_cast<size_t>(i) * static_cast<size_t>(cols) + k0;
                for (lapack_int j = 0; j < p; ++j)
                    panel[static_cast<size_t>(i) + static_cast<size_t>(j) * n] = src[j];
            }
        }
        add_panel(g, panel, n, p);
        report(progress, static_cast<double>(k0 + p) * n * n / total_work);
    }
    std::vector<double>().swap(panel);  // freed before the eigenvalues' workspace

    std::vector<double> eigenvalues(static_cast<size_t>(n));
    std::vector<double> work(static_cast<size_t>(std::max<int64_t>(lwork, 1)));
    const lapack_int info = lapack.dsyev_2stage_work(LAPACK_COL_MAJOR, 'N', 'L', n, g.data(), n,
                                                     eigenvalues.data(), work.data(), lwork_int);
    if (info != 0)
        throw std::runtime_error("dsyev_2stage failed (info " + std::to_string(info) +
                                 "): the eigenvalues did not converge");
    // Ascending eigenvalues → descending singular values.
    std::vector<double> values(eigenvalues.size());
    for (size_t i = 0; i < values.size(); ++i)
        values[i] = std::sqrt(std::max(0.0, eigenvalues[eigenvalues.size() - 1 - i]));
    report(progress, 1);
    return values;
}

}  // namespace

SingularValues::Method SingularValues::method_for(int64_t rows, int64_t cols) {
    const double work = static_cast<double>(rows) * static_cast<double>(cols) *
                        static_cast<double>(std::min(rows, cols));
    return work <= kSvdWork ? Method::Svd : Method::Gram;
}

std::vector<double> SingularValues::of(const Tensor& weight, Method method,
                                       const ProgressCallback& progress) {
    const int64_t rows64 = weight.shape().rank() >= 1 ? weight.shape()[0] : 0;
    const int64_t cols64 = rows64 > 0 ? weight.numel() / rows64 : 0;
    if (rows64 == 0 || cols64 == 0) {
        report(progress, 1);
        return {};
    }
    const lapack_int rows = LapackRuntime::dimension(rows64, "a matrix dimension");
    const lapack_int cols = LapackRuntime::dimension(cols64, "a matrix dimension");
    if (!all_finite(weight)) {  // LAPACK's iterations are undefined on NaN or ±inf
        report(progress, 1);
        return std::vector<double>(static_cast<size_t>(std::min(rows, cols)), std::nan(""));
    }
    return method == Method::Svd ? svd(weight, rows, cols, progress)
                                 : gram(weight, rows, cols, progress);
}

int64_t SingularValues::working_bytes(int64_t rows, int64_t cols, Method method) {
    const int64_t small = std::min(rows, cols);
    if (small <= 0) return 0;
    const int64_t values = SC::product(small, 8);
    if (rows > INT_MAX || cols > INT_MAX) return SC::kMax;
    if (method == Method::Svd) {
        const int64_t workspace =
            svd_workspace(static_cast<lapack_int>(cols), static_cast<lapack_int>(rows));
        return SC::add(SC::add(SC::product(SC::product(rows, cols), 8), SC::product(workspace, 8)),
                       SC::add(values, SC::product(small, 8 * sizeof(lapack_int))));
    }
    const int64_t workspace = eigen_workspace(static_cast<lapack_int>(small));
    const int64_t matrix = SC::product(SC::product(small, small), 8);
    const int64_t panel = SC::product(SC::product(small, kPanel), 8);
    // The panel is freed before the eigenvalues run, but count both: an upper bound.
    return SC::add(SC::add(matrix, panel),
                   SC::add(SC::product(workspace, 8), SC::product(values, 2)));
}

}  // namespace initscope
