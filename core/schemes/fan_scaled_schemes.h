#pragma once

#include "core/schemes/scheme_definition.h"

#include <vector>

namespace initscope {

/// The schemes whose σ comes from the fans: PyTorch's construction-time default,
/// xavier_uniform_/xavier_normal_ (Glorot & Bengio 2010) and kaiming_uniform_/kaiming_normal_
/// (He et al. 2015). The uniform variants draw U(±√3·σ) with the σ of the normal ones.
class FanScaledSchemes {
public:
    static std::vector<SchemeDefinition> definitions();
};

}  // namespace initscope
