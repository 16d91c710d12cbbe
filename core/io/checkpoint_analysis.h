#pragma once

#include "core/io/checkpoint.h"
#include "core/stats/histogram.h"
#include "core/stats/init_fingerprint.h"
#include "core/stats/sample_statistics.h"

#include <QByteArray>

#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace initscope {

/// What InitScope says about one tensor of a checkpoint: its statistics and 40-bin histogram
/// (numpy's bins over [min, max]) and its InitFingerprint, computed from float32 values
/// (TensorDtypes::to_float) chunk by chunk (ChunkedAnalysis). A bias (rank 1) takes the fans of its
/// weight: the tensor named like it with "weight" for its last "bias" ("model.fc1.bias" →
/// "model.fc1.weight"). Tensors of other dtypes (ints, bool) are listed without statistics.
struct CheckpointTensorAnalysis {
    const CheckpointTensor* tensor = nullptr;
    bool analysed = false;  ///< false for dtypes that are not analysed
    TensorContext context;
    SampleStatistics stats;
    Histogram histogram;
    InitFingerprint fingerprint;
};

class CheckpointAnalysis {
public:
    static constexpr int kHistogramBins = 40;

    /// Every tensor of `checkpoint`, in its order. `progress(done, total)` (total: the tensors'
    /// elements) is polled on the calling thread after every chunk of a tensor and after each
    /// tensor; returning false stops within about one chunk (ChunkedAnalysis), and the result is
    /// nullopt.
    static std::optional<std::vector<CheckpointTensorAnalysis>> analyse(
        const Checkpoint& checkpoint,
        const std::function<bool(int64_t done, int64_t total)>& progress = {});
    /// One tensor, read chunk by chunk from its mapped bytes (ChunkedAnalysis).
    static CheckpointTensorAnalysis analyse_one(const Checkpoint& checkpoint,
                                                const CheckpointTensor& tensor);
    /// The same, polling `progress(done, total)` (total: the tensor's elements) after every
    /// chunk: nullopt when it returned false.
    static std::optional<CheckpointTensorAnalysis> analyse_one(
        const Checkpoint& checkpoint, const CheckpointTensor& tensor,
        const std::function<bool(int64_t done, int64_t total)>& progress);

    /// The --stats JSON of a checkpoint: {"file", "format", "metadata", "tensors": [{"layer"
    /// (the tensor's name), "tensor": "weight"|"bias"|"other", "dtype", "shape", "n", "mean",
    /// "std", "var", "min", "max", "non_finite", "fingerprint": [{"scheme", "ks", "theory_std",
    /// "std_ratio"}…], "fit": {"normal": {"mean", "std", "ks"}, "uniform": {"a", "b", "ks"}}}]}.
    static QByteArray statistics_json(const Checkpoint& checkpoint, const std::string& file,
                                      const std::vector<CheckpointTensorAnalysis>& analyses);
    /// One line per tensor for the terminal: name, dtype, shape, n, mean, std, best scheme and KS.
    static std::string table(const std::vector<CheckpointTensorAnalysis>& analyses);
};

}  // namespace initscope
