#include "core/io/tensor_dtype.h"

#include "core/torch/cpu_features.h"

#include <immintrin.h>

#include <array>
#include <bit>
#include <cstring>

namespace initscope {

namespace {

struct DtypeRow {
    TensorDtype dtype;
    int size;
    std::string_view name, safetensors, numpy, torch_storage;
};

/// Every dtype once, with all its spellings.
constexpr std::array<DtypeRow, 10> kDtypes{{
    {TensorDtype::F32, 4, "float32", "F32", "<f4", "FloatStorage"},
    {TensorDtype::F16, 2, "float16", "F16", "<f2", "HalfStorage"},
    {TensorDtype::BF16, 2, "bfloat16", "BF16", "", "BFloat16Storage"},
    {TensorDtype::F64, 8, "float64", "F64", "<f8", "DoubleStorage"},
    {TensorDtype::I8, 1, "int8", "I8", "|i1", "CharStorage"},
    {TensorDtype::I16, 2, "int16", "I16", "<i2", "ShortStorage"},
    {TensorDtype::I32, 4, "int32", "I32", "<i4", "IntStorage"},
    {TensorDtype::I64, 8, "int64", "I64", "<i8", "LongStorage"},
    {TensorDtype::U8, 1, "uint8", "U8", "|u1", "ByteStorage"},
    {TensorDtype::Bool, 1, "bool", "BOOL", "|b1", "BoolStorage"},
}};

const DtypeRow& row(TensorDtype dtype) {
    for (const DtypeRow& r : kDtypes)
        if (r.dtype == dtype) return r;
    return kDtypes[0];
}

template <typename Field>
std::optional<TensorDtype> find(std::string_view text, Field field) {
    if (text.empty()) return std::nullopt;
    for (const DtypeRow& r : kDtypes)
        if (r.*field == text) return r.dtype;
    return std::nullopt;
}

/// IEEE 754 binary16 → binary32, exactly (subnormals and infinities included); a NaN keeps its
/// sign and payload and is made quiet, as the F16C instruction VCVTPH2PS does, so that both paths
/// give the same bits for all 65,536 inputs.
float half_to_float(uint16_t h) {
    const uint32_t sign = uint32_t(h & 0x8000u) << 16;
    const uint32_t exponent = (h >> 10) & 0x1fu;
    uint32_t mantissa = h & 0x3ffu;
    uint32_t bits;
    if (exponent == 0x1f) {
        bits = sign | 0x7f800000u | (mantissa << 13) | (mantissa != 0 ? 0x00400000u : 0u);
    } else if (exponent != 0) {
        bits = sign | ((exponent + 112) << 23) | (mantissa << 13);
    } else if (mantissa == 0) {
        bits = sign;
    } else {  // subnormal: normalize
        int shift = 0;
        while (!(mantissa & 0x400u)) {
            mantissa <<= 1;
            ++shift;
        }
        bits = sign | (uint32_t(113 - shift) << 23) | ((mantissa & 0x3ffu) << 13);
    }
    return std::bit_cast<float>(bits);
}

void half_to_float_scalar(const unsigned char* bytes, int64_t count, float* out) {
    for (int64_t i = 0; i < count; ++i) {
        uint16_t h;
        std::memcpy(&h, bytes + 2 * i, 2);
        out[i] = half_to_float(h);
    }
}

/// VCVTPH2PS, 8 values at a time (call only when CpuFeatures::active().f16c).
__attribute__((target("avx,f16c"))) void half_to_float_f16c(const unsigned char* bytes,
                                                            int64_t count, float* out) {
    int64_t i = 0;
    for (; i + 8 <= count; i += 8) {
        const __m128i h = _mm_loadu_si128(reinterpret_cast<const __m128i*>(bytes + 2 * i));
        _mm256_storeu_ps(out + i, _mm256_cvtph_ps(h));
    }
    half_to_float_scalar(bytes + 2 * i, count - i, out + i);
}

using u16x8 = uint16_t __attribute__((vector_size(16)));
using u32x8 = uint32_t __attribute__((vector_size(32)));

/// bfloat16 → float32: the 16 bits become the float's high half (exact). 8 values per step with
/// vector extensions, compiled for the baseline and for AVX2 (the same bits).
[[gnu::always_inline]] inline void bfloat16_to_float(const unsigned char* bytes, int64_t count,
                                                     float* out) {
    int64_t i = 0;
    for (; i + 8 <= count; i += 8) {
        u16x8 b;
        std::memcpy(&b, bytes + 2 * i, sizeof b);
        const u32x8 w = __builtin_convertvector(b, u32x8) << 16;
        std::memcpy(out + i, &w, sizeof w);
    }
    for (; i < count; ++i) {
        uint16_t b;
        std::memcpy(&b, bytes + 2 * i, 2);
        out[i] = std::bit_cast<float>(uint32_t(b) << 16);
    }
}

INITSCOPE_TARGET_AVX2 void bfloat16_to_float_avx2(const unsigned char* bytes, int64_t count,
                                                  float* out) {
    bfloat16_to_float(bytes, count, out);
}
void bfloat16_to_float_baseline(const unsigned char* bytes, int64_t count, float* out) {
    bfloat16_to_float(bytes, count, out);
}

}  // namespace

int TensorDtypes::size(TensorDtype dtype) {
    return row(dtype).size;
}

std::string_view TensorDtypes::name(TensorDtype dtype) {
    return row(dtype).name;
}

bool TensorDtypes::analysable(TensorDtype dtype) {
    return dtype == TensorDtype::F32 || dtype == TensorDtype::F16 || dtype == TensorDtype::BF16 ||
           dtype == TensorDtype::F64;
}

std::optional<TensorDtype> TensorDtypes::from_safetensors(std::string_view text) {
    return find(text, &DtypeRow::safetensors);
}

std::optional<TensorDtype> TensorDtypes::from_numpy(std::string_view descr) {
    // One-byte types may be written with '<' or '|'; '=' is native (little-endian here).
    std::string text(descr);
    if (text.size() == 3 && (text[0] == '=' || (text[0] == '<' && text[2] == '1'))) {
        text[0] = text[2] == '1' ? '|' : '<';
    }
    return find(std::string_view(text), &DtypeRow::numpy);
}

std::optional<TensorDtype> TensorDtypes::from_torch_storage(std::string_view name) {
    return find(name, &DtypeRow::torch_storage);
}

void TensorDtypes::to_float(TensorDtype dtype, const unsigned char* bytes, int64_t count,
                            float* out) {
    static_assert(std::endian::native == std::endian::little, "checkpoints are little-endian");
    switch (dtype) {
        case TensorDtype::F32:
            std::memcpy(out, bytes, size_t(count) * 4);
            return;
        case TensorDtype::F16:
            if (CpuFeatures::active().f16c)
                half_to_float_f16c(bytes, count, out);
            else
                half_to_float_scalar(bytes, count, out);
            return;
        case TensorDtype::BF16:
            if (CpuFeatures::active().avx2)
                bfloat16_to_float_avx2(bytes, count, out);
            else
                bfloat16_to_float_baseline(bytes, count, out);
            return;
        case TensorDtype::F64:
            for (int64_t i = 0; i < count; ++i) {
                double d;
                std::memcpy(&d, bytes + 8 * i, 8);
                out[i] = static_cast<float>(d);
            }
            return;
        default:
            return;
    }
}

}  // namespace initscope
