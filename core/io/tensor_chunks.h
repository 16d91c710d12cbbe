#pragma once

#include "core/io/checkpoint.h"

#include <cstdint>
#include <functional>
#include <span>

namespace initscope {

/// A stored tensor's values as float32, chunk by chunk, so that no analysis holds a whole tensor
/// as float: chunk k is values [k·chunk_values, min((k + 1)·chunk_values, numel)), converted by
/// TensorDtypes::to_float into a buffer of its thread's own (a float32 tensor whose bytes are
/// 4-byte aligned is read in place). The data is read from the checkpoint's memory-mapped file
/// as it goes, so a pass over a 16 GB model holds threads × chunk_values floats.
class TensorChunks {
public:
    /// 2^20 values (4 MiB of floats per thread): KsDistance::kExactLimit, so a tensor that
    /// KsDistance sorts whole is one chunk.
    static constexpr int64_t kDefaultChunkValues = int64_t{1} << 20;

    /// `tensor` must have an analysable dtype and outlive this object; chunk_values ≥ 1. With
    /// `release_from` (the checkpoint holding the tensor), each chunk's bytes are released
    /// (Checkpoint::release) once converted, so resident memory stays at the chunks in use.
    explicit TensorChunks(const CheckpointTensor& tensor,
                          int64_t chunk_values = kDefaultChunkValues,
                          const Checkpoint* release_from = nullptr);

    int64_t count() const { return count_; }
    int64_t chunk_values() const { return chunk_values_; }
    /// The threads for_each() runs on: min(thread_count(), count()), at least 1.
    int workers() const { return workers_; }

    /// body(worker, chunk, values) for every chunk, each exactly once, on workers() threads that
    /// take the next chunk as they become free (so which worker gets which chunk varies between
    /// runs: a worker's results must be combined exactly, e.g. integer counts, or stored per
    /// chunk and merged in chunk order). worker is in [0, workers()); worker 0 is the calling
    /// thread, and only it calls keep_going(values done so far), after each of its chunks;
    /// when that returns false no new chunk is started and for_each returns false (as soon as
    /// the chunks under way end). An exception from body is rethrown after all workers stop.
    bool for_each(
        const std::function<void(int worker, int64_t chunk, std::span<const float> values)>& body,
        const std::function<bool(int64_t done)>& keep_going = {}) const;

private:
    const CheckpointTensor& tensor_;
    const Checkpoint* release_from_;
    int64_t chunk_values_;
    int64_t count_;
    int workers_;
};

}  // namespace initscope
