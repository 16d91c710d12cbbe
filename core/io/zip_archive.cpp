#include "core/io/zip_archive.h"

#include "core/io/zip_central_directory.h"
#include "core/model/quoted_text.h"

#include <QFile>
#include <QFileInfo>

#include <zip.h>

#include <algorithm>
#include <cstring>

namespace initscope {

struct ZipArchive::Handle {
    zip_t* archive = nullptr;
    ~Handle() {
        if (archive) zip_discard(archive);
    }
};

ZipArchive::~ZipArchive() = default;
ZipArchive::ZipArchive(ZipArchive&&) noexcept = default;
ZipArchive& ZipArchive::operator=(ZipArchive&&) noexcept = default;

std::optional<ZipArchive> ZipArchive::open(const QString& path, std::string* error) {
    const QFileInfo info(path);
    if (!info.exists()) {
        *error = "no such file";
        return std::nullopt;
    }
    if (!info.isFile()) {
        *error = "not a regular file";
        return std::nullopt;
    }
    int code = 0;
    zip_t* archive =
        zip_open(QFile::encodeName(path).constData(), ZIP_RDONLY | ZIP_CHECKCONS, &code);
    if (!archive) {
        zip_error_t zip_error;
        zip_error_init_with_code(&zip_error, code);
        *error = std::string("not a readable zip archive: ") + zip_error_strerror(&zip_error);
        zip_error_fini(&zip_error);
        return std::nullopt;
    }
    ZipArchive result;
    result.handle_ = std::make_unique<Handle>();
    result.handle_->archive = archive;
    const zip_int64_t count = zip_get_num_entries(archive, 0);
    for (zip_int64_t i = 0; i < count; ++i) {
        zip_stat_t stat;
        if (zip_stat_index(archive, zip_uint64_t(i), 0, &stat) != 0 ||
            !(stat.valid & ZIP_STAT_SIZE) || !(stat.valid & ZIP_STAT_NAME)) {
            *error = "entry " + std::to_string(i) + " cannot be read";
            return std::nullopt;
        }
        result.entries_.push_back({stat.name, stat.size});
    }
    return result;
}

int64_t ZipArchive::find(const std::string& name) const {
    for (size_t i = 0; i < entries_.size(); ++i)
        if (entries_[i].name == name) return int64_t(i);
    return -1;
}

std::optional<std::vector<unsigned char>> ZipArchive::read(int64_t index,
                                                           std::string* error) const {
    const Entry& entry = entries_[size_t(index)];
    const std::string where = "entry '" + QuotedText::shown(entry.name) + "'";
    zip_file_t* file = zip_fopen_index(handle_->archive, zip_uint64_t(index), 0);
    if (!file) {
        *error = where + " cannot be opened: " + zip_strerror(handle_->archive);
        return std::nullopt;
    }
    // One byte more than declared: a stream that goes on past its declared size is refused.
    std::vector<unsigned char> bytes(size_t(entry.size) + 1);
    uint64_t got = 0;
    while (got < bytes.size()) {
        const zip_int64_t n = zip_fread(file, bytes.data() + got, bytes.size() - got);
        if (n < 0) {
            *error = where + " is damaged: " + zip_file_strerror(file);
            zip_fclose(file);
            return std::nullopt;
        }
        if (n == 0) break;
        got += uint64_t(n);
    }
    zip_fclose(file);
    if (got != entry.size) {
        *error =
            where + " inflates to " +
            (got > entry.size ? std::string("more than") : std::to_string(got) + " bytes, not") +
            " its declared " + std::to_string(entry.size) + " bytes";
        return std::nullopt;
    }
    bytes.pop_back();
    return bytes;
}

namespace {

/// Whether libzip reads `expected` (≤ 64 bytes) at `offset` of an entry it has open (offset 0:
/// where it stands; another offset is sought first).
bool reads_as(zip_file_t* file, uint64_t offset, std::span<const unsigned char> expected) {
    if (offset > 0 && zip_fseek(file, zip_int64_t(offset), SEEK_SET) != 0) return false;
    unsigned char got[64];
    size_t have = 0;
    while (have < expected.size()) {
        const zip_int64_t n = zip_fread(file, got + have, expected.size() - have);
        if (n <= 0) return false;
        have += size_t(n);
    }
    return std::memcmp(got, expected.data(), expected.size()) == 0;
}

}  // namespace

std::vector<std::optional<std::span<const unsigned char>>> ZipArchive::stored_bytes(
    std::span<const unsigned char> file) const {
    std::vector<std::optional<std::span<const unsigned char>>> result(entries_.size());
    const std::optional<std::vector<ZipCentralDirectory::Record>> records =
        ZipCentralDirectory::read(file);
    if (!records || records->size() != entries_.size()) return result;
    for (size_t i = 0; i < entries_.size(); ++i) {
        const ZipCentralDirectory::Record& record = (*records)[i];
        zip_stat_t stat;
        if (zip_stat_index(handle_->archive, zip_uint64_t(i), 0, &stat) != 0) continue;
        const bool stored =
            (stat.valid & ZIP_STAT_COMP_METHOD) && stat.comp_method == ZIP_CM_STORE &&
            (stat.valid & ZIP_STAT_ENCRYPTION_METHOD) && stat.encryption_method == ZIP_EM_NONE &&
            (stat.valid & ZIP_STAT_COMP_SIZE) && stat.comp_size == stat.size;
        if (!stored || record.name != entries_[i].name || record.method != 0 ||
            (record.flags & 1) || record.size != entries_[i].size ||
            record.compressed_size != entries_[i].size)
            continue;
        const std::span<const unsigned char> bytes =
            file.subspan(size_t(record.data_offset), size_t(record.size));
        const size_t edge = std::min<size_t>(bytes.size(), 64);
        zip_file_t* entry = zip_fopen_index(handle_->archive, zip_uint64_t(i), 0);
        if (!entry) continue;
        const bool same =
            reads_as(entry, 0, bytes.first(edge)) &&
            (bytes.size() == edge || reads_as(entry, bytes.size() - edge, bytes.last(edge)));
        zip_fclose(entry);
        if (same) result[i] = bytes;
    }
    return result;
}

}  // namespace initscope
