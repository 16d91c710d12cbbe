#pragma once
// Helpers shared by the core test programs (header-only; each tst_*.cpp is its own executable).

#include "core/model/layer.h"
#include "core/model/network.h"
#include "core/model/network_validation.h"
#include "core/schemes/theory.h"

#include <QStringList>

#include <algorithm>
#include <cmath>
#include <span>
#include <string>
#include <vector>

namespace initscope::test {

/// The finite values of `values`, ascending.
inline std::vector<float> sorted_finite(std::span<const float> values) {
    std::vector<float> sorted;
    for (float v : values)
        if (std::isfinite(v)) sorted.push_back(v);
    std::sort(sorted.begin(), sorted.end());
    return sorted;
}

/// Reference Kolmogorov–Smirnov distance by brute force over `sorted` (finite, ascending): each
/// run of equal values x gives max(j/n − F(x), F(x) − i/n) for the run [i, j).
inline double exact_ks_of_sorted(const std::vector<float>& sorted, const Theory& theory) {
    const double n = static_cast<double>(sorted.size());
    double d = 0;
    for (size_t i = 0; i < sorted.size();) {
        size_t j = i + 1;
        while (j < sorted.size() && sorted[j] == sorted[i]) ++j;
        const double f = theory.cdf(sorted[i]);
        d = std::max({d, static_cast<double>(j) / n - f, f - static_cast<double>(i) / n});
        i = j;
    }
    return d;
}

/// exact_ks_of_sorted of the finite values of `values`.
inline double exact_ks(std::span<const float> values, const Theory& theory) {
    return exact_ks_of_sorted(sorted_finite(values), theory);
}

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

/// NetworkValidation::problems as a QStringList, for QCOMPARE.
inline QStringList problems(const Network& n) {
    QStringList out;
    for (const std::string& p : NetworkValidation::problems(n)) out << QString::fromStdString(p);
    return out;
}

/// A linear layer `in` → `out` with PyTorch's default initialization.
inline Layer linear(std::string name, int64_t in, int64_t out) {
    Layer layer;
    layer.name = std::move(name);
    layer.kind = LayerKind::Linear;
    layer.in = in;
    layer.out = out;
    return layer;
}

/// A conv2d layer with a k×k kernel.
inline Layer conv2d(std::string name, int64_t in, int64_t out, int64_t k, int64_t padding = 0,
                    int64_t stride = 1) {
    Layer layer = linear(std::move(name), in, out);
    layer.kind = LayerKind::Conv2d;
    layer.kernel_size = {k, k};
    layer.padding = padding;
    layer.stride = stride;
    return layer;
}

/// input 100 → fc1 → fc2 → fc3 → output 2, as the course preset builds it.
inline Network course() {
    Network n;
    for (const char* name : {"input", "fc1", "fc2", "fc3"})
        n.layers.push_back(linear(name, 100, 100));
    n.layers.push_back(linear("output", 100, 2));
    n.layers.back().activation = Activation::Linear;
    n.input_shape = std::vector<int64_t>{100};
    return n;
}

/// [3, 32, 32] → conv1 (16, 3×3 same) → conv2 (32, 3×3 same) → fc 32·32·32 → 10.
inline Network small_cnn() {
    Network n;
    n.layers = {conv2d("conv1", 3, 16, 3, 1), conv2d("conv2", 16, 32, 3, 1),
                linear("fc", 32 * 32 * 32, 10)};
    n.input_shape = std::vector<int64_t>{3, 32, 32};
    return n;
}

}  // namespace initscope::test
