#include "core/propagation/layer_pass.h"

#include "core/model/saturating_count.h"
#include "core/torch/parallel_for.h"

#include <Eigen/Core>
#include <algorithm>
#include <cstring>

namespace initscope {

namespace {

using RowMatrix = Eigen::Matrix<float, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
using MatrixMap = Eigen::Map<RowMatrix>;
using ConstMatrixMap = Eigen::Map<const RowMatrix>;
using ConstRowVectorMap = Eigen::Map<const Eigen::RowVectorXf>;
using ColumnVectorMap = Eigen::Map<const Eigen::VectorXf>;

/// A linear's batch (and its weight's rows, for ∂L/∂W) is cut into blocks of this many rows.
constexpr int64_t kRowBlock = 128;
/// Multiply-adds from which a product is worth splitting between threads (a fraction of a ms).
constexpr size_t kParallelMacs = size_t{1} << 20;

int64_t block_count(int64_t n, int64_t block) {
    return (n + block - 1) / block;
}

/// Runs body(block) for every block in [0, blocks) on up to parallel_threads(macs) threads.
template <class Body>
void for_each_block(int64_t blocks, int64_t macs, const Body& body) {
    const int threads = std::min<int64_t>(
        blocks, parallel_threads(static_cast<size_t>(std::max<int64_t>(macs, 0)), kParallelMacs));
    parallel_for(static_cast<size_t>(blocks), threads, 1, [&](size_t begin, size_t end) {
        for (size_t b = begin; b < end; ++b) body(static_cast<int64_t>(b));
    });
}

/// Sample range of conv block k: [batch·k/K, batch·(k+1)/K).
int64_t sample_block_begin(int64_t batch, int64_t k) {
    return batch * k / LayerPass::kSampleBlocks;
}

}  // namespace

LayerPass::LayerPass(const Layer& layer, const Shape& input_shape)
    : conv_(layer.is_conv()), in_(layer.in), out_(layer.out), groups_(layer.groups) {
    input_size_ = SaturatingCount::product(input_shape);
    if (!conv_) {
        output_shape_ = {out_};
        output_size_ = out_;
        return;
    }
    const bool two_d = layer.kind == LayerKind::Conv2d;
    in_h_ = two_d ? input_shape[1] : 1;
    in_w_ = input_shape.back();
    kernel_h_ = two_d ? layer.kernel_size[0] : 1;
    kernel_w_ = layer.kernel_size.back();
    stride_h_ = two_d ? layer.stride : 1;
    stride_w_ = layer.stride;
    pad_h_ = two_d ? layer.padding : 0;
    pad_w_ = layer.padding;
    // PyTorch: out = ⌊(in + 2·padding − kernel)/stride⌋ + 1 (dilation 1).
    out_h_ = (in_h_ + 2 * pad_h_ - kernel_h_) / stride_h_ + 1;
    out_w_ = (in_w_ + 2 * pad_w_ - kernel_w_) / stride_w_ + 1;
    output_shape_ = two_d ? Shape{out_, out_h_, out_w_} : Shape{out_, out_w_};
    output_size_ = out_ * out_h_ * out_w_;
}

void LayerPass::forward(const LayerParameters& parameters, const float* input, int64_t batch,
                        float* pre) const {
    if (conv_)
        conv_forward(parameters, input, batch, pre);
    else
        linear_forward(parameters, input, batch, pre);
}

void LayerPass::backward(const LayerParameters& parameters, const float* input,
                         const float* grad_pre, int64_t batch, float* grad_weight, float* grad_bias,
                         float* grad_input) const {
    if (conv_)
        conv_backward(parameters, input, grad_pre, batch, grad_weight, grad_bias, grad_input);
    else
        linear_backward(parameters, input, grad_pre, batch, grad_weight, grad_bias, grad_input);
}

int64_t LayerPass::scratch_floats(int64_t batch) const {
    if (!conv_) return 0;
    const int64_t blocks = std::min(kSampleBlocks, std::max<int64_t>(batch, 1));
    const int64_t col = SaturatingCount::product(
        SaturatingCount::product(in_ * kernel_h_, kernel_w_), out_h_ * out_w_);
    const int64_t weight = SaturatingCount::product(SaturatingCount::product(out_, in_ / groups_),
                                                    kernel_h_ * kernel_w_);
    // Per block: the im2col of one sample and its gradient, and a partial ∂L/∂W.
    return SaturatingCount::product(blocks,
                                    SaturatingCount::add(SaturatingCount::product(2, col), weight));
}

void LayerPass::linear_forward(const LayerParameters& p, const float* input, int64_t batch,
                               float* pre) const {
    const ConstMatrixMap w(p.weight.data(), out_, in_);
    for_each_block(block_count(batch, kRowBlock), batch * in_ * out_, [&](int64_t b) {
        const int64_t r0 = b * kRowBlock, n = std::min(kRowBlock, batch - r0);
        MatrixMap a(pre + r0 * out_, n, out_);
        a.noalias() = ConstMatrixMap(input + r0 * in_, n, in_) * w.transpose();
        if (p.bias) a.rowwise() += ConstRowVectorMap(p.bias->data(), out_);
    });
}

void LayerPass::linear_backward(const LayerParameters& p, const float* input, const float* grad_pre,
                                int64_t batch, float* grad_weight, float* grad_bias,
                                float* grad_input) const {
    const ConstMatrixMap w(p.weight.data(), out_, in_);
    const ConstMatrixMap da(grad_pre, batch, out_);
    const ConstMatrixMap x(input, batch, in_);
    // ∂L/∂W = (∂L/∂a)ᵀ·x, cut into blocks of the weight's rows.
    for_each_block(block_count(out_, kRowBlock), batch * in_ * out_, [&](int64_t b) {
        const int64_t r0 = b * kRowBlock, n = std::min(kRowBlock, out_ - r0);
        MatrixMap(grad_weight + r0 * in_, n, in_).noalias() = da.middleCols(r0, n).transpose() * x;
    });
    if (grad_bias) {  // column sums of ∂L/∂a, in double
        std::vector<double> sums(static_cast<size_t>(out_), 0.0);
        for (int64_t r = 0; r < batch; ++r) {
            const float* row = grad_pre + r * out_;
            for (int64_t j = 0; j < out_; ++j) sums[static_cast<size_t>(j)] += row[j];
        }
        for (int64_t j = 0; j < out_; ++j)
            grad_bias[j] = static_cast<float>(sums[static_cast<size_t>(j)]);
    }
    if (grad_input) {  // ∂L/∂x = ∂L/∂a·W, cut into blocks of the batch
        for_each_block(block_count(batch, kRowBlock), batch * in_ * out_, [&](int64_t b) {
            const int64_t r0 = b * kRowBlock, n = std::min(kRowBlock, batch - r0);
            MatrixMap(grad_input + r0 * in_, n, in_).noalias() = da.middleRows(r0, n) * w;
        });
    }
}

std::pair<int64_t, int64_t> LayerPass::inside_columns(int64_t j) const {
    // 0 ≤ ox·stride − pad + j ≤ in_w − 1  ⇔  ⌈(pad − j)/stride⌉ ≤ ox ≤ ⌊(in_w − 1 + pad −
    // j)/stride⌋
    const int64_t lo =
        std::clamp<int64_t>((pad_w_ - j + stride_w_ - 1) / stride_w_, 0, out_w_);  // ≤ 0 → 0
    const int64_t last = in_w_ - 1 + pad_w_ - j;
    const int64_t hi = last < 0 ? lo : std::clamp<int64_t>(last / stride_w_ + 1, lo, out_w_);
    return {lo, hi};
}

void LayerPass::im2col(const float* sample, float* col) const {
    const int64_t positions = out_h_ * out_w_;
    for (int64_t c = 0; c < in_; ++c)
        for (int64_t i = 0; i < kernel_h_; ++i)
            for (int64_t j = 0; j < kernel_w_; ++j) {
                float* row = col + ((c * kernel_h_ + i) * kernel_w_ + j) * positions;
                const auto [lo, hi] = inside_columns(j);
                for (int64_t oy = 0; oy < out_h_; ++oy) {
                    float* dst = row + oy * out_w_;
                    const int64_t iy = oy * stride_h_ - pad_h_ + i;
                    if (iy < 0 || iy >= in_h_) {
                        std::fill(dst, dst + out_w_, 0.0f);
                        continue;
                    }
                    // Input index of output column ox: base + ox·stride (≥ 0 from lo on).
                    const int64_t base = (c * in_h_ + iy) * in_w_ - pad_w_ + j;
                    std::fill(dst, dst + lo, 0.0f);
                    if (stride_w_ == 1)
                        std::memcpy(dst + lo, sample + base + lo,
                                    static_cast<size_t>(hi - lo) * sizeof(float));
                    else
                        for (int64_t ox = lo; ox < hi; ++ox)
                            dst[ox] = sample[base + ox * stride_w_];
                    std::fill(dst + hi, dst + out_w_, 0.0f);
                }
            }
}

void LayerPass::col2im_add(const float* col, float* sample) const {
    const int64_t positions = out_h_ * out_w_;
    for (int64_t c = 0; c < in_; ++c)
        for (int64_t i = 0; i < kernel_h_; ++i)
            for (int64_t j = 0; j < kernel_w_; ++j) {
                const float* row = col + ((c * kernel_h_ + i) * kernel_w_ + j) * positions;
                const auto [lo, hi] = inside_columns(j);
                for (int64_t oy = 0; oy < out_h_; ++oy) {
                    const int64_t iy = oy * stride_h_ - pad_h_ + i;
                    if (iy < 0 || iy >= in_h_) continue;
                    const float* src = row + oy * out_w_;
                    const int64_t base = (c * in_h_ + iy) * in_w_ - pad_w_ + j;
                    for (int64_t ox = lo; ox < hi; ++ox) sample[base + ox * stride_w_] += src[ox];
                }
            }
}

void LayerPass::conv_forward(const LayerParameters& p, const float* input, int64_t batch,
                             float* pre) const {
    const int64_t positions = out_h_ * out_w_;
    const int64_t out_g = out_ / groups_;
    const int64_t depth_g = in_ / groups_ * kernel_h_ * kernel_w_;  // im2col rows per group
    for_each_block(kSampleBlocks, batch * out_ * depth_g * positions, [&](int64_t k) {
        std::vector<float> col(static_cast<size_t>(groups_ * depth_g * positions));
        for (int64_t s = sample_block_begin(batch, k); s < sample_block_begin(batch, k + 1); ++s) {
            im2col(input + s * input_size_, col.data());
            for (int64_t g = 0; g < groups_; ++g) {
                MatrixMap a(pre + s * output_size_ + g * out_g * positions, out_g, positions);
                a.noalias() =
                    ConstMatrixMap(p.weight.data() + g * out_g * depth_g, out_g, depth_g) *
                    ConstMatrixMap(col.data() + g * depth_g * positions, depth_g, positions);
                if (p.bias) a.colwise() += ColumnVectorMap(p.bias->data() + g * out_g, out_g);
            }
        }
    });
}

void LayerPass::conv_backward(const LayerParameters& p, const float* input, const float* grad_pre,
                              int64_t batch, float* grad_weight, float* grad_bias,
                              float* grad_input) const {
    const int64_t positions = out_h_ * out_w_;
    const int64_t out_g = out_ / groups_;
    const int64_t depth_g = in_ / groups_ * kernel_h_ * kernel_w_;
    const int64_t weight_size = out_ * depth_g, col_size = groups_ * depth_g * positions;
    // Per sample block: a partial ∂L/∂W and ∂L/∂b, added below in block order.
    std::vector<float> partial_weight(static_cast<size_t>(kSampleBlocks * weight_size), 0.0f);
    std::vector<double> partial_bias(static_cast<size_t>(kSampleBlocks * out_), 0.0);
    const int64_t macs = batch * out_ * depth_g * positions * (grad_input ? 2 : 1);
    for_each_block(kSampleBlocks, macs, [&](int64_t k) {
        const int64_t s0 = sample_block_begin(batch, k), s1 = sample_block_begin(batch, k + 1);
        if (s0 == s1) return;
        std::vector<float> col(static_cast<size_t>(col_size));
        std::vector<float> grad_col(grad_input ? static_cast<size_t>(col_size) : 0);
        float* dw = partial_weight.data() + k * weight_size;
        double* db = partial_bias.data() + k * out_;
        for (int64_t s = s0; s < s1; ++s) {
            im2col(input + s * input_size_, col.data());
            const float* da_s = grad_pre + s * output_size_;
            for (int64_t g = 0; g < groups_; ++g) {
                const ConstMatrixMap da(da_s + g * out_g * positions, out_g, positions);
                const ConstMatrixMap col_g(col.data() + g * depth_g * positions, depth_g,
                                           positions);
                MatrixMap(dw + g * out_g * depth_g, out_g, depth_g).noalias() +=
                    da * col_g.transpose();
                if (grad_input)
                    MatrixMap(grad_col.data() + g * depth_g * positions, depth_g, positions)
                        .noalias() =
                        ConstMatrixMap(p.weight.data() + g * out_g * depth_g, out_g, depth_g)
                            .transpose() *
                        da;
            }
            if (grad_bias)
                for (int64_t c = 0; c < out_; ++c) {
                    const float* row = da_s + c * positions;
                    double sum = 0;
                    for (int64_t q = 0; q < positions; ++q) sum += row[q];
                    db[c] += sum;
                }
            if (grad_input) {
                float* dx = grad_input + s * input_size_;
                std::fill(dx, dx + input_size_, 0.0f);
                col2im_add(grad_col.data(), dx);
            }
        }
    });
    for (int64_t i = 0; i < weight_size; ++i) {
        float sum = partial_weight[static_cast<size_t>(i)];
        for (int64_t k = 1; k < kSampleBlocks; ++k)
            sum += partial_weight[static_cast<size_t>(k * weight_size + i)];
        grad_weight[i] = sum;
    }
    if (grad_bias)
        for (int64_t c = 0; c < out_; ++c) {
            double sum = 0;
            for (int64_t k = 0; k < kSampleBlocks; ++k)
                sum += partial_bias[static_cast<size_t>(k * out_ + c)];
            grad_bias[c] = static_cast<float>(sum);
        }
}

}  // namespace initscope
