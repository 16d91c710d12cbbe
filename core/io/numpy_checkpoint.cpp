#include "core/io/numpy_checkpoint.h"

#include "core/io/npy_header.h"
#include "core/io/zip_archive.h"
#include "core/model/memory_budget.h"
#include "core/model/quoted_text.h"

#include <QFile>
#include <QFileInfo>

#include <limits>
#include <memory>

namespace initscope {

namespace {

bool fail(std::string* error, const QString& path, const std::string& reason) {
    if (error) *error = Checkpoint::refusal(path, reason);
    return false;
}

/// The tensor a .npy image at `bytes` (`size` bytes) holds, or nullopt with `*reason`.
std::optional<CheckpointTensor> npy_tensor(const unsigned char* bytes, size_t size,
                                           std::string name, std::string file,
                                           std::string* reason) {
    const std::optional<NpyHeader> header = NpyHeader::parse(bytes, size, reason);
    if (!header) return std::nullopt;
    const std::optional<TensorDtype> dtype = TensorDtypes::from_numpy(header->descr);
    if (!dtype) {
        *reason = "unknown dtype '" + QuotedText::shown(header->descr) + "'";
        return std::nullopt;
    }
    const std::optional<int64_t> count = Checkpoint::element_count(header->shape);
    if (!count) {
        *reason = "the shape's element count overflows 64 bits";
        return std::nullopt;
    }
    const int64_t numel = *count;
    const int element = TensorDtypes::size(*dtype);
    const uint64_t data = size - header->data_offset;
    if (numel > std::numeric_limits<int64_t>::max() / element ||
        uint64_t(numel) * uint64_t(element) != data) {
        *reason = "the data holds " + std::to_string(data) + " bytes, but " +
                  std::string(TensorDtypes::name(*dtype)) + " × " + std::to_string(numel) +
                  " elements need " +
                  (numel > std::numeric_limits<int64_t>::max() / element
                       ? std::string("more than 64 bits count")
                       : std::to_string(numel * element));
        return std::nullopt;
    }
    CheckpointTensor tensor;
    tensor.name = std::move(name);
    tensor.dtype = *dtype;
    tensor.shape = header->shape;
    tensor.numel = numel;
    tensor.bytes = std::span<const unsigned char>(bytes + header->data_offset, size_t(data));
    tensor.file = std::move(file);
    return tensor;
}

}  // namespace

std::optional<Checkpoint> NumpyCheckpoint::open_npy(const QString& path, std::string* error) {
    const QFileInfo info(path);
    if (!info.exists()) return fail(error, path, "no such file"), std::nullopt;
    if (!info.isFile()) return fail(error, path, "not a regular file"), std::nullopt;
    auto file = std::make_unique<QFile>(path);
    if (!file->open(QIODevice::ReadOnly))
        return fail(error, path, file->errorString().toStdString()), std::nullopt;
    const int64_t size = file->size();
    unsigned char* bytes = size > 0 ? file->map(0, size) : nullptr;
    if (!bytes)
        return fail(error, path, "not a .npy file (empty or cannot be mapped)"), std::nullopt;
    std::string reason;
    std::optional<CheckpointTensor> tensor =
        npy_tensor(bytes, size_t(size), info.completeBaseName().toStdString(),
                   info.fileName().toStdString(), &reason);
    if (!tensor) return fail(error, path, reason), std::nullopt;
    Checkpoint checkpoint;
    checkpoint.tensors().push_back(std::move(*tensor));
    checkpoint.keep_mapped(std::move(file), {bytes, size_t(size)});
    checkpoint.set_format("npy");
    return checkpoint;
}

std::optional<Checkpoint> NumpyCheckpoint::open_npz(const QString& path, std::string* error) {
    return open_npz(path, MemoryBudget().limit_bytes(), error);
}

std::optional<Checkpoint> NumpyCheckpoint::open_npz(const QString& path, int64_t limit_bytes,
                                                    std::string* error) {
    std::string reason;
    std::optional<ZipArchive> archive = ZipArchive::open(path, &reason);
    if (!archive) return fail(error, path, reason), std::nullopt;
    const std::vector<ZipArchive::Entry>& entries = archive->entries();
    if (int64_t(entries.size()) > kMaxEntries)
        return fail(error, path, "more than " + std::to_string(kMaxEntries) + " entries"),
               std::nullopt;
    // First every entry's declared size, so a bomb is refused before anything is inflated.
    int64_t declared = 0;
    for (const ZipArchive::Entry& entry : entries) {
        const std::string& name = entry.name;
        if (name.size() < 5 || name.substr(name.size() - 4) != ".npy" ||
            name.find("..") != std::string::npos)
            return fail(error, path,
                        "entry '" + QuotedText::shown(name) + "' is not a NAME.npy array"),
                   std::nullopt;
        if (entry.size > uint64_t(limit_bytes) || declared > limit_bytes - int64_t(entry.size))
            return fail(error, path,
                        "entry '" + QuotedText::shown(name) +
                            "' inflates beyond the memory InitScope may use (" +
                            std::to_string(limit_bytes) + " bytes)"),
                   std::nullopt;
        declared += int64_t(entry.size);
    }
    Checkpoint checkpoint;
    for (size_t i = 0; i < entries.size(); ++i) {
        const std::string& name = entries[i].name;
        std::optional<std::vector<unsigned char>> inflated = archive->read(int64_t(i), &reason);
        if (!inflated) return fail(error, path, reason), std::nullopt;
        auto bytes = std::make_shared<const std::vector<unsigned char>>(std::move(*inflated));
        std::optional<CheckpointTensor> tensor =
            npy_tensor(bytes->data(), bytes->size(), name.substr(0, name.size() - 4),
                       QFileInfo(path).fileName().toStdString(), &reason);
        if (!tensor)
            return fail(error, path, "entry '" + QuotedText::shown(name) + "': " + reason),
                   std::nullopt;
        checkpoint.keep_buffer(std::move(bytes));
        checkpoint.tensors().push_back(std::move(*tensor));
    }
    checkpoint.set_format("npz");
    return checkpoint;
}

}  // namespace initscope
