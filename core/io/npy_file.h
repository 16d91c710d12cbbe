#pragma once

#include "core/model/tensor.h"

#include <QIODevice>
#include <QString>

#include <optional>
#include <string>

namespace initscope {

/// NumPy's .npy format, version 1.0, for float32 tensors: magic "\x93NUMPY", version 1.0, a
/// little-endian uint16 header length, then the header dict
/// "{'descr': '<f4', 'fortran_order': False, 'shape': (out, in), }" padded with spaces and a final
/// '\n' so that the data starts at a multiple of 64 bytes, then the values little-endian in C
/// order. np.load(path) gives an array equal to the PyTorch tensor (same shape, same bits).
class NpyFile {
public:
    /// The values go out in chunks of this many floats (256 KiB): the most stream() holds
    /// beside the tensor (on big-endian hosts; on little-endian ones it copies nothing).
    static constexpr int64_t kChunkValues = 65536;

    /// Writes `tensor` to `path` atomically (AtomicFileWriter: the file appears complete or not
    /// at all), streamed. Returns an error line "<path>: cannot write: <reason>", or nullopt.
    static std::optional<std::string> write(const QString& path, const Tensor& tensor);
    /// Streams the .npy bytes of `tensor` into `device`: header(), then the values straight from
    /// the tensor, kChunkValues at a time, without a copy of the whole tensor. Returns the
    /// device's reason when a write comes up short, or nullopt.
    static std::optional<std::string> stream(QIODevice& device, const Tensor& tensor);

    /// The .npy bytes of `tensor` (header and data) in memory, as stream() writes them.
    static QByteArray encode(const Tensor& tensor);
    /// The bytes before the data: magic, version 1.0, header length, the padded header dict.
    static std::string header(const TensorShape& shape);

    /// Reads a float32 .npy file written by write() or NumPy ('<f4', C order, version 1.0–3.0).
    /// On failure returns nullopt and sets `error` (when given) to "<path>: <reason>".
    static std::optional<Tensor> read(const QString& path, std::string* error = nullptr);
    /// The largest .npy file read() accepts (a QByteArray holds at most ~2 GiB).
    static constexpr int64_t kMaxReadBytes = int64_t(1) << 30;
    static std::optional<Tensor> decode(const QByteArray& bytes, std::string* error = nullptr);

    /// The header dict text for a shape, e.g. "{'descr': '<f4', 'fortran_order': False,
    /// 'shape': (100,), }" (without padding).
    static std::string header_dict(const TensorShape& shape);
};

}  // namespace initscope
