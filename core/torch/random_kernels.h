#pragma once

#include "core/torch/flavour.h"
#include "core/torch/torch_generator.h"

#include <cstdint>
#include <span>
#include <vector>

namespace initscope {

/// PyTorch 1.13.1's CPU random and elementwise kernels on contiguous float32 data, bit for bit
/// (torch-parity.md sections 3–5). Each function consumes exactly the draws PyTorch consumes.
class RandomKernels {
public:
    /// tensor.uniform_(from, to): from/to are rounded to float; one draw per element.
    static void uniform(std::span<float> out, double from, double to, Flavour flavour,
                        TorchGenerator& gen);

    /// tensor.normal_(mean, std): the 16-wide Box–Muller path for n ≥ 16 (n draws, +16 when
    /// n % 16 != 0), the cached double path for n < 16. From 2^15 values on, the Box–Muller
    /// transform of the draws runs on several threads while this thread draws (ChunkPipeline).
    static void normal(std::span<float> out, double mean, double stddev, Flavour flavour,
                       TorchGenerator& gen);

    /// tensor.erfinv_() with ATen's float calc_erfinv (fused polynomial steps in the fma flavour).
    /// Elementwise: the AVX-512 kernel runs when CpuFeatures::active().avx512f, else the AVX2
    /// kernel when avx2_fma(), each only when it agrees with the C library (see random_simd.h);
    /// from 2^15 values on the values are split between threads (parallel_threads). The bits are
    /// the same either way.
    static void erfinv(std::span<float> values, Flavour flavour);

    /// torch.randperm(n) (int64 result) with PyTorch 1.13.1's CPU algorithm and draws.
    static std::vector<int64_t> randperm(int64_t n, TorchGenerator& gen);
};

}  // namespace initscope
