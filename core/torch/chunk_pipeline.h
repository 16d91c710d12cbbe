#pragma once

#include <cstddef>
#include <functional>

namespace initscope {

/// A serial producer feeding an elementwise transform that runs on several threads: what
/// PyTorch's random kernels look like once split. normal_ and trunc_normal_ draw one MT19937
/// stream in order (serial), then transform the draws value by value (Box–Muller, erfinv), which
/// can run on any thread as soon as its draws exist; results do not depend on the thread count.
class ChunkPipeline {
public:
    /// Cuts [0, n) into chunks [b, e) of `chunk` values (the last one shorter). Calls
    /// produce(b, e) for every chunk, in order, on the calling thread, and transform(b, e) once
    /// for every chunk after its produce(b, e) has returned, on up to `threads` threads (the
    /// calling thread joins in once it has produced every chunk; the others run through
    /// parallel_for). Returns when every transform has finished. threads <= 1, a single chunk or
    /// a call from inside a parallel_for body: produce and transform alternate chunk by chunk on
    /// the calling thread. The transforms must only write data of their own chunk. An exception
    /// from produce or transform stops the remaining work and is rethrown here.
    static void run(std::size_t n, std::size_t chunk, int threads,
                    const std::function<void(std::size_t begin, std::size_t end)>& produce,
                    const std::function<void(std::size_t begin, std::size_t end)>& transform);
};

}  // namespace initscope
