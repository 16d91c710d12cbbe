#pragma once

#include "core/model/init_spec.h"
#include "core/model/tensor_context.h"

#include <string>
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

    /// A real parameter: default, valid [min, max], slider range, description.
    static ParamInfo real(std::string name, double value, double min, double max, double slider_min,
                          double slider_max, std::string description);
    /// A whole-number parameter; its slider spans [min, min(max, 16)].
    static ParamInfo integer(std::string name, double value, double min, double max,
                             std::string description);
    /// A choice among `choices` (ChoiceSpelling's spellings), default `value`.
    static ParamInfo choice(std::string name, std::string value, std::vector<std::string> choices,
                            std::string description);
};

/// Which tensors a scheme can initialize.
enum class TensorFit {
    Any,        ///< any rank (uniform, normal, constant, ...)
    FanBased,   ///< rank ≥ 2: needs fans (xavier, kaiming, variance scaling)
    AtLeast2D,  ///< rank ≥ 2 (orthogonal)
    Exactly2D,  ///< rank 2 (eye, sparse)
    Conv,       ///< rank 3–5 (dirac)
};

/// Everything InitScope says about a scheme (its SchemeDefinition holds it). The UI, the CLI, the
/// config reader and the PyTorch script writer read this; no scheme name is spelled anywhere else.
struct SchemeInfo {
    SchemeId id = SchemeId::TorchDefault;
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

    /// `formula` for a weight; for a bias its leading W spelled b ("b = 0"), or "bias" where b
    /// names a parameter ("bias ~ U(a, b)").
    std::string formula_for(TensorRole role) const;

    /// The info with every field but bound_symbol.
    static SchemeInfo make(SchemeId id, std::string key, std::string display_name,
                           std::string family, std::vector<ParamInfo> params, std::string formula,
                           std::string paper, std::string description, std::string torch_call,
                           TensorFit fit, bool bit_exact = true);
};

}  // namespace initscope
