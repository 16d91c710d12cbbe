#include "core/model/network.h"

#include "core/model/saturating_count.h"

namespace initscope {

int64_t Network::parameter_count() const {
    return SaturatingCount::add(weight_count(), bias_count());
}

int64_t Network::weight_count() const {
    int64_t n = 0;
    for (const Layer& layer : layers) n = SaturatingCount::add(n, layer.weight_count());
    return n;
}

int64_t Network::bias_count() const {
    int64_t n = 0;
    for (const Layer& layer : layers) n = SaturatingCount::add(n, layer.bias_count());
    return n;
}

}  // namespace initscope
