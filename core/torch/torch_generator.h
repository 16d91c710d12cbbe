#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <span>

namespace initscope {

/// PyTorch's CPU generator (at::CPUGeneratorImpl) as of 1.13.1: a standard MT19937 seeded with the
/// low 32 bits of a 64-bit seed, plus the cached second Box–Muller sample of the small-tensor
/// normal path (torch-parity.md sections 2 and 4b). Passed explicitly; there is no global state.
class TorchGenerator {
public:
    /// PyTorch's default seed when none is set (c10::detail::default_rng_seed_val).
    static constexpr uint64_t kDefaultSeed = 67280421310721ULL;

    explicit TorchGenerator(uint64_t seed = kDefaultSeed) { manual_seed(seed); }

    /// torch.manual_seed(seed): a negative Python seed is its two's complement; only the low
    /// 32 bits seed the MT19937. Clears the cached normal sample.
    void manual_seed(uint64_t seed);

    /// One 32-bit MT19937 output. The twist behind it uses the AVX-512 code when
    /// CpuFeatures::active().avx512f, else the AVX2 code when avx2_fma(); the stream is the same
    /// either way.
    uint32_t random() {
        if (index_ >= kStateSize) twist();
        return temper(state_[index_++]);
    }
    /// Two outputs; the first becomes the high half.
    uint64_t random64() {
        const uint64_t hi = random();
        const uint64_t lo = random();
        return (hi << 32) | lo;
    }

    /// The cached unscaled normal sample of the small-tensor normal_ path (4b).
    std::optional<double>& cached_normal() { return cached_normal_; }

    /// Advances the stream by `count` 32-bit outputs without producing them.
    void discard(uint64_t count);

    /// Batch access for vectorised kernels: the untempered state words that random() would
    /// temper next (never empty; twists first when the state is used up). Tempering them in
    /// order and then calling consume(k) is the same as k calls of random().
    std::span<const uint32_t> untempered();
    /// Marks the first `count` words of untempered() as used (count <= its size).
    void consume(int count) { index_ += count; }

    /// The MT19937 tempering of one state word (random() = temper(next state word)).
    static constexpr uint32_t temper(uint32_t y) {
        y ^= (y >> 11);
        y ^= (y << 7) & 0x9d2c5680U;
        y ^= (y << 15) & 0xefc60000U;
        y ^= (y >> 18);
        return y;
    }

    static constexpr int kStateSize = 624;

private:
    void twist();

    std::array<uint32_t, kStateSize> state_{};
    int index_ = kStateSize;
    std::optional<double> cached_normal_;
};

}  // namespace initscope
