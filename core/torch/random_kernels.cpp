#include "core/torch/random_kernels.h"

#include "core/torch/cephes_math.h"
#include "core/torch/chunk_pipeline.h"
#include "core/torch/cpu_features.h"
#include "core/torch/parallel_for.h"
#include "core/torch/random_simd.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>
#include <numbers>
#include <numeric>
#include <vector>

namespace initscope {

namespace {

constexpr float kTwoPow24Inv = 0x1p-24f;  // DIVISOR of transformation::uniform_real<float>

/// The [0, 1) float of one draw: float(random() & 0xFFFFFF) * 2^-24 (exact).
inline float unit_float(uint32_t draw) {
    return static_cast<float>(draw & 0xFFFFFFU) * kTwoPow24Inv;
}

/// transformation::uniform_real<float>: x * range + from, contracted to one fma in the AVX2 build.
inline float scale_uniform(float x, float range, float from, Flavour flavour) {
    return flavour == Flavour::Fma ? std::fmaf(x, range, from) : x * range + from;
}

/// transformation::uniform_real<double> on random64(): U53 = (r & (2^53-1)) * 2^-53.
inline double unit_double(TorchGenerator& gen) {
    return static_cast<double>(gen.random64() & ((uint64_t{1} << 53) - 1)) * 0x1p-53;
}

/// Scalar fill16, fma flavour: PyTorch's normal_fill_16_AVX2 one lane at a time.
void fill16_fma_scalar(float* d, float mean, float stddev) {
    for (int j = 0; j < 8; ++j) {
        const float u1 = 1.0f - d[j];
        const float u2 = d[j + 8];
        const float radius = std::sqrt(-2.0f * cephes::log_fma(u1));
        const float theta = 6.2831855f * u2;  // float(2π) * u2
        float s = 0.0f;
        float c = 0.0f;
        cephes::sincos_fma(theta, s, c);
        d[j] = std::fmaf(radius * c, stddev, mean);
        d[j + 8] = std::fmaf(radius * s, stddev, mean);
    }
}

/// fill16, portable flavour: PyTorch's normal_fill_16<float> with glibc logf/cosf/sinf:
/// radius = sqrtf(-2*logf(1-u)), theta = float(2π_double * u2), d = radius*cos(theta)*std + mean.
void fill16_portable(float* d, float mean, float stddev) {
    for (int j = 0; j < 8; ++j) {
        const float u1 = 1.0f - d[j];
        const float u2 = d[j + 8];
        const float radius = std::sqrt(-2.0f * std::log(u1));
        const float theta = static_cast<float>(2.0 * std::numbers::pi * static_cast<double>(u2));
        d[j] = radius * std::cos(theta) * stddev + mean;
        d[j + 8] = radius * std::sin(theta) * stddev + mean;
    }
}

/// The widest vector code CpuFeatures::active() allows.
enum class Simd { None, Avx2, Avx512 };

Simd active_simd() {
    const CpuFeatures f = CpuFeatures::active();
    return f.avx512f ? Simd::Avx512 : f.avx2_fma() ? Simd::Avx2 : Simd::None;
}

void fill16_blocks(float* data, size_t blocks, float mean, float stddev, Flavour flavour,
                   Simd simd) {
    if (flavour == Flavour::Fma && simd == Simd::Avx512) {
        detail::normal_fill16_fma_avx512(data, blocks, mean, stddev);
        return;
    }
    if (flavour == Flavour::Fma && simd == Simd::Avx2) {
        detail::normal_fill16_fma_avx2(data, blocks, mean, stddev);
        return;
    }
    for (size_t b = 0; b < blocks; ++b) {
        if (flavour == Flavour::Fma) {
            fill16_fma_scalar(data + 16 * b, mean, stddev);
        } else {
            fill16_portable(data + 16 * b, mean, stddev);
        }
    }
}

/// normal_'s fill16 runs on several threads from this many values on.
constexpr size_t kNormalParallelMin = size_t{1} << 15;

}  // namespace

void RandomKernels::uniform(std::span<float> out, double from, double to, Flavour flavour,
                            TorchGenerator& gen) {
    // uniform_kernel: from/to cast to float, range = to - from in float.
    const float f = static_cast<float>(from);
    const float t = static_cast<float>(to);
    const float range = t - f;
    const Simd simd = active_simd();
    if (simd != Simd::None) {
        const bool fused = flavour == Flavour::Fma;
        size_t pos = 0;
        while (pos < out.size()) {
            const std::span<const uint32_t> words = gen.untempered();
            const size_t k = std::min(words.size(), out.size() - pos);
            if (simd == Simd::Avx512) {
                detail::uniform_from_words_avx512(words.data(), out.data() + pos, k, f, range,
                                                  fused);
            } else {
                detail::uniform_from_words_avx2(words.data(), out.data() + pos, k, f, range, fused);
            }
            gen.consume(static_cast<int>(k));
            pos += k;
        }
        return;
    }
    for (float& v : out) v = scale_uniform(unit_float(gen.random()), range, f, flavour);
}

void RandomKernels::normal(std::span<float> out, double mean, double stddev, Flavour flavour,
                           TorchGenerator& gen) {
    const size_t n = out.size();
    if (n >= 16) {
        // normal_fill / normal_fill_AVX2: n uniforms, fill16 per full block, then the tail rule.
        const float m = static_cast<float>(mean);
        const float s = static_cast<float>(stddev);
        const Simd simd = active_simd();
        // Uniforms and fill16 run chunk by chunk (cache-friendly): the draws in order on this
        // thread, fill16 (elementwise) on every thread from 2^15 values on; x*1+0 == x in both
        // flavours.
        constexpr size_t kChunk = 4096;  // a multiple of 16
        ChunkPipeline::run(
            n, kChunk, parallel_threads(n, kNormalParallelMin),
            [&](size_t begin, size_t end) {
                uniform(out.subspan(begin, end - begin), 0.0, 1.0, flavour, gen);
            },
            [&](size_t begin, size_t end) {
                fill16_blocks(out.data() + begin, (end - begin) / 16, m, s, flavour, simd);
            });
        if (n % 16 != 0) {
            float* tail = out.data() + n - 16;
            uniform(std::span<float>(tail, 16), 0.0, 1.0, flavour, gen);
            fill16_blocks(tail, 1, m, s, flavour, simd);
        }
        return;
    }
    // at::normal_distribution<double> with the generator's cached second sample; the result
    // transformation::normal(v, mean, std) = v*std + mean is contracted in the AVX2 build.
    std::optional<double>& cache = gen.cached_normal();
    for (float& v : out) {
        double value = 0.0;
        if (cache) {
            value = *cache;
            cache.reset();
        } else {
            const double u1 = unit_double(gen);
            const double u2 = unit_double(gen);
            const double r = std::sqrt(-2.0 * std::log(1.0 - u2));
            const double theta = 2.0 * std::numbers::pi * u1;
            cache = r * std::sin(theta);
            value = r * std::cos(theta);
        }
        v = static_cast<float>(flavour == Flavour::Fma ? std::fma(value, stddev, mean)
                                                       : value * stddev + mean);
    }
}

namespace {

/// ATen's scalar float calc_erfinv, for one value.
float erfinv_scalar(float y, Flavour flavour) {
    // ATen/native/Math.h calc_erfinv<float> (a translation of Pavlis' MATLAB erfinv). In the AVX2
    // build GCC fuses every a*b+c of the two rational polynomials; the Newton steps have none.
    const bool fused = flavour == Flavour::Fma;
    auto madd = [fused](float a, float b, float c) {
        return fused ? std::fmaf(a, b, c) : a * b + c;
    };
    constexpr float a[4] = {0.886226899f, -1.645349621f, 0.914624893f, -0.140543331f};
    constexpr float b[4] = {-2.118377725f, 1.442710462f, -0.329097515f, 0.012229801f};
    constexpr float c[4] = {-1.970840454f, -1.624906493f, 3.429567803f, 1.641345311f};
    constexpr float d[2] = {3.543889200f, 1.637067800f};
    const float y_abs = std::fabs(y);
    if (y_abs > 1.0f) return std::numeric_limits<float>::quiet_NaN();
    if (y_abs == 1.0f) return std::copysign(std::numeric_limits<float>::infinity(), y);
    float x = 0.0f;
    if (y_abs <= 0.7f) {
        const float z = y * y;
        const float num = madd(madd(madd(a[3], z, a[2]), z, a[1]), z, a[0]);
        const float dem = madd(madd(madd(madd(b[3], z, b[2]), z, b[1]), z, b[0]), z, 1.0f);
        x = y * num / dem;
    } else {
        const float z = std::sqrt(-std::log((1.0f - y_abs) / 2.0f));
        const float num = madd(madd(madd(c[3], z, c[2]), z, c[1]), z, c[0]);
        const float dem = madd(madd(d[1], z, d[0]), z, 1.0f);
        x = std::copysign(num, y) / dem;
    }
    const float two_over_sqrt_pi = 2.0f / static_cast<float>(std::sqrt(std::numbers::pi));
    x = x - (std::erf(x) - y) / (two_over_sqrt_pi * std::exp(-x * x));
    x = x - (std::erf(x) - y) / (two_over_sqrt_pi * std::exp(-x * x));
    return x;
}

/// 2/√π in float, as calc_erfinv computes it.
float two_over_sqrt_pi() {
    return 2.0f / static_cast<float>(std::sqrt(std::numbers::pi));
}

/// The erfinv code to run: the widest vector kernel that CpuFeatures::active() allows and that is
/// known to agree with the scalar code.
Simd erfinv_simd() {
    const Simd simd = active_simd();
    if (simd == Simd::Avx512 && detail::erfinv_avx512_matches_libm()) return Simd::Avx512;
    if (CpuFeatures::active().avx2_fma() && detail::erfinv_avx2_matches_libm()) return Simd::Avx2;
    return Simd::None;
}

/// erfinv of one contiguous part with the code `simd` names.
void erfinv_part(float* values, size_t n, Flavour flavour, Simd simd) {
    const bool fused = flavour == Flavour::Fma;
    switch (simd) {
        case Simd::Avx512:
            detail::erfinv_avx512(values, n, fused, two_over_sqrt_pi());
            return;
        case Simd::Avx2:
            detail::erfinv_avx2(values, n, fused, two_over_sqrt_pi());
            return;
        case Simd::None:
            break;
    }
    for (size_t i = 0; i < n; ++i) values[i] = erfinv_scalar(values[i], flavour);
}

constexpr size_t kErfinvParallelMin = size_t{1} << 15;

/// The probes of the *_matches_libm checks: a grid over (-1, 1), values near ±1, tiny ones, and
/// the branch boundaries of calc_erfinv (0.7) and of erff (0.84375, 1.25, 1/0.35, 6 after the
/// first estimate); a multiple of 16 long.
std::vector<float> erfinv_probes() {
    std::vector<float> probe;
    for (int i = -4096; i <= 4096; ++i) probe.push_back(static_cast<float>(i) / 4097.0f);
    for (int k = 1; k <= 24; ++k) {
        const float near_one = 1.0f - std::ldexp(1.0f, -k);
        probe.push_back(near_one);
        probe.push_back(-near_one);
        probe.push_back(std::ldexp(1.0f, -4 * k));
        probe.push_back(-std::ldexp(1.0f, -5 * k));
    }
    for (float e : {0.7f, 0.7705f, 0.9229f, 0.99996f, 0.0f, -0.0f}) {
        probe.push_back(e);
        probe.push_back(std::nextafter(e, 2.0f));
        probe.push_back(std::nextafter(e, -2.0f));
    }
    while (probe.size() % 16 != 0) probe.push_back(0.5f);
    return probe;
}

/// True when kernel(values, n, fused, 2/√π) gives the scalar erfinv's bits on every probe, in
/// both flavours.
bool agrees_on_probes(std::size_t (*kernel)(float*, std::size_t, bool, float)) {
    const std::vector<float> probe = erfinv_probes();
    for (bool fused : {true, false}) {
        std::vector<float> vec = probe, ref = probe;
        kernel(vec.data(), vec.size(), fused, two_over_sqrt_pi());
        detail::fallback_erfinv(ref.data(), ref.size(), fused);
        if (std::memcmp(vec.data(), ref.data(), vec.size() * sizeof(float)) != 0) return false;
    }
    return true;
}

}  // namespace

void RandomKernels::erfinv(std::span<float> values, Flavour flavour) {
    const Simd simd = erfinv_simd();
    parallel_for(values.size(), parallel_threads(values.size(), kErfinvParallelMin), 16,
                 [&](size_t begin, size_t end) {
                     erfinv_part(values.data() + begin, end - begin, flavour, simd);
                 });
}

namespace detail {

void fallback_erfinv(float* values, size_t n, bool fused) {
    const Flavour flavour = fused ? Flavour::Fma : Flavour::Portable;
    for (size_t i = 0; i < n; ++i) values[i] = erfinv_scalar(values[i], flavour);
}

bool erfinv_avx2_matches_libm() {
    static const bool matches =
        CpuFeatures::detected().avx2_fma() && agrees_on_probes(&erfinv_avx2);
    return matches;
}

bool erfinv_avx512_matches_libm() {
    static const bool matches = CpuFeatures::detected().avx512f && agrees_on_probes(&erfinv_avx512);
    return matches;
}

}  // namespace detail

std::vector<int64_t> RandomKernels::randperm(int64_t n, TorchGenerator& gen) {
    // randperm_cpu (ATen/native/TensorFactories.cpp, 1.13.1): identity, then for i < n-1 swap
    // r[i] with r[i + random() % (n-i)] using one 32-bit draw each (n-1 draws in all).
    std::vector<int64_t> r(static_cast<size_t>(std::max<int64_t>(n, 0)));
    std::iota(r.begin(), r.end(), int64_t{0});
    for (int64_t i = 0; i + 1 < n; ++i) {
        const int64_t z = static_cast<int64_t>(gen.random() % static_cast<uint64_t>(n - i));
        std::swap(r[static_cast<size_t>(i)], r[static_cast<size_t>(z + i)]);
    }
    return r;
}

}  // namespace initscope
