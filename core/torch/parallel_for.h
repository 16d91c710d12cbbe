#pragma once

#include <cstddef>
#include <functional>

namespace initscope {

/// The thread count the core's parallel loops use for `n` elements: 2 (this project's target
/// machines have two cores) when n >= min_parallel, else 1.
int parallel_threads(std::size_t n, std::size_t min_parallel);

/// Runs body(begin, end) on `threads` contiguous, disjoint parts that cover [0, n) in order:
/// part t is [n·t/threads, n·(t+1)/threads), rounded down to a multiple of `align` except the
/// last end, which is n. Part 0 runs on the calling thread, the others on std::threads joined
/// before returning. threads <= 1 (or n too small to split) runs body(0, n) inline. The body
/// must only write data of its own part; an exception thrown by a part is rethrown here (the
/// first one, by part index) after every part has finished. No state outlives the call.
void parallel_for(std::size_t n, int threads, std::size_t align,
                  const std::function<void(std::size_t begin, std::size_t end)>& body);

}  // namespace initscope
