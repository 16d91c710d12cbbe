#include "core/schemes/python_literal.h"

#include <cmath>
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

std::string PythonLiteral::string(std::string_view text) {
    std::string out = "'";
    for (char c : text) {
        if (c == '\\' || c == '\'') out += '\\';
        out += c;
    }
    return out + "'";
}

std::string PythonLiteral::integer(int64_t value) {
    return std::to_string(value);
}

}  // namespace initscope
