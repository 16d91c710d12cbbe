#include "core/io/torch_checkpoint.h"

#include "core/io/torch_pickle.h"
#include "core/io/zip_archive.h"
#include "core/model/memory_budget.h"
#include "core/model/quoted_text.h"

#include <QFile>
#include <QFileInfo>

#include <limits>
#include <map>
#include <memory>

namespace initscope {

namespace {

std::optional<Checkpoint> fail(std::string* error, const QString& path, const std::string& reason) {
    if (error) *error = Checkpoint::refusal(path, reason);
    return std::nullopt;
}

/// Whether `stride` is the C-contiguous stride of `shape` (dimensions of size 1 may have any).
bool contiguous(const std::vector<int64_t>& shape, const std::vector<int64_t>& stride) {
    int64_t expected = 1;
    for (size_t i = shape.size(); i-- > 0;) {
        if (shape[i] != 1 && stride[i] != expected) return false;
        expected *= shape[i];
    }
    return true;
}

}  // namespace

std::optional<Checkpoint> TorchCheckpoint::open(const QString& path, std::string* error) {
    return open(path, MemoryBudget().limit_bytes(), error);
}

std::optional<Checkpoint> TorchCheckpoint::open(const QString& path, int64_t limit_bytes,
                                                std::string* error) {
    std::string reason;
    const std::optional<ZipArchive> archive = ZipArchive::open(path, &reason);
    if (!archive)
        return fail(
            error, path,
            reason + " (only zip-format .pt files, torch.save since PyTorch 1.6, are read)");
    int64_t pickle = -1;
    for (size_t i = 0; i < archive->entries().size(); ++i) {
        const std::string& name = archive->entries()[i].name;
        if (name == "data.pkl" ||
            (name.size() > 9 && name.ends_with("/data.pkl") && name.find('/') == name.size() - 9)) {
            if (pickle >= 0) return fail(error, path, "two data.pkl entries");
            pickle = int64_t(i);
        }
    }
    if (pickle < 0) return fail(error, path, "no data.pkl entry: not a PyTorch checkpoint");
    const ZipArchive::Entry& pickle_entry = archive->entries()[size_t(pickle)];
    if (pickle_entry.size > uint64_t(kMaxPickleBytes))
        return fail(error, path, "data.pkl is larger than 64 MiB");
    const std::string prefix = pickle_entry.name.substr(0, pickle_entry.name.size() - 8);
    const std::optional<std::vector<unsigned char>> pickle_bytes = archive->read(pickle, &reason);
    if (!pickle_bytes) return fail(error, path, reason);
    const std::optional<std::vector<TorchPickle::TensorRecord>> records =
        TorchPickle::tensors(*pickle_bytes, &reason);
    if (!records) return fail(error, path, reason);

    // Stored entries (torch.save writes them so) are read in place from the mapped file.
    auto mapped = std::make_unique<QFile>(path);
    const unsigned char* file_bytes = nullptr;
    if (mapped->open(QIODevice::ReadOnly) && mapped->size() > 0)
        file_bytes = mapped->map(0, mapped->size());
    const std::vector<std::optional<std::span<const unsigned char>>> in_place =
        file_bytes
            ? archive->stored_bytes({file_bytes, size_t(mapped->size())})
            : std::vector<std::optional<std::span<const unsigned char>>>(archive->entries().size());

    // Check every tensor against its storage entry before inflating anything.
    std::map<std::string, int64_t> storage_entry;  // key → entry index
    int64_t declared = 0;                          // bytes to inflate
    for (const TorchPickle::TensorRecord& record : *records) {
        const std::string where = "tensor '" + QuotedText::shown(record.name) + "'";
        const int element = TensorDtypes::size(record.dtype);
        const int64_t entry = archive->find(prefix + "data/" + record.storage_key);
        if (entry < 0)
            return fail(error, path,
                        where + ": its storage data/" + QuotedText::shown(record.storage_key) +
                            " is not in the archive");
        if (record.storage_numel > std::numeric_limits<int64_t>::max() / element ||
            archive->entries()[size_t(entry)].size != uint64_t(record.storage_numel * element))
            return fail(error, path,
                        where + ": its storage holds " +
                            std::to_string(archive->entries()[size_t(entry)].size) +
                            " bytes, not " + std::to_string(record.storage_numel) + " × " +
                            std::string(TensorDtypes::name(record.dtype)));
        const std::optional<int64_t> count = Checkpoint::element_count(record.shape);
        if (!count) return fail(error, path, where + ": its element count overflows 64 bits");
        const int64_t numel = *count;
        if (!contiguous(record.shape, record.stride))
            return fail(error, path,
                        where +
                            " is not contiguous in its storage (call "
                            ".contiguous() before saving)");
        if (record.offset > record.storage_numel || numel > record.storage_numel - record.offset)
            return fail(error, path, where + " runs past the end of its storage");
        if (storage_entry.emplace(record.storage_key, entry).second && !in_place[size_t(entry)]) {
            const int64_t size = int64_t(archive->entries()[size_t(entry)].size);
            if (size > limit_bytes || declared > limit_bytes - size)
                return fail(error, path,
                            "the storages inflate beyond the memory InitScope may use (" +
                                std::to_string(limit_bytes) + " bytes)");
            declared += size;
        }
    }
    Checkpoint checkpoint;
    std::map<std::string, const unsigned char*> storages;  // key → its first byte
    for (const auto& [key, entry] : storage_entry) {
        if (const std::optional<std::span<const unsigned char>>& bytes = in_place[size_t(entry)]) {
            storages[key] = bytes->data();
            continue;
        }
        std::optional<std::vector<unsigned char>> bytes = archive->read(entry, &reason);
        if (!bytes) return fail(error, path, reason);
        auto kept = std::make_shared<const std::vector<unsigned char>>(std::move(*bytes));
        storages[key] = kept->data();
        checkpoint.keep_buffer(std::move(kept));
    }
    if (file_bytes) {
        const size_t size = size_t(mapped->size());
        checkpoint.keep_mapped(std::move(mapped), {file_bytes, size});
    }
    const std::string file = QFileInfo(path).fileName().toStdString();
    for (const TorchPickle::TensorRecord& record : *records) {
        CheckpointTensor tensor;
        tensor.name = record.name;
        tensor.dtype = record.dtype;
        tensor.shape = record.shape;
        tensor.numel = *Checkpoint::element_count(record.shape);  // checked above
        const size_t element = size_t(TensorDtypes::size(record.dtype));
        tensor.bytes = std::span<const unsigned char>(
            storages[record.storage_key] + size_t(record.offset) * element,
            size_t(tensor.numel) * element);
        tensor.file = file;
        checkpoint.tensors().push_back(std::move(tensor));
    }
    checkpoint.set_format("pytorch");
    return checkpoint;
}

}  // namespace initscope
