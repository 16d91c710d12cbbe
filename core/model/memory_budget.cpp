#include "core/model/memory_budget.h"

#include "core/model/saturating_count.h"
#include "core/schemes/scheme_definition.h"
#include "core/schemes/scheme_registry.h"
#include "core/stats/histogram.h"
#include "core/stats/ks_distance.h"
#include "core/stats/number_format.h"

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <sstream>

namespace initscope {

namespace {

using SC = SaturatingCount;

/// A histogram's own memory per bin: an edge (double) and a count (int64).
constexpr int64_t kHistogramBytesPerBin = 16;
/// Histogram::build_many's scratch per bin while it bins: the slot bounds (2 floats) and, per
/// thread (2), 4 partial uint32 counters and an int64 total.
constexpr int64_t kBinningBytesPerBin = 8 + 2 * (4 * 4 + 8);

int64_t histogram_bytes(int64_t bins) {
    return SC::add(SC::product(bins, kHistogramBytesPerBin), 8);
}

/// The largest working copy `spec` makes while drawing a tensor of `shape` (n values).
int64_t scheme_bytes(const InitSpec& spec, const TensorShape& shape, int64_t n) {
    if (shape.rank() < 2) return 0;  // the bespoke draws that copy need a matrix
    const auto working_bytes = SchemeRegistry::definition(spec.scheme()).working_bytes;
    return working_bytes ? working_bytes(shape, n) : 0;
}

/// Scratch of summarizing one tensor of n values (core/stats/network_summary.cpp, ks_distance.cpp).
int64_t summary_work_bytes(int64_t n) {
    const int64_t binning = SC::product(2 * Histogram::kMaxRuleBins, kBinningBytesPerBin);
    if (n <= KsDistance::kExactLimit)  // sorted floats + two uint32 bucket arrays
        return SC::add(binning, SC::add(SC::product(n, 12), 8));
    // Freedman–Diaconis: a strided subsample of fewer than 2·2^20 floats, freed before binning.
    const int64_t subsample = 4 * (2 * KsDistance::kExactLimit + 1);
    const int64_t fine =
        int64_t{KsDistance::kFineBins} * (kHistogramBytesPerBin + kBinningBytesPerBin);
    return std::max(subsample, SC::add(binning, fine));
}

/// "1.5 GiB": binary units, one decimal.
std::string bytes_text(int64_t bytes) {
    static const char* const units[] = {"bytes", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};
    double value = static_cast<double>(bytes);
    int unit = 0;
    while (value >= 1024.0 && unit < 6) {
        value /= 1024.0;
        ++unit;
    }
    char buffer[48];
    if (unit == 0)
        std::snprintf(buffer, sizeof buffer, "%lld bytes", static_cast<long long>(bytes));
    else
        std::snprintf(buffer, sizeof buffer, "%.1f %s", value, units[unit]);
    return buffer;
}

/// What the peak is made of, for the message: "orthogonal's QR of fc1.weight".
std::string peak_cause(const MemoryBudget::Peak& peak) {
    if (peak.scheme >=
        SC::add(peak.summary_kept, std::max({peak.summary_work, peak.writing, peak.analysis})))
        return peak.scheme_work;
    if (peak.analysis > std::max(peak.summary_work, peak.writing)) return peak.analysis_work;
    if (peak.writing > peak.summary_work) return "the file writers' buffers";
    return "the summary's histograms and sorted copies";
}

}  // namespace

int64_t MemoryBudget::Peak::total() const {
    return SC::add(
        parameters,
        std::max(scheme, SC::add(summary_kept, std::max({summary_work, writing, analysis}))));
}

MemoryBudget::Peak MemoryBudget::peak(const Network& network, const AnalysisMemory& analysis) {
    Peak peak;
    peak.analysis = analysis.bytes;
    peak.analysis_work = analysis.what;
    int64_t count = 0, second_work = 0;
    auto add = [&](const std::string& name, const InitSpec& spec, const TensorShape& shape,
                   int64_t n) {
        count = SC::add(count, n);
        if (const int64_t scheme = scheme_bytes(spec, shape, n); scheme > peak.scheme) {
            peak.scheme = scheme;
            peak.scheme_work = (spec.scheme() == SchemeId::Orthogonal ? "orthogonal's QR of "
                                                                      : "sparse's randperm of ") +
                               name;
        }
        peak.summary_kept =
            SC::add(peak.summary_kept, SC::product(2, histogram_bytes(Histogram::kMaxRuleBins)));
        const int64_t work = summary_work_bytes(n);
        if (work > peak.summary_work) {
            second_work = peak.summary_work;
            peak.summary_work = work;
        } else {
            second_work = std::max(second_work, work);
        }
    };
    for (const Layer& layer : network.layers) {
        add(layer.name + ".weight", layer.weight_init, layer.weight_shape(), layer.weight_count());
        if (layer.bias)
            add(layer.name + ".bias", layer.bias_init, layer.bias_shape(), layer.bias_count());
    }
    // The aggregates: every weight and every bias in one histogram each.
    peak.summary_kept =
        SC::add(peak.summary_kept, SC::product(2, histogram_bytes(Histogram::kMaxRuleBins)));
    peak.parameters = SC::product(count, 4);  // as Network::parameter_count, saturating
    peak.summary_work = SC::add(peak.summary_work, second_work);
    peak.writing = kWriteBufferBytes;
    return peak;
}

int64_t MemoryBudget::available_bytes() const {
    if (available_) return *available_;
    return machine_available_bytes().value_or(SC::kMax);
}

std::optional<std::string> MemoryBudget::problem(const Network& network,
                                                 const AnalysisMemory& analysis) const {
    const int64_t count = network.parameter_count();
    const Peak need = peak(network, analysis);
    if (count == SC::kMax || need.parameters == SC::kMax)
        return "network: its parameters need more than " + bytes_text(SC::kMax) +
               " as float32, more than any machine can hold";
    const std::string head = "network: its " + NumberFormat::grouped(count) + " parameters need " +
                             bytes_text(need.parameters) + " as float32";
    if (need.total() == SC::kMax)
        return head + ", and their work more than " + bytes_text(SC::kMax) +
               " at its peak, more than any machine can hold";
    const int64_t available = available_bytes();
    const int64_t limit = available / 2;
    if (need.total() <= limit) return std::nullopt;
    const std::string tail = ", but only " + bytes_text(available) +
                             " of memory is available (InitScope uses at most half of it)";
    if (need.parameters > limit) return head + tail;
    return head + " and " + bytes_text(need.total()) + " at the peak of the work (" +
           peak_cause(need) + ")" + tail;
}

std::optional<int64_t> MemoryBudget::machine_available_bytes() {
    std::ifstream meminfo("/proc/meminfo");
    std::string line;
    while (std::getline(meminfo, line)) {
        if (line.rfind("MemAvailable:", 0) != 0) continue;
        std::istringstream fields(line.substr(13));
        long long kib = -1;
        fields >> kib;
        if (kib < 0) return std::nullopt;
        return SC::product(kib, 1024);
    }
    return std::nullopt;
}

}  // namespace initscope
