#include "core/propagation/probe.h"

#include "core/model/network_shapes.h"
#include "core/model/saturating_count.h"
#include "core/propagation/layer_pass.h"
#include "core/torch/parallel_for.h"
#include "core/torch/random_kernels.h"

#include <algorithm>
#include <cmath>
#include <functional>
#include <limits>
#include <memory>
#include <numbers>

namespace initscope {

namespace {

constexpr int kHistogramBins = 40;
/// Karpathy's threshold (makemore part 3): tanh |h| > 0.97; sigmoid h < 0.03 or h > 0.97
/// (compared in double, as the script compares the float64 copy of h).
constexpr double kSaturated = 0.97;
constexpr double kSigmoidSaturatedBelow = 0.03;
/// Elementwise loops are split between threads from this many values on.
constexpr size_t kParallelValues = size_t{1} << 16;
/// The activation counts are taken over this many fixed parts of the batch, merged exactly.
constexpr int64_t kCountBlocks = 32;

using Shape = std::vector<int64_t>;

/// An allocator whose elements start uninitialized, for buffers that are written in full before
/// they are read (saves zeroing some 10 MB per layer of deep_tanh).
template <class T>
struct UninitializedAllocator : std::allocator<T> {
    template <class U>
    struct rebind {
        using other = UninitializedAllocator<U>;
    };
    UninitializedAllocator() = default;
    template <class U>
    explicit UninitializedAllocator(const UninitializedAllocator<U>&) {}
    template <class U>
    void construct(U* p) {
        ::new (static_cast<void*>(p)) U;
    }
};
using Floats = std::vector<float, UninitializedAllocator<float>>;

/// One sample's input shape: input_shape, or [in_features] of a linear first layer.
Shape probe_input_shape(const Network& network) {
    if (network.input_shape) return *network.input_shape;
    return {network.layers.front().in};
}

std::vector<LayerPass> layer_passes(const Network& network) {
    std::vector<LayerPass> passes;
    passes.reserve(network.layers.size());
    Shape shape = probe_input_shape(network);
    for (const Layer& layer : network.layers) {
        passes.emplace_back(layer, shape);
        shape = passes.back().output_shape();
    }
    return passes;
}

/// Runs the tasks side by side (each is deterministic on its own).
void run_tasks(const std::vector<std::function<void()>>& tasks, size_t values) {
    const int threads =
        std::min<int>(static_cast<int>(tasks.size()), parallel_threads(values, kParallelValues));
    parallel_for(tasks.size(), threads, 1, [&](size_t begin, size_t end) {
        for (size_t i = begin; i < end; ++i) tasks[i]();
    });
}

/// The float forms of the double compares: for a float y, double(|y|) > kSaturated exactly when
/// |y| > above (the largest float ≤ kSaturated), and double(y) < kSigmoidSaturatedBelow exactly
/// when y < below (the smallest float ≥ it); NaN is in neither.
struct SaturationBounds {
    float above, below;
};

SaturationBounds saturation_bounds() {
    float above = static_cast<float>(kSaturated),
          below = static_cast<float>(kSigmoidSaturatedBelow);
    if (static_cast<double>(above) > kSaturated) above = std::nextafter(above, 0.0f);
    if (static_cast<double>(below) < kSigmoidSaturatedBelow) below = std::nextafter(below, 1.0f);
    return {above, below};
}

bool has_saturation(Activation a) {
    return a == Activation::Tanh || a == Activation::Sigmoid;
}

/// saturated_fraction, dead_fraction and zero_fraction of a post-activation h laid out as
/// [batch, units, positions] (positions = 1 for a linear).
void count_activations(const ActivationFunction& f, std::span<const float> h, int64_t batch,
                       int64_t units, LayerSignal& signal) {
    const bool relu = f.kind == Activation::Relu;
    if (!relu && !has_saturation(f.kind)) return;
    const int64_t sample_size = static_cast<int64_t>(h.size()) / batch;
    const int64_t positions = sample_size / units;
    struct Counts {
        int64_t saturated = 0, zeros = 0;
        std::vector<char> alive;  ///< relu: a unit had a nonzero h in this block
    };
    std::vector<Counts> blocks(static_cast<size_t>(kCountBlocks));
    const SaturationBounds bounds = saturation_bounds();
    const auto count_block = [&](int64_t k) {
        Counts& c = blocks[static_cast<size_t>(k)];
        if (relu) c.alive.assign(static_cast<size_t>(units), 0);
        for (int64_t s = batch * k / kCountBlocks; s < batch * (k + 1) / kCountBlocks; ++s) {
            const float* sample = h.data() + s * sample_size;
            if (relu && positions == 1) {
                char* alive = c.alive.data();
                for (int64_t u = 0; u < units; ++u) {
                    const bool zero = sample[u] == 0.0f;
                    c.zeros += zero;
                    alive[u] |= !zero;
                }
            } else if (relu) {
                for (int64_t u = 0; u < units; ++u) {
                    const float* unit = sample + u * positions;
                    const int64_t zeros = std::count(unit, unit + positions, 0.0f);
                    c.zeros += zeros;
                    if (zeros != positions) c.alive[static_cast<size_t>(u)] = 1;
                }
            } else if (f.kind == Activation::Tanh) {
                int64_t saturated = 0;
                for (int64_t i = 0; i < sample_size; ++i)
                    saturated += std::abs(sample[i]) > bounds.above;
                c.saturated += saturated;
            } else {
                int64_t saturated = 0;
                for (int64_t i = 0; i < sample_size; ++i)
                    saturated += (sample[i] < bounds.below) | (sample[i] > bounds.above);
                c.saturated += saturated;
            }
        }
    };
    parallel_for(blocks.size(),
                 std::min<int>(kCountBlocks, parallel_threads(h.size(), kParallelValues)), 1,
                 [&](size_t begin, size_t end) {
                     for (size_t k = begin; k < end; ++k) count_block(static_cast<int64_t>(k));
                 });
    const double n = static_cast<double>(h.size());
    if (relu) {
        int64_t zeros = 0, alive = 0;
        std::vector<char> any(static_cast<size_t>(units), 0);
        for (const Counts& c : blocks) {
            zeros += c.zeros;
            for (size_t u = 0; u < any.size(); ++u) any[u] |= c.alive[u];
        }
        alive = std::count(any.begin(), any.end(), char{1});
        signal.zero_fraction = static_cast<double>(zeros) / n;
        signal.dead_fraction = static_cast<double>(units - alive) / static_cast<double>(units);
    } else {
        int64_t saturated = 0;
        for (const Counts& c : blocks) saturated += c.saturated;
        signal.saturated_fraction = static_cast<double>(saturated) / n;
    }
}

/// Statistics and a 40-bin histogram over the sample's own [min, max].
void describe(std::span<const float> values, SampleStatistics& stats, Histogram& histogram) {
    stats = SampleStatistics::of(values);
    histogram = Histogram::build(values, kHistogramBins, stats.min, stats.max);
}

/// Reports one more step of `total`; throws Cancelled when the callback says stop.
class Steps {
public:
    Steps(const ProgressCallback& callback, size_t total) : callback_(callback), total_(total) {}
    void done() {
        ++done_;
        if (callback_ && !callback_(static_cast<double>(done_) /
                                    static_cast<double>(std::max<size_t>(total_, 1))))
            throw Cancelled();
    }

private:
    const ProgressCallback& callback_;
    size_t total_, done_ = 0;
};

}  // namespace

std::optional<std::string> Probe::unavailable_reason(const Network& network) {
    if (network.layers.empty()) return "the network has no layers to push a batch through";
    const int64_t batch = network.probe.batch;
    if (batch < 1 || batch > ProbeSettings::kMaxBatch)
        return "probe batch: must be 1 to " + std::to_string(ProbeSettings::kMaxBatch) + ", got " +
               std::to_string(batch);
    const bool any_conv = std::any_of(network.layers.begin(), network.layers.end(),
                                      [](const Layer& l) { return l.is_conv(); });
    if (any_conv && !NetworkShapes::input_shape_usable(network))
        return "a conv network needs input_shape ([channels, length] or [channels, height, "
               "width]) to be probed";
    return std::nullopt;
}

int64_t Probe::working_bytes(const Network& network) {
    if (unavailable_reason(network)) return 0;
    const int64_t batch = network.probe.batch;
    const std::vector<LayerPass> passes = layer_passes(network);
    const auto floats = [&](int64_t per_sample) {
        return SaturatingCount::product(batch, per_sample);
    };
    // Kept for the backward pass: the input, every a and every h (h is a for a linear activation).
    int64_t kept = floats(passes.front().input_size());
    int64_t peak = 0;
    for (size_t l = 0; l < passes.size(); ++l) {
        const Layer& layer = network.layers[l];
        const bool own_h = layer.activation != Activation::Linear;
        const int64_t out = floats(passes[l].output_size());
        kept = SaturatingCount::add(kept, SaturatingCount::product(own_h ? 2 : 1, out));
        // Layer l's backward: ∂L/∂h, ∂L/∂a (own buffer unless linear), ∂L/∂(its input) below
        // the first layer, ∂L/∂W, ∂L/∂b and the conv's scratch.
        int64_t backward = SaturatingCount::product(own_h ? 2 : 1, out);
        if (l > 0) backward = SaturatingCount::add(backward, floats(passes[l].input_size()));
        backward = SaturatingCount::add(backward, layer.weight_count());
        backward = SaturatingCount::add(backward, layer.bias_count());
        backward = SaturatingCount::add(backward, passes[l].scratch_floats(batch));
        peak = std::max(peak, SaturatingCount::add(kept, backward));
    }
    // The result: two histograms per layer (41 edges and 40 counts, 8 bytes each).
    const int64_t histogram_bytes =
        static_cast<int64_t>(passes.size()) * 2 * (2 * kHistogramBins + 1) * 8;
    return SaturatingCount::add(SaturatingCount::product(peak, 4), histogram_bytes);
}

ProbeResult Probe::run(const Network& network, const Parameters& parameters,
                       TorchGenerator& generator, const ProgressCallback& progress) {
    const size_t layers = network.layers.size();
    const int64_t batch = network.probe.batch;
    const std::vector<LayerPass> passes = layer_passes(network);
    Steps steps(progress, 2 * layers);
    const auto floats = [&](int64_t per_sample) {
        return Floats(static_cast<size_t>(batch * per_sample));
    };

    // x = torch.randn(batch, *input_shape), or uniform_(−√3, √3): variance 1 either way.
    Floats x = floats(passes.front().input_size());
    if (network.probe.input == ProbeInput::Normal)
        RandomKernels::normal(x, 0.0, 1.0, network.flavour, generator);
    else
        RandomKernels::uniform(x, -std::numbers::sqrt3, std::numbers::sqrt3, network.flavour,
                               generator);

    // Forward: a = layer(h_prev), h = φ(a) on each finished rectangle of a while it is in cache;
    // h stays empty for a linear activation (h = a).
    std::vector<Floats> pre(layers), post(layers);
    const auto post_values = [&](size_t l) -> Floats& {
        return post[l].empty() ? pre[l] : post[l];
    };
    const auto input_of = [&](size_t l) -> const float* {
        return l == 0 ? x.data() : post_values(l - 1).data();
    };
    for (size_t l = 0; l < layers; ++l) {
        const int64_t size = passes[l].output_size();
        pre[l] = floats(size);
        const ActivationFunction f = network.layers[l].activation_function();
        LayerPass::Finish activate;
        if (f.kind != Activation::Linear) {
            post[l] = floats(size);
            activate = [&, a = pre[l].data(), h = post[l].data()](int64_t r0, int64_t r1,
                                                                  int64_t j0, int64_t j1) {
                const size_t n = static_cast<size_t>(j1 - j0);
                for (int64_t r = r0; r < r1; ++r)
                    f.values({a + r * size + j0, n}, {h + r * size + j0, n});
            };
        }
        passes[l].forward(parameters[l], input_of(l), batch, pre[l].data(), activate);
        steps.done();
    }

    // g = torch.randn_like(out): L = (out·g).sum(), so ∂L/∂out = g.
    Floats grad_post = floats(passes.back().output_size());
    RandomKernels::normal(grad_post, 0.0, 1.0, network.flavour, generator);

    ProbeResult result;
    result.settings = network.probe;
    result.layers.resize(layers);
    for (size_t l = layers; l-- > 0;) {
        const Layer& layer = network.layers[l];
        const LayerParameters& p = parameters[l];
        const ActivationFunction f = layer.activation_function();
        // ∂L/∂a = ∂L/∂h · φ'(a) (from h where autograd takes it from the output); the same
        // buffer for a linear activation.
        Floats grad_pre;
        if (f.kind != Activation::Linear) {
            grad_pre = Floats(grad_post.size());
            const float* a = pre[l].data();
            const float* h = post[l].data();
            const float* dh = grad_post.data();
            float* da = grad_pre.data();
            parallel_for(
                grad_pre.size(), parallel_threads(grad_pre.size(), kParallelValues), 1,
                [&](size_t begin, size_t end) {
                    const size_t n = end - begin;
                    f.backward({a + begin, n}, {h + begin, n}, {dh + begin, n}, {da + begin, n});
                });
        }
        const Floats& da = grad_pre.empty() ? grad_post : grad_pre;
        Floats grad_weight(static_cast<size_t>(layer.weight_count()));
        std::vector<float> grad_bias(p.bias ? static_cast<size_t>(layer.out) : 0);
        Floats grad_input(l > 0 ? static_cast<size_t>(batch * passes[l].input_size()) : 0);
        passes[l].backward(p, input_of(l), da.data(), batch, grad_weight.data(),
                           p.bias ? grad_bias.data() : nullptr,
                           l > 0 ? grad_input.data() : nullptr);

        LayerSignal& signal = result.layers[l];
        signal.layer = layer.name;
        signal.activation = f;
        SampleStatistics grad_post_stats, grad_pre_stats, weight_grad_stats, bias_grad_stats,
            weight_stats;
        const Floats& h = post_values(l);
        // Two threads take tasks 0–2 and 3–6: each a histogram and about 1.25 M values of moments.
        run_tasks({[&] { describe(pre[l], signal.pre, signal.pre_histogram); },
                   [&] { grad_post_stats = SampleStatistics::of(grad_post); },
                   [&] { weight_grad_stats = SampleStatistics::of(grad_weight); },
                   [&] {
                       describe(h, signal.post, signal.post_histogram);
                       count_activations(f, h, batch, layer.out, signal);
                   },
                   [&] { grad_pre_stats = SampleStatistics::of(da); },
                   [&] { bias_grad_stats = SampleStatistics::of(grad_bias); },
                   [&] { weight_stats = SampleStatistics::of(p.weight.values()); }},
                  4 * pre[l].size());
        signal.grad_post_std = grad_post_stats.stddev;
        signal.grad_pre_std = grad_pre_stats.stddev;
        signal.weight_grad_std = weight_grad_stats.stddev;
        if (p.bias) signal.bias_grad_std = bias_grad_stats.stddev;
        signal.grad_data_ratio = weight_stats.stddev == 0
                                     ? std::numeric_limits<double>::quiet_NaN()
                                     : weight_grad_stats.stddev / weight_stats.stddev;

        // Layer l is done: its a and h go, ∂L/∂(its input) is the next ∂L/∂h.
        pre[l] = {};
        post[l] = {};
        grad_post = std::move(grad_input);
        steps.done();
    }
    return result;
}

}  // namespace initscope
