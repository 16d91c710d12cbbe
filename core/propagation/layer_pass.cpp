#include "core/propagation/layer_pass.h"

#include "core/model/saturating_count.h"
#include "core/propagation/matrix_product.h"
#include "core/torch/cpu_features.h"
#include "core/torch/parallel_for.h"

#include <algorithm>
#include <cstring>

namespace initscope {

namespace {

using View = MatrixProduct::View;

/// Multiply-adds from which a conv's sample blocks are worth splitting between threads.
constexpr size_t kParallelMacs = size_t{1} << 20;
/// The bias gradient's column sums are split between threads from this many values on.
constexpr size_t kParallelValues = size_t{1} << 16;

/// Runs body(block) for every block in [0, blocks) on up to parallel_threads(macs) threads.
template <class Body>
void for_each_block(int64_t blocks, int64_t macs, const Body& body) {
    const int threads = std::min<int64_t>(
        blocks, parallel_threads(static_cast<size_t>(std::max<int64_t>(macs, 0)), kParallelMacs));
    parallel_for(static_cast<size_t>(blocks), threads, 1, [&](size_t begin, size_t end) {
        for (size_t b = begin; b < end; ++b) body(static_cast<int64_t>(b));
    });
}

/// sums[j] += rows[r·stride + j] for r in [0, count) in order, j < width, in double (each
/// conversion exact, so the AVX-512 copy gives the baseline's bits).
[[gnu::always_inline]] inline void add_columns(const float* rows, int64_t count, int64_t stride,
                                               int64_t width, double* sums) {
    for (int64_t r = 0; r < count; ++r) {
        const float* row = rows + r * stride;
        for (int64_t j = 0; j < width; ++j) sums[j] += row[j];
    }
}
using ColumnSums = void (*)(const float*, int64_t, int64_t, int64_t, double*);
INITSCOPE_TARGET_AVX512 void add_columns_avx512(const float* rows, int64_t count, int64_t stride,
                                                int64_t width, double* sums) {
    add_columns(rows, count, stride, width, sums);
}
void add_columns_baseline(const float* rows, int64_t count, int64_t stride, int64_t width,
                          double* sums) {
    add_columns(rows, count, stride, width, sums);
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
                        float* pre, const Finish& finish) const {
    if (conv_)
        conv_forward(parameters, input, batch, pre, finish);
    else
        linear_forward(parameters, input, batch, pre, finish);
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
    using C = SaturatingCount;
    if (!conv_) {  // the products' packing: a = x·Wᵀ, ∂L/∂W = (∂L/∂a)ᵀ·x, ∂L/∂x = ∂L/∂a·W
        return std::max({MatrixProduct::scratch_floats(out_, in_),
                         MatrixProduct::scratch_floats(in_, batch),
                         MatrixProduct::scratch_floats(in_, out_)});
    }
    const int64_t positions = C::product(out_h_, out_w_);
    const int64_t depth_g = C::product(C::product(in_ / groups_, kernel_h_), kernel_w_);
    const int64_t col = C::product(C::product(depth_g, groups_), positions);
    const int64_t weight = C::product(out_, depth_g);
    const int64_t packing = std::max({MatrixProduct::scratch_floats(positions, depth_g),
                                      MatrixProduct::scratch_floats(depth_g, positions),
                                      MatrixProduct::scratch_floats(positions, out_ / groups_)});
    // Per sample block: the im2col of one sample and its gradient, a partial ∂L/∂W and the
    // products' packing; the blocks' partial ∂L/∂b in double.
    const int64_t block = C::add(C::add(C::product(2, col), weight), packing);
    return C::add(C::product(std::min(kSampleBlocks, std::max<int64_t>(batch, 1)), block),
                  C::product(2 * kSampleBlocks, out_));
}

void LayerPass::linear_forward(const LayerParameters& p, const float* input, int64_t batch,
                               float* pre, const Finish& finish) const {
    // a = x·Wᵀ (+ b): W is [out, in], read transposed; b is added to each finished rectangle.
    const float* bias = p.bias ? p.bias->data() : nullptr;
    const auto add_bias = [&](int64_t r0, int64_t r1, int64_t j0, int64_t j1) {
        if (bias)
            for (int64_t r = r0; r < r1; ++r) {
                float* row = pre + r * out_;
                for (int64_t j = j0; j < j1; ++j) row[j] += bias[j];
            }
        if (finish) finish(r0, r1, j0, j1);
    };
    MatrixProduct::multiply(batch, out_, in_, View{input, in_, 1}, View{p.weight.data(), 1, in_},
                            pre, out_, false, add_bias);
}

void LayerPass::linear_backward(const LayerParameters& p, const float* input, const float* grad_pre,
                                int64_t batch, float* grad_weight, float* grad_bias,
                                float* grad_input) const {
    // ∂L/∂W = (∂L/∂a)ᵀ·x
    MatrixProduct::multiply(out_, in_, batch, View{grad_pre, 1, out_}, View{input, in_, 1},
                            grad_weight, in_);
    if (grad_bias) {  // column sums of ∂L/∂a in double, each column in row order on one thread
        parallel_for(static_cast<size_t>(out_),
                     parallel_threads(static_cast<size_t>(batch * out_), kParallelValues), 16,
                     [&](size_t begin, size_t end) {
                         const int64_t j0 = static_cast<int64_t>(begin);
                         const int64_t j1 = static_cast<int64_t>(end);
                         std::vector<double> sums(end - begin, 0.0);
                         const ColumnSums add = CpuFeatures::active().avx512f
                                                    ? add_columns_avx512
                                                    : add_columns_baseline;
                         add(grad_pre + j0, batch, out_, j1 - j0, sums.data());
                         for (int64_t j = j0; j < j1; ++j)
                             grad_bias[j] = static_cast<float>(sums[static_cast<size_t>(j - j0)]);
                     });
    }
    // ∂L/∂x = ∂L/∂a·W
    if (grad_input)
        MatrixProduct::multiply(batch, in_, out_, View{grad_pre, out_, 1},
                                View{p.weight.data(), in_, 1}, grad_input, in_);
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

bool LayerPass::im2col_is_identity() const {
    return kernel_h_ == 1 && kernel_w_ == 1 && stride_h_ == 1 && stride_w_ == 1 && pad_h_ == 0 &&
           pad_w_ == 0;
}

const float* LayerPass::columns(const float* sample, std::vector<float>& col) const {
    if (im2col_is_identity()) return sample;  // col = the sample itself
    col.resize(static_cast<size_t>(in_ * kernel_h_ * kernel_w_ * out_h_ * out_w_));
    im2col(sample, col.data());
    return col.data();
}

void LayerPass::conv_forward(const LayerParameters& p, const float* input, int64_t batch,
                             float* pre, const Finish& finish) const {
    const int64_t positions = out_h_ * out_w_;
    const int64_t out_g = out_ / groups_;
    const int64_t depth_g = in_ / groups_ * kernel_h_ * kernel_w_;  // im2col rows per group
    for_each_block(kSampleBlocks, batch * out_ * depth_g * positions, [&](int64_t k) {
        std::vector<float> buffer;
        for (int64_t s = sample_block_begin(batch, k); s < sample_block_begin(batch, k + 1); ++s) {
            const float* col = columns(input + s * input_size_, buffer);
            for (int64_t g = 0; g < groups_; ++g) {
                // a_g = W_g · col_g
                float* a = pre + s * output_size_ + g * out_g * positions;
                MatrixProduct::multiply(out_g, positions, depth_g,
                                        View{p.weight.data() + g * out_g * depth_g, depth_g, 1},
                                        View{col + g * depth_g * positions, positions, 1}, a,
                                        positions);
                if (!p.bias) continue;
                for (int64_t c = 0; c < out_g; ++c) {
                    const float b = p.bias->data()[g * out_g + c];
                    for (int64_t q = 0; q < positions; ++q) a[c * positions + q] += b;
                }
            }
            if (finish) finish(s, s + 1, 0, output_size_);
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
        std::vector<float> buffer;
        std::vector<float> grad_col(grad_input ? static_cast<size_t>(col_size) : 0);
        float* dw = partial_weight.data() + k * weight_size;
        double* db = partial_bias.data() + k * out_;
        for (int64_t s = s0; s < s1; ++s) {
            const float* col = columns(input + s * input_size_, buffer);
            const float* da_s = grad_pre + s * output_size_;
            float* dx = grad_input ? grad_input + s * input_size_ : nullptr;
            // With an identity im2col, ∂L/∂col is ∂L/∂input itself.
            float* dcol = dx && im2col_is_identity() ? dx : grad_col.data();
            for (int64_t g = 0; g < groups_; ++g) {
                const float* da = da_s + g * out_g * positions;
                const float* col_g = col + g * depth_g * positions;
                // ∂L/∂W_g += ∂L/∂a_g · col_gᵀ
                MatrixProduct::multiply(out_g, depth_g, positions, View{da, positions, 1},
                                        View{col_g, 1, positions}, dw + g * out_g * depth_g,
                                        depth_g, true);
                // ∂L/∂col_g = W_gᵀ · ∂L/∂a_g
                if (dx)
                    MatrixProduct::multiply(depth_g, positions, out_g,
                                            View{p.weight.data() + g * out_g * depth_g, 1, depth_g},
                                            View{da, positions, 1}, dcol + g * depth_g * positions,
                                            positions);
            }
            if (grad_bias)
                for (int64_t c = 0; c < out_; ++c) {
                    const float* row = da_s + c * positions;
                    double sum = 0;
                    for (int64_t q = 0; q < positions; ++q) sum += row[q];
                    db[c] += sum;
                }
            if (dx && dcol != dx) {
                std::fill(dx, dx + input_size_, 0.0f);
                col2im_add(dcol, dx);
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
