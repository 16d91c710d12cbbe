#include "core/propagation/weight_spectrum.h"

namespace initscope {}  // namespace initscope
