#pragma once

#include "core/io/tensor_dtype.h"

#include <QString>

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

class QFile;

namespace initscope {

/// One tensor of a trained model's checkpoint: its name as the file spells it
/// ("model.layers.0.mlp.up_proj.weight"), its dtype and shape, and its bytes (little-endian, C
/// order), which point into the checkpoint's memory-mapped file — nothing is copied.
struct CheckpointTensor {
    std::string name;
    TensorDtype dtype = TensorDtype::F32;
    std::vector<int64_t> shape;
    int64_t numel = 0;
    std::span<const unsigned char> bytes;  ///< numel · size(dtype) bytes
    std::string file;                      ///< the file (shard) it is stored in
};

/// A trained model's weights, opened for reading: every tensor's name, dtype and shape from the
/// file's header at once, the data memory-mapped (read only when a tensor is analysed). Open
/// with SafetensorsFile (a .safetensors file, or a sharded model's
/// model.safetensors.index.json) NumpyCheckpoint (.npy, .npz) or TorchCheckpoint (.pt, .pth: a
/// restricted unpickler). Every reader validates everything it maps — header length, JSON, dtypes,
/// shapes whose element count overflows, offsets out of range or overlapping, byte counts that do
/// not match shape × dtype — and fails with one line naming the tensor or the byte offset; it never
/// runs anything from the file.
class Checkpoint {
public:
    Checkpoint();
    ~Checkpoint();
    Checkpoint(Checkpoint&&) noexcept;
    Checkpoint& operator=(Checkpoint&&) noexcept;

    /// Opens `path` by its kind: "*.safetensors", "*.safetensors.index.json", "*.npy", "*.npz",
    /// "*.pt", "*.pth". On failure nullopt and `*error` = "PATH: REASON".
    static std::optional<Checkpoint> open(const QString& path, std::string* error);

    const std::vector<CheckpointTensor>& tensors() const { return tensors_; }
    /// The file's free-form metadata (safetensors' "__metadata__"), key → value.
    const std::map<std::string, std::string>& metadata() const { return metadata_; }
    /// "safetensors", "safetensors (4 shards)".
    const std::string& format() const { return format_; }

    /// How every reader refuses a file: "PATH: REASON" (the path escaped by QuotedText).
    static std::string refusal(const QString& path, const std::string& reason);
    /// The element count of `shape`, or nullopt when it (or the product of a prefix of it: the
    /// reader would overflow while walking it) does not fit 64 bits.
    static std::optional<int64_t> element_count(const std::vector<int64_t>& shape);

    /// Drops the pages of `bytes` (a tensor's, or part of one) from the process's resident
    /// memory when they lie in a file the checkpoint mapped (keep_mapped with its range):
    /// madvise(MADV_DONTNEED) on the pages they touch, which stay in the page cache and are read
    /// again, unchanged, on the next access. Does nothing for other bytes (inflated entries), so
    /// a pass over a 16 GB model holds only what it reads at the moment.
    void release(std::span<const unsigned char> bytes) const;

    /// For the readers: keeps `file` (mapped) alive as long as the checkpoint; adds tensors.
    void keep_mapped(std::unique_ptr<QFile> file);
    /// The same, with the range `file` maps (from QFile::map at offset 0), for release().
    void keep_mapped(std::unique_ptr<QFile> file, std::span<const unsigned char> mapped);
    /// Keeps inflated bytes (an .npz entry) alive as long as the checkpoint.
    void keep_buffer(std::shared_ptr<const std::vector<unsigned char>> bytes);
    std::vector<CheckpointTensor>& tensors() { return tensors_; }
    std::map<std::string, std::string>& metadata() { return metadata_; }
    void set_format(std::string format) { format_ = std::move(format); }

private:
    std::vector<std::unique_ptr<QFile>> mapped_;
    std::vector<std::span<const unsigned char>> mapped_ranges_;
    std::vector<std::shared_ptr<const std::vector<unsigned char>>> buffers_;
    std::vector<CheckpointTensor> tensors_;
    std::map<std::string, std::string> metadata_;
    std::string format_;
};

}  // namespace initscope
