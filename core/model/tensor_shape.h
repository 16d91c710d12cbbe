#pragma once

#include <cstdint>
#include <initializer_list>
#include <string>
#include <vector>

namespace initscope {

/// fan_in and fan_out exactly as torch.nn.init._calculate_fan_in_and_fan_out computes them:
/// rf = product of dims[2:], fan_in = dims[1]·rf, fan_out = dims[0]·rf. Defined for rank ≥ 2 only.
struct Fans {
    int64_t fan_in = 0;
    int64_t fan_out = 0;
    bool operator==(const Fans&) const = default;
};

/// A tensor's shape in PyTorch's order: linear weight [out, in], conv weight [out, in/groups,
/// k...], bias [out]. Dimensions are ≥ 0.
class TensorShape {
public:
    TensorShape() = default;
    TensorShape(std::initializer_list<int64_t> dims) : dims_(dims) {}
    explicit TensorShape(std::vector<int64_t> dims) : dims_(std::move(dims)) {}

    const std::vector<int64_t>& dims() const { return dims_; }
    int rank() const { return static_cast<int>(dims_.size()); }
    int64_t operator[](int i) const { return dims_[static_cast<size_t>(i)]; }
    /// Product of all dimensions (1 for rank 0).
    int64_t numel() const;
    /// Fans per PyTorch; for rank < 2 both are 0 (PyTorch raises there; callers check fits first).
    Fans fans() const;
    /// Product of dims[2:] (kernel elements), 1 for rank ≤ 2.
    int64_t receptive_field() const;
    /// "100 × 100", "16 × 3 × 3 × 3", "100".
    std::string to_string() const;

    bool operator==(const TensorShape&) const = default;

private:
    std::vector<int64_t> dims_;
};

}  // namespace initscope
