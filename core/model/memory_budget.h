#pragma once

#include "core/model/network.h"

#include <cstdint>
#include <optional>
#include <string>

namespace initscope {

/// What the analyses a run asks for (the probe, the spectra) need beside the summary, in bytes,
/// and what that is ("the probe's batch"); see MemoryBudget::Peak::analysis.
struct AnalysisMemory {
    int64_t bytes = 0;
    std::string what;
};

/// How much memory InitScope may use for the work on one network, and what that work needs at
/// its peak. The one memory policy of the program: the command line checks it before it
/// materializes, the document before it accepts an edit, the summary worker before it computes.
///
/// Policy: the peak of the work (peak().total()) must be at most half of the available memory
/// (MemAvailable from /proc/meminfo, read at each check), so that the rest of the machine keeps
/// room too. Memory already in use (the network on screen while its successor is computed) is
/// not in MemAvailable, so it is not counted again.
class MemoryBudget {
public:
    /// What writing the files needs beside the parameters: one chunk of the streamed .npy
    /// writer (NpyFile::kChunkValues floats, 256 KiB) and the file's buffer, rounded up.
    static constexpr int64_t kWriteBufferBytes = 512 * 1024;

    /// What the work on one network needs at its peak, in bytes; every figure saturates at
    /// INT64_MAX. The work runs in three stages, each with the parameters alive:
    /// 1. materialize: + the largest working copy one scheme makes while it draws;
    /// 2. summarize: + the histograms the summary keeps + its largest scratch;
    /// 3. write: + the histograms kept + the writers' buffers (the .npy writer streams each tensor
    ///    from its own memory, so no tensor is copied).
    struct Peak {
        int64_t parameters = 0;  ///< the float32 parameters, 4 bytes each
        /// Stage 1: orthogonal's double-precision QR (see scheme_bytes), sparse's randperm.
        int64_t scheme = 0;
        std::string scheme_work;  ///< "orthogonal's QR of fc1.weight"; "" for none
        /// Kept from stage 2 on: per tensor its display histogram and its share of the aggregate,
        /// at most Histogram::kMaxRuleBins bins each (the bin rules' cap; the options are not
        /// known here), 16 bytes per bin (an edge and a count).
        int64_t summary_kept = 0;
        /// Stage 2 scratch: the two largest tensors' (the summary works on up to two at once)
        /// sorted copy and bucket arrays for the exact KS distance (12 bytes per value up to
        /// KsDistance::kExactLimit), or above that the larger of the Freedman–Diaconis subsample
        /// and the fine KS histogram, plus the histograms' per-thread counters while binning.
        int64_t summary_work = 0;
        /// Stage 3: the file writers' buffers, kWriteBufferBytes whatever the network (the .npy
        /// writer's chunk and the file's own buffer).
        int64_t writing = 0;
        /// Beside stage 2 or 3, when asked for: the probe's and the spectra's working memory
        /// (Probe::working_bytes, WeightSpectrumAnalysis::working_bytes), as the caller counts it.
        int64_t analysis = 0;
        std::string analysis_work;  ///< "the probe's batch"; "" for none

        /// parameters + max(scheme, summary_kept + max(summary_work, writing, analysis)).
        int64_t total() const;
    };
    static Peak peak(const Network& network, const AnalysisMemory& analysis = {});

    /// The budget of this machine: MemAvailable read at each check.
    MemoryBudget() = default;
    /// A budget with `available_bytes` of free memory (tests, other platforms).
    explicit MemoryBudget(int64_t available_bytes) : available_(available_bytes) {}

    /// The available memory: as given, or MemAvailable now; INT64_MAX when it cannot be read
    /// (then only counts too large for 64 bits are refused).
    int64_t available_bytes() const;
    /// Half of available_bytes(): the most the work on one network may use.
    int64_t limit_bytes() const { return available_bytes() / 2; }

    /// Why this budget cannot hold the work on `network`, or nullopt. When the parameters alone
    /// do not fit: "network: its 10,000,000,000 parameters need 37.3 GiB as float32, but only
    /// 11.5 GiB of memory is available (InitScope uses at most half of it)"; when only the peak
    /// does not, the same with "… as float32 and 80.1 GiB at the peak of the work (orthogonal's
    /// QR of fc1.weight), but only …". Nothing is allocated: counts alone decide.
    std::optional<std::string> problem(const Network& network,
                                       const AnalysisMemory& analysis = {}) const;

    /// MemAvailable from /proc/meminfo, in bytes; nullopt when it cannot be read.
    static std::optional<int64_t> machine_available_bytes();

private:
    std::optional<int64_t> available_;  ///< nullopt: this machine's MemAvailable
};

}  // namespace initscope
