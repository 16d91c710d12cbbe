#pragma once

#include <cstdint>
#include <limits>
#include <vector>

namespace initscope {

/// Arithmetic on non-negative element and byte counts that saturates at kMax (INT64_MAX) instead
/// of overflowing, so an absurd size typed into a cell stays "too large" and never wraps around
/// into a small number. A result equal to kMax means "at least kMax".
class SaturatingCount {
public:
    static constexpr int64_t kMax = std::numeric_limits<int64_t>::max();

    static int64_t add(int64_t a, int64_t b) {
        int64_t sum = 0;
        return __builtin_add_overflow(a, b, &sum) ? kMax : sum;
    }
    static int64_t product(int64_t a, int64_t b) {
        int64_t result = 0;
        return __builtin_mul_overflow(a, b, &result) ? kMax : result;
    }
    /// The product of all dimensions (1 for none).
    static int64_t product(const std::vector<int64_t>& dims) {
        int64_t n = 1;
        for (int64_t d : dims) n = product(n, d);
        return n;
    }
};

}  // namespace initscope
