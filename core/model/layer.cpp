#include "core/model/layer.h"

#include <limits>

namespace initscope {

namespace {

constexpr int64_t kInt64Max = std::numeric_limits<int64_t>::max();

/// a·b for non-negative counts, saturating at INT64_MAX instead of overflowing.
int64_t saturating_product(int64_t a, int64_t b) {
    int64_t product = 0;
    if (__builtin_mul_overflow(a, b, &product)) return kInt64Max;
    return product;
}

/// Fans as torch computes them, saturating so that an absurd layer cannot overflow.
Fans saturating_fans(const TensorShape& shape) {
    if (shape.rank() < 2) return {};
    int64_t rf = 1;
    for (int i = 2; i < shape.rank(); ++i) rf = saturating_product(rf, shape[i]);
    return {saturating_product(shape[1], rf), saturating_product(shape[0], rf)};
}

}  // namespace

std::string_view Layer::role_name(TensorRole role) {
    return role == TensorRole::Weight ? "weight" : "bias";
}

TensorShape Layer::weight_shape() const {
    if (kind == LayerKind::Linear) return TensorShape{out, in};
    // An invalid `groups` (≤ 0) is reported by NetworkValidation::problems(); the shape must not divide by 0.
    std::vector<int64_t> dims{out, groups > 0 ? in / groups : in};
    dims.insert(dims.end(), kernel_size.begin(), kernel_size.end());
    return TensorShape(std::move(dims));
}

TensorContext Layer::context(TensorRole role) const {
    TensorShape weight = weight_shape();
    const Fans fans = saturating_fans(weight);
    if (role == TensorRole::Bias) return TensorContext{bias_shape(), TensorRole::Bias, fans};
    return TensorContext{std::move(weight), TensorRole::Weight, fans};
}

int64_t Layer::weight_count() const {
    const TensorShape shape = weight_shape();
    int64_t n = 1;
    for (int64_t d : shape.dims()) n = saturating_product(n, d < 0 ? 0 : d);
    return n;
}

int64_t Layer::bias_count() const {
    return bias && out > 0 ? out : 0;
}

int64_t Layer::parameter_count() const {
    const int64_t w = weight_count(), b = bias_count();
    return w > kInt64Max - b ? kInt64Max : w + b;
}

std::string_view Layer::kind_name(LayerKind kind) {
    switch (kind) {
        case LayerKind::Linear:
            return "linear";
        case LayerKind::Conv1d:
            return "conv1d";
        case LayerKind::Conv2d:
            return "conv2d";
    }
    return "linear";
}

bool Layer::parse_kind(std::string_view name, LayerKind& kind) {
    for (LayerKind k : {LayerKind::Linear, LayerKind::Conv1d, LayerKind::Conv2d}) {
        if (kind_name(k) == name) {
            kind = k;
            return true;
        }
    }
    return false;
}

int Layer::spatial_dims() const {
    switch (kind) {
        case LayerKind::Linear:
            return 0;
        case LayerKind::Conv1d:
            return 1;
        case LayerKind::Conv2d:
            return 2;
    }
    return 0;
}

std::string_view Layer::in_key() const {
    return is_conv() ? "in_channels" : "in_features";
}

std::string_view Layer::out_key() const {
    return is_conv() ? "out_channels" : "out_features";
}

}  // namespace initscope
