// Counting for Histogram: each value's slot (HistogramSlots), then one increment.
//
// Counter: partial uint32 arrays flushed into 64-bit totals. Four interleaved copies for up to
// kInterleavedSlots slots (consecutive equal slots, common with few bins, then do not wait on
// each other's stores), one for more (fewer cache misses over a 2^16-bin array).
#include "core/stats/histogram_accumulator.h"

#include "core/stats/histogram_slots.h"

#include <algorithm>

namespace initscope {

struct HistogramAccumulator::Shared {
    std::vector<std::vector<double>> edges;  ///< per request
    std::vector<size_t> distinct_of;         ///< per request: its distinct edges' index
    std::vector<HistogramSlots> slots;       ///< per distinct edges
};

class HistogramAccumulator::Counter {
public:
    static constexpr size_t kInterleavedSlots = 4096;
    static constexpr size_t kChunk = HistogramSlots::kChunk;

    explicit Counter(const HistogramSlots& slots)
        : slots_(slots),
          stride_(static_cast<size_t>(slots.bins()) + 3),
          copies_(stride_ <= kInterleavedSlots ? 4 : 1),
          partial_(copies_ * stride_, 0),
          totals_(stride_, 0) {}

    /// Counts p[0, m), m ≤ kChunk.
    void add_chunk(const float* p, size_t m) {
        slots_.slots_of(p, m, slot_buffer_);
        uint32_t* c0 = partial_.data();
        size_t j = 0;
        if (copies_ == 4) {
            uint32_t* c1 = c0 + stride_;
            uint32_t* c2 = c1 + stride_;
            uint32_t* c3 = c2 + stride_;
            for (; j + 4 <= m; j += 4) {
                ++c0[slot_buffer_[j]];
                ++c1[slot_buffer_[j + 1]];
                ++c2[slot_buffer_[j + 2]];
                ++c3[slot_buffer_[j + 3]];
            }
        }
        for (; j < m; ++j) ++c0[slot_buffer_[j]];
        since_flush_ += m;
        if (since_flush_ >= (size_t{1} << 30)) flush();  // 4 arrays × 2^30 < 2^32 per slot
    }

    /// The totals per slot (flushes first).
    std::vector<int64_t>& totals() {
        flush();
        return totals_;
    }

private:
    void flush() {
        const uint32_t* c = partial_.data();
        for (size_t k = 0; k < copies_; ++k)
            for (size_t s = 0; s < stride_; ++s) totals_[s] += c[k * stride_ + s];
        std::fill(partial_.begin(), partial_.end(), 0u);
        since_flush_ = 0;
    }

    const HistogramSlots& slots_;
    size_t stride_;
    size_t copies_;
    std::vector<uint32_t> partial_;
    std::vector<int64_t> totals_;
    size_t since_flush_ = 0;
    int32_t slot_buffer_[kChunk];
};

HistogramAccumulator::HistogramAccumulator(std::span<const Histogram::Request> requests) {
    auto shared = std::make_shared<Shared>();
    std::vector<size_t> first_of_distinct;
    for (const Histogram::Request& r : requests) {
        shared->edges.push_back(Histogram::edges_for(r.bins, r.lo, r.hi));
        size_t u = 0;
        while (u < first_of_distinct.size() &&
               shared->edges[first_of_distinct[u]] != shared->edges.back())
            ++u;
        if (u == first_of_distinct.size()) first_of_distinct.push_back(shared->edges.size() - 1);
        shared->distinct_of.push_back(u);
    }
    shared->slots.reserve(first_of_distinct.size());
    for (size_t r : first_of_distinct) shared->slots.emplace_back(shared->edges[r]);
    *this = HistogramAccumulator(std::shared_ptr<const Shared>(std::move(shared)));
}

HistogramAccumulator::HistogramAccumulator(std::shared_ptr<const Shared> shared)
    : shared_(std::move(shared)) {
    for (const HistogramSlots& slots : shared_->slots)
        counters_.push_back(std::make_unique<Counter>(slots));
}

HistogramAccumulator::~HistogramAccumulator() = default;
HistogramAccumulator::HistogramAccumulator(HistogramAccumulator&&) noexcept = default;
HistogramAccumulator& HistogramAccumulator::operator=(HistogramAccumulator&&) noexcept = default;

HistogramAccumulator HistogramAccumulator::zeroed_copy() const {
    return HistogramAccumulator(shared_);
}

void HistogramAccumulator::add(std::span<const float> values) {
    // Chunk by chunk, every histogram of the chunk while it is in the L1 cache.
    for (size_t pos = 0; pos < values.size(); pos += Counter::kChunk) {
        const size_t m = std::min(Counter::kChunk, values.size() - pos);
        for (auto& counter : counters_) counter->add_chunk(values.data() + pos, m);
    }
}

void HistogramAccumulator::add(HistogramAccumulator& other) {
    for (size_t u = 0; u < counters_.size(); ++u) {
        std::vector<int64_t>& mine = counters_[u]->totals();
        const std::vector<int64_t>& theirs = other.counters_[u]->totals();
        for (size_t s = 0; s < mine.size(); ++s) mine[s] += theirs[s];
    }
}

std::vector<Histogram> HistogramAccumulator::histograms() {
    std::vector<Histogram> out;
    for (size_t r = 0; r < shared_->edges.size(); ++r)
        out.push_back(Histogram::from_slot_counts(shared_->edges[r],
                                                  counters_[shared_->distinct_of[r]]->totals()));
    return out;
}

}  // namespace initscope
