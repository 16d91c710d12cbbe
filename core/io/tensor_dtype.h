#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace initscope {

/// The element type of a tensor stored in a checkpoint, and how each format spells it:
/// safetensors ("F32", "BF16", …), NumPy's descr ("<f4", "<f2", …) and PyTorch's storage
/// classes ("FloatStorage", "BFloat16Storage", …). Float32, float16, bfloat16 and float64 are
/// analysed (converted to float32 for the statistics: float16 and bfloat16 exactly, float64
/// rounded to nearest); the others are listed with their shape but not analysed.
enum class TensorDtype { F32, F16, BF16, F64, I8, I16, I32, I64, U8, Bool };

class TensorDtypes {
public:
    /// Bytes per element.
    static int size(TensorDtype dtype);
    /// "float32", "float16", "bfloat16", "float64", "int8", …, "bool" (PyTorch's names).
    static std::string_view name(TensorDtype dtype);
    /// Whether statistics and histograms are computed for it (the four float types).
    static bool analysable(TensorDtype dtype);

    static std::optional<TensorDtype> from_safetensors(std::string_view text);
    /// A little-endian (or byte-order-free) NumPy descr: "<f4", "<f2", "<f8", "|i1", "<i8", "|b1"…
    static std::optional<TensorDtype> from_numpy(std::string_view descr);
    /// A PyTorch storage class name of torch 1.x: "FloatStorage", "HalfStorage", …
    static std::optional<TensorDtype> from_torch_storage(std::string_view name);

    /// Converts `count` little-endian elements at `bytes` to float32 into `out` (an analysable
    /// dtype only; `out` holds at least `count` values). float16 runs on F16C and bfloat16 on
    /// AVX2 when CpuFeatures::active() has them, with the same bits as the baseline code (a
    /// float16 NaN becomes a quiet float NaN with its payload, as F16C does).
    static void to_float(TensorDtype dtype, const unsigned char* bytes, int64_t count, float* out);
};

}  // namespace initscope
