#pragma once
// Process-wide core settings for a scope of a test: the thread count of the parallel loops and
// the CPU features the fast paths may use. Restored on leaving the scope, also when a QCOMPARE
// returns early.

#include "core/torch/cpu_features.h"
#include "core/torch/parallel_for.h"

namespace initscope::test {

/// set_thread_count(threads) for the scope; the default again afterwards.
class ScopedThreadCount {
public:
    explicit ScopedThreadCount(int threads) { set_thread_count(threads); }
    ~ScopedThreadCount() { set_thread_count(0); }
    ScopedThreadCount(const ScopedThreadCount&) = delete;
    ScopedThreadCount& operator=(const ScopedThreadCount&) = delete;
};

/// CpuFeatures::set_active(features) for the scope (CpuFeatures{}: baseline code only); the
/// previous set again afterwards.
class ScopedCpuFeatures {
public:
    explicit ScopedCpuFeatures(CpuFeatures features) : previous_(CpuFeatures::active()) {
        CpuFeatures::set_active(features);
    }
    ~ScopedCpuFeatures() { CpuFeatures::set_active(previous_); }
    ScopedCpuFeatures(const ScopedCpuFeatures&) = delete;
    ScopedCpuFeatures& operator=(const ScopedCpuFeatures&) = delete;

private:
    CpuFeatures previous_;
};

}  // namespace initscope::test
