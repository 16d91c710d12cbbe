#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace initscope {

/// Python source literals for the PyTorch calls the schemes write and the script writer emits.
class PythonLiteral {
public:
    /// A float literal that round-trips the double exactly ("0.1", "1e-05", "2.0", "math.inf").
    static std::string number(double value);
    /// A single-quoted string literal that Python reads back as exactly `text` (UTF-8), whatever
    /// it holds: \ and ' escaped, control characters as \n, \r, \t or \xNN, bytes that are not
    /// UTF-8 as U+FFFD (\ufffd). Nothing in `text` can end the literal or the line.
    static std::string string(std::string_view text);
    /// `text` escaped the same way for the inside of a (non-raw) triple-double-quoted docstring:
    /// \ and " escaped too, so no """ can close it early (issue 9: a file name ran code).
    static std::string docstring_text(std::string_view text);
    static std::string integer(int64_t value);
};

}  // namespace initscope
