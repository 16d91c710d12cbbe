#include "core/io/zip_central_directory.h"

namespace initscope {

namespace {

constexpr uint32_t kEndSignature = 0x06054b50, kZip64EndSignature = 0x06064b50;
constexpr uint32_t kZip64LocatorSignature = 0x07064b50;
constexpr uint32_t kCentralSignature = 0x02014b50, kLocalSignature = 0x04034b50;
constexpr uint64_t kEndSize = 22, kCentralSize = 46, kLocalSize = 30;

/// Little-endian reads of `width` bytes at `at`, failing (false) past the end.
class Reader {
public:
    explicit Reader(std::span<const unsigned char> bytes) : bytes_(bytes) {}
    bool fits(uint64_t at, uint64_t width) const {
        return at <= bytes_.size() && width <= bytes_.size() - at;
    }
    uint64_t le(uint64_t at, int width) const {
        uint64_t v = 0;
        for (int i = width; i-- > 0;) v = (v << 8) | bytes_[size_t(at) + size_t(i)];
        return v;
    }

private:
    std::span<const unsigned char> bytes_;
};

/// The zip64 extended-information extra field (id 1) of a central record: replaces each of
/// size, compressed size and local offset that is 0xFFFFFFFF, in that order.
bool apply_zip64_extra(const Reader& r, uint64_t extra, uint64_t extra_size, uint64_t& size,
                       uint64_t& compressed, uint64_t& local) {
    const uint64_t end = extra + extra_size;
    for (uint64_t at = extra; at + 4 <= end;) {
        const uint64_t id = r.le(at, 2), length = r.le(at + 2, 2);
        if (at + 4 + length > end) return false;
        if (id == 1) {
            uint64_t field = at + 4;
            for (uint64_t* value : {&size, &compressed, &local}) {
                if (*value != 0xFFFFFFFFu) continue;
                if (field + 8 > at + 4 + length) return false;
                *value = r.le(field, 8);
                field += 8;
            }
            return true;
        }
        at += 4 + length;
    }
    return size != 0xFFFFFFFFu && compressed != 0xFFFFFFFFu && local != 0xFFFFFFFFu;
}

}  // namespace

std::optional<std::vector<ZipCentralDirectory::Record>> ZipCentralDirectory::read(
    std::span<const unsigned char> file) {
    const Reader r(file);
    const uint64_t n = file.size();
    if (n < kEndSize) return std::nullopt;
    // The end record: the last signature whose comment runs exactly to the end of the file.
    uint64_t end = 0;
    bool found = false;
    for (uint64_t at = n - kEndSize + 1; at-- > (n > kEndSize + 65535 ? n - kEndSize - 65535 : 0);)
        if (r.le(at, 4) == kEndSignature && at + kEndSize + r.le(at + 20, 2) == n) {
            end = at;
            found = true;
            break;
        }
    if (!found) return std::nullopt;
    uint64_t entries = r.le(end + 10, 2), directory_size = r.le(end + 12, 4),
             directory = r.le(end + 16, 4);
    if (entries == 0xFFFF || directory_size == 0xFFFFFFFFu || directory == 0xFFFFFFFFu) {
        if (end < 20 || r.le(end - 20, 4) != kZip64LocatorSignature) return std::nullopt;
        const uint64_t end64 = r.le(end - 20 + 8, 8);
        if (!r.fits(end64, 56) || r.le(end64, 4) != kZip64EndSignature) return std::nullopt;
        entries = r.le(end64 + 32, 8);
        directory_size = r.le(end64 + 40, 8);
        directory = r.le(end64 + 48, 8);
    }
    if (!r.fits(directory, directory_size) || entries > directory_size / kCentralSize)
        return std::nullopt;
    std::vector<Record> records;
    records.reserve(size_t(entries));
    uint64_t at = directory;
    for (uint64_t e = 0; e < entries; ++e) {
        if (!r.fits(at, kCentralSize) || r.le(at, 4) != kCentralSignature) return std::nullopt;
        Record record;
        record.flags = uint16_t(r.le(at + 8, 2));
        record.method = uint16_t(r.le(at + 10, 2));
        record.compressed_size = r.le(at + 20, 4);
        record.size = r.le(at + 24, 4);
        const uint64_t name_size = r.le(at + 28, 2), extra_size = r.le(at + 30, 2),
                       comment_size = r.le(at + 32, 2);
        uint64_t local = r.le(at + 42, 4);
        if (!r.fits(at + kCentralSize, name_size + extra_size + comment_size)) return std::nullopt;
        record.name.assign(reinterpret_cast<const char*>(file.data() + at + kCentralSize),
                           size_t(name_size));
        if (!apply_zip64_extra(r, at + kCentralSize + name_size, extra_size, record.size,
                               record.compressed_size, local))
            return std::nullopt;
        if (!r.fits(local, kLocalSize) || r.le(local, 4) != kLocalSignature) return std::nullopt;
        const uint64_t local_extra = r.le(local + 26, 2) + r.le(local + 28, 2);
        record.data_offset = local + kLocalSize + local_extra;
        if (!r.fits(record.data_offset, record.compressed_size)) return std::nullopt;
        records.push_back(std::move(record));
        at += kCentralSize + name_size + extra_size + comment_size;
    }
    return records;
}

}  // namespace initscope
