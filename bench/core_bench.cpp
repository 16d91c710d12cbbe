// Google Benchmark for the core: each scheme on a 4096×4096 weight, histogram + statistics of
// 16.8 M values, materializing + summarizing the course network, and (BM_BigNetwork) the
// 8 × 4096×4096 network of bench/big_network.json with its peak resident size; the probe
// (forward + backward + statistics, batch 1000) of the course and deep_tanh presets, and the
// spectra of the course network and of one 4096×4096 weight; orthogonal_ on 2048² and 4096²
// (BM_Orthogonal).
// Run: build/bench/core_bench  (add --benchmark_filter=... to pick rows)
#include "core/io/checkpoint_analysis.h"
#include "core/io/preset_library.h"
#include "core/io/tensor_chunks.h"
#include "core/model/materializer.h"
#include "core/propagation/probe.h"
#include "core/propagation/weight_spectrum.h"
#include "core/schemes/initializer.h"
#include "core/schemes/scheme_registry.h"
#include "core/stats/histogram.h"
#include "core/stats/network_summary.h"
#include "core/stats/sample_statistics.h"

#include <benchmark/benchmark.h>
#include <sys/resource.h>

#include <bit>
#include <cstring>
#include <filesystem>
#include <map>

namespace {

using namespace initscope;

constexpr int64_t kSide = 4096;

void BM_Scheme(benchmark::State& state, SchemeId id) {
    const InitSpec spec = SchemeRegistry::defaults(id);
    TensorContext context{TensorShape{kSide, kSide}, TensorRole::Weight, Fans{kSide, kSide}};
    Tensor tensor(context.shape);
    TorchGenerator gen(0);
    for (auto _ : state) {
        Initializer::apply(spec, context, tensor, gen, Flavour::Fma);
        benchmark::DoNotOptimize(tensor.data());
    }
    state.SetItemsProcessed(state.iterations() * tensor.numel());
}

/// A rows × cols xavier_normal_ weight, drawn once per process and shape.
const Tensor& xavier_weight(int64_t rows, int64_t cols) {
    static std::map<std::pair<int64_t, int64_t>, Tensor> tensors;
    auto [it, fresh] = tensors.try_emplace({rows, cols}, TensorShape{rows, cols});
    if (fresh) {
        TorchGenerator gen(0);
        Initializer::apply(SchemeRegistry::defaults(SchemeId::XavierNormal),
                           {it->second.shape(), TensorRole::Weight, it->second.shape().fans()},
                           it->second, gen, Flavour::Fma);
    }
    return it->second;
}

/// What the window and --stats compute of every tensor: statistics, then a 40-bin histogram
/// over [min, max] (numpy.histogram's bins).
void histogram_and_statistics(benchmark::State& state, const Tensor& tensor) {
    for (auto _ : state) {
        const SampleStatistics stats = SampleStatistics::of(tensor.values());
        const Histogram h = Histogram::build(tensor.values(), 40, stats.min, stats.max);
        benchmark::DoNotOptimize(h.counts().data());
    }
    state.SetItemsProcessed(state.iterations() * tensor.numel());
}

void BM_HistogramAndStatistics(benchmark::State& state) {
    histogram_and_statistics(state, xavier_weight(kSide, kSide));
}

/// A Llama-3-8B MLP matrix (14336 × 4096, 58.7 M values).
void BM_HistogramAndStatisticsLlamaMlp(benchmark::State& state) {
    histogram_and_statistics(state, xavier_weight(14336, kSide));
}

void BM_Statistics(benchmark::State& state) {
    const Tensor& tensor = xavier_weight(kSide, kSide);
    for (auto _ : state) benchmark::DoNotOptimize(SampleStatistics::of(tensor.values()).mean);
    state.SetItemsProcessed(state.iterations() * tensor.numel());
}

void BM_Histogram(benchmark::State& state) {
    const Tensor& tensor = xavier_weight(kSide, kSide);
    const SampleStatistics stats = SampleStatistics::of(tensor.values());
    for (auto _ : state) {
        const Histogram h = Histogram::build(tensor.values(), static_cast<int>(state.range(0)),
                                             stats.min, stats.max);
        benchmark::DoNotOptimize(h.counts().data());
    }
    state.SetItemsProcessed(state.iterations() * tensor.numel());
}

void BM_CourseNetworkRefresh(benchmark::State& state) {
    const ConfigFile::Result loaded = PresetLibrary::load("course");
    if (!loaded) {
        state.SkipWithError(loaded.error.c_str());
        return;
    }
    const Network& network = *loaded.network;
    for (auto _ : state) {
        const Parameters parameters = Materializer::materialize(network);
        const NetworkSummary summary = NetworkSummary::of(network, parameters, HistogramOptions{});
        benchmark::DoNotOptimize(summary.tensors.data());
    }
    state.SetItemsProcessed(state.iterations() * network.parameter_count());
}

/// bench/big_network.json (8 × 4096×4096 + biases): materialize + summarize once per iteration;
/// reports the process's peak resident size against the parameter bytes (run it alone:
/// --benchmark_filter=BM_BigNetwork, so no other benchmark's tensors count).
void BM_BigNetwork(benchmark::State& state) {
    const auto path = std::filesystem::path(__FILE__).parent_path() / "big_network.json";
    const ConfigFile::Result loaded = ConfigFile::read(QString::fromStdString(path.string()));
    if (!loaded) {
        state.SkipWithError(loaded.error.c_str());
        return;
    }
    const Network& network = *loaded.network;
    for (auto _ : state) {
        const Parameters parameters = Materializer::materialize(network);
        const NetworkSummary summary = NetworkSummary::of(network, parameters, HistogramOptions{});
        benchmark::DoNotOptimize(summary.tensors.data());
    }
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    const double parameter_mib = static_cast<double>(network.parameter_count()) * 4 / (1 << 20);
    state.counters["peak_rss_MiB"] = static_cast<double>(usage.ru_maxrss) / 1024;
    state.counters["parameter_MiB"] = parameter_mib;
    state.SetItemsProcessed(state.iterations() * network.parameter_count());
}

/// Probe::run on a preset (batch 1000, its default): forward, backward and every statistic, from
/// the generator state after materializing (the materializing is not timed).
void BM_Probe(benchmark::State& state, const char* preset) {
    const ConfigFile::Result loaded = PresetLibrary::load(preset);
    if (!loaded) {
        state.SkipWithError(loaded.error.c_str());
        return;
    }
    const Network& network = *loaded.network;
    TorchGenerator after(network.seed);
    const Parameters parameters = Materializer::materialize(network, after);
    for (auto _ : state) {
        TorchGenerator generator = after;
        const ProbeResult result = Probe::run(network, parameters, generator);
        benchmark::DoNotOptimize(result.layers.data());
    }
}

/// The singular values (with theory and histogram) of every weight of a preset.
void BM_SpectraOfPreset(benchmark::State& state, const char* preset) {
    const ConfigFile::Result loaded = PresetLibrary::load(preset);
    if (!loaded) {
        state.SkipWithError(loaded.error.c_str());
        return;
    }
    const Network& network = *loaded.network;
    const Parameters parameters = Materializer::materialize(network);
    for (auto _ : state) {
        const std::vector<WeightSpectrum> spectra = WeightSpectrumAnalysis::of(network, parameters);
        benchmark::DoNotOptimize(spectra.data());
    }
}

/// The spectrum of one 4096×4096 PyTorch-default weight.
void BM_Spectrum4096(benchmark::State& state) {
    Network network;
    Layer layer;
    layer.name = "w";
    layer.in = layer.out = kSide;
    network.layers.push_back(layer);
    const Parameters parameters = Materializer::materialize(network);
    for (auto _ : state) {
        const WeightSpectrum spectrum =
            WeightSpectrumAnalysis::of(network.layers[0], parameters[0].weight);
        benchmark::DoNotOptimize(spectrum.singular_values.data());
    }
}

/// orthogonal_ on one side × side weight (state.range(0)): the normal_ draws and OrthogonalQr,
/// beside PyTorch's init.orthogonal_ in bench/compare_pytorch.py.
void BM_Orthogonal(benchmark::State& state) {
    const int64_t side = state.range(0);
    const InitSpec spec = SchemeRegistry::defaults(SchemeId::Orthogonal);
    const TensorContext context{TensorShape{side, side}, TensorRole::Weight, Fans{side, side}};
    Tensor tensor(context.shape);
    TorchGenerator gen(0);
    for (auto _ : state) {
        Initializer::apply(spec, context, tensor, gen, Flavour::Fma);
        benchmark::DoNotOptimize(tensor.data());
    }
    state.SetItemsProcessed(state.iterations() * tensor.numel());
}

/// A 14336×4096 bfloat16 tensor (Llama-3-8B's up_proj: 58.7M values, 117 MB) of N(0, 0.02²)
/// values, in memory as a checkpoint would map it.
struct Bf16Checkpoint {
    std::vector<unsigned char> bytes;
    Checkpoint checkpoint;
    Bf16Checkpoint() {
        Tensor tensor(TensorShape{14336, kSide});
        TorchGenerator gen(0);
        InitSpec normal(SchemeId::Normal);
        normal.set("std", 0.02);
        Initializer::apply(normal, {tensor.shape(), TensorRole::Weight, tensor.shape().fans()},
                           tensor, gen, Flavour::Fma);
        bytes.resize(size_t(tensor.numel()) * 2);
        for (int64_t i = 0; i < tensor.numel(); ++i) {
            const uint32_t w = std::bit_cast<uint32_t>(tensor.values()[size_t(i)]);
            const uint16_t b = uint16_t((w + 0x7fff + ((w >> 16) & 1)) >> 16);
            std::memcpy(bytes.data() + 2 * i, &b, 2);
        }
        CheckpointTensor t;
        t.name = "model.layers.0.mlp.up_proj.weight";
        t.dtype = TensorDtype::BF16;
        t.shape = {14336, kSide};
        t.numel = tensor.numel();
        t.bytes = bytes;
        checkpoint.tensors().push_back(t);
    }
    static const Bf16Checkpoint& get() {
        static const Bf16Checkpoint instance;
        return instance;
    }
};

/// Statistics and the 40-bin histogram of the bfloat16 tensor, streamed in chunks as
/// ChunkedAnalysis does (two passes: the statistics, then the histogram over [min, max]).
void BM_CheckpointStatisticsAndHistogram(benchmark::State& state) {
    const CheckpointTensor& tensor = Bf16Checkpoint::get().checkpoint.tensors().front();
    const TensorChunks chunks(tensor);
    for (auto _ : state) {
        std::vector<SampleStatistics> per_chunk(size_t(chunks.count()));
        chunks.for_each([&](int, int64_t chunk, std::span<const float> values) {
            per_chunk[size_t(chunk)] = SampleStatistics::of(values);
        });
        SampleStatistics stats = per_chunk[0];
        for (size_t k = 1; k < per_chunk.size(); ++k)
            stats = SampleStatistics::merge(stats, per_chunk[k]);
        std::vector<Histogram> parts(size_t(chunks.workers()));
        chunks.for_each([&](int worker, int64_t, std::span<const float> values) {
            parts[size_t(worker)].add(Histogram::build(values, 40, stats.min, stats.max));
        });
        benchmark::DoNotOptimize(parts.data());
    }
    state.SetItemsProcessed(state.iterations() * tensor.numel);
}

/// What --weights computes for the tensor: statistics, histogram and init fingerprint (the KS
/// distance to every fitting scheme, from fine histograms).
void BM_CheckpointAnalysis(benchmark::State& state) {
    const Checkpoint& checkpoint = Bf16Checkpoint::get().checkpoint;
    for (auto _ : state) {
        const CheckpointTensorAnalysis analysis =
            CheckpointAnalysis::analyse_one(checkpoint, checkpoint.tensors().front());
        benchmark::DoNotOptimize(analysis.histogram.counts().data());
    }
    state.SetItemsProcessed(state.iterations() * checkpoint.tensors().front().numel);
}

}  // namespace

BENCHMARK_CAPTURE(BM_Scheme, torch_default, SchemeId::TorchDefault)->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_Scheme, uniform, SchemeId::Uniform)->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_Scheme, xavier_uniform, SchemeId::XavierUniform)
    ->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_Scheme, kaiming_uniform, SchemeId::KaimingUniform)
    ->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_Scheme, normal, SchemeId::Normal)->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_Scheme, xavier_normal, SchemeId::XavierNormal)->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_Scheme, kaiming_normal, SchemeId::KaimingNormal)
    ->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_Scheme, trunc_normal, SchemeId::TruncNormal)->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_Scheme, he_normal, SchemeId::HeNormal)->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_Scheme, glorot_uniform, SchemeId::GlorotUniform)
    ->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_Scheme, constant, SchemeId::Constant)->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_Scheme, eye, SchemeId::Eye)->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_Scheme, sparse, SchemeId::Sparse)
    ->Unit(benchmark::kMillisecond)
    ->Iterations(2);
BENCHMARK_CAPTURE(BM_Scheme, orthogonal, SchemeId::Orthogonal)
    ->Unit(benchmark::kMillisecond)
    ->Iterations(1);
BENCHMARK(BM_HistogramAndStatistics)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_HistogramAndStatisticsLlamaMlp)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_Statistics)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_Histogram)->Arg(40)->Arg(1 << 16)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_CourseNetworkRefresh)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_BigNetwork)->Unit(benchmark::kMillisecond)->Iterations(2);
BENCHMARK_CAPTURE(BM_Probe, course, "course")->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_Probe, deep_tanh, "deep_tanh")->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_SpectraOfPreset, course, "course")->Unit(benchmark::kMillisecond);
BENCHMARK(BM_Spectrum4096)->Unit(benchmark::kMillisecond)->Iterations(1);
BENCHMARK(BM_Orthogonal)->Arg(2048)->Arg(4096)->Unit(benchmark::kMillisecond)->Iterations(1);
BENCHMARK(BM_CheckpointStatisticsAndHistogram)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_CheckpointAnalysis)->Unit(benchmark::kMillisecond)->UseRealTime();
