#pragma once

#include "core/schemes/scheme_definition.h"

#include <vector>

namespace initscope {

/// The schemes that place values by position, each with its own draw: eye_ and dirac_ (identity
/// matrices), orthogonal_ (Saxe et al. 2014) and sparse_ (Martens 2010).
class StructuredSchemes {
public:
    static std::vector<SchemeDefinition> definitions();
};

}  // namespace initscope
