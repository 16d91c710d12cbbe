#pragma once

#include "core/io/checkpoint.h"
#include "core/io/tensor_chunks.h"
#include "core/model/tensor_context.h"
#include "core/stats/histogram.h"
#include "core/stats/init_fingerprint.h"
#include "core/stats/sample_statistics.h"

#include <cstdint>
#include <functional>
#include <optional>

namespace initscope {

/// The statistics, a `bins`-bin histogram over [min, max] and the InitFingerprint of one stored
/// tensor, read chunk by chunk from its mapped bytes (TensorChunks), never held whole as float.
///
/// A tensor of at most KsDistance::kExactLimit values is one chunk and is analysed exactly as a
/// float vector of all its values would be (SampleStatistics::of, Histogram::build,
/// InitFingerprint::of: the same bits). A larger float16 or bfloat16 tensor is read once, its
/// bit patterns counted (HalfValueCounts): the histogram counts and n, min, max equal the
/// two-pass ones exactly, mean and variance to rounding, and the KS distances are exact (not
/// from fine histograms). A larger tensor of another dtype takes two passes over its chunks, both
/// on TensorChunks' workers: (1) SampleStatistics::of per chunk, merged in a fixed pairwise tree
/// over the chunks (SampleStatistics::merge) — n, non_finite, min and max are exact, mean and
/// variance equal the one-vector values to rounding (about 1e-15 relative), independent of the
/// thread count; (2) Histogram::build_many per chunk with the display histogram and KsDistance's
/// fine histogram for every theory of InitFingerprint::theories (identical requests binned once),
/// added with Histogram::add — integer counts, so exactly the one-vector histograms — and the
/// KS distances taken from them (KsDistance::from_fine_histogram). A large tensor with at most
/// kExactLimit finite values has its finite values gathered in pass 2 (at most 4 MiB) for the
/// exact KS distance.
class ChunkedAnalysis {
public:
    struct Result {
        SampleStatistics stats;
        Histogram histogram;
        InitFingerprint fingerprint;
    };

    /// `progress(done, total)` (total = the tensor's values; each pass of a two-pass tensor
    /// counts half) is polled on the calling thread after each chunk; when it returns false the
    /// result is nullopt, within about one chunk per worker. chunk_values applies to two-pass
    /// tensors (tests use small ones); the dtype must be analysable. With `release_from` (the
    /// checkpoint holding the tensor) each chunk's pages are released once read (TensorChunks).
    static std::optional<Result> of(
        const CheckpointTensor& tensor, const TensorContext& context, int bins,
        const std::function<bool(int64_t done, int64_t total)>& progress = {},
        int64_t chunk_values = TensorChunks::kDefaultChunkValues,
        const Checkpoint* release_from = nullptr);
};

}  // namespace initscope
