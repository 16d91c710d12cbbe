// libFuzzer target: NpyFile::decode on any bytes. Besides sanitizer findings it checks that a
// decoded tensor encodes to bytes that decode to the same tensor bit for bit.
#include "core/io/npy_file.h"

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>

using initscope::NpyFile;
using initscope::Tensor;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    // fromRawData: the reader sees exactly the fuzzer's buffer, so ASan catches a read past it.
    const QByteArray bytes =
        QByteArray::fromRawData(reinterpret_cast<const char*>(data), static_cast<qsizetype>(size));
    std::string error;
    const std::optional<Tensor> tensor = NpyFile::decode(bytes, &error);
    if (!tensor) {
        if (error.empty()) std::abort();  // a refusal always says why
        return 0;
    }
    const QByteArray encoded = NpyFile::encode(*tensor);
    const std::optional<Tensor> again = NpyFile::decode(encoded, &error);
    // Compared as bytes, not floats: NaN payloads must survive too.
    if (!again || again->shape() != tensor->shape() || NpyFile::encode(*again) != encoded)
        std::abort();
    return 0;
}
