#include "core/model/materializer.h"

#include "core/schemes/initializer.h"

namespace initscope {

namespace {

/// Reports progress by elements done; throws Cancelled when the callback says stop.
class ProgressTracker {
public:
    ProgressTracker(const ProgressCallback& callback, int64_t total)
        : callback_(callback), total_(total > 0 ? total : 1) {}
    void advance(int64_t elements) {
        done_ += elements;
        if (callback_ && !callback_(static_cast<double>(done_) / static_cast<double>(total_)))
            throw Cancelled();
    }
    /// The progress within the next `elements` (a fraction f of them done), for a long draw.
    ProgressCallback within(int64_t elements) const {
        if (!callback_) return {};
        return [this, elements](double f) {
            const double done = static_cast<double>(done_) + f * static_cast<double>(elements);
            return callback_(done / static_cast<double>(total_));
        };
    }

private:
    const ProgressCallback& callback_;
    int64_t total_;
    int64_t done_ = 0;
};

}  // namespace

Parameters Materializer::materialize(const Network& network, const ProgressCallback& progress) {
    TorchGenerator generator(network.seed);
    return materialize(network, generator, progress);
}

Parameters Materializer::materialize(const Network& network, TorchGenerator& gen,
                                     const ProgressCallback& progress) {
    const Flavour flavour = network.flavour;
    // Construction draws every default, then the re-initializations draw again: twice the work.
    ProgressTracker tracker(progress, 2 * network.parameter_count());
    const InitSpec torch_default(SchemeId::TorchDefault);

    Parameters parameters;
    parameters.reserve(network.layers.size());
    // 1. Construct every layer in order: nn.Linear / nn.Conv reset_parameters (weight, then bias).
    for (const Layer& layer : network.layers) {
        LayerParameters p;
        p.weight = Tensor(layer.weight_shape());
        const TensorContext weight_context = layer.context(TensorRole::Weight);
        if (layer.weight_init.scheme() != SchemeId::TorchDefault) {
            // The default is overwritten below: only the generator must advance. The default
            // weight is a uniform_, which takes exactly one 32-bit draw per element.
            gen.discard(static_cast<uint64_t>(p.weight.numel()));
        } else {
            Initializer::apply(torch_default, weight_context, p.weight, gen, flavour);
        }
        tracker.advance(p.weight.numel());
        if (layer.bias) {
            p.bias = Tensor(layer.bias_shape());
            if (layer.bias_init.scheme() != SchemeId::TorchDefault)
                gen.discard(static_cast<uint64_t>(p.bias->numel()));
            else
                Initializer::apply(torch_default, layer.context(TensorRole::Bias), *p.bias, gen,
                                   flavour);
            tracker.advance(p.bias->numel());
        }
        parameters.push_back(std::move(p));
    }
    // 2. Re-initialize, in layer order, every weight and then bias whose scheme is not the default.
    for (size_t i = 0; i < network.layers.size(); ++i) {
        const Layer& layer = network.layers[i];
        LayerParameters& p = parameters[i];
        if (layer.weight_init.scheme() != SchemeId::TorchDefault)
            Initializer::apply(layer.weight_init, layer.context(TensorRole::Weight), p.weight, gen,
                               flavour, tracker.within(p.weight.numel()));
        tracker.advance(p.weight.numel());
        if (p.bias) {
            if (layer.bias_init.scheme() != SchemeId::TorchDefault)
                Initializer::apply(layer.bias_init, layer.context(TensorRole::Bias), *p.bias, gen,
                                   flavour, tracker.within(p.bias->numel()));
            tracker.advance(p.bias->numel());
        }
    }
    return parameters;
}

}  // namespace initscope
