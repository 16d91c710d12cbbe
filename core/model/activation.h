#pragma once

#include <span>

namespace initscope {

/// The activation after a layer, each with its PyTorch definition (torch.nn.functional):
/// linear (identity), relu, leaky_relu (negative_slope), tanh, sigmoid, selu, gelu (exact, erf
/// form, approximate='none') and silu. Spelled by ChoiceSpelling: linear, relu, leaky_relu, tanh,
/// sigmoid, selu, gelu, silu. Distinct from Nonlinearity, which is calculate_gain's argument.
enum class Activation { Linear, Relu, LeakyRelu, Tanh, Sigmoid, Selu, Gelu, Silu };

/// φ and φ' of one activation. The float forms are what PyTorch's CPU kernels compute (forward,
/// and the factor the backward multiplies the incoming gradient by); the double forms are the same
/// functions for the mean-field integrals.
struct ActivationFunction {
    /// SELU's constants (Klambauer et al. 2017), as torch.nn.functional.selu uses them.
    static constexpr double kSeluAlpha = 1.6732632423543772848170429916717;
    static constexpr double kSeluScale = 1.0507009873554804934193349852946;
    /// leaky_relu's default negative_slope.
    static constexpr double kDefaultNegativeSlope = 0.01;

    Activation kind = Activation::Linear;
    double negative_slope = kDefaultNegativeSlope;  ///< leaky_relu only

    /// φ(x). tanh is glibc 2.36's tanhf bit for bit (TanhKernel, independent of the C library
    /// in use); the others are computed with the C library's exp, expm1 and erf.
    float value(float x) const;
    /// y[i] = value(x[i]) bit for bit, for min(x.size(), y.size()) values (x and y may be the
    /// same span); tanh runs 8 lanes at a time.
    void values(std::span<const float> x, std::span<float> y) const;
    /// dφ/dx at x as autograd uses it: relu'(0) = 0, leaky_relu'(0) = negative_slope.
    float derivative(float x) const;
    /// derivative(x) given y = value(x), as autograd's backward computes it: tanh 1 − y² and
    /// sigmoid y·(1 − y) from the output, the others from x. Equals derivative(x) bit for bit.
    float derivative(float x, float y) const;
    /// grad_x[i] = grad_y[i]·derivative(x[i], y[i]) bit for bit (y = φ(x)): the backward of φ,
    /// for the shortest span's size; grad_x may be grad_y.
    void backward(std::span<const float> x, std::span<const float> y, std::span<const float> grad_y,
                  std::span<float> grad_x) const;
    double value(double x) const;
    double derivative(double x) const;
};

}  // namespace initscope
