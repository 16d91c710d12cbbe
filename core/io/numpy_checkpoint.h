#pragma once

#include "core/io/checkpoint.h"

#include <QString>

#include <cstdint>
#include <optional>
#include <string>

namespace initscope {

/// NumPy's files as checkpoints: a .npy file is one tensor (named by the file's stem), memory-
/// mapped; a .npz file (np.savez / np.savez_compressed: a zip of NAME.npy entries, read with
/// libzip) is one tensor per entry, named NAME. Any dtype NpyHeader and TensorDtypes know is
/// listed; Fortran order is accepted (the statistics do not depend on the order). Checked before
/// anything is listed: the header, the dtype, an element count that fits 64 bits, and data of
/// exactly shape × dtype bytes. An .npz entry is decompressed into memory: entries that are not
/// .npy, paths with "..", more than kMaxEntries entries, and a total (declared or found while
/// inflating — a zip bomb's declared size lies) beyond half of the available memory
/// (MemoryBudget) are refused; inflating stops at the declared size.
class NumpyCheckpoint {
public:
    static constexpr int64_t kMaxEntries = 100000;

    static std::optional<Checkpoint> open_npy(const QString& path, std::string* error);
    static std::optional<Checkpoint> open_npz(const QString& path, std::string* error);
    /// An .npz with a memory limit of `limit_bytes` for its inflated entries (tests).
    static std::optional<Checkpoint> open_npz(const QString& path, int64_t limit_bytes,
                                              std::string* error);
};

}  // namespace initscope
