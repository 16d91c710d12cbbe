#include "core/model/quoted_text.h"

#include <cstdio>
#include <vector>

namespace initscope {

namespace {

/// The length of the UTF-8 sequence starting at `at` (1–4), or 0 when it is not valid UTF-8
/// (a stray continuation byte, a truncated or overlong sequence, a surrogate, beyond U+10FFFF).
size_t utf8_length(std::string_view text, size_t at, char32_t& code_point) {
    const auto byte = [&](size_t i) { return static_cast<unsigned char>(text[i]); };
    const unsigned char lead = byte(at);
    size_t length = 0;
    char32_t minimum = 0;
    if (lead < 0x80) {
        code_point = lead;
        return 1;
    }
    if ((lead & 0xE0) == 0xC0) {
        length = 2, minimum = 0x80, code_point = lead & 0x1F;
    } else if ((lead & 0xF0) == 0xE0) {
        length = 3, minimum = 0x800, code_point = lead & 0x0F;
    } else if ((lead & 0xF8) == 0xF0) {
        length = 4, minimum = 0x10000, code_point = lead & 0x07;
    } else {
        return 0;
    }
    if (at + length > text.size()) return 0;
    for (size_t i = 1; i < length; ++i) {
        if ((byte(at + i) & 0xC0) != 0x80) return 0;
        code_point = (code_point << 6) | (byte(at + i) & 0x3F);
    }
    if (code_point < minimum || code_point > 0x10FFFF ||
        (code_point >= 0xD800 && code_point <= 0xDFFF))
        return 0;
    return length;
}

std::string hex_escape(const char* format, unsigned value) {
    char buffer[8];
    std::snprintf(buffer, sizeof buffer, format, value);
    return buffer;
}

/// An escape is as wide as it is long; a character is one column.
size_t piece_width(const std::string& piece) {
    return piece.size() > 1 && piece[0] == '\\' ? piece.size() : 1;
}

/// `text` as printable pieces, each one column: a character, or an escape that must not be cut
/// (its width is its length). Sets `columns` to the sum of the widths.
std::vector<std::string> printable_pieces(std::string_view text, size_t& columns) {
    std::vector<std::string> pieces;
    columns = 0;
    for (size_t at = 0; at < text.size();) {
        char32_t code_point = 0;
        const size_t length = utf8_length(text, at, code_point);
        std::string piece;
        if (length == 0) {
            piece = hex_escape("\\x%02x", static_cast<unsigned char>(text[at]));
            at += 1;
        } else {
            if (code_point == '\n')
                piece = "\\n";
            else if (code_point == '\t')
                piece = "\\t";
            else if (code_point == '\r')
                piece = "\\r";
            else if (code_point < 0x20 || code_point == 0x7F)
                piece = hex_escape("\\x%02x", static_cast<unsigned>(code_point));
            else if (code_point >= 0x80 && code_point <= 0x9F)
                piece = hex_escape("\\u%04x", static_cast<unsigned>(code_point));
            else
                piece = std::string(text.substr(at, length));
            at += length;
        }
        columns += piece_width(piece);
        pieces.push_back(std::move(piece));
    }
    return pieces;
}

}  // namespace

std::string QuotedText::escaped(std::string_view text) {
    size_t columns = 0;
    std::string out;
    for (const std::string& piece : printable_pieces(text, columns)) out += piece;
    return out;
}

std::string QuotedText::shown(std::string_view text) {
    size_t columns = 0;
    const std::vector<std::string> pieces = printable_pieces(text, columns);
    std::string out;
    if (columns <= kMaxColumns) {
        for (const std::string& piece : pieces) out += piece;
        return out;
    }
    size_t used = 0;
    for (const std::string& piece : pieces) {
        const size_t width = piece_width(piece);
        if (used + width > kMaxColumns - 1) break;
        out += piece;
        used += width;
    }
    return out + "…";
}

}  // namespace initscope
