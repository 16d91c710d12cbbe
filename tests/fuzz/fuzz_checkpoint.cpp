// libFuzzer target: the checkpoint readers (Checkpoint::open: safetensors, .npy, .npz, .pt) on
// any bytes. The first byte picks the reader (the file's extension); the rest is the file.
// Besides sanitizer findings it checks their contract: a refusal always says why, and every
// tensor they list lies inside the bytes they hold with numel · dtype size bytes.
#include "core/io/checkpoint.h"

#include <QDir>
#include <QFile>

#include <unistd.h>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>

using initscope::Checkpoint;
using initscope::CheckpointTensor;
using initscope::TensorDtypes;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    if (size < 1) return 0;
    static const char* const kExtensions[] = {".safetensors", ".npy", ".npz", ".pt"};
    const QString path = QDir::temp().filePath(QStringLiteral("fuzz_checkpoint_%1%2")
                                                   .arg(getpid())
                                                   .arg(QLatin1String(kExtensions[data[0] % 4])));
    {
        QFile file(path);
        if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate)) std::abort();
        file.write(reinterpret_cast<const char*>(data + 1), qint64(size - 1));
    }
    std::string error;
    const std::optional<Checkpoint> checkpoint = Checkpoint::open(path, &error);
    if (!checkpoint) {
        if (error.empty() || error.find('\n') != std::string::npos) std::abort();
    } else {
        for (const CheckpointTensor& t : checkpoint->tensors()) {
            int64_t numel = 1;
            for (int64_t dim : t.shape) numel *= dim;
            if (numel != t.numel || t.bytes.size() != size_t(numel) * TensorDtypes::size(t.dtype))
                std::abort();
            // Touch the first and last byte: ASan catches a span past its storage.
            if (!t.bytes.empty() && (t.bytes.front() ^ t.bytes.back()) == 0x100) std::abort();
        }
    }
    QFile::remove(path);
    return 0;
}
