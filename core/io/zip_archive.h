#pragma once

#include <QString>

#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

namespace initscope {

/// A zip archive opened for reading with libzip (Debian's libzip-dev): the entries' names and
/// declared sizes, and an entry's bytes inflated into memory, never more than its declared size
/// (a stream that inflates further — a zip bomb whose headers lie — is refused), or, for a
/// stored entry, found in place in the memory-mapped file. The .npz and .pt readers use it.
class ZipArchive {
public:
    struct Entry {
        std::string name;
        uint64_t size = 0;  ///< declared uncompressed size
    };

    ~ZipArchive();
    ZipArchive(ZipArchive&&) noexcept;
    ZipArchive& operator=(ZipArchive&&) noexcept;

    /// Opens `path` (a regular file). Nullopt with `*error` = the reason (no path prefix).
    static std::optional<ZipArchive> open(const QString& path, std::string* error);

    const std::vector<Entry>& entries() const { return entries_; }
    /// The index of the entry named `name`, or −1.
    int64_t find(const std::string& name) const;
    /// Entry `index` inflated: exactly its declared size, or nullopt with `*error` (one line
    /// naming the entry).
    std::optional<std::vector<unsigned char>> read(int64_t index, std::string* error) const;
    /// For every entry, its bytes in place when it is stored (not compressed, not encrypted:
    /// what torch.save and np.savez write): the span of `file` — the archive's whole file,
    /// memory-mapped by the caller — that holds them, located by ZipCentralDirectory and checked
    /// against libzip (the same name, method and sizes, and the same first and last bytes as
    /// libzip reads). Nullopt for an entry that is compressed or does not check out: read() it.
    /// Stored bytes are not checked against the entry's CRC (that would read them all).
    std::vector<std::optional<std::span<const unsigned char>>> stored_bytes(
        std::span<const unsigned char> file) const;

private:
    ZipArchive() = default;
    struct Handle;
    std::unique_ptr<Handle> handle_;
    std::vector<Entry> entries_;
};

}  // namespace initscope
