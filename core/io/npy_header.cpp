#include "core/io/npy_header.h"

#include <cctype>
#include <charconv>
#include <cstring>
#include <string_view>

namespace initscope {

namespace {

constexpr char kMagic[] = "\x93NUMPY";
constexpr size_t kMagicSize = 6;

std::optional<NpyHeader> fail(std::string* error, const std::string& message) {
    if (error != nullptr) *error = message;
    return std::nullopt;
}

size_t skip_spaces(std::string_view text, size_t at) {
    while (at < text.size() && std::isspace(static_cast<unsigned char>(text[at])) != 0) ++at;
    return at;
}

/// The dimensions of the header's "'shape': (a, b, ...)" entry: every run of decimal digits
/// between its parentheses, in order ("()" is rank 0). False, with `reason` set, when there is no
/// such entry or a dimension does not fit in int64_t.
bool parse_shape(std::string_view header, std::vector<int64_t>& dims, std::string& reason) {
    reason = "no shape in the header";
    constexpr std::string_view kKey = "'shape':";
    const size_t key = header.find(kKey);
    if (key == std::string_view::npos) return false;
    const size_t open = skip_spaces(header, key + kKey.size());
    if (open >= header.size() || header[open] != '(') return false;
    const size_t close = header.find(')', open);
    if (close == std::string_view::npos) return false;
    const std::string_view inside = header.substr(open + 1, close - open - 1);
    for (size_t i = 0; i < inside.size();) {
        if (std::isdigit(static_cast<unsigned char>(inside[i])) == 0) {
            ++i;
            continue;
        }
        int64_t dim = 0;
        const auto [end, ec] =
            std::from_chars(inside.data() + i, inside.data() + inside.size(), dim);
        if (ec != std::errc()) {
            reason = "a shape dimension beyond 64 bits in the header";
            return false;
        }
        dims.push_back(dim);
        i = static_cast<size_t>(end - inside.data());
    }
    return true;
}

/// The quoted string after "'descr':" ('<f4'), or nullopt.
std::optional<std::string> parse_descr(std::string_view header) {
    constexpr std::string_view kKey = "'descr':";
    const size_t key = header.find(kKey);
    if (key == std::string_view::npos) return std::nullopt;
    const size_t open = skip_spaces(header, key + kKey.size());
    if (open >= header.size() || header[open] != '\'') return std::nullopt;
    const size_t close = header.find('\'', open + 1);
    if (close == std::string_view::npos) return std::nullopt;
    return std::string(header.substr(open + 1, close - open - 1));
}

}  // namespace

std::optional<NpyHeader> NpyHeader::parse(const unsigned char* bytes, size_t size,
                                          std::string* error) {
    if (size < 10 || std::memcmp(bytes, kMagic, kMagicSize) != 0)
        return fail(error, "not a .npy file (no \\x93NUMPY magic)");
    const int major = bytes[6];
    size_t header_length = 0, header_start = 0;
    if (major == 1) {
        header_length = size_t(bytes[8]) | size_t(bytes[9]) << 8;
        header_start = 10;
    } else if ((major == 2 || major == 3) && size >= 12) {
        header_length = size_t(bytes[8]) | size_t(bytes[9]) << 8 | size_t(bytes[10]) << 16 |
                        size_t(bytes[11]) << 24;
        header_start = 12;
    } else {
        return fail(error, "unsupported .npy version " + std::to_string(major));
    }
    if (header_length > size - header_start) return fail(error, "truncated header");
    const std::string_view text(reinterpret_cast<const char*>(bytes) + header_start, header_length);
    NpyHeader header;
    const std::optional<std::string> descr = parse_descr(text);
    if (!descr) return fail(error, "no descr in the header");
    header.descr = *descr;
    const size_t fortran = text.find("'fortran_order':");
    if (fortran == std::string_view::npos) return fail(error, "no fortran_order in the header");
    const size_t value = skip_spaces(text, fortran + std::strlen("'fortran_order':"));
    if (text.substr(value, 4) == "True")
        header.fortran_order = true;
    else if (text.substr(value, 5) != "False")
        return fail(error, "fortran_order is neither True nor False");
    std::string reason;
    if (!parse_shape(text, header.shape, reason)) return fail(error, reason);
    header.data_offset = header_start + header_length;
    return header;
}

}  // namespace initscope
