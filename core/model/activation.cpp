#include "core/model/activation.h"

#include "core/model/tanh_kernel.h"

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstdint>
#include <numbers>
#include <type_traits>

namespace initscope {

namespace {

/// φ and φ' for one precision; T is float (PyTorch's kernels) or double (the theory).
template <class T>
[[gnu::always_inline]] inline T activation_value(const ActivationFunction& f, T x) {
    switch (f.kind) {
        case Activation::Linear:
            return x;
        case Activation::Relu:
            return x > T(0) ? x : T(0);
        case Activation::LeakyRelu:
            return x > T(0) ? x : x * static_cast<T>(f.negative_slope);
        case Activation::Tanh:  // float: glibc's tanhf, bit for bit (TanhKernel)
            if constexpr (std::is_same_v<T, float>)
                return TanhKernel::value(x);
            else
                return std::tanh(x);
        case Activation::Sigmoid:
            return T(1) / (T(1) + std::exp(-x));
        case Activation::Selu:
            return x > T(0) ? static_cast<T>(ActivationFunction::kSeluScale) * x
                            : static_cast<T>(ActivationFunction::kSeluScale *
                                             ActivationFunction::kSeluAlpha) *
                                  std::expm1(x);
        case Activation::Gelu:  // x·Φ(x) = x·½(1 + erf(x/√2))
            return x * T(0.5) * (T(1) + std::erf(x * static_cast<T>(std::numbers::sqrt2 / 2)));
        case Activation::Silu:  // x·sigmoid(x)
            return x / (T(1) + std::exp(-x));
    }
    return x;
}

/// condition ? a : b; for float through a bit mask, so that a loop over it has no branch to
/// mispredict (relu's derivative on random signs).
template <class T>
[[gnu::always_inline]] inline T select(bool condition, T a, T b) {
    if constexpr (std::is_same_v<T, float>) {
        const uint32_t mask = -static_cast<uint32_t>(condition);
        return std::bit_cast<float>((std::bit_cast<uint32_t>(a) & mask) |
                                    (std::bit_cast<uint32_t>(b) & ~mask));
    } else {
        return condition ? a : b;
    }
}

/// φ'(x) given y = φ(x); tanh and sigmoid read y, the others x.
template <class T>
[[gnu::always_inline]] inline T activation_derivative(const ActivationFunction& f, T x, T y) {
    switch (f.kind) {
        case Activation::Linear:
            return T(1);
        case Activation::Relu:
            return select(x > T(0), T(1), T(0));
        case Activation::LeakyRelu:
            return select(x > T(0), T(1), static_cast<T>(f.negative_slope));
        case Activation::Tanh:
            return T(1) - y * y;
        case Activation::Sigmoid:
            return y * (T(1) - y);
        case Activation::Selu:
            return x > T(0) ? static_cast<T>(ActivationFunction::kSeluScale)
                            : static_cast<T>(ActivationFunction::kSeluScale *
                                             ActivationFunction::kSeluAlpha) *
                                  std::exp(x);
        case Activation::Gelu: {  // Φ(x) + x·φ(x)
            const T cdf = T(0.5) * (T(1) + std::erf(x * static_cast<T>(std::numbers::sqrt2 / 2)));
            const T pdf = std::exp(T(-0.5) * x * x) *
                          static_cast<T>(std::numbers::inv_sqrtpi / std::numbers::sqrt2);
            return cdf + x * pdf;
        }
        case Activation::Silu: {  // s·(1 + x·(1 − s))
            const T s = T(1) / (T(1) + std::exp(-x));
            return s * (T(1) + x * (T(1) - s));
        }
    }
    return T(1);
}

/// φ'(x); y = φ(x) is only computed where the derivative reads it.
template <class T>
T activation_derivative(const ActivationFunction& f, T x) {
    const bool reads_y = f.kind == Activation::Tanh || f.kind == Activation::Sigmoid;
    return activation_derivative(f, x, reads_y ? activation_value(f, x) : x);
}

/// body(g) with g = f whose kind is a compile-time constant in each case, so that the inlined
/// formulas lose their switch and the loop in body is over one activation.
template <class Body>
void with_constant_kind(const ActivationFunction& f, const Body& body) {
    ActivationFunction g = f;
    switch (f.kind) {
#define INITSCOPE_ACTIVATION_CASE(K) \
    case Activation::K:              \
        g.kind = Activation::K;      \
        return body(g);
        INITSCOPE_ACTIVATION_CASE(Linear)
        INITSCOPE_ACTIVATION_CASE(Relu)
        INITSCOPE_ACTIVATION_CASE(LeakyRelu)
        INITSCOPE_ACTIVATION_CASE(Tanh)
        INITSCOPE_ACTIVATION_CASE(Sigmoid)
        INITSCOPE_ACTIVATION_CASE(Selu)
        INITSCOPE_ACTIVATION_CASE(Gelu)
        INITSCOPE_ACTIVATION_CASE(Silu)
#undef INITSCOPE_ACTIVATION_CASE
    }
}

}  // namespace

float ActivationFunction::value(float x) const {
    return activation_value(*this, x);
}
void ActivationFunction::values(std::span<const float> x, std::span<float> y) const {
    if (kind == Activation::Tanh) return TanhKernel::values(x, y);
    const size_t n = std::min(x.size(), y.size());
    with_constant_kind(*this, [&](const ActivationFunction& g) {
        for (size_t i = 0; i < n; ++i) y[i] = activation_value(g, x[i]);
    });
}
void ActivationFunction::backward(std::span<const float> x, std::span<const float> y,
                                  std::span<const float> grad_y, std::span<float> grad_x) const {
    const size_t n = std::min({x.size(), y.size(), grad_y.size(), grad_x.size()});
    with_constant_kind(*this, [&](const ActivationFunction& g) {
        for (size_t i = 0; i < n; ++i) grad_x[i] = grad_y[i] * activation_derivative(g, x[i], y[i]);
    });
}
float ActivationFunction::derivative(float x) const {
    return activation_derivative(*this, x);
}
float ActivationFunction::derivative(float x, float y) const {
    return activation_derivative(*this, x, y);
}
double ActivationFunction::value(double x) const {
    return activation_value(*this, x);
}
double ActivationFunction::derivative(double x) const {
    return activation_derivative(*this, x);
}

}  // namespace initscope
