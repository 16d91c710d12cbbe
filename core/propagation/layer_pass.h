#pragma once

#include "core/model/layer.h"
#include "core/model/parameters.h"
#include "core/propagation/matrix_product.h"

#include <cstdint>
#include <utility>
#include <vector>

namespace initscope {

/// The forward and backward pass of one linear, conv1d or conv2d layer over a float32 batch, as
/// nn.Linear / nn.Conv1d / nn.Conv2d compute them (dilation 1, zero padding on every side), with
/// MatrixProduct (a GEMM with a fixed summation order); a conv goes through im2col (a conv1d is a
/// conv2d of height 1).
///
/// Layouts are PyTorch's, contiguous: the input is [batch, *input_shape] (a linear reads every
/// sample as one flat vector, which is torch.flatten(h, 1)), the output [batch, out] or
/// [batch, out, *spatial]. Every float is the same for any thread count
/// (core/torch/parallel_for.h): MatrixProduct's sums have a fixed order, and a conv's batch is
/// cut into kSampleBlocks fixed parts whose partial weight and bias gradients are added in block
/// order. ∂L/∂b sums in double.
class LayerPass {
public:
    using Shape = std::vector<int64_t>;

    /// A conv's batch is cut into this many fixed parts; each has its own im2col buffers and
    /// partial weight gradient, so they run side by side.
    static constexpr int64_t kSampleBlocks = 8;

    /// `input_shape` is one sample's shape: [features] (or any shape with in_features elements)
    /// for a linear, [in_channels, length] for a conv1d, [in_channels, height, width] for a
    /// conv2d. Precondition: it fits the layer (NetworkShapes::walk reports no problem).
    LayerPass(const Layer& layer, const Shape& input_shape);

    /// One sample's output shape: [out] or [out, *spatial].
    const Shape& output_shape() const { return output_shape_; }
    int64_t input_size() const { return input_size_; }    ///< floats per sample in
    int64_t output_size() const { return output_size_; }  ///< floats per sample out

    /// Called on finished rectangles of a [batch, size] output — samples [row_begin, row_end),
    /// floats [column_begin, column_end) of each — while they are in cache; disjoint, covering
    /// the output, possibly from several threads at once (MatrixProduct::Finish).
    using Finish = MatrixProduct::Finish;

    /// pre[batch, output] = layer(input[batch, input]): x·Wᵀ + b, or the convolution plus b;
    /// then `finish` on its rectangles (e.g. the activation), if given.
    void forward(const LayerParameters& parameters, const float* input, int64_t batch, float* pre,
                 const Finish& finish = {}) const;

    /// The gradients of L given grad_pre = ∂L/∂pre [batch, output] and the forward's input:
    /// grad_weight (the weight's shape) = ∂L/∂W, grad_bias ([out], or nullptr without a bias) =
    /// ∂L/∂b, and grad_input ([batch, input], or nullptr when not wanted) = ∂L/∂input.
    void backward(const LayerParameters& parameters, const float* input, const float* grad_pre,
                  int64_t batch, float* grad_weight, float* grad_bias, float* grad_input) const;

    /// The floats forward() and backward() allocate beside their arguments, at most: the matrix
    /// products' packing (MatrixProduct::scratch_floats) and, for a conv, per sample block the
    /// im2col of a sample and its gradient and a partial ∂L/∂W. Saturates at INT64_MAX.
    int64_t scratch_floats(int64_t batch) const;

private:
    void linear_forward(const LayerParameters& p, const float* input, int64_t batch, float* pre,
                        const Finish& finish) const;
    void linear_backward(const LayerParameters& p, const float* input, const float* grad_pre,
                         int64_t batch, float* grad_weight, float* grad_bias,
                         float* grad_input) const;
    void conv_forward(const LayerParameters& p, const float* input, int64_t batch, float* pre,
                      const Finish& finish) const;
    void conv_backward(const LayerParameters& p, const float* input, const float* grad_pre,
                       int64_t batch, float* grad_weight, float* grad_bias,
                       float* grad_input) const;
    /// The output columns [lo, hi) whose input column ox·stride − pad + j lies inside the input.
    std::pair<int64_t, int64_t> inside_columns(int64_t j) const;
    /// col[(c·kh + i)·kw + j][oy·out_w + ox] = sample[c][oy·stride − pad + i][ox·stride − pad + j],
    /// 0 in the padding.
    void im2col(const float* sample, float* col) const;
    /// The adjoint of im2col: adds every col entry to the input position it was read from.
    void col2im_add(const float* col, float* sample) const;
    /// True for a 1×1 kernel with stride 1 and no padding: col is the sample itself.
    bool im2col_is_identity() const;
    /// The sample's im2col: the sample itself when that is the identity, else col (resized).
    const float* columns(const float* sample, std::vector<float>& col) const;

    bool conv_ = false;
    int64_t in_ = 0, out_ = 0, groups_ = 1;
    int64_t in_h_ = 1, in_w_ = 1, out_h_ = 1, out_w_ = 1;
    int64_t kernel_h_ = 1, kernel_w_ = 1;
    int64_t stride_h_ = 1, stride_w_ = 1, pad_h_ = 0, pad_w_ = 0;
    int64_t input_size_ = 0, output_size_ = 0;
    Shape output_shape_;
};

}  // namespace initscope
