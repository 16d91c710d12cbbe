#pragma once

#include "core/schemes/scheme_definition.h"

#include <vector>

namespace initscope {

/// The schemes whose distribution does not depend on the shape: uniform_, normal_, constant_,
/// zeros_, ones_, trunc_normal_.
class ElementwiseSchemes {
public:
    static std::vector<SchemeDefinition> definitions();
};

}  // namespace initscope
