#include "core/model/activation.h"

#include <cmath>
#include <numbers>

namespace initscope {

namespace {

/// φ and φ' for one precision; T is float (PyTorch's kernels) or double (the theory).
template <class T>
T activation_value(const ActivationFunction& f, T x) {
    switch (f.kind) {
        case Activation::Linear:
            return x;
        case Activation::Relu:
            return x > T(0) ? x : T(0);
        case Activation::LeakyRelu:
            return x > T(0) ? x : x * static_cast<T>(f.negative_slope);
        case Activation::Tanh:
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

/// φ'(x) given y = φ(x); tanh and sigmoid read y, the others x.
template <class T>
T activation_derivative(const ActivationFunction& f, T x, T y) {
    switch (f.kind) {
        case Activation::Linear:
            return T(1);
        case Activation::Relu:
            return x > T(0) ? T(1) : T(0);
        case Activation::LeakyRelu:
            return x > T(0) ? T(1) : static_cast<T>(f.negative_slope);
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

}  // namespace

float ActivationFunction::value(float x) const {
    return activation_value(*this, x);
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
