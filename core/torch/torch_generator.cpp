#include "core/torch/torch_generator.h"

#include "core/torch/cpu_features.h"
#include "core/torch/random_simd.h"

#include <algorithm>

namespace initscope {

namespace {

constexpr int kShift = 397;  // MT19937's m
constexpr uint32_t kMatrixA = 0x9908b0dfU;
constexpr uint32_t kUpperMask = 0x80000000U;
constexpr uint32_t kLowerMask = 0x7fffffffU;

// state[i] = state[i+m] ^ (((upper(state[i]) | lower(state[i+1])) >> 1) ^ (odd ? A : 0)),
// indices mod 624 (at::mt19937's next_state, identical to std::mt19937).
inline uint32_t twist_word(uint32_t cur, uint32_t next, uint32_t far) {
    const uint32_t y = (cur & kUpperMask) | (next & kLowerMask);
    return far ^ (y >> 1) ^ ((y & 1U) ? kMatrixA : 0U);
}

}  // namespace

void TorchGenerator::manual_seed(uint64_t seed) {
    // at::mt19937 init_with_uint32 (Knuth's init_genrand) on the low 32 bits of the seed.
    state_[0] = static_cast<uint32_t>(seed & 0xffffffffULL);
    for (int i = 1; i < kStateSize; ++i) {
        const uint32_t prev = state_[static_cast<size_t>(i - 1)];
        state_[static_cast<size_t>(i)] =
            1812433253U * (prev ^ (prev >> 30)) + static_cast<uint32_t>(i);
    }
    index_ = kStateSize;  // the first random() twists
    cached_normal_.reset();
}

void TorchGenerator::twist() {
    uint32_t* s = state_.data();
    const CpuFeatures features = CpuFeatures::active();
    if (features.avx512f) {
        detail::mt_twist_avx512(s);
    } else if (features.avx2_fma()) {
        detail::mt_twist_avx2(s);
    } else {
        for (int i = 0; i < kStateSize; ++i) {
            s[i] = twist_word(s[i], s[(i + 1) % kStateSize], s[(i + kShift) % kStateSize]);
        }
    }
    index_ = 0;
}

std::span<const uint32_t> TorchGenerator::untempered() {
    if (index_ >= kStateSize) twist();
    return {state_.data() + index_, static_cast<size_t>(kStateSize - index_)};
}

void TorchGenerator::discard(uint64_t count) {
    while (count > 0) {
        if (index_ >= kStateSize) twist();
        const uint64_t step = std::min<uint64_t>(count, static_cast<uint64_t>(kStateSize - index_));
        index_ += static_cast<int>(step);
        count -= step;
    }
}

}  // namespace initscope
