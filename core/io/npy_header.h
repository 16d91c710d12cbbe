#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace initscope {

/// The header of a NumPy .npy file (format versions 1.0, 2.0 and 3.0): the magic "\x93NUMPY",
/// the version, the header length (uint16 little-endian for 1.0, uint32 for 2.0/3.0) and the
/// Python dict text {'descr': '<f4', 'fortran_order': False, 'shape': (3, 4), }. The one parser
/// of .npy headers: NpyFile (float32 tensors) and the checkpoint readers (.npy, .npz) read it.
struct NpyHeader {
    std::string descr;  ///< "<f4", "<f2", "|b1", … as written
    bool fortran_order = false;
    std::vector<int64_t> shape;
    size_t data_offset = 0;  ///< where the data starts in the file

    /// Parses the first `size` bytes of a .npy file. Nullopt with `*error` (one line: "not a .npy
    /// file (no \x93NUMPY magic)", "unsupported .npy version 4", "truncated header", "no shape in
    /// the header", "no descr in the header", …) when it is not a well-formed header.
    static std::optional<NpyHeader> parse(const unsigned char* bytes, size_t size,
                                          std::string* error);
};

}  // namespace initscope
