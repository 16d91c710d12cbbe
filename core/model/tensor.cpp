#include "core/model/tensor.h"

namespace initscope {

Tensor::Tensor(TensorShape shape)
    : shape_(std::move(shape)), values_(static_cast<size_t>(shape_.numel()), 0.0f) {}

static Eigen::Index matrix_rows(const TensorShape& shape) {
    return shape.rank() == 0 ? 1 : static_cast<Eigen::Index>(shape[0]);
}

Eigen::Map<Tensor::RowMatrix> Tensor::matrix() {
    const Eigen::Index rows = matrix_rows(shape_);
    return {values_.data(), rows, rows == 0 ? 0 : static_cast<Eigen::Index>(numel()) / rows};
}

Eigen::Map<const Tensor::RowMatrix> Tensor::matrix() const {
    const Eigen::Index rows = matrix_rows(shape_);
    return {values_.data(), rows, rows == 0 ? 0 : static_cast<Eigen::Index>(numel()) / rows};
}

}  // namespace initscope
