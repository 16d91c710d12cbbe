#include "core/schemes/initializer.h"

#include "core/schemes/scheme_definition.h"
#include "core/schemes/scheme_registry.h"
#include "core/stats/special_functions.h"
#include "core/torch/chunk_pipeline.h"
#include "core/torch/parallel_for.h"
#include "core/torch/random_kernels.h"

#include <algorithm>
#include <cmath>

namespace initscope {

namespace {

/// _no_grad_trunc_normal_ of PyTorch ≤ 2.11: inverse-cdf sampling through erfinv.
/// uniform_ draws serially (one generator stream); erfinv_, mul_, add_ and clamp_ are elementwise,
/// so they run fused, block by block while the block is in cache, on every thread for big tensors
/// as soon as the block's draws exist (ChunkPipeline): the same bits as the four separate passes.
void trunc_normal(std::span<float> out, double mean, double stddev, double a, double b,
                  Flavour flavour, TorchGenerator& gen) {
    const double l = SpecialFunctions::normal_cdf((a - mean) / stddev);
    const double u = SpecialFunctions::normal_cdf((b - mean) / stddev);
    const float scale = static_cast<float>(stddev * std::sqrt(2.0));
    const float shift = static_cast<float>(mean);
    const float lo = static_cast<float>(a);
    const float hi = static_cast<float>(b);
    constexpr size_t kBlock = 4096;
    ChunkPipeline::run(
        out.size(), kBlock, parallel_threads(out.size(), size_t{1} << 15),
        [&](size_t begin, size_t end) {
            RandomKernels::uniform(out.subspan(begin, end - begin), 2 * l - 1, 2 * u - 1, flavour,
                                   gen);
        },
        [&](size_t begin, size_t end) {
            const std::span<float> block = out.subspan(begin, end - begin);
            RandomKernels::erfinv(block, flavour);
            for (float& v : block) {
                const float x = v * scale + shift;  // mul_ then add_: two roundings
                v = std::min(std::max(x, lo), hi);  // clamp_(min=a, max=b)
            }
        });
}

}  // namespace

void Initializer::draw(const DrawPlan& plan, std::span<float> out, TorchGenerator& gen,
                       Flavour flavour) {
    switch (plan.kind()) {
        case DrawPlan::Kind::Uniform:
            RandomKernels::uniform(out, plan.lo(), plan.hi(), flavour, gen);
            return;
        case DrawPlan::Kind::Normal:
            RandomKernels::normal(out, plan.mean(), plan.stddev(), flavour, gen);
            return;
        case DrawPlan::Kind::TruncatedNormal:
            trunc_normal(out, plan.mean(), plan.stddev(), plan.lo(), plan.hi(), flavour, gen);
            return;
        case DrawPlan::Kind::Constant:
            std::fill(out.begin(), out.end(), static_cast<float>(plan.value()));
            return;
    }
}

void Initializer::apply(const InitSpec& spec, const TensorContext& context, Tensor& tensor,
                        TorchGenerator& gen, Flavour flavour, const ProgressCallback& progress) {
    if (tensor.numel() == 0) return;  // PyTorch: "Initializing zero-element tensors is a no-op"
    const SchemeDefinition& scheme = SchemeRegistry::definition(spec.scheme());
    if (scheme.apply != nullptr) return scheme.apply(spec, context, tensor, gen, flavour, progress);
    draw(scheme.plan(spec, context), tensor.values(), gen, flavour);
}

}  // namespace initscope
