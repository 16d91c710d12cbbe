#include "core/propagation/mean_field.h"

namespace initscope {}  // namespace initscope
