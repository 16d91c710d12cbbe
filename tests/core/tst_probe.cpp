// The probe (core/propagation/probe.h): Probe::run draws the input as PyTorch does, its
// statistics equal a hand computation from the same draws, dead and saturated units are counted
// on constructed layers, the result is the same for any thread count, and bad input, cancelling
// and the memory estimate behave as documented. LayerPass itself: tst_layer_pass; agreement with
// PyTorch: tst_probe_parity.
#include "core/model/materializer.h"
#include "core/propagation/layer_pass.h"
#include "core/propagation/probe.h"
#include "core/torch/parallel_for.h"
#include "core/torch/random_kernels.h"
#include "test_support.h"

#include <QtTest>
#include <cmath>

using namespace initscope;

namespace {

std::vector<float> normal_values(int64_t n, TorchGenerator& gen) {
    std::vector<float> v(static_cast<size_t>(n));
    RandomKernels::normal(v, 0.0, 1.0, Flavour::Fma, gen);
    return v;
}

std::vector<double> widen(std::span<const float> v) {
    return {v.begin(), v.end()};
}

Layer make_conv(LayerKind kind, int64_t in, int64_t out, std::vector<int64_t> kernel,
                int64_t stride, int64_t padding, int64_t groups) {
    Layer layer = test::linear("c", in, out);
    layer.kind = kind;
    layer.kernel_size = std::move(kernel);
    layer.stride = stride;
    layer.padding = padding;
    layer.groups = groups;
    return layer;
}

/// A parameter tensor with the given values.
Tensor tensor(TensorShape shape, std::initializer_list<float> values) {
    Tensor t(std::move(shape));
    std::copy(values.begin(), values.end(), t.values().begin());
    return t;
}

/// One linear layer in → out with hand-set parameters, probed with `batch` normal inputs; the
/// inputs it drew are returned in `x`.
ProbeResult probe_one(Layer layer, Tensor weight, std::optional<Tensor> bias, int64_t batch,
                      std::vector<float>& x) {
    Network network;
    network.layers = {std::move(layer)};
    network.probe.batch = batch;
    network.seed = 99;
    if (network.layers[0].is_conv()) network.input_shape = std::vector<int64_t>{2, 3, 3};
    const Parameters parameters = {{std::move(weight), std::move(bias)}};
    TorchGenerator gen(network.seed), copy(network.seed);
    const ProbeResult result = Probe::run(network, parameters, gen);
    int64_t per_sample = 1;
    for (int64_t d : network.input_shape.value_or(std::vector<int64_t>{network.layers[0].in}))
        per_sample *= d;
    x = normal_values(batch * per_sample, copy);
    return result;
}

bool same_statistics(const SampleStatistics& a, const SampleStatistics& b) {
    return a.n == b.n && a.mean == b.mean && a.variance == b.variance && a.min == b.min &&
           a.max == b.max;
}

}  // namespace

class TestProbe : public QObject {
    Q_OBJECT

private slots:
    void the_input_is_drawn_as_pytorch_draws_it() {
        Network network;
        network.layers = {test::linear("id", 40, 40)};
        network.layers[0].activation = Activation::Linear;
        network.layers[0].weight_init = InitSpec(SchemeId::Eye);
        network.layers[0].bias_init = InitSpec(SchemeId::Zeros);
        network.probe.batch = 25;
        for (ProbeInput input : {ProbeInput::Normal, ProbeInput::Uniform}) {
            network.probe.input = input;
            TorchGenerator gen(network.seed);
            const Parameters parameters = Materializer::materialize(network, gen);
            TorchGenerator copy = gen;
            const ProbeResult result = Probe::run(network, parameters, gen);
            std::vector<float> x(1000);
            if (input == ProbeInput::Normal)
                RandomKernels::normal(x, 0.0, 1.0, network.flavour, copy);
            else
                RandomKernels::uniform(x, -std::sqrt(3.0), std::sqrt(3.0), network.flavour, copy);
            const std::vector<float> g = normal_values(1000, copy);  // randn_like(out)
            QVERIFY(same_statistics(result.layers[0].pre, SampleStatistics::of(x)));
            QVERIFY(same_statistics(result.layers[0].post, SampleStatistics::of(x)));
            QCOMPARE(result.layers[0].grad_post_std, SampleStatistics::of(g).stddev);
            QCOMPARE(result.layers[0].grad_pre_std, SampleStatistics::of(g).stddev);
            QCOMPARE(result.layers[0].pre_histogram.bins(), 40);
            QCOMPARE(result.layers[0].pre_histogram.lo(), result.layers[0].pre.min);
            QCOMPARE(result.layers[0].pre_histogram.binned(), 1000);
            QCOMPARE(gen.random(), copy.random());  // the probe drew x and g, nothing else
            if (input == ProbeInput::Uniform) {
                QVERIFY(result.layers[0].pre.min >= -std::sqrt(3.0));
                QVERIFY(result.layers[0].pre.max <= std::sqrt(3.0));
            }
        }
    }

    /// Two layers computed by hand in double from the same draws: every statistic of both.
    void statistics_equal_a_hand_computation() {
        Network network;
        network.layers = {test::linear("a", 3, 4), test::linear("b", 4, 2)};
        network.layers[0].activation = Activation::Tanh;
        network.layers[1].activation = Activation::Sigmoid;
        network.layers[1].bias = false;
        network.probe.batch = 50;
        network.seed = 3;
        TorchGenerator gen(network.seed);
        const Parameters p = Materializer::materialize(network, gen);
        TorchGenerator copy = gen;
        const ProbeResult result = Probe::run(network, p, gen);
        const std::vector<double> x = widen(normal_values(150, copy));
        const std::vector<double> g = widen(normal_values(100, copy));
        const auto w = [&](int l, int o, int i) {
            return double(p[size_t(l)].weight.values()[size_t(o * (l == 0 ? 3 : 4) + i)]);
        };
        std::vector<double> a1(200), h1(200), a2(100), h2(100), dh1(200), da1(200), da2(100);
        std::vector<double> dw1(12, 0.0), db1(4, 0.0), dw2(8, 0.0);
        for (int s = 0; s < 50; ++s) {
            for (int o = 0; o < 4; ++o) {
                double v = p[0].bias->values()[size_t(o)];
                for (int i = 0; i < 3; ++i) v += w(0, o, i) * x[size_t(s * 3 + i)];
                a1[size_t(s * 4 + o)] = v;
                h1[size_t(s * 4 + o)] = std::tanh(v);
            }
            for (int o = 0; o < 2; ++o) {
                double v = 0;
                for (int i = 0; i < 4; ++i) v += w(1, o, i) * h1[size_t(s * 4 + i)];
                a2[size_t(s * 2 + o)] = v;
                h2[size_t(s * 2 + o)] = 1 / (1 + std::exp(-v));
                // ∂L/∂h2 = g; ∂L/∂a2 = g·σ(1 − σ)
                da2[size_t(s * 2 + o)] =
                    g[size_t(s * 2 + o)] * h2[size_t(s * 2 + o)] * (1 - h2[size_t(s * 2 + o)]);
            }
            for (int i = 0; i < 4; ++i) {
                double v = 0;
                for (int o = 0; o < 2; ++o) {
                    v += da2[size_t(s * 2 + o)] * w(1, o, i);
                    dw2[size_t(o * 4 + i)] += da2[size_t(s * 2 + o)] * h1[size_t(s * 4 + i)];
                }
                dh1[size_t(s * 4 + i)] = v;
                da1[size_t(s * 4 + i)] = v * (1 - h1[size_t(s * 4 + i)] * h1[size_t(s * 4 + i)]);
                db1[size_t(i)] += da1[size_t(s * 4 + i)];
                for (int k = 0; k < 3; ++k)
                    dw1[size_t(i * 3 + k)] += da1[size_t(s * 4 + i)] * x[size_t(s * 3 + k)];
            }
        }
        const auto stats = [](const std::vector<double>& v) {
            std::vector<float> f(v.begin(), v.end());
            return SampleStatistics::of(f);
        };
        const auto close = [](double ours, double theirs) {
            return std::abs(ours - theirs) <= 1e-5 * std::abs(theirs);
        };
        const LayerSignal& s1 = result.layers[0];
        const LayerSignal& s2 = result.layers[1];
        QCOMPARE(s1.layer, std::string("a"));
        QVERIFY(close(s1.pre.stddev, stats(a1).stddev));
        QVERIFY(close(s1.pre.mean, stats(a1).mean));
        QVERIFY(close(s1.post.stddev, stats(h1).stddev));
        QVERIFY(close(s1.grad_post_std, stats(dh1).stddev));
        QVERIFY(close(s1.grad_pre_std, stats(da1).stddev));
        QVERIFY(close(s1.weight_grad_std, stats(dw1).stddev));
        QVERIFY(close(*s1.bias_grad_std, stats(db1).stddev));
        QVERIFY(close(s1.grad_data_ratio,
                      stats(dw1).stddev / SampleStatistics::of(p[0].weight.values()).stddev));
        QVERIFY(close(s2.pre.stddev, stats(a2).stddev));
        QVERIFY(close(s2.post.mean, stats(h2).mean));
        QVERIFY(close(s2.grad_post_std, stats(g).stddev));  // the last layer's ∂L/∂h is g
        QVERIFY(close(s2.grad_pre_std, stats(da2).stddev));
        QVERIFY(close(s2.weight_grad_std, stats(dw2).stddev));
        QVERIFY(!s2.bias_grad_std);
        QCOMPARE(s1.saturated_fraction.has_value(), true);
        QCOMPARE(s2.saturated_fraction.has_value(), true);
        QVERIFY(!s1.dead_fraction && !s1.zero_fraction);
    }

    /// relu: a unit with b = −1 and no weight is dead, one with b = +1 never zero, relu(x0) is
    /// zero where x0 ≤ 0. tanh: tanh(5) and tanh(3·x0) where |·| > 0.97 saturate. sigmoid:
    /// sigmoid(±5) saturate, sigmoid(0) does not.
    void dead_and_saturated_units_are_counted() {
        const int64_t batch = 400;
        std::vector<float> x;
        Layer layer = test::linear("l", 2, 3);
        layer.activation = Activation::Relu;
        ProbeResult r =
            probe_one(layer, tensor({3, 2}, {0, 0, 0, 0, 1, 0}), tensor({3}, {-1, 1, 0}), batch, x);
        int64_t x0_not_positive = 0, x0_saturates = 0;
        for (int64_t s = 0; s < batch; ++s) {
            const float x0 = x[size_t(2 * s)];
            x0_not_positive += !(x0 > 0);
            x0_saturates += std::abs(double(std::tanh(3.0f * x0))) > 0.97;
        }
        QCOMPARE(*r.layers[0].dead_fraction, 1.0 / 3);
        QCOMPARE(*r.layers[0].zero_fraction, double(batch + x0_not_positive) / double(3 * batch));
        QVERIFY(!r.layers[0].saturated_fraction);

        layer.activation = Activation::Tanh;
        r = probe_one(layer, tensor({3, 2}, {0, 0, 0, 0, 3, 0}), tensor({3}, {5, 0, 0}), batch, x);
        QCOMPARE(*r.layers[0].saturated_fraction, double(batch + x0_saturates) / double(3 * batch));
        QVERIFY(!r.layers[0].dead_fraction && !r.layers[0].zero_fraction);

        layer.activation = Activation::Sigmoid;
        r = probe_one(layer, tensor({3, 2}, {0, 0, 0, 0, 0, 0}), tensor({3}, {-5, 5, 0}), batch, x);
        QCOMPARE(*r.layers[0].saturated_fraction, 2.0 / 3);
        QVERIFY(std::isnan(r.layers[0].grad_data_ratio));  // std(W) = 0
        QCOMPARE(r.layers[0].weight_grad_std > 0, true);

        layer.activation = Activation::LeakyRelu;  // neither dead nor saturated apply
        r = probe_one(layer, tensor({3, 2}, {0, 0, 0, 0, 1, 0}), tensor({3}, {-1, 1, 0}), batch, x);
        QVERIFY(!r.layers[0].dead_fraction && !r.layers[0].saturated_fraction);

        // A conv's units are its channels: channel 0 (b = −1) is dead at every position.
        Layer c = make_conv(LayerKind::Conv2d, 2, 2, {2, 2}, 1, 0, 1);
        Tensor w(c.weight_shape());
        w.values()[8] = 1;  // channel 1 reads one input value, plus b = 1: never all zero
        r = probe_one(c, w, tensor({2}, {-1, 1}), batch, x);
        QCOMPARE(*r.layers[0].dead_fraction, 0.5);
        QVERIFY(*r.layers[0].zero_fraction >= 0.5);
        QCOMPARE(r.layers[0].pre.n, batch * 2 * 2 * 2);
    }

    void results_do_not_depend_on_the_thread_count() {
        Network network = test::small_cnn();
        network.layers[0].out = network.layers[1].in = 4;
        network.layers[1].out = 4;
        network.layers[2].in = 4 * 8 * 8;
        network.layers[2].out = 64;
        network.layers[2].activation = Activation::Tanh;
        network.layers.push_back(test::linear("head", 64, 10));
        network.layers[1].stride = 2;
        network.layers[1].groups = 2;
        network.input_shape = std::vector<int64_t>{3, 15, 15};
        network.probe.batch = 300;  // big enough for every loop to be split between threads
        QCOMPARE(test::problems(network), QStringList());
        std::vector<ProbeResult> results;
        for (int threads : {1, 2, 5}) {
            set_thread_count(threads);
            TorchGenerator gen(network.seed);
            const Parameters p = Materializer::materialize(network, gen);
            results.push_back(Probe::run(network, p, gen));
        }
        set_thread_count(0);
        for (size_t k = 1; k < results.size(); ++k)
            for (size_t l = 0; l < network.layers.size(); ++l) {
                const LayerSignal &a = results[0].layers[l], &b = results[k].layers[l];
                QVERIFY(same_statistics(a.pre, b.pre) && same_statistics(a.post, b.post));
                QCOMPARE(a.pre_histogram.counts(), b.pre_histogram.counts());
                QCOMPARE(a.grad_pre_std, b.grad_pre_std);
                QCOMPARE(a.grad_post_std, b.grad_post_std);
                QCOMPARE(a.weight_grad_std, b.weight_grad_std);
                QCOMPARE(a.bias_grad_std, b.bias_grad_std);
                QCOMPARE(a.dead_fraction, b.dead_fraction);
                QCOMPARE(a.zero_fraction, b.zero_fraction);
            }
    }

    void unavailable_reasons() {
        QVERIFY(!Probe::unavailable_reason(test::course()));
        Network course = test::course();
        course.input_shape.reset();  // an MLP needs none: its input is [in_features]
        QVERIFY(!Probe::unavailable_reason(course));
        QCOMPARE(*Probe::unavailable_reason(Network{}),
                 std::string("the network has no layers to push a batch through"));
        Network cnn = test::small_cnn();
        cnn.input_shape.reset();
        QCOMPARE(*Probe::unavailable_reason(cnn),
                 std::string("a conv network needs input_shape ([channels, length] or [channels, "
                             "height, width]) to be probed"));
        for (int64_t batch : {int64_t{0}, ProbeSettings::kMaxBatch + 1}) {
            course.probe.batch = batch;
            QCOMPARE(*Probe::unavailable_reason(course),
                     "probe batch: must be 1 to 100000, got " + std::to_string(batch));
        }
        QCOMPARE(Probe::working_bytes(cnn), int64_t{0});
    }

    void progress_is_reported_per_layer_and_can_cancel() {
        const Network network = test::course();
        TorchGenerator gen(network.seed);
        const Parameters p = Materializer::materialize(network, gen);
        std::vector<double> seen;
        TorchGenerator first = gen;
        Probe::run(network, p, first, [&](double f) {
            seen.push_back(f);
            return true;
        });
        QCOMPARE(seen.size(), 2 * network.layers.size());  // forward and backward of each
        QVERIFY(std::is_sorted(seen.begin(), seen.end()));
        QCOMPARE(seen.back(), 1.0);
        int calls = 0;
        QVERIFY_THROWS_EXCEPTION(Cancelled,
                                 Probe::run(network, p, gen, [&](double) { return ++calls < 3; }));
        QCOMPARE(calls, 3);
    }

    /// The memory estimate holds what run() keeps: the input, every a and h (h = a for a linear
    /// activation), plus the largest layer's gradients; it saturates instead of overflowing.
    void working_bytes_count_the_kept_tensors() {
        Network network;
        network.layers = {test::linear("a", 10, 20), test::linear("b", 20, 5)};
        network.layers[1].activation = Activation::Linear;
        network.probe.batch = 100;
        const int64_t kept = 100 * (10 + 2 * 20 + 5);  // x, a1, h1, a2 (= h2)
        // Backward of a: ∂L/∂h1, ∂L/∂a1, ∂L/∂W1, ∂L/∂b1 (no ∂L/∂x); of b: ∂L/∂h2, ∂L/∂h1,
        // ∂L/∂W2, ∂L/∂b2 with a1, h1 (and x) still kept; each plus its products' packing.
        const int64_t backward_a = 100 * (10 + 2 * 20) + 2 * 100 * 20 + 200 + 20 +
                                   LayerPass(network.layers[0], {10}).scratch_floats(100);
        const int64_t backward_b = kept + 100 * 5 + 100 * 20 + 100 + 5 +
                                   LayerPass(network.layers[1], {20}).scratch_floats(100);
        const int64_t histograms = 2 * 2 * 81 * 2 * 4;
        QCOMPARE(Probe::working_bytes(network), 4 * std::max(backward_a, backward_b) + histograms);
        network.layers = {test::linear("huge", int64_t{1} << 40, int64_t{1} << 40)};
        network.probe.batch = ProbeSettings::kMaxBatch;
        QCOMPARE(Probe::working_bytes(network), std::numeric_limits<int64_t>::max());
    }

    /// Materializing with the caller's generator gives the same tensors and leaves the generator
    /// where PyTorch's is after the inits (the course: one draw per parameter).
    void materialize_leaves_the_generator_after_the_inits() {
        const Network network = test::course();
        TorchGenerator gen(network.seed);
        QVERIFY(bitwise_equal(Materializer::materialize(network, gen),
                              Materializer::materialize(network)));
        TorchGenerator expected(network.seed);
        expected.discard(uint64_t(network.parameter_count()));
        QCOMPARE(gen.random(), expected.random());
    }
};

QTEST_APPLESS_MAIN(TestProbe)
#include "tst_probe.moc"
