// libFuzzer target: Seed::parse on any text. Besides sanitizer findings it checks that an accepted
// seed prints back (as its unsigned value) to text that parses to the same seed.
#include "core/model/seed.h"

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

using initscope::Seed;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    const std::optional<uint64_t> seed = Seed::parse(text);
    if (!seed) return 0;
    if (Seed::parse(std::to_string(*seed)) != seed) std::abort();
    return 0;
}
