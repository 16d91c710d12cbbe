#include "core/io/checkpoint.h"

#include "core/io/numpy_checkpoint.h"
#include "core/io/safetensors_file.h"
#include "core/io/torch_checkpoint.h"
#include "core/model/quoted_text.h"
#include "core/model/saturating_count.h"

#include <QFile>

#include <sys/mman.h>
#include <unistd.h>

#include <algorithm>

namespace initscope {

Checkpoint::Checkpoint() = default;
Checkpoint::~Checkpoint() = default;
Checkpoint::Checkpoint(Checkpoint&&) noexcept = default;
Checkpoint& Checkpoint::operator=(Checkpoint&&) noexcept = default;

std::string Checkpoint::refusal(const QString& path, const std::string& reason) {
    return QuotedText::escaped(path.toStdString()) + ": " + reason;
}

std::optional<int64_t> Checkpoint::element_count(const std::vector<int64_t>& shape) {
    int64_t count = 1;
    for (int64_t dim : shape) {
        count = SaturatingCount::product(count, dim);
        if (count == SaturatingCount::kMax) return std::nullopt;
    }
    return count;
}

void Checkpoint::keep_mapped(std::unique_ptr<QFile> file) {
    mapped_.push_back(std::move(file));
}

void Checkpoint::keep_mapped(std::unique_ptr<QFile> file, std::span<const unsigned char> mapped) {
    mapped_.push_back(std::move(file));
    mapped_ranges_.push_back(mapped);
}

void Checkpoint::release(std::span<const unsigned char> bytes) const {
    if (bytes.empty()) return;
    static const uintptr_t page = uintptr_t(sysconf(_SC_PAGESIZE));
    const uintptr_t first = reinterpret_cast<uintptr_t>(bytes.data());
    const uintptr_t last = first + bytes.size();
    for (const std::span<const unsigned char>& range : mapped_ranges_) {
        const uintptr_t begin = reinterpret_cast<uintptr_t>(range.data());
        if (first < begin || last > begin + range.size()) continue;
        // The mapping starts on a page and covers its last page whole.
        const uintptr_t lo = std::max(first & ~(page - 1), begin);
        const uintptr_t hi = (last + page - 1) & ~(page - 1);
        madvise(reinterpret_cast<void*>(lo), hi - lo, MADV_DONTNEED);
        return;
    }
}

void Checkpoint::keep_buffer(std::shared_ptr<const std::vector<unsigned char>> bytes) {
    buffers_.push_back(std::move(bytes));
}

std::optional<Checkpoint> Checkpoint::open(const QString& path, std::string* error) {
    if (path.endsWith(QLatin1String(".safetensors.index.json")))
        return SafetensorsFile::open_sharded(path, error);
    if (path.endsWith(QLatin1String(".safetensors"))) return SafetensorsFile::open(path, error);
    if (path.endsWith(QLatin1String(".npy"))) return NumpyCheckpoint::open_npy(path, error);
    if (path.endsWith(QLatin1String(".npz"))) return NumpyCheckpoint::open_npz(path, error);
    if (path.endsWith(QLatin1String(".pt")) || path.endsWith(QLatin1String(".pth")))
        return TorchCheckpoint::open(path, error);
    if (error)
        *error = refusal(path,
                         "unknown checkpoint kind (expected .safetensors, "
                         "model.safetensors.index.json, .npy, .npz, .pt or .pth)");
    return std::nullopt;
}

}  // namespace initscope
