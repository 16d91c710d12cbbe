#include "core/schemes/lapack_runtime.h"

#include <dlfcn.h>

#include <climits>
#include <cstdlib>
#include <stdexcept>
#include <string>
#include <type_traits>

namespace initscope {

static_assert(std::is_same_v<lapack_int, int>, "LapackRuntime::dimension returns lapack_int");

namespace {

[[noreturn]] void unavailable(const char* what) {
    const char* reason = dlerror();
    throw std::runtime_error(std::string("LAPACK is not available: ") +
                             (reason != nullptr ? reason : what));
}

void* open_library(const char* name) {
    void* handle = dlopen(name, RTLD_NOW | RTLD_LOCAL);
    if (handle == nullptr) unavailable(name);
    return handle;
}

template <typename F>
void resolve(void* library, const char* name, F& out) {
    void* symbol = dlsym(library, name);
    if (symbol == nullptr) unavailable(name);
    out = reinterpret_cast<F>(symbol);
}

LapackRuntime::Functions load() {
    setenv("OPENBLAS_NUM_THREADS", "1", 0);  // before OpenBLAS starts: no thread pool
    void* blas = open_library("libopenblas.so.0");
    void* lapacke = open_library("liblapacke.so.3");
    LapackRuntime::Functions f{};
    resolve(lapacke, "LAPACKE_dgesdd_work", f.dgesdd_work);
    resolve(lapacke, "LAPACKE_dsyev_2stage_work", f.dsyev_2stage_work);
    resolve(lapacke, "LAPACKE_dgeqrt3_work", f.dgeqrt3_work);
    resolve(blas, "cblas_dgemm", f.dgemm);
    resolve(blas, "cblas_dsyrk", f.dsyrk);
    resolve(blas, "cblas_dtrmm", f.dtrmm);
    void (*set_threads)(int) = nullptr;
    resolve(blas, "openblas_set_num_threads", set_threads);
    set_threads(1);  // also when the user's OPENBLAS_NUM_THREADS asked for more
    return f;
}

}  // namespace

const LapackRuntime::Functions& LapackRuntime::functions() {
    static const Functions loaded = load();  // a throw leaves it to the next call to retry
    return loaded;
}

int LapackRuntime::dimension(int64_t n, const char* what) {
    if (n < 0 || n > INT_MAX)
        throw std::invalid_argument(std::string(what) + " of " + std::to_string(n) +
                                    " is too large for LAPACK's 32-bit sizes");
    return static_cast<int>(n);
}

}  // namespace initscope
