#pragma once

#include "core/model/init_spec.h"
#include "core/model/tensor_context.h"
#include "core/schemes/scheme_info.h"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace initscope {

struct SchemeDefinition;

class SchemeRegistry {
public:
    static const std::vector<SchemeInfo>& all();
    static const SchemeInfo& info(SchemeId id);
    /// The scheme's whole definition: its draw, theory, PyTorch call and checks.
    static const SchemeDefinition& definition(SchemeId id);
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
