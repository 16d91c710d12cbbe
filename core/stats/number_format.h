#pragma once

#include <cstdint>
#include <string>

namespace initscope {

/// Number formatting shared by formulas, tables and the CLI.
class NumberFormat {
public:
    /// Up to `digits` significant digits, trailing zeros dropped: 0.1, 0.0577, 1e-05, 100.
    static std::string short_number(double value, int digits = 4);
    /// Plain ASCII, up to 10 significant digits, for error messages and files: -1, 0.5, 1e-12.
    static std::string plain(double value);
    /// Integer with thin grouping commas: 40,200.
    static std::string grouped(int64_t value);
};

}  // namespace initscope
