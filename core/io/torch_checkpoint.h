#pragma once

#include "core/io/checkpoint.h"

#include <QString>

#include <cstdint>
#include <optional>
#include <string>

namespace initscope {

/// PyTorch's .pt / .pth files (torch.save since 1.6: a zip holding ARCHIVE/data.pkl and one
/// ARCHIVE/data/KEY entry per storage), read with ZipArchive and TorchPickle — a restricted
/// unpickler that never runs code. Every tensor of the pickled dict (state_dicts nested in a
/// dict are named "model.fc1.weight") is listed when it is contiguous in its storage; its
/// storage must be an entry of exactly numel × dtype bytes. A stored storage entry (torch.save
/// does not compress) is read in place from the memory-mapped file (ZipArchive::stored_bytes);
/// a compressed one is inflated into memory once, at most `limit_bytes` (half of the available
/// memory, MemoryBudget) for all of them. Errors are one line naming the tensor, the entry or
/// the pickle's byte offset.
class TorchCheckpoint {
public:
    /// The most data.pkl may hold (it lists names and shapes only).
    static constexpr int64_t kMaxPickleBytes = 64 << 20;

    static std::optional<Checkpoint> open(const QString& path, std::string* error);
    static std::optional<Checkpoint> open(const QString& path, int64_t limit_bytes,
                                          std::string* error);
};

}  // namespace initscope
