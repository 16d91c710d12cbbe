#pragma once

#include <span>

namespace initscope {

/// tanh of float32 exactly as glibc 2.36 computes tanhf (fdlibm's s_tanhf.c with its
/// s_expm1f.c, which PyTorch's default CPU kernels call through std::tanh): the same bits for
/// every one of the 2^32 inputs (checked exhaustively against Debian 12's libm), written lane by
/// lane with GCC vector extensions so that values() runs 16 (AVX-512, when
/// CpuFeatures::active().avx512f) or 8 (AVX2, or the baseline copy) at a time. All copies do the
/// same separately rounded operations, so they give the same bits too, and none depends on the C
/// library.
class TanhKernel {
public:
    static float value(float x);
    /// out[i] = value(in[i]); in and out have the same size (they may be the same span).
    static void values(std::span<const float> in, std::span<float> out);
};

}  // namespace initscope
