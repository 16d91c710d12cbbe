#pragma once

#include "core/model/tensor.h"

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
    /// Writes `tensor` to `path` atomically (AtomicFileWriter: the file appears complete or not at all).
    /// Returns an error line "<path>: cannot write: <reason>", or nullopt on success.
    static std::optional<std::string> write(const QString& path, const Tensor& tensor);

    /// The .npy bytes of `tensor` (header and data).
    static QByteArray encode(const Tensor& tensor);

    /// Reads a float32 .npy file written by write() or NumPy ('<f4', C order, version 1.0–3.0).
    /// On failure returns nullopt and sets `error` (when given) to "<path>: <reason>".
    static std::optional<Tensor> read(const QString& path, std::string* error = nullptr);
    static std::optional<Tensor> decode(const QByteArray& bytes, std::string* error = nullptr);

    /// The header dict text for a shape, e.g. "{'descr': '<f4', 'fortran_order': False,
    /// 'shape': (100,), }" (without padding).
    static std::string header_dict(const TensorShape& shape);
};

}  // namespace initscope
