#pragma once

#include "core/stats/histogram.h"

#include <cstdint>
#include <memory>
#include <span>
#include <vector>

namespace initscope {

/// Several histograms of a stream of float32 values, fed in chunks of any size (a memory-mapped
/// checkpoint converted piece by piece, a tensor cut between threads): add() counts each chunk
/// for every request while it is in cache; histograms() gives exactly
/// Histogram::build_many(all values so far, requests). Requests with the same edges are counted
/// once. One accumulator is for one thread; for more, give each thread a zeroed_copy() (the
/// thresholds are shared, read-only) and add() the copies together: the counts are integers, so
/// the result does not depend on how the values were split.
class HistogramAccumulator {
public:
    explicit HistogramAccumulator(std::span<const Histogram::Request> requests);
    ~HistogramAccumulator();
    HistogramAccumulator(HistogramAccumulator&&) noexcept;
    HistogramAccumulator& operator=(HistogramAccumulator&&) noexcept;

    /// An accumulator of the same requests with nothing counted.
    HistogramAccumulator zeroed_copy() const;
    /// Counts `values`.
    void add(std::span<const float> values);
    /// Adds the counts of `other`, a zeroed_copy() of this one (or of its original).
    void add(HistogramAccumulator& other);
    /// One histogram per request, in the requests' order.
    std::vector<Histogram> histograms();

private:
    struct Shared;
    class Counter;
    explicit HistogramAccumulator(std::shared_ptr<const Shared> shared);

    std::shared_ptr<const Shared> shared_;
    std::vector<std::unique_ptr<Counter>> counters_;  ///< one per distinct edges
};

}  // namespace initscope
