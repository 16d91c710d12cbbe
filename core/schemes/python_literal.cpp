#include "core/schemes/python_literal.h"

#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>

namespace initscope {

std::string PythonLiteral::number(double value) {
    if (std::isnan(value)) return "math.nan";
    if (std::isinf(value)) return value > 0 ? "math.inf" : "-math.inf";
    char buffer[40];
    for (int digits = 1; digits <= 17; ++digits) {
        std::snprintf(buffer, sizeof buffer, "%.*g", digits, value);
        if (std::strtod(buffer, nullptr) == value) break;
    }
    std::string text = buffer;
    if (text.find_first_of(".en") == std::string::npos) text += ".0";
    return text;
}

namespace {

/// Length of the valid UTF-8 sequence starting at text[i] (1–4), or 0 when it is not one.
size_t utf8_length(std::string_view text, size_t i) {
    const auto byte = [&](size_t k) { return static_cast<unsigned char>(text[k]); };
    const unsigned char lead = byte(i);
    size_t n = 0;
    uint32_t code = 0;
    if (lead < 0x80) return 1;
    if ((lead & 0xE0) == 0xC0)
        n = 2, code = lead & 0x1F;
    else if ((lead & 0xF0) == 0xE0)
        n = 3, code = lead & 0x0F;
    else if ((lead & 0xF8) == 0xF0)
        n = 4, code = lead & 0x07;
    else
        return 0;
    if (i + n > text.size()) return 0;
    for (size_t k = 1; k < n; ++k) {
        if ((byte(i + k) & 0xC0) != 0x80) return 0;
        code = (code << 6) | (byte(i + k) & 0x3F);
    }
    static constexpr uint32_t kLeast[] = {0, 0, 0x80, 0x800, 0x10000};
    if (code < kLeast[n] || code > 0x10FFFF || (code >= 0xD800 && code <= 0xDFFF)) return 0;
    return n;
}

/// `text` with every character that could end a Python string (the quote `quote`, a backslash,
/// a line break) or that is not printable escaped; valid UTF-8 beyond ASCII is kept as is.
std::string escaped(std::string_view text, char quote) {
    std::string out;
    for (size_t i = 0; i < text.size();) {
        const unsigned char c = static_cast<unsigned char>(text[i]);
        const size_t n = utf8_length(text, i);
        if (n == 0) {
            out += "\\ufffd";
            ++i;
            continue;
        }
        if (n > 1) {
            const bool c1_control = c == 0xC2 && static_cast<unsigned char>(text[i + 1]) < 0xA0;
            if (c1_control) {
                char buffer[8];
                std::snprintf(buffer, sizeof buffer, "\\x%02x",
                              static_cast<unsigned char>(text[i + 1]));
                out += buffer;
            } else {
                out.append(text.substr(i, n));
            }
            i += n;
            continue;
        }
        if (c == '\\' || c == static_cast<unsigned char>(quote)) {
            out += '\\';
            out += static_cast<char>(c);
        } else if (c == '\n') {
            out += "\\n";
        } else if (c == '\r') {
            out += "\\r";
        } else if (c == '\t') {
            out += "\\t";
        } else if (c < 0x20 || c == 0x7F) {
            char buffer[8];
            std::snprintf(buffer, sizeof buffer, "\\x%02x", c);
            out += buffer;
        } else {
            out += static_cast<char>(c);
        }
        ++i;
    }
    return out;
}

}  // namespace

std::string PythonLiteral::string(std::string_view text) {
    std::string out(1, '\'');
    out.append(escaped(text, '\''));
    out.push_back('\'');
    return out;
}

std::string PythonLiteral::docstring_text(std::string_view text) {
    return escaped(text, '"');
}

std::string PythonLiteral::integer(int64_t value) {
    return std::to_string(value);
}

}  // namespace initscope
