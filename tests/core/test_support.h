#pragma once
// Helpers shared by the core test programs (header-only; each tst_*.cpp is its own executable).

#include "core/model/layer.h"

#include <algorithm>
#include <cmath>
#include <span>
#include <string>
#include <vector>

namespace initscope::test {

/// Reference histogram by exact double comparisons against the stored edges (numpy's rule: bin i
/// holds edges[i] ≤ x < edges[i+1], the last bin is closed). Slots: 0 below, 1..bins the bins,
/// bins + 1 above, bins + 2 non-finite.
inline std::vector<int64_t> reference_slots(std::span<const float> values,
                                            const std::vector<double>& edges) {
    const int bins = int(edges.size()) - 1;
    std::vector<int64_t> counts(size_t(bins) + 3, 0);
    for (float f : values) {
        const double x = f;
        int slot;
        if (!std::isfinite(f))
            slot = bins + 2;
        else if (x < edges.front())
            slot = 0;
        else if (x > edges.back())
            slot = bins + 1;
        else if (x == edges.back())
            slot = bins;
        else
            slot = int(std::upper_bound(edges.begin(), edges.end(), x) - edges.begin());
        ++counts[size_t(slot)];
    }
    return counts;
}

/// A linear layer `in` → `out` with the given weight and bias schemes.
inline Layer linear_layer(const std::string& name, int64_t in, int64_t out, InitSpec weight,
                          InitSpec bias) {
    Layer layer;
    layer.name = name;
    layer.in = in;
    layer.out = out;
    layer.weight_init = std::move(weight);
    layer.bias_init = std::move(bias);
    return layer;
}

}  // namespace initscope::test
