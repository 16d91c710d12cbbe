#pragma once

#include "core/io/checkpoint.h"
#include "core/io/checkpoint_analysis.h"

#include <QString>

#include <memory>
#include <vector>

namespace initscope {

/// A trained model's checkpoint as the window holds it: the file, its tensors (listed from the
/// header at once) and each tensor's CheckpointAnalysis as the WeightsWorker delivers it.
struct OpenedCheckpoint {
    QString path;
    std::shared_ptr<const Checkpoint> checkpoint;
    /// One per tensor of checkpoint->tensors(), in its order; null until analysed. Each points
    /// into `checkpoint` (CheckpointTensorAnalysis::tensor), which lives as long as this.
    std::vector<std::shared_ptr<const CheckpointTensorAnalysis>> analyses;

    int tensor_count() const { return checkpoint ? int(checkpoint->tensors().size()) : 0; }
    const CheckpointTensor& tensor(int index) const { return checkpoint->tensors()[size_t(index)]; }
    /// The tensor's analysis, or nullptr while it is not analysed (or out of range).
    const CheckpointTensorAnalysis* analysis(int index) const {
        if (index < 0 || index >= int(analyses.size())) return nullptr;
        return analyses[size_t(index)].get();
    }
};

}  // namespace initscope
