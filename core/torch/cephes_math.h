#pragma once

// Private to initscope_core. Scalar float versions of PyTorch's avx_mathfun.h routines
// (log256_ps, sincos256_ps; Cephes-style, by Julien Pommier) exactly as PyTorch 1.13.1's AVX2
// kernels evaluate them after GCC contracts a*b+c into FMAs (torch-parity.md section 4a). Every
// fused multiply-add is explicit; the file is compiled with -ffp-contract=off. Valid for the
// arguments the normal kernel passes: log of x in [2^-24, 1], sincos of v in [0, 2π).

#include <bit>
#include <cmath>
#include <cstdint>

namespace initscope::cephes {

/// log256_ps for one lane: natural log of x in [2^-24, 1].
inline float log_fma(float x) {
    const uint32_t bits = std::bit_cast<uint32_t>(x);
    float e = static_cast<float>(static_cast<int32_t>(bits >> 23) - 127) + 1.0f;
    x = std::bit_cast<float>((bits & ~0x7f800000U) | std::bit_cast<uint32_t>(0.5f));
    if (x < 0.707106781186547524f) {
        e = e - 1.0f;
        x = (x - 1.0f) + x;
    } else {
        x = x - 1.0f;
    }
    const float z = x * x;
    float y = 7.0376836292E-2f;
    y = std::fmaf(y, x, -1.1514610310E-1f);
    y = std::fmaf(y, x, 1.1676998740E-1f);
    y = std::fmaf(y, x, -1.2420140846E-1f);
    y = std::fmaf(y, x, 1.4249322787E-1f);
    y = std::fmaf(y, x, -1.6668057665E-1f);
    y = std::fmaf(y, x, 2.0000714765E-1f);
    y = std::fmaf(y, x, -2.4999993993E-1f);
    y = std::fmaf(y, x, 3.3333331174E-1f);
    y = y * x;
    y = std::fmaf(y, z, e * -2.12194440e-4f);
    y = y - z * 0.5f;
    x = x + y;
    return std::fmaf(e, 0.693359375f, x);
}

/// sincos256_ps for one lane.
inline void sincos_fma(float v, float& sin_out, float& cos_out) {
    constexpr uint32_t kSign = 0x80000000U;
    uint32_t sign_sin = std::bit_cast<uint32_t>(v) & kSign;
    float x = std::fabs(v);
    int32_t j = static_cast<int32_t>(x * 1.27323954473516f);  // truncation (cvttps)
    j = (j + 1) & ~1;
    const float y = static_cast<float>(j);
    const uint32_t swap = static_cast<uint32_t>(j & 4) << 29;
    const bool poly = (j & 2) == 0;
    x = std::fmaf(y, -0.78515625f, x);
    x = std::fmaf(y, -2.4187564849853515625e-4f, x);
    x = std::fmaf(y, -3.77489497744594108e-8f, x);
    const uint32_t sign_cos = static_cast<uint32_t>(~(j - 2) & 4) << 29;
    sign_sin ^= swap;
    const float z = x * x;
    float yc = std::fmaf(std::fmaf(2.443315711809948E-5f, z, -1.388731625493765E-3f), z,
                         4.166664568298827E-2f);
    yc = yc * z;
    yc = std::fmaf(yc, z, -(z * 0.5f));
    yc = yc + 1.0f;
    float ys = std::fmaf(std::fmaf(-1.9515295891E-4f, z, 8.3321608736E-3f), z, -1.6666654611E-1f);
    ys = ys * z;
    ys = std::fmaf(x, ys, x);
    // Blend as the AVX code does (and/andnot masks), keeping the signed zeros.
    const float ys2 = poly ? ys : 0.0f;
    const float ys1 = poly ? 0.0f : yc;
    sin_out = std::bit_cast<float>(std::bit_cast<uint32_t>(ys1 + ys2) ^ sign_sin);
    cos_out = std::bit_cast<float>(std::bit_cast<uint32_t>((yc - ys1) + (ys - ys2)) ^ sign_cos);
}

}  // namespace initscope::cephes
