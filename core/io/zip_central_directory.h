#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

namespace initscope {

/// Where each entry's data lies in a zip archive's bytes: the central directory (zip64
/// included) read from the end of the file, and each entry's local header for the offset of its
/// data (APPNOTE.TXT 4.3). Only what ZipArchive::stored_bytes needs to map a stored entry in
/// place; libzip reads and checks the archive itself, and ZipArchive checks these offsets
/// against it. Every field is bounds-checked: a damaged or hostile file gives nullopt.
class ZipCentralDirectory {
public:
    struct Record {
        std::string name;
        uint16_t method = 0;  ///< 0 stored, 8 deflated, …
        uint16_t flags = 0;   ///< bit 0: encrypted
        uint64_t compressed_size = 0, size = 0;
        uint64_t data_offset = 0;  ///< the entry's first data byte in the file
    };

    /// The records in central-directory order, or nullopt when the directory or a local header
    /// cannot be read within `file`, or a record's data runs past its end.
    static std::optional<std::vector<Record>> read(std::span<const unsigned char> file);
};

}  // namespace initscope
