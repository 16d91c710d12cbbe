// libFuzzer target: ConfigFile::parse on any bytes. Besides sanitizer findings it checks the
// file's contract: an accepted config writes back to text that reads as the same network
// (read(write(n)) == n) with the same description.
#include "core/io/config_file.h"

#include <cstddef>
#include <cstdint>
#include <cstdlib>

using initscope::ConfigFile;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    // fromRawData: the reader sees exactly the fuzzer's buffer, so ASan catches a read past it.
    const QByteArray bytes =
        QByteArray::fromRawData(reinterpret_cast<const char*>(data), static_cast<qsizetype>(size));
    for (const bool validate : {true, false}) {
        const ConfigFile::Result result = ConfigFile::parse(bytes, "fuzz.json", validate);
        if (!result) {
            if (result.error.empty()) std::abort();  // a refusal always says why
            continue;
        }
        const QByteArray written = ConfigFile::write(*result.network, result.description);
        const ConfigFile::Result again = ConfigFile::parse(written, "written.json", validate);
        if (!again || *again.network != *result.network || again.description != result.description)
            std::abort();
    }
    return 0;
}
