#include "core/propagation/scheme_sweep.h"

#include "core/model/materializer.h"
#include "core/model/network_validation.h"
#include "core/propagation/probe.h"
#include "core/schemes/scheme_registry.h"
#include "core/torch/torch_generator.h"

#include <stdexcept>
#include <utility>

namespace initscope {

namespace {

/// Share of one scheme's work done by materializing; the probe does the rest.
constexpr double kMaterializeShare = 0.3;

SweepScheme scheme(std::string label, SchemeId id,
                   std::vector<std::pair<std::string, ParamValue>> params, bool standard) {
    InitSpec spec = SchemeRegistry::defaults(id);
    for (auto& [name, value] : params) spec.set(name, std::move(value));
    return {std::move(label), SchemeRegistry::completed(spec), standard};
}

std::vector<SweepScheme> make_catalogue() {
    const std::string relu(ChoiceSpelling::name(Nonlinearity::Relu));
    const double tanh_gain = 5.0 / 3.0;  // calculate_gain("tanh")
    return {
        scheme("PyTorch default", SchemeId::TorchDefault, {}, true),
        scheme("xavier_normal", SchemeId::XavierNormal, {}, true),
        scheme("kaiming_normal (relu)", SchemeId::KaimingNormal, {{"nonlinearity", relu}}, true),
        scheme("normal (std 0.01)", SchemeId::Normal, {{"mean", 0.0}, {"std", 0.01}}, true),
        scheme("normal (std 1)", SchemeId::Normal, {{"mean", 0.0}, {"std", 1.0}}, true),
        scheme("lecun_normal", SchemeId::LecunNormal, {}, false),
        scheme("orthogonal", SchemeId::Orthogonal, {}, false),
        scheme("xavier_normal (gain 5/3)", SchemeId::XavierNormal, {{"gain", tanh_gain}}, false),
        scheme("xavier_uniform", SchemeId::XavierUniform, {}, false),
        scheme("kaiming_uniform (relu)", SchemeId::KaimingUniform, {{"nonlinearity", relu}}, false),
        scheme("lecun_uniform", SchemeId::LecunUniform, {}, false),
        scheme("orthogonal (gain 5/3)", SchemeId::Orthogonal, {{"gain", tanh_gain}}, false),
        scheme("normal (std 0.1)", SchemeId::Normal, {{"mean", 0.0}, {"std", 0.1}}, false),
    };
}

}  // namespace

const std::vector<SweepScheme>& SchemeSweep::catalogue() {
    static const std::vector<SweepScheme> schemes = make_catalogue();
    return schemes;
}

std::optional<std::string> SchemeSweep::unavailable_reason(const Network& network) {
    if (const std::vector<std::string> problems = NetworkValidation::problems(network);
        !problems.empty())
        return problems.front();
    return Probe::unavailable_reason(network);
}

std::optional<std::string> SchemeSweep::memory_problem(const Network& network,
                                                       const std::vector<SweepScheme>& schemes,
                                                       const MemoryBudget& budget) {
    const AnalysisMemory probe{Probe::working_bytes(network), "the probe's batch"};
    for (const SweepScheme& s : schemes)
        if (auto problem = budget.problem(with_weight_scheme(network, s.spec), probe))
            return problem;
    return std::nullopt;
}

Network SchemeSweep::with_weight_scheme(const Network& network, const InitSpec& spec,
                                        std::vector<std::string>* skipped) {
    Network edited = network;
    for (Layer& layer : edited.layers) {
        const std::optional<std::string> problem =
            SchemeRegistry::check(spec, layer.context(TensorRole::Weight));
        if (!problem) {
            layer.weight_init = spec;
            continue;
        }
        if (skipped)
            skipped->push_back(layer.name + "." +
                               std::string(Layer::role_name(TensorRole::Weight)) + " keeps " +
                               SchemeRegistry::key(layer.weight_init.scheme()) + ": " + *problem);
    }
    return edited;
}

SweepRun SchemeSweep::run(const Network& network, const SweepScheme& scheme,
                          const ProgressCallback& progress) {
    if (const std::optional<std::string> reason = unavailable_reason(network))
        throw std::invalid_argument(*reason);
    SweepRun result;
    result.scheme = scheme;
    const Network edited = with_weight_scheme(network, scheme.spec, &result.skipped);

    TorchGenerator generator(edited.seed);
    const Parameters parameters = Materializer::materialize(
        edited, generator, [&](double f) { return !progress || progress(kMaterializeShare * f); });
    const ProbeResult probe = Probe::run(edited, parameters, generator, [&](double f) {
        return !progress || progress(kMaterializeShare + (1 - kMaterializeShare) * f);
    });
    std::vector<MeanFieldLayer> theory = MeanField::predict(edited);

    result.layers.resize(edited.layers.size());
    for (size_t l = 0; l < edited.layers.size(); ++l) {
        SweepLayer& layer = result.layers[l];
        const LayerSignal& signal = probe.layers.at(l);
        layer.pre_std = signal.pre.stddev;
        layer.post_std = signal.post.stddev;
        layer.grad_pre_std = signal.grad_pre_std;
        if (l < theory.size()) layer.theory = std::move(theory[l]);
        layer.scheme_applied = edited.layers[l].weight_init == scheme.spec;
    }
    return result;
}

std::vector<SweepRun> SchemeSweep::run(const Network& network,
                                       const std::vector<SweepScheme>& schemes,
                                       const ProgressCallback& progress) {
    std::vector<SweepRun> runs;
    runs.reserve(schemes.size());
    const double count = schemes.empty() ? 1.0 : double(schemes.size());
    for (size_t i = 0; i < schemes.size(); ++i)
        runs.push_back(run(network, schemes[i], [&](double f) {
            return !progress || progress((double(i) + f) / count);
        }));
    return runs;
}

}  // namespace initscope
