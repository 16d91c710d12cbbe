#include "core/torch/chunk_pipeline.h"

#include "core/torch/parallel_for.h"

#include <algorithm>
#include <atomic>
#include <thread>

namespace initscope {

void ChunkPipeline::run(std::size_t n, std::size_t chunk, int threads,
                        const std::function<void(std::size_t begin, std::size_t end)>& produce,
                        const std::function<void(std::size_t begin, std::size_t end)>& transform) {
    chunk = std::max<std::size_t>(chunk, 1);
    const std::size_t chunks = (n + chunk - 1) / chunk;
    auto begin_of = [&](std::size_t c) { return c * chunk; };
    auto end_of = [&](std::size_t c) { return std::min(n, (c + 1) * chunk); };
    auto alternate = [&] {
        for (std::size_t c = 0; c < chunks; ++c) {
            produce(begin_of(c), end_of(c));
            transform(begin_of(c), end_of(c));
        }
    };
    if (threads <= 1 || chunks <= 1) {
        alternate();
        return;
    }
    // produced: chunks whose draws exist (release/acquire orders their data); next: the next
    // chunk to transform; stop: an exception was thrown, skip the rest.
    std::atomic<std::size_t> produced{0};
    std::atomic<std::size_t> next{0};
    std::atomic<bool> stop{false};
    // Part t of parallel_for(parts, parts, 1, …) is [t, t+1): part 0 runs on the calling thread
    // and produces. Run inline (from inside another parallel_for) the one part is [0, parts).
    const int parts = std::min<int>(threads, static_cast<int>(std::min<std::size_t>(chunks, 64)));
    parallel_for(static_cast<std::size_t>(parts), parts, 1, [&](std::size_t part, std::size_t end) {
        if (end - part > 1) {
            alternate();
            return;
        }
        try {
            if (part == 0) {
                for (std::size_t c = 0; c < chunks && !stop.load(std::memory_order_relaxed); ++c) {
                    produce(begin_of(c), end_of(c));
                    produced.store(c + 1, std::memory_order_release);
                }
            }
            for (;;) {
                const std::size_t c = next.fetch_add(1, std::memory_order_relaxed);
                if (c >= chunks) break;
                while (produced.load(std::memory_order_acquire) <= c) {
                    if (stop.load(std::memory_order_relaxed)) return;
                    std::this_thread::yield();  // the producer is ahead in the usual case
                }
                if (stop.load(std::memory_order_relaxed)) return;
                transform(begin_of(c), end_of(c));
            }
        } catch (...) {
            stop.store(true, std::memory_order_relaxed);
            throw;
        }
    });
}

}  // namespace initscope
