#include "core/io/half_value_counts.h"

#include "core/io/tensor_dtype.h"
#include "core/stats/histogram_slots.h"
#include "core/stats/ks_distance.h"
#include "core/torch/parallel_for.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>
#include <numeric>
#include <stdexcept>

namespace initscope {

namespace {

constexpr size_t kPatterns = 65536;
constexpr size_t kParallelMin = size_t{1} << 20;

/// Adds the bit patterns of count 16-bit values at p to counts (two interleaved tables, so that
/// runs of one pattern do not wait on each other's stores).
void count_patterns(const unsigned char* p, size_t count, uint64_t* even, uint64_t* odd) {
    size_t i = 0;
    for (; i + 2 <= count; i += 2) {
        uint16_t a, b;
        std::memcpy(&a, p + 2 * i, 2);
        std::memcpy(&b, p + 2 * i + 2, 2);
        ++even[a];
        ++odd[b];
    }
    if (i < count) {
        uint16_t a;
        std::memcpy(&a, p + 2 * i, 2);
        ++even[a];
    }
}

}  // namespace

std::optional<HalfValueCounts> HalfValueCounts::count(
    const CheckpointTensor& tensor, const std::function<bool(int64_t, int64_t)>& progress,
    const Checkpoint* release_from, int64_t poll_values) {
    if (tensor.dtype != TensorDtype::F16 && tensor.dtype != TensorDtype::BF16)
        throw std::invalid_argument("HalfValueCounts: not a 16-bit float tensor");
    const auto numel = static_cast<size_t>(tensor.numel);
    const unsigned char* bytes = tensor.bytes.data();
    std::vector<uint64_t> totals(kPatterns, 0);
    const auto step = static_cast<size_t>(std::max<int64_t>(poll_values, 1));
    const int threads =
        parallel_threads(std::max(std::min(numel, step), kParallelMin), kParallelMin);
    // Per thread: two interleaved tables of 2^16 counters (1 MiB), added into the totals.
    std::vector<std::vector<uint64_t>> tables(static_cast<size_t>(threads),
                                              std::vector<uint64_t>(2 * kPatterns, 0));
    for (size_t begin = 0; begin < numel; begin += step) {
        const size_t end = std::min(numel, begin + step);
        const auto parts = static_cast<size_t>(threads);
        parallel_for(parts, threads, 1, [&](size_t first, size_t last) {
            for (size_t t = first; t < last; ++t) {
                const size_t lo = begin + (end - begin) * t / parts;
                const size_t hi = begin + (end - begin) * (t + 1) / parts;
                uint64_t* table = tables[t].data();
                count_patterns(bytes + 2 * lo, hi - lo, table, table + kPatterns);
            }
        });
        if (release_from) release_from->release(tensor.bytes.subspan(2 * begin, 2 * (end - begin)));
        if (progress && !progress(static_cast<int64_t>(end), tensor.numel)) return std::nullopt;
    }
    for (const std::vector<uint64_t>& table : tables)
        for (size_t k = 0; k < kPatterns; ++k) totals[k] += table[k] + table[k + kPatterns];

    // The distinct values, ascending (−0 and +0 are one value).
    HalfValueCounts out;
    std::vector<std::pair<float, uint64_t>> present;
    for (size_t k = 0; k < kPatterns; ++k) {
        if (totals[k] == 0) continue;
        const auto pattern = static_cast<uint16_t>(k);
        unsigned char raw[2];
        std::memcpy(raw, &pattern, 2);
        float x = 0;
        TensorDtypes::to_float(tensor.dtype, raw, 1, &x);
        if (!std::isfinite(x))
            out.non_finite_ += static_cast<int64_t>(totals[k]);
        else
            present.emplace_back(x == 0 ? 0.0f : x, totals[k]);
    }
    std::sort(present.begin(), present.end());
    for (const auto& [x, c] : present) {
        if (!out.values_.empty() && out.values_.back() == x) {
            out.counts_.back() += static_cast<int64_t>(c);
            continue;
        }
        out.values_.push_back(x);
        out.counts_.push_back(static_cast<int64_t>(c));
    }

    SampleStatistics& s = out.stats_;
    s.non_finite = out.non_finite_;
    s.n = std::accumulate(out.counts_.begin(), out.counts_.end(), int64_t{0});
    if (s.n == 0) {
        s.mean = s.variance = s.stddev = s.min = s.max = std::numeric_limits<double>::quiet_NaN();
        return out;
    }
    const double n = static_cast<double>(s.n);
    double sum = 0;
    for (size_t i = 0; i < out.values_.size(); ++i)
        sum += static_cast<double>(out.counts_[i]) * out.values_[i];
    const double mean = sum / n;
    double m2 = 0, correction = 0;
    for (size_t i = 0; i < out.values_.size(); ++i) {
        const double d = out.values_[i] - mean;
        const double c = static_cast<double>(out.counts_[i]);
        m2 += c * d * d;
        correction += c * d;
    }
    s.mean = mean + correction / n;
    s.variance = std::max(0.0, m2 - correction * correction / n) / n;
    s.stddev = std::sqrt(s.variance);
    s.min = out.values_.front();
    s.max = out.values_.back();
    return out;
}

Histogram HalfValueCounts::histogram(int bins, double lo, double hi) const {
    std::vector<double> edges = Histogram::edges_for(bins, lo, hi);
    const HistogramSlots bins_of(edges);
    std::vector<int64_t> totals(edges.size() + 2, 0);  // bins + 3 slots
    std::vector<int32_t> slot(HistogramSlots::kChunk);
    for (size_t pos = 0; pos < values_.size(); pos += HistogramSlots::kChunk) {
        const size_t m = std::min(HistogramSlots::kChunk, values_.size() - pos);
        bins_of.slots_of(values_.data() + pos, m, slot.data());
        for (size_t j = 0; j < m; ++j) totals[static_cast<size_t>(slot[j])] += counts_[pos + j];
    }
    totals.back() += non_finite_;
    return Histogram::from_slot_counts(std::move(edges), totals);
}

double HalfValueCounts::ks(const Theory& theory) const {
    return KsDistance::of_distinct(values_, counts_, theory);
}

}  // namespace initscope
