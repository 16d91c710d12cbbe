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
    /// A single-quoted string literal with \ and ' escaped.
    static std::string string(std::string_view text);
    static std::string integer(int64_t value);
};

}  // namespace initscope
