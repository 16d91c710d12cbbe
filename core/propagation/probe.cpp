#include "core/propagation/probe.h"

namespace initscope {}  // namespace initscope
