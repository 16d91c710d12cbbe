#pragma once

#include "core/model/init_spec.h"
#include "core/model/tensor_context.h"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace initscope {

/// How a parameter is edited and validated.
enum class ParamKind { Real, Integer, Choice };

/// One parameter of a scheme: PyTorch's name where PyTorch has one (a, b, mean, std, val, gain,
/// mode, nonlinearity, sparsity, groups), Keras' otherwise (scale, distribution).
struct ParamInfo {
    std::string name;
    ParamKind kind = ParamKind::Real;
    std::string description;
    double default_number = 0;
    /// Valid range (inclusive); values outside are refused with a message naming the parameter.
    double min = -1e9;
    double max = 1e9;
    /// A comfortable range for sliders (within [min, max]).
    double slider_min = -1;
    double slider_max = 1;
    std::string default_choice;
    std::vector<std::string> choices;
};

/// Which tensors a scheme can initialize.
enum class TensorFit {
    Any,        ///< any rank (uniform, normal, constant, ...)
    FanBased,   ///< rank ≥ 2: needs fans (xavier, kaiming, variance scaling)
    AtLeast2D,  ///< rank ≥ 2 (orthogonal)
    Exactly2D,  ///< rank 2 (eye, sparse)
    Conv,       ///< rank 3–5 (dirac)
};

/// Everything InitScope says about a scheme. The UI, the CLI, the config reader and the PyTorch
/// script writer read this table; no scheme name is spelled anywhere else.
struct SchemeInfo {
    SchemeId id;
    std::string key;           ///< config/CLI id, e.g. "xavier_normal"
    std::string display_name;  ///< "Xavier / Glorot normal"
    std::string family;        ///< "PyTorch", "Keras / JAX"
    std::vector<ParamInfo> params;
    std::string formula;      ///< symbolic, e.g. "σ = gain·√(2/(fan_in+fan_out))"
    std::string paper;        ///< "" when none
    std::string description;  ///< one or two sentences for tooltips
    std::string torch_call;   ///< "torch.nn.init.xavier_normal_" (or how it is realised)
    TensorFit fit = TensorFit::Any;
    /// True when InitScope reproduces PyTorch bit for bit (orthogonal: within a tolerance).
    bool bit_exact = true;
    /// The symbol of a symmetric uniform bound as `formula` writes it ("1/√fan_in", "√(3s)"), for
    /// plot labels; empty when the scheme has none.
    std::string bound_symbol;
};

class SchemeRegistry {
public:
    static const std::vector<SchemeInfo>& all();
    static const SchemeInfo& info(SchemeId id);
    static const SchemeInfo* find(std::string_view key);
    static const std::string& key(SchemeId id) { return info(id).key; }
    static const ParamInfo* param(SchemeId id, std::string_view name);

    /// The scheme with every parameter at its default.
    static InitSpec defaults(SchemeId id);
    /// `spec` with missing parameters filled in from the defaults.
    static InitSpec completed(const InitSpec& spec);

    /// Why `spec` cannot initialize this tensor, or nullopt when it can: the shape does not fit
    /// ("eye needs a 2-D tensor, got 16 × 3 × 3 × 3"), or a parameter is out of range. The
    /// message starts with the parameter's name when one is at fault ("std: must be ≥ 0, got -1").
    static std::optional<std::string> check(const InitSpec& spec, const TensorContext& context);

    /// Why the parameter values alone are invalid (ranges, a ≤ b), or nullopt.
    static std::optional<std::string> check_params(const InitSpec& spec);

    /// The schemes that fit this tensor (for combo boxes).
    static std::vector<SchemeId> fitting(const TensorContext& context);
};

}  // namespace initscope
