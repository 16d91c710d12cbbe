#pragma once

#include <cstddef>
#include <functional>

namespace initscope {

/// The most threads any parallel loop of the core uses.
inline constexpr int kMaxThreads = 64;

/// The number of threads the core's parallel loops use at most, in [1, kMaxThreads]: the value of
/// set_thread_count() if one is set, else the environment variable INITSCOPE_THREADS (an integer
/// 1..kMaxThreads, read once; anything else is ignored), else std::thread::hardware_concurrency()
/// (1 when unknown). Every result of the core is bit-identical for any thread count: the loops
/// cut their work into fixed blocks, or into parts whose results are exact (integer counts,
/// elementwise kernels) or combined in a fixed order.
int thread_count();
/// Overrides thread_count() (clamped to [1, kMaxThreads]) for tests and benchmarks; threads <= 0
/// restores the default. Call it while no parallel loop runs.
void set_thread_count(int threads);

/// The threads for a loop over n elements that is worth splitting from min_parallel elements on:
/// n / (min_parallel / 2), bounded to [1, thread_count()]: 1 below min_parallel, at least 2 from
/// there on (when thread_count() allows), one more per further min_parallel / 2 elements.
int parallel_threads(std::size_t n, std::size_t min_parallel);

/// Runs body(begin, end) on `threads` contiguous, disjoint parts that cover [0, n) in order:
/// part t is [n·t/threads, n·(t+1)/threads), rounded down to a multiple of `align` except the
/// last end, which is n. Part 0 runs on the calling thread; the others run on a persistent pool
/// of worker threads (or, while another thread's loop holds the pool, on threads started for the
/// call), and all have finished when parallel_for returns. threads <= 1, n too small to split,
/// or a call from inside a parallel_for body runs body(0, n) inline. threads is bounded to
/// kMaxThreads. The body must only write data of its own part; an exception thrown by a part is
/// rethrown here (the first one, by part index) after every part has finished.
void parallel_for(std::size_t n, int threads, std::size_t align,
                  const std::function<void(std::size_t begin, std::size_t end)>& body);

}  // namespace initscope
