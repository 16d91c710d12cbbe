#include "core/schemes/initializer.h"

#include "core/model/nonlinearity.h"
#include "core/schemes/scheme_registry.h"
#include "core/stats/special_functions.h"
#include "core/torch/parallel_for.h"
#include "core/torch/random_kernels.h"

#include <Eigen/QR>
#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace initscope {

namespace {

/// torch.nn.init._calculate_correct_fan: fan_in or fan_out.
double fan_for_mode(FanMode mode, const Fans& fans) {
    return static_cast<double>(mode == FanMode::FanOut ? fans.fan_out : fans.fan_in);
}

/// calculate_gain(nonlinearity, param) with param = the kaiming `a`.
double kaiming_gain(const InitSpec& spec) {
    return NonlinearityInfo::gain(spec.option<Nonlinearity>("nonlinearity"), spec.number("a"));
}

/// _no_grad_trunc_normal_ of PyTorch ≤ 2.11: inverse-cdf sampling through erfinv.
/// uniform_ draws serially (one generator stream); erfinv_, mul_, add_ and clamp_ are elementwise,
/// so they run fused, block by block while the block is in cache, on threads for big tensors:
/// the same bits as the four separate passes.
void trunc_normal(std::span<float> out, double mean, double stddev, double a, double b,
                  Flavour flavour, TorchGenerator& gen) {
    const double l = SpecialFunctions::normal_cdf((a - mean) / stddev);
    const double u = SpecialFunctions::normal_cdf((b - mean) / stddev);
    RandomKernels::uniform(out, 2 * l - 1, 2 * u - 1, flavour, gen);
    const float scale = static_cast<float>(stddev * std::sqrt(2.0));
    const float shift = static_cast<float>(mean);
    const float lo = static_cast<float>(a);
    const float hi = static_cast<float>(b);
    constexpr size_t kBlock = 4096;
    parallel_for(out.size(), parallel_threads(out.size(), size_t{1} << 15), kBlock,
                 [&](size_t begin, size_t end) {
                     for (size_t pos = begin; pos < end; pos += kBlock) {
                         const std::span<float> block =
                             out.subspan(pos, std::min(kBlock, end - pos));
                         RandomKernels::erfinv(block, flavour);
                         for (float& v : block) {
                             const float x = v * scale + shift;  // mul_ then add_: two roundings
                             v = std::min(std::max(x, lo), hi);  // clamp_(min=a, max=b)
                         }
                     }
                 });
}

/// orthogonal_: normal_(0, 1) on a (rows, numel/rows) matrix, QR, sign fix by diag(R), gain.
/// The QR runs in double (PyTorch: LAPACK in float), so results agree within ~1e-6, not bitwise.
void orthogonal(Tensor& tensor, double gain, Flavour flavour, TorchGenerator& gen) {
    const Eigen::Index rows = tensor.shape()[0];
    const Eigen::Index cols = rows == 0 ? 0 : tensor.numel() / rows;
    if (rows == 0 || cols == 0) return;
    Tensor::RowMatrix flattened(rows, cols);
    RandomKernels::normal({flattened.data(), static_cast<size_t>(flattened.size())}, 0.0, 1.0,
                          flavour, gen);
    Eigen::MatrixXd m = flattened.cast<double>();
    if (rows < cols) m.transposeInPlace();
    const Eigen::Index tall = m.rows(), narrow = m.cols();
    Eigen::HouseholderQR<Eigen::MatrixXd> qr(m);
    Eigen::MatrixXd q = qr.householderQ() * Eigen::MatrixXd::Identity(tall, narrow);
    const Eigen::MatrixXd& r = qr.matrixQR();
    for (Eigen::Index j = 0; j < narrow; ++j) {
        const double d = r(j, j);
        const double sign = d > 0 ? 1.0 : (d < 0 ? -1.0 : 0.0);  // torch.sign
        q.col(j) *= sign;
    }
    if (rows < cols) q.transposeInPlace();
    auto out = tensor.matrix();
    const float g = static_cast<float>(gain);
    for (Eigen::Index i = 0; i < rows; ++i)
        for (Eigen::Index j = 0; j < cols; ++j) out(i, j) = static_cast<float>(q(i, j)) * g;
}

/// sparse_: normal_(0, std), then for each column torch.randperm(rows)[:⌈sparsity·rows⌉] → 0.
void sparse(Tensor& tensor, double sparsity, double stddev, Flavour flavour, TorchGenerator& gen) {
    const int64_t rows = tensor.shape()[0], cols = tensor.shape()[1];
    const auto num_zeros = static_cast<int64_t>(std::ceil(sparsity * static_cast<double>(rows)));
    RandomKernels::normal(tensor.values(), 0.0, stddev, flavour, gen);
    auto m = tensor.matrix();
    for (int64_t col = 0; col < cols; ++col) {
        const std::vector<int64_t> perm = RandomKernels::randperm(rows, gen);
        for (int64_t k = 0; k < num_zeros; ++k) m(perm[static_cast<size_t>(k)], col) = 0.0f;
    }
}

void fill(Tensor& tensor, double value) {
    std::fill(tensor.values().begin(), tensor.values().end(), static_cast<float>(value));
}

void dirac(Tensor& tensor, int64_t groups) {
    fill(tensor, 0.0);
    const TensorShape& s = tensor.shape();
    const int64_t per_group = s[0] / groups;
    const int64_t min_dim = std::min(per_group, s[1]);
    // Row-major offset of [o, i, k0/2, k1/2, k2/2].
    auto offset = [&s](int64_t o, int64_t i) {
        int64_t index = o * s[1] + i;
        for (int d = 2; d < s.rank(); ++d) index = index * s[d] + s[d] / 2;
        return index;
    };
    for (int64_t g = 0; g < groups; ++g)
        for (int64_t d = 0; d < min_dim; ++d) tensor.data()[offset(g * per_group + d, d)] = 1.0f;
}

void eye(Tensor& tensor) {
    fill(tensor, 0.0);
    auto m = tensor.matrix();
    for (Eigen::Index i = 0; i < std::min(m.rows(), m.cols()); ++i) m(i, i) = 1.0f;
}

}  // namespace

Initializer::VarianceScaling Initializer::variance_scaling(const InitSpec& spec, const Fans& fans) {
    using enum VarianceDistribution;
    double scale = 1.0;
    FanMode mode = FanMode::FanIn;
    VarianceDistribution distribution = TruncatedNormal;
    switch (spec.scheme()) {
        case SchemeId::GlorotUniform:
            mode = FanMode::FanAvg;
            distribution = Uniform;
            break;
        case SchemeId::GlorotNormal:
            mode = FanMode::FanAvg;
            break;
        case SchemeId::HeUniform:
            scale = 2.0;
            distribution = Uniform;
            break;
        case SchemeId::HeNormal:
            scale = 2.0;
            break;
        case SchemeId::LecunUniform:
            distribution = Uniform;
            break;
        case SchemeId::LecunNormal:
            break;
        case SchemeId::VarianceScaling:
            scale = spec.number("scale");
            mode = spec.option<FanMode>("mode");
            distribution = spec.option<VarianceDistribution>("distribution");
            break;
        default:
            throw std::logic_error("variance_scaling: not a variance-scaling scheme");
    }
    VarianceScaling vs;
    vs.distribution = distribution;
    const auto fan_in = static_cast<double>(fans.fan_in);
    const auto fan_out = static_cast<double>(fans.fan_out);
    vs.fan = mode == FanMode::FanIn    ? fan_in
             : mode == FanMode::FanOut ? fan_out
                                       : (fan_in + fan_out) / 2.0;
    vs.s = scale / std::max(1.0, vs.fan);
    if (distribution == TruncatedNormal) {
        vs.stddev = std::sqrt(vs.s) / .87962566103423978;
        vs.bound = 2.0 * vs.stddev;
    } else if (distribution == UntruncatedNormal) {
        vs.stddev = std::sqrt(vs.s);
    } else {
        vs.bound = std::sqrt(3.0 * vs.s);
    }
    return vs;
}

void Initializer::apply(const InitSpec& spec, const TensorContext& context, Tensor& tensor,
                        TorchGenerator& gen, Flavour flavour) {
    if (tensor.numel() == 0) return;  // PyTorch: "Initializing zero-element tensors is a no-op"
    const std::span<float> values = tensor.values();
    const Fans fans = context.shape.fans();
    switch (spec.scheme()) {
        case SchemeId::TorchDefault: {
            if (context.role == TensorRole::Weight) {
                // kaiming_uniform_(W, a=math.sqrt(5)): gain = sqrt(2/(1 + sqrt(5)**2)).
                const double slope = std::sqrt(5.0);
                const double gain = std::sqrt(2.0 / (1 + slope * slope));
                const double bound = std::sqrt(3.0) * (gain / std::sqrt(double(fans.fan_in)));
                RandomKernels::uniform(values, -bound, bound, flavour, gen);
            } else {
                const auto fan_in = static_cast<double>(context.weight_fans.fan_in);
                const double bound = fan_in > 0 ? 1 / std::sqrt(fan_in) : 0.0;
                RandomKernels::uniform(values, -bound, bound, flavour, gen);
            }
            return;
        }
        case SchemeId::Uniform:
            RandomKernels::uniform(values, spec.number("a"), spec.number("b"), flavour, gen);
            return;
        case SchemeId::Normal:
            RandomKernels::normal(values, spec.number("mean"), spec.number("std"), flavour, gen);
            return;
        case SchemeId::Constant:
            fill(tensor, spec.number("val"));
            return;
        case SchemeId::Zeros:
            fill(tensor, 0.0);
            return;
        case SchemeId::Ones:
            fill(tensor, 1.0);
            return;
        case SchemeId::Eye:
            eye(tensor);
            return;
        case SchemeId::Dirac:
            dirac(tensor, static_cast<int64_t>(spec.number("groups")));
            return;
        case SchemeId::XavierUniform: {
            const double stddev =
                spec.number("gain") * std::sqrt(2.0 / double(fans.fan_in + fans.fan_out));
            const double a = std::sqrt(3.0) * stddev;
            RandomKernels::uniform(values, -a, a, flavour, gen);
            return;
        }
        case SchemeId::XavierNormal: {
            const double stddev =
                spec.number("gain") * std::sqrt(2.0 / double(fans.fan_in + fans.fan_out));
            RandomKernels::normal(values, 0.0, stddev, flavour, gen);
            return;
        }
        case SchemeId::KaimingUniform: {
            const double stddev =
                kaiming_gain(spec) / std::sqrt(fan_for_mode(spec.option<FanMode>("mode"), fans));
            const double bound = std::sqrt(3.0) * stddev;
            RandomKernels::uniform(values, -bound, bound, flavour, gen);
            return;
        }
        case SchemeId::KaimingNormal: {
            const double stddev =
                kaiming_gain(spec) / std::sqrt(fan_for_mode(spec.option<FanMode>("mode"), fans));
            RandomKernels::normal(values, 0.0, stddev, flavour, gen);
            return;
        }
        case SchemeId::TruncNormal:
            trunc_normal(values, spec.number("mean"), spec.number("std"), spec.number("a"),
                         spec.number("b"), flavour, gen);
            return;
        case SchemeId::Orthogonal:
            orthogonal(tensor, spec.number("gain"), flavour, gen);
            return;
        case SchemeId::Sparse:
            sparse(tensor, spec.number("sparsity"), spec.number("std"), flavour, gen);
            return;
        case SchemeId::GlorotUniform:
        case SchemeId::GlorotNormal:
        case SchemeId::HeUniform:
        case SchemeId::HeNormal:
        case SchemeId::LecunUniform:
        case SchemeId::LecunNormal:
        case SchemeId::VarianceScaling: {
            const VarianceScaling vs = variance_scaling(spec, fans);
            if (vs.distribution == VarianceDistribution::TruncatedNormal)
                trunc_normal(values, 0.0, vs.stddev, -vs.bound, vs.bound, flavour, gen);
            else if (vs.distribution == VarianceDistribution::UntruncatedNormal)
                RandomKernels::normal(values, 0.0, vs.stddev, flavour, gen);
            else
                RandomKernels::uniform(values, -vs.bound, vs.bound, flavour, gen);
            return;
        }
    }
}

}  // namespace initscope
