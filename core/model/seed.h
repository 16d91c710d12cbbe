#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

namespace initscope {

/// The seed of a network, as torch.manual_seed takes it: any 64-bit integer, stored as its
/// unsigned two's complement (−1 is 2^64 − 1).
class Seed {
public:
    /// A decimal integer from −2^63 to 2^64 − 1 (no sign for positives, no spaces), negative
    /// values as their two's complement. nullopt when the text is not such an integer.
    static std::optional<uint64_t> parse(std::string_view text);
};

}  // namespace initscope
