#include "core/propagation/blas_threads.h"

#include <cblas.h>
#include <dlfcn.h>

namespace initscope {

void BlasThreads::stop_idle_pool() {
    openblas_set_num_threads(1);
    // blas_thread_shutdown_ is OpenBLAS's own (its fork handler's): exported by the threaded
    // builds, absent from the serial one, so it is looked up rather than linked.
    using Shutdown = int (*)();
    if (auto shutdown = reinterpret_cast<Shutdown>(dlsym(RTLD_DEFAULT, "blas_thread_shutdown_")))
        shutdown();
}

}  // namespace initscope
