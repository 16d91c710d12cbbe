#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace initscope {

/// Which copy of PyTorch's CPU random kernels InitScope reproduces (torch-parity.md section 1).
/// Fma: x86-64 PyTorch with AVX2/FMA (the default). Portable: ATEN_CPU_CAPABILITY=default.
enum class Flavour { Fma, Portable };

inline std::string_view flavour_name(Flavour f) {
    return f == Flavour::Fma ? "fma" : "portable";
}

inline std::optional<Flavour> parse_flavour(std::string_view name) {
    if (name == "fma") return Flavour::Fma;
    if (name == "portable") return Flavour::Portable;
    return std::nullopt;
}

}  // namespace initscope
