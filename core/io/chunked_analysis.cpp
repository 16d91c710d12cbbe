#include "core/io/chunked_analysis.h"

#include "core/io/half_value_counts.h"
#include "core/io/tensor_chunks.h"
#include "core/stats/ks_distance.h"

#include <algorithm>
#include <cmath>
#include <vector>

namespace initscope {

namespace {

/// The statistics of chunks [lo, hi) merged in a fixed pairwise tree (midpoint splits).
SampleStatistics reduce(const std::vector<SampleStatistics>& chunks, size_t lo, size_t hi) {
    if (hi - lo == 1) return chunks[lo];
    const size_t mid = lo + (hi - lo) / 2;
    return SampleStatistics::merge(reduce(chunks, lo, mid), reduce(chunks, mid, hi));
}

/// The display histogram's range: [min, max], [0, 1] without finite values, [min, min + 1] when
/// all are equal.
Histogram::Request display_request(const SampleStatistics& stats, int bins) {
    const double lo = stats.n > 0 ? stats.min : 0.0;
    const double hi = stats.n > 0 ? stats.max : 1.0;
    return {bins, lo, hi == lo ? lo + 1 : hi};
}

/// A tensor of one chunk: all its values in one buffer, analysed as a float vector.
std::optional<ChunkedAnalysis::Result> one_vector(
    const CheckpointTensor& tensor, const TensorContext& context, int bins,
    const std::function<bool(int64_t, int64_t)>& progress, const Checkpoint* release_from) {
    ChunkedAnalysis::Result result;
    const TensorChunks chunks(tensor, std::max<int64_t>(tensor.numel, 1), release_from);
    auto analyse = [&](std::span<const float> values) {
        result.stats = SampleStatistics::of(values);
        const Histogram::Request r = display_request(result.stats, bins);
        result.histogram = Histogram::build(values, r.bins, r.lo, r.hi);
        result.fingerprint = InitFingerprint::of(values, result.stats, context);
    };
    if (chunks.count() == 0)
        analyse({});
    else
        chunks.for_each([&](int, int64_t, std::span<const float> values) { analyse(values); });
    if (progress && !progress(tensor.numel, tensor.numel)) return std::nullopt;
    return result;
}

/// A big float16/bfloat16 tensor: one pass counting its bit patterns (HalfValueCounts), then
/// everything from the distinct values.
std::optional<ChunkedAnalysis::Result> from_value_counts(
    const CheckpointTensor& tensor, const TensorContext& context, int bins,
    const std::function<bool(int64_t, int64_t)>& progress, const Checkpoint* release_from,
    int64_t chunk_values) {
    const std::optional<HalfValueCounts> counts =
        HalfValueCounts::count(tensor, progress, release_from, chunk_values);
    if (!counts) return std::nullopt;
    ChunkedAnalysis::Result result;
    result.stats = counts->statistics();
    const Histogram::Request r = display_request(result.stats, bins);
    result.histogram = counts->histogram(r.bins, r.lo, r.hi);
    const std::vector<Theory> theories = InitFingerprint::theories(result.stats, context);
    std::vector<double> ks(theories.size());
    for (size_t k = 0; k < theories.size(); ++k) ks[k] = counts->ks(theories[k]);
    result.fingerprint = InitFingerprint::from_distances(result.stats, context, ks);
    return result;
}

}  // namespace

std::optional<ChunkedAnalysis::Result> ChunkedAnalysis::of(
    const CheckpointTensor& tensor, const TensorContext& context, int bins,
    const std::function<bool(int64_t, int64_t)>& progress, int64_t chunk_values,
    const Checkpoint* release_from) {
    if (tensor.numel <= KsDistance::kExactLimit)
        return one_vector(tensor, context, bins, progress, release_from);
    if (tensor.dtype == TensorDtype::F16 || tensor.dtype == TensorDtype::BF16)
        return from_value_counts(tensor, context, bins, progress, release_from, chunk_values);
    const int64_t numel = tensor.numel;
    const TensorChunks chunks(tensor, chunk_values, release_from);

    // Pass 1: statistics per chunk, merged in a fixed pairwise tree over the chunks.
    std::vector<SampleStatistics> per_chunk(size_t(chunks.count()));
    const bool whole_pass_1 = chunks.for_each(
        [&](int, int64_t chunk, std::span<const float> values) {
            per_chunk[size_t(chunk)] = SampleStatistics::of(values);
        },
        [&](int64_t done) { return !progress || progress(done / 2, numel); });
    if (!whole_pass_1) return std::nullopt;
    Result result;
    result.stats = reduce(per_chunk, 0, per_chunk.size());
    const SampleStatistics& stats = result.stats;

    // Pass 2: the display histogram and every fine histogram the KS distances need.
    const std::vector<Theory> theories = InitFingerprint::theories(stats, context);
    const bool exact_ks = stats.n <= KsDistance::kExactLimit;  // mostly non-finite values
    std::vector<Histogram::Request> requests{display_request(stats, bins)};
    std::vector<int> fine_of(theories.size(), -1);  // theory → its request
    for (size_t k = 0; k < theories.size() && !exact_ks; ++k) {
        if (!KsDistance::needs_fine_histogram(stats, theories[k])) continue;
        const auto [lo, hi] = KsDistance::fine_range(stats, theories[k]);
        size_t r = 1;
        while (r < requests.size() && !(requests[r].lo == lo && requests[r].hi == hi)) ++r;
        if (r == requests.size()) requests.push_back({KsDistance::kFineBins, lo, hi});
        fine_of[k] = static_cast<int>(r);
    }
    std::vector<std::vector<Histogram>> per_worker(size_t(chunks.workers()),
                                                   std::vector<Histogram>(requests.size()));
    std::vector<std::vector<float>> finite(exact_ks ? per_chunk.size() : 0);
    const bool whole_pass_2 = chunks.for_each(
        [&](int worker, int64_t chunk, std::span<const float> values) {
            const std::vector<Histogram> built = Histogram::build_many(values, requests);
            for (size_t r = 0; r < built.size(); ++r) per_worker[size_t(worker)][r].add(built[r]);
            if (exact_ks)
                for (float v : values)
                    if (std::isfinite(v)) finite[size_t(chunk)].push_back(v);
        },
        [&](int64_t done) { return !progress || progress(numel / 2 + done / 2, numel); });
    if (!whole_pass_2) return std::nullopt;
    std::vector<Histogram> total(requests.size());
    for (const std::vector<Histogram>& part : per_worker)
        for (size_t r = 0; r < part.size(); ++r) total[r].add(part[r]);
    result.histogram = std::move(total[0]);

    if (exact_ks) {
        std::vector<float> values;
        for (const std::vector<float>& part : finite)
            values.insert(values.end(), part.begin(), part.end());
        // KsDistance ignores non-finite values: the finite ones give the same distances.
        result.fingerprint = InitFingerprint::of(values, stats, context);
    } else {
        std::vector<double> ks(theories.size());
        for (size_t k = 0; k < theories.size(); ++k)
            // Without a fine histogram KsDistance::of does not read the values (n > kExactLimit:
            // a theory that is not continuous, or all values equal).
            ks[k] = fine_of[k] >= 0 ? KsDistance::from_fine_histogram(total[size_t(fine_of[k])],
                                                                      theories[k], stats)
                                    : KsDistance::of({}, theories[k], stats);
        result.fingerprint = InitFingerprint::from_distances(stats, context, ks);
    }
    if (progress && !progress(numel, numel)) return std::nullopt;
    return result;
}

}  // namespace initscope
