#include "core/torch/parallel_for.h"

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <cstdlib>
#include <exception>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace initscope {

namespace {

/// True on a pool worker, and on a calling thread while it runs a part: a parallel_for from
/// there runs inline (no nested splitting, no waiting on the busy pool).
thread_local bool inside_parallel_for = false;

int default_thread_count() {
    static const int count = [] {
        if (const char* env = std::getenv("INITSCOPE_THREADS")) {
            char* end = nullptr;
            const long value = std::strtol(env, &end, 10);
            if (end != env && *end == '\0' && value >= 1 && value <= kMaxThreads)
                return static_cast<int>(value);
        }
        const unsigned hardware = std::thread::hardware_concurrency();
        return std::clamp(static_cast<int>(hardware), 1, kMaxThreads);
    }();
    return count;
}

std::atomic<int> thread_count_override{0};

/// Worker threads that live as long as the process, started on demand. One loop at a time:
/// run() returns false without doing anything while another thread's loop holds the pool.
class WorkerPool {
public:
    static WorkerPool& instance() {
        static WorkerPool pool;
        return pool;
    }

    ~WorkerPool() {
        {
            const std::lock_guard lock(mutex_);
            stop_ = true;
        }
        wake_.notify_all();
        for (std::thread& t : workers_) t.join();
    }

    /// Runs part(0) on the calling thread and part(1 .. parts−1) on the workers (the caller helps
    /// with parts no worker has taken); returns when all have finished.
    bool run(std::size_t parts, const std::function<void(std::size_t)>& part) {
        const std::unique_lock owner(owner_, std::try_to_lock);
        if (!owner.owns_lock()) return false;
        {
            const std::lock_guard lock(mutex_);
            while (workers_.size() + 1 < parts) workers_.emplace_back([this] { work(); });
            job_ = &part;
            parts_ = parts;
            next_ = 1;
            finished_ = 0;
        }
        for (std::size_t i = 1; i < parts; ++i) wake_.notify_one();
        part(0);
        std::unique_lock lock(mutex_);
        ++finished_;
        while (next_ < parts_) {
            const std::size_t index = next_++;
            lock.unlock();
            part(index);
            lock.lock();
            ++finished_;
        }
        done_.wait(lock, [this] { return finished_ == parts_; });
        job_ = nullptr;
        return true;
    }

private:
    WorkerPool() = default;

    void work() {
        inside_parallel_for = true;
        std::unique_lock lock(mutex_);
        for (;;) {
            wake_.wait(lock, [this] { return stop_ || (job_ != nullptr && next_ < parts_); });
            if (stop_) return;
            const std::size_t index = next_++;
            const std::function<void(std::size_t)>* job = job_;
            lock.unlock();
            (*job)(index);
            lock.lock();
            if (++finished_ == parts_) done_.notify_one();
        }
    }

    std::mutex owner_;  // held by the thread whose loop uses the pool
    std::mutex mutex_;  // guards everything below
    std::condition_variable wake_, done_;
    std::vector<std::thread> workers_;
    const std::function<void(std::size_t)>* job_ = nullptr;
    std::size_t parts_ = 0, next_ = 0, finished_ = 0;
    bool stop_ = false;
};

}  // namespace

int thread_count() {
    const int set = thread_count_override.load(std::memory_order_relaxed);
    return set > 0 ? set : default_thread_count();
}

void set_thread_count(int threads) {
    thread_count_override.store(threads <= 0 ? 0 : std::min(threads, kMaxThreads),
                                std::memory_order_relaxed);
}

int parallel_threads(std::size_t n, std::size_t min_parallel) {
    const std::size_t half = std::max<std::size_t>(min_parallel / 2, 1);
    return static_cast<int>(
        std::clamp<std::size_t>(n / half, 1, static_cast<std::size_t>(thread_count())));
}

void parallel_for(std::size_t n, int threads, std::size_t align,
                  const std::function<void(std::size_t begin, std::size_t end)>& body) {
    align = std::max<std::size_t>(align, 1);
    const std::size_t parts =
        std::clamp<std::size_t>(static_cast<std::size_t>(std::clamp(threads, 1, kMaxThreads)), 1,
                                std::max<std::size_t>(n / align, 1));
    if (parts <= 1 || inside_parallel_for) {
        body(0, n);
        return;
    }
    auto bound = [&](std::size_t t) {
        if (t >= parts) return n;
        return n * t / parts / align * align;
    };
    std::vector<std::exception_ptr> errors(parts);
    const std::function<void(std::size_t)> run = [&](std::size_t t) {
        const bool was_inside = inside_parallel_for;
        inside_parallel_for = true;
        try {
            body(bound(t), bound(t + 1));
        } catch (...) {
            errors[t] = std::current_exception();
        }
        inside_parallel_for = was_inside;
    };
    if (!WorkerPool::instance().run(parts, run)) {
        std::vector<std::thread> extra;
        extra.reserve(parts - 1);
        for (std::size_t t = 1; t < parts; ++t) extra.emplace_back(run, t);
        run(0);
        for (std::thread& th : extra) th.join();
    }
    for (const std::exception_ptr& e : errors)
        if (e) std::rethrow_exception(e);
}

}  // namespace initscope
