#pragma once

#include "core/model/huge_page_allocator.h"
#include "core/model/tensor_shape.h"

#include <Eigen/Core>
#include <span>
#include <vector>

namespace initscope {

/// A float32 tensor in PyTorch's layout: contiguous, row-major (C order), shape as PyTorch's.
class Tensor {
public:
    using RowMatrix = Eigen::Matrix<float, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;

    Tensor() = default;
    /// Allocates numel() floats, zero-filled (big tensors on huge pages: HugePageMemory).
    explicit Tensor(TensorShape shape);

    const TensorShape& shape() const { return shape_; }
    int64_t numel() const { return static_cast<int64_t>(values_.size()); }
    std::span<float> values() { return values_; }
    std::span<const float> values() const { return values_; }
    float* data() { return values_.data(); }
    const float* data() const { return values_.data(); }

    /// The tensor viewed as a (dims[0]) × (numel/dims[0]) row-major matrix, as PyTorch's
    /// orthogonal_ and sparse_ see it. A rank-1 tensor is one column.
    Eigen::Map<RowMatrix> matrix();
    Eigen::Map<const RowMatrix> matrix() const;

    bool operator==(const Tensor&) const = default;

private:
    TensorShape shape_;
    std::vector<float, HugePageAllocator<float>> values_;
};

}  // namespace initscope
