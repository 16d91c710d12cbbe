#include "core/schemes/structured_schemes.h"

#include "core/schemes/formula_text.h"

#include "core/model/saturating_count.h"
#include "core/schemes/orthogonal_qr.h"
#include "core/schemes/python_literal.h"
#include "core/schemes/scheme_papers.h"
#include "core/stats/number_format.h"
#include "core/torch/random_kernels.h"

#include <algorithm>
#include <cmath>

namespace initscope {

namespace {

using namespace formula_text;

void fill(Tensor& tensor, double value) {
    std::fill(tensor.values().begin(), tensor.values().end(), static_cast<float>(value));
}

using SC = SaturatingCount;

/// What orthogonal_apply allocates beside the tensor: OrthogonalQr's double copy and buffers
/// (the normal draws go into the tensor itself).
int64_t orthogonal_bytes(const TensorShape& shape, int64_t n) {
    const int64_t rows = shape[0];
    return OrthogonalQr::working_bytes(rows, rows > 0 ? n / rows : 0);
}

/// sparse_apply holds one randperm(rows) of int64 at a time.
int64_t sparse_bytes(const TensorShape& shape, int64_t) {
    return SC::product(shape[0], 8);
}

/// Eye and dirac: `ones` ones among the elements, the rest 0.
SchemeDefinition::Explanation ones_explain(double ones, const TensorContext& context) {
    SchemeDefinition::Explanation e;
    const double numel = static_cast<double>(context.shape.numel());
    const double p = numel > 0 ? ones / numel : 0.0;
    e.distribution = Distribution::two_point(1.0, p);
    e.formula_filled = integer(ones) + " ones among " + integer(numel) +
                       " elements: p = " + num(p) + ", the rest 0";
    e.notes.push_back("mean = p = " + num(e.distribution.mean()) +
                      ", std = √(p(1−p)) = " + num(e.distribution.stddev()));
    return e;
}

// ---- eye_ -------------------------------------------------------------------------------------

void eye_apply(const InitSpec&, const TensorContext&, Tensor& tensor, TorchGenerator&, Flavour,
               const ProgressCallback&) {
    fill(tensor, 0.0);
    auto m = tensor.matrix();
    for (Eigen::Index i = 0; i < std::min(m.rows(), m.cols()); ++i) m(i, i) = 1.0f;
}

SchemeDefinition::Explanation eye_explain(const InitSpec&, const TensorContext& context) {
    const TensorShape& shape = context.shape;
    const double ones = shape.rank() == 2 ? static_cast<double>(std::min(shape[0], shape[1])) : 0.0;
    return ones_explain(ones, context);
}

std::string eye_call(const InitSpec&, const TensorContext&, const std::string& target) {
    return "nn.init.eye_(" + target + ")";
}

// ---- dirac_(groups) ---------------------------------------------------------------------------

void dirac_apply(const InitSpec& spec, const TensorContext&, Tensor& tensor, TorchGenerator&,
                 Flavour, const ProgressCallback&) {
    const auto groups = static_cast<int64_t>(spec.number("groups"));
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

SchemeDefinition::Explanation dirac_explain(const InitSpec& spec, const TensorContext& context) {
    const TensorShape& shape = context.shape;
    double ones = 0;
    if (shape.rank() >= 3) {
        const auto groups = std::max<int64_t>(1, static_cast<int64_t>(spec.number("groups")));
        ones = static_cast<double>(groups * std::min(shape[0] / groups, shape[1]));
    }
    return ones_explain(ones, context);
}

std::string dirac_call(const InitSpec& spec, const TensorContext&, const std::string& target) {
    return "nn.init.dirac_(" + target +
           ", groups=" + PythonLiteral::integer(static_cast<int64_t>(spec.number("groups"))) + ")";
}

std::optional<std::string> dirac_tensor(const InitSpec& spec, const TensorContext& context) {
    const double groups = spec.number("groups");
    if (std::fmod(static_cast<double>(context.shape[0]), groups) != 0)
        return "groups: must divide the output channels (" + std::to_string(context.shape[0]) +
               "), got " + NumberFormat::plain(groups);
    return std::nullopt;
}

// ---- orthogonal_(gain) ------------------------------------------------------------------------

/// normal_(0, 1) on a (rows, numel/rows) matrix, QR, sign fix by diag(R), gain (OrthogonalQr).
/// The QR runs in double (PyTorch: LAPACK in float), so results agree within ~1e-6, not bitwise.
/// On Cancelled the tensor holds the normal draws (the Materializer then drops every tensor).
void orthogonal_apply(const InitSpec& spec, const TensorContext&, Tensor& tensor,
                      TorchGenerator& gen, Flavour flavour, const ProgressCallback& progress) {
    const int64_t rows = tensor.shape()[0];
    const int64_t cols = rows == 0 ? 0 : tensor.numel() / rows;
    if (rows == 0 || cols == 0) return;
    RandomKernels::normal(tensor.values(), 0.0, 1.0, flavour, gen);
    OrthogonalQr::orthonormalize(tensor.values(), rows, cols, spec.number("gain"), progress);
}

SchemeDefinition::Explanation orthogonal_explain(const InitSpec& spec,
                                                 const TensorContext& context) {
    SchemeDefinition::Explanation e;
    const TensorShape& shape = context.shape;
    const double gain = spec.number("gain");
    const double numel = static_cast<double>(shape.numel());
    const double rows = shape.rank() >= 1 ? static_cast<double>(shape[0]) : 0.0;
    const double cols = rows > 0 ? numel / rows : 0.0;
    const double d = std::max(rows, cols);
    e.distribution = Distribution::scaled_beta(d, gain);
    e.formula_filled = "σ = gain/√max(rows, cols) = " + num(gain) + "/√" + integer(d) + " = " +
                       num(e.distribution.stddev());
    e.notes.push_back("each element is gain × one coordinate of a random unit vector in R^" +
                      integer(d) + ": support [−gain, gain], nearly normal for large d");
    return e;
}

std::string orthogonal_call(const InitSpec& spec, const TensorContext&, const std::string& target) {
    return "nn.init.orthogonal_(" + target +
           ", gain=" + PythonLiteral::number(spec.number("gain")) + ")";
}

// ---- sparse_(sparsity, std) -------------------------------------------------------------------

/// normal_(0, std), then for each column torch.randperm(rows)[:⌈sparsity·rows⌉] → 0.
void sparse_apply(const InitSpec& spec, const TensorContext&, Tensor& tensor, TorchGenerator& gen,
                  Flavour flavour, const ProgressCallback&) {
    const double sparsity = spec.number("sparsity"), stddev = spec.number("std");
    const int64_t rows = tensor.shape()[0], cols = tensor.shape()[1];
    const auto num_zeros = static_cast<int64_t>(std::ceil(sparsity * static_cast<double>(rows)));
    RandomKernels::normal(tensor.values(), 0.0, stddev, flavour, gen);
    auto m = tensor.matrix();
    for (int64_t col = 0; col < cols; ++col) {
        const std::vector<int64_t> perm = RandomKernels::randperm(rows, gen);
        for (int64_t k = 0; k < num_zeros; ++k) m(perm[static_cast<size_t>(k)], col) = 0.0f;
    }
}

SchemeDefinition::Explanation sparse_explain(const InitSpec& spec, const TensorContext& context) {
    SchemeDefinition::Explanation e;
    const TensorShape& shape = context.shape;
    const double sparsity = spec.number("sparsity"), sd = spec.number("std");
    const double rows = shape.rank() >= 1 ? static_cast<double>(shape[0]) : 0.0;
    // As PyTorch: num_zeros = int(math.ceil(sparsity * rows)), in double.
    const double zeros = std::ceil(sparsity * rows);
    const double p = rows > 0 ? std::min(1.0, zeros / rows) : 0.0;
    e.distribution = Distribution::sparse_normal(p, sd);
    e.formula_filled = "⌈" + num(sparsity) + "·" + integer(rows) + "⌉ = " + integer(zeros) +
                       " zeros per column (p = " + num(p) + "), the rest N(0, " + num(sd) + "²)";
    e.notes.push_back("std = " + num(e.distribution.stddev()));
    return e;
}

std::string sparse_call(const InitSpec& spec, const TensorContext&, const std::string& target) {
    return "nn.init.sparse_(" + target +
           ", sparsity=" + PythonLiteral::number(spec.number("sparsity")) +
           ", std=" + PythonLiteral::number(spec.number("std")) + ")";
}

}  // namespace

std::vector<SchemeDefinition> StructuredSchemes::definitions() {
    using P = ParamInfo;
    std::vector<SchemeDefinition> out;

    SchemeDefinition eye;
    eye.info = SchemeInfo::make(SchemeId::Eye, "eye", "Identity (eye)", "PyTorch", {},
                                "W = I (rectangular allowed)", "",
                                "The identity matrix: a linear layer starts as a pass-through.",
                                "torch.nn.init.eye_", TensorFit::Exactly2D);
    eye.apply = eye_apply;
    eye.explain = eye_explain;
    eye.torch_call = eye_call;
    out.push_back(eye);

    SchemeDefinition dirac;
    dirac.info = SchemeInfo::make(
        SchemeId::Dirac, "dirac", "Dirac", "PyTorch",
        {P::integer("groups", 1, 1, kHuge, "number of groups the output channels are split into")},
        "W[d, d, centre] = 1 for d < min(out/groups, in)", "",
        "The convolutional identity: each output channel copies its input channel.",
        "torch.nn.init.dirac_", TensorFit::Conv);
    dirac.apply = dirac_apply;
    dirac.explain = dirac_explain;
    dirac.torch_call = dirac_call;
    dirac.check_tensor = dirac_tensor;
    out.push_back(dirac);

    SchemeDefinition orthogonal;
    orthogonal.info = SchemeInfo::make(
        SchemeId::Orthogonal, "orthogonal", "Orthogonal", "PyTorch",
        {P::real("gain", 1.0, 0.0, kHuge, 0.0, 4.0, "scaling factor (see calculate_gain)")},
        "W = gain·Q, Q from QR of a Gaussian matrix", SchemePapers::saxe,
        "Rows (or columns) orthonormal: every singular value equals gain, so signals keep their "
        "norm through deep linear stacks.",
        "torch.nn.init.orthogonal_", TensorFit::AtLeast2D, false);
    orthogonal.apply = orthogonal_apply;
    orthogonal.explain = orthogonal_explain;
    orthogonal.torch_call = orthogonal_call;
    orthogonal.working_bytes = orthogonal_bytes;
    out.push_back(orthogonal);

    SchemeDefinition sparse;
    sparse.info = SchemeInfo::make(
        SchemeId::Sparse, "sparse", "Sparse", "PyTorch",
        {P::real("sparsity", 0.1, 0.0, 1.0, 0.0, 1.0, "fraction of each column set to zero"),
         P::real("std", 0.01, 0.0, kHuge, 0.0, 0.1, "std of the non-zero values")},
        "W ~ N(0, std²), then ⌈sparsity·rows⌉ zeros per column", SchemePapers::martens,
        "A Gaussian matrix with a fixed fraction of each column zeroed.", "torch.nn.init.sparse_",
        TensorFit::Exactly2D);
    sparse.apply = sparse_apply;
    sparse.explain = sparse_explain;
    sparse.torch_call = sparse_call;
    sparse.working_bytes = sparse_bytes;
    out.push_back(sparse);
    return out;
}

}  // namespace initscope
