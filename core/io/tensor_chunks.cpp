#include "core/io/tensor_chunks.h"

#include "core/torch/parallel_for.h"

#include <algorithm>
#include <atomic>
#include <vector>

namespace initscope {

TensorChunks::TensorChunks(const CheckpointTensor& tensor, int64_t chunk_values,
                           const Checkpoint* release_from)
    : tensor_(tensor),
      release_from_(release_from),
      chunk_values_(std::max<int64_t>(1, chunk_values)) {
    count_ = tensor.numel / chunk_values_ + (tensor.numel % chunk_values_ != 0);
    workers_ = static_cast<int>(std::clamp<int64_t>(count_, 1, thread_count()));
}

bool TensorChunks::for_each(const std::function<void(int, int64_t, std::span<const float>)>& body,
                            const std::function<bool(int64_t)>& keep_going) const {
    const int element = TensorDtypes::size(tensor_.dtype);
    const bool in_place = tensor_.dtype == TensorDtype::F32 &&
                          reinterpret_cast<uintptr_t>(tensor_.bytes.data()) % alignof(float) == 0;
    std::atomic<int64_t> next{0}, done{0};
    std::atomic<bool> stop{false};
    parallel_for(size_t(workers_), workers_, 1, [&](size_t first, size_t last) {
        for (size_t w = first; w < last; ++w) {
            const int worker = static_cast<int>(w);
            std::vector<float> buffer;
            if (!in_place) buffer.resize(size_t(std::min(chunk_values_, tensor_.numel)));
            while (!stop.load(std::memory_order_relaxed)) {
                const int64_t chunk = next.fetch_add(1, std::memory_order_relaxed);
                if (chunk >= count_) break;
                const int64_t begin = chunk * chunk_values_;
                const int64_t size = std::min(chunk_values_, tensor_.numel - begin);
                const unsigned char* bytes = tensor_.bytes.data() + size_t(begin) * size_t(element);
                std::span<const float> values;
                if (in_place) {
                    values = {reinterpret_cast<const float*>(bytes), size_t(size)};
                } else {
                    TensorDtypes::to_float(tensor_.dtype, bytes, size, buffer.data());
                    values = {buffer.data(), size_t(size)};
                }
                body(worker, chunk, values);
                if (release_from_)  // after body: a float32 chunk is read in place
                    release_from_->release({bytes, size_t(size) * size_t(element)});
                const int64_t now = done.fetch_add(size, std::memory_order_relaxed) + size;
                if (worker == 0 && keep_going && !keep_going(now))
                    stop.store(true, std::memory_order_relaxed);
            }
        }
    });
    return !stop.load();
}

}  // namespace initscope
