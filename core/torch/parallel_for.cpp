#include "core/torch/parallel_for.h"

#include <algorithm>
#include <exception>
#include <thread>
#include <vector>

namespace initscope {

int parallel_threads(std::size_t n, std::size_t min_parallel) {
    return n >= min_parallel ? 2 : 1;
}

void parallel_for(std::size_t n, int threads, std::size_t align,
                  const std::function<void(std::size_t begin, std::size_t end)>& body) {
    align = std::max<std::size_t>(align, 1);
    const std::size_t parts = std::clamp<std::size_t>(
        static_cast<std::size_t>(std::max(threads, 1)), 1, std::max<std::size_t>(n / align, 1));
    if (parts <= 1) {
        body(0, n);
        return;
    }
    auto bound = [&](std::size_t t) {
        if (t >= parts) return n;
        return n * t / parts / align * align;
    };
    std::vector<std::exception_ptr> errors(parts);
    auto run = [&](std::size_t t) {
        try {
            body(bound(t), bound(t + 1));
        } catch (...) {
            errors[t] = std::current_exception();
        }
    };
    std::vector<std::thread> pool;
    pool.reserve(parts - 1);
    for (std::size_t t = 1; t < parts; ++t) pool.emplace_back(run, t);
    run(0);
    for (std::thread& th : pool) th.join();
    for (const std::exception_ptr& e : errors)
        if (e) std::rethrow_exception(e);
}

}  // namespace initscope
