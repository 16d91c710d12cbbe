#include "core/model/tensor_shape.h"

namespace initscope {

int64_t TensorShape::numel() const {
    int64_t n = 1;
    for (int64_t d : dims_) n *= d;
    return n;
}

int64_t TensorShape::receptive_field() const {
    int64_t rf = 1;
    for (size_t i = 2; i < dims_.size(); ++i) rf *= dims_[i];
    return rf;
}

Fans TensorShape::fans() const {
    if (rank() < 2) return {};
    const int64_t rf = receptive_field();
    return {dims_[1] * rf, dims_[0] * rf};
}

std::string TensorShape::to_string() const {
    std::string out;
    for (size_t i = 0; i < dims_.size(); ++i) {
        if (i > 0) out += " × ";
        out += std::to_string(dims_[i]);
    }
    return out;
}

}  // namespace initscope
