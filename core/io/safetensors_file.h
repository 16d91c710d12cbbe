#pragma once

#include "core/io/checkpoint.h"

#include <QString>

#include <cstdint>
#include <optional>
#include <string>

namespace initscope {

/// Hugging Face's safetensors format (https://github.com/huggingface/safetensors):
///   8 bytes   N, the header's length, unsigned little-endian
///   N bytes   a JSON object {name: {"dtype": "F32", "shape": [..], "data_offsets": [b, e]}, …,
///             "__metadata__": {string: string}} (optional), padded with spaces
///   the rest  the data region: tensor `name` is bytes [b, e) of it
/// A sharded model lists its shards in model.safetensors.index.json:
///   {"metadata": {...}, "weight_map": {tensor name: shard file name}}; every shard is a plain
///   file name in the index's folder.
/// Everything is checked before a tensor is listed (the format's own rules, as the reference
/// implementation enforces them): N ≤ 100,000,000 and within the file, the header is JSON with
/// no key twice, each dtype known, each shape a list of integers ≥ 0 whose element count fits
/// 64 bits, each e − b = elements × dtype size, 0 ≤ b ≤ e ≤ the data region, no two tensors'
/// bytes overlap. Errors are one line naming the tensor or byte offset.
class SafetensorsFile {
public:
    /// The format's cap on the header (the reference implementation's MAX_HEADER_SIZE).
    static constexpr int64_t kMaxHeaderBytes = 100'000'000;
    /// The most an index file may hold (it lists names and shard names only).
    static constexpr int64_t kMaxIndexBytes = 64 << 20;

    static std::optional<Checkpoint> open(const QString& path, std::string* error);
    static std::optional<Checkpoint> open_sharded(const QString& index_path, std::string* error);

private:
    /// Maps `path` and appends its tensors (and metadata) to `checkpoint`; false with `*error`.
    static bool read_into(const QString& path, Checkpoint& checkpoint, std::string* error);
};

}  // namespace initscope
