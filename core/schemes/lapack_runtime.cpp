#include "core/schemes/lapack_runtime.h"

#include <cblas.h>
#include <lapacke.h>

#include <climits>
#include <stdexcept>
#include <string>
#include <type_traits>

namespace initscope {

static_assert(std::is_same_v<lapack_int, int>, "LapackRuntime::dimension returns lapack_int");

void LapackRuntime::use_one_blas_thread() {
    static const bool once = [] {
        openblas_set_num_threads(1);
        return true;
    }();
    (void)once;
}

int LapackRuntime::dimension(int64_t n, const char* what) {
    if (n < 0 || n > INT_MAX)
        throw std::invalid_argument(std::string(what) + " of " + std::to_string(n) +
                                    " is too large for LAPACK's 32-bit sizes");
    return static_cast<int>(n);
}

}  // namespace initscope
