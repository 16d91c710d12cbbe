#pragma once

namespace initscope {

/// OpenBLAS's own thread pool, which InitScope never uses: every BLAS and LAPACK call runs on
/// one BLAS thread (SingularValues; the parallelism is parallel_for's). OpenBLAS (the pthread
/// build Debian links) starts its pool when the library loads, before main, and each idle pool
/// thread then spins on sched_yield for about 2^28 TSC cycles (~0.1 s) before it sleeps: on a
/// 2-core machine a whole core for most of a short run (a headless export lasts ~0.1 s),
/// beside the threads that draw and encode the plots.
class BlasThreads {
public:
    /// Sets OpenBLAS to one thread and stops its idle pool threads (they would start again if
    /// a call asked for more than one thread, which none does). Call first thing in main.
    /// Does nothing when the BLAS linked is not the threaded OpenBLAS (found at run time).
    static void stop_idle_pool();
};

}  // namespace initscope
