#include "core/model/seed.h"

#include <charconv>

namespace initscope {

std::optional<uint64_t> Seed::parse(std::string_view text) {
    if (text.empty()) return std::nullopt;
    const char* first = text.data();
    const char* last = text.data() + text.size();
    if (text.front() == '-') {
        int64_t negative = 0;
        auto [end, ec] = std::from_chars(first, last, negative);
        if (ec == std::errc() && end == last) return static_cast<uint64_t>(negative);
    } else {
        uint64_t positive = 0;
        auto [end, ec] = std::from_chars(first, last, positive);
        if (ec == std::errc() && end == last) return positive;
    }
    return std::nullopt;
}

}  // namespace initscope
