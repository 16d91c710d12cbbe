#pragma once

#include <functional>
#include <stdexcept>

namespace initscope {

/// Called with the fraction done in [0, 1]; returns false to cancel the operation.
using ProgressCallback = std::function<bool(double fraction)>;

/// Thrown when a ProgressCallback asked to stop.
class Cancelled : public std::runtime_error {
public:
    Cancelled() : std::runtime_error("cancelled") {}
};

}  // namespace initscope
