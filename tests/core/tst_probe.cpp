// The probe (core/propagation): LayerPass's forward and backward equal direct loops of the
// definitions (whose gradients are checked against finite differences), Probe::run's statistics
// equal a hand computation from the same draws, dead and saturated units are counted on
// constructed layers, the result is the same for any thread count, and bad input, cancelling and
// the memory estimate behave as documented. PyTorch agreement: tst_probe_parity.
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

/// A layer's geometry for the direct loops: conv1d is conv2d with height 1.
struct Geometry {
    int64_t in, out, groups, in_h, in_w, kh, kw, sh, sw, ph, pw, out_h, out_w;
};

Geometry geometry(const Layer& layer, const std::vector<int64_t>& input) {
    Geometry g{layer.in, layer.out, layer.groups, 1, 1, 1, 1, 1, 1, 0, 0, 1, 1};
    if (!layer.is_conv()) {
        g.in = 1;
        for (int64_t d : input) g.in *= d;  // a linear reads the flattened sample
        return g;
    }
    const bool two_d = layer.kind == LayerKind::Conv2d;
    g.in_h = two_d ? input[1] : 1;
    g.in_w = input.back();
    g.kh = two_d ? layer.kernel_size[0] : 1;
    g.kw = layer.kernel_size.back();
    g.sh = two_d ? layer.stride : 1;
    g.sw = layer.stride;
    g.ph = two_d ? layer.padding : 0;
    g.pw = layer.padding;
    g.out_h = (g.in_h + 2 * g.ph - g.kh) / g.sh + 1;
    g.out_w = (g.in_w + 2 * g.pw - g.kw) / g.sw + 1;
    return g;
}

/// The definitions in double, one term at a time: a[b][o][y][x] = bias[o] + Σ_{c,i,j}
/// W[o][c][i][j]·in[b][g·C/G + c][y·s − p + i][x·s − p + j] (zero outside), and the adjoint
/// sums for ∂L/∂W, ∂L/∂b and ∂L/∂in given ∂L/∂a. Each term is visited by `term`.
template <class Term>
void for_each_term(const Geometry& g, int64_t batch, const Term& term) {
    const int64_t in_g = g.in / g.groups, out_g = g.out / g.groups;
    for (int64_t b = 0; b < batch; ++b)
        for (int64_t o = 0; o < g.out; ++o)
            for (int64_t y = 0; y < g.out_h; ++y)
                for (int64_t x = 0; x < g.out_w; ++x) {
                    const int64_t a = ((b * g.out + o) * g.out_h + y) * g.out_w + x;
                    for (int64_t c = 0; c < in_g; ++c)
                        for (int64_t i = 0; i < g.kh; ++i)
                            for (int64_t j = 0; j < g.kw; ++j) {
                                const int64_t iy = y * g.sh - g.ph + i, ix = x * g.sw - g.pw + j;
                                if (iy < 0 || iy >= g.in_h || ix < 0 || ix >= g.in_w) continue;
                                const int64_t channel = o / out_g * in_g + c;
                                const int64_t w = ((o * in_g + c) * g.kh + i) * g.kw + j;
                                const int64_t v =
                                    ((b * g.in + channel) * g.in_h + iy) * g.in_w + ix;
                                term(a, o, w, v);
                            }
                }
}

struct Reference {
    std::vector<double> pre, grad_weight, grad_bias, grad_input;
};

Reference reference(const Geometry& g, const std::vector<double>& weight,
                    const std::vector<double>& bias, const std::vector<double>& input,
                    const std::vector<double>& grad_pre, int64_t batch) {
    Reference r;
    r.pre.assign(size_t(batch * g.out * g.out_h * g.out_w), 0.0);
    r.grad_weight.assign(weight.size(), 0.0);
    r.grad_bias.assign(size_t(g.out), 0.0);
    r.grad_input.assign(input.size(), 0.0);
    for (size_t a = 0; a < r.pre.size(); ++a) {
        const int64_t o = int64_t(a) / (g.out_h * g.out_w) % g.out;
        r.pre[a] = bias.empty() ? 0.0 : bias[size_t(o)];
        r.grad_bias[size_t(o)] += grad_pre[a];
    }
    for_each_term(g, batch, [&](int64_t a, int64_t, int64_t w, int64_t v) {
        r.pre[size_t(a)] += weight[size_t(w)] * input[size_t(v)];
        r.grad_weight[size_t(w)] += grad_pre[size_t(a)] * input[size_t(v)];
        r.grad_input[size_t(v)] += grad_pre[size_t(a)] * weight[size_t(w)];
    });
    return r;
}

std::vector<float> normal_values(int64_t n, TorchGenerator& gen) {
    std::vector<float> v(static_cast<size_t>(n));
    RandomKernels::normal(v, 0.0, 1.0, Flavour::Fma, gen);
    return v;
}

std::vector<double> widen(std::span<const float> v) {
    return {v.begin(), v.end()};
}

/// max |ours − theirs| relative to the largest |theirs| (float32 sums of a few hundred terms).
double max_relative_error(std::span<const float> ours, const std::vector<double>& theirs) {
    double scale = 0, error = 0;
    for (size_t i = 0; i < theirs.size(); ++i) {
        scale = std::max(scale, std::abs(theirs[i]));
        error = std::max(error, std::abs(double(ours[i]) - theirs[i]));
    }
    return error / std::max(scale, 1e-300);
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

Q_DECLARE_METATYPE(initscope::Layer)
Q_DECLARE_METATYPE(std::vector<int64_t>)

class TestProbe : public QObject {
    Q_OBJECT

private slots:
    void layer_pass_matches_the_definition_data() {
        QTest::addColumn<Layer>("layer");
        QTest::addColumn<std::vector<int64_t>>("input");
        QTest::newRow("linear") << test::linear("fc", 5, 7) << std::vector<int64_t>{5};
        QTest::newRow("linear flattening [2, 3, 2]")
            << test::linear("fc", 12, 3) << std::vector<int64_t>{2, 3, 2};
        QTest::newRow("conv1d stride 2 padding 1 groups 2")
            << make_conv(LayerKind::Conv1d, 4, 6, {3}, 2, 1, 2) << std::vector<int64_t>{4, 9};
        QTest::newRow("conv2d 3×2 stride 2 padding 1")
            << make_conv(LayerKind::Conv2d, 3, 4, {3, 2}, 2, 1, 1) << std::vector<int64_t>{3, 7, 6};
        QTest::newRow("conv2d 1×1 groups 3")
            << make_conv(LayerKind::Conv2d, 3, 6, {1, 1}, 1, 0, 3) << std::vector<int64_t>{3, 4, 5};
        QTest::newRow("conv2d padding past the kernel, stride 3")
            << make_conv(LayerKind::Conv2d, 2, 2, {2, 2}, 3, 2, 1) << std::vector<int64_t>{2, 4, 5};
    }

    /// Forward, ∂L/∂W, ∂L/∂b and ∂L/∂input of LayerPass equal the direct loops in double within
    /// float rounding, and are the same bits on 1 and 3 threads.
    void layer_pass_matches_the_definition() {
        QFETCH(Layer, layer);
        QFETCH(std::vector<int64_t>, input);
        const int64_t batch = 11;
        const LayerPass pass(layer, input);
        const Geometry g = geometry(layer, input);
        QCOMPARE(pass.output_size(), g.out * g.out_h * g.out_w);
        TorchGenerator gen(5);
        LayerParameters p{Tensor(layer.weight_shape()), Tensor(layer.bias_shape())};
        RandomKernels::normal(p.weight.values(), 0.0, 0.5, Flavour::Fma, gen);
        RandomKernels::normal(p.bias->values(), 0.0, 0.5, Flavour::Fma, gen);
        const std::vector<float> x = normal_values(batch * pass.input_size(), gen);
        const std::vector<float> da = normal_values(batch * pass.output_size(), gen);
        const Reference r = reference(g, widen(p.weight.values()), widen(p.bias->values()),
                                      widen(x), widen(da), batch);

        std::vector<std::vector<float>> runs;
        for (int threads : {1, 3}) {
            set_thread_count(threads);
            std::vector<float> pre(r.pre.size()), dw(r.grad_weight.size()), db(r.grad_bias.size()),
                dx(r.grad_input.size());
            pass.forward(p, x.data(), batch, pre.data());
            pass.backward(p, x.data(), da.data(), batch, dw.data(), db.data(), dx.data());
            QVERIFY2(max_relative_error(pre, r.pre) < 1e-6, "forward");
            QVERIFY2(max_relative_error(dw, r.grad_weight) < 1e-6, "grad weight");
            QVERIFY2(max_relative_error(db, r.grad_bias) < 1e-6, "grad bias");
            QVERIFY2(max_relative_error(dx, r.grad_input) < 1e-6, "grad input");
            for (auto* v : {&pre, &dw, &db, &dx}) runs.push_back(*v);
        }
        set_thread_count(0);
        for (size_t i = 0; i < 4; ++i) QVERIFY(runs[i] == runs[i + 4]);
    }

    /// The direct loops' gradients are those of L = Σ a·(∂L/∂a): central differences in double
    /// on every weight, bias and input element of a conv2d with stride, padding and groups.
    void reference_gradients_are_the_derivatives() {
        const Layer layer = make_conv(LayerKind::Conv2d, 4, 2, {2, 3}, 2, 1, 2);
        const std::vector<int64_t> input{4, 5, 4};
        const Geometry g = geometry(layer, input);
        const int64_t batch = 2;
        TorchGenerator gen(8);
        std::vector<double> w = widen(normal_values(layer.weight_count(), gen));
        std::vector<double> b = widen(normal_values(layer.out, gen));
        std::vector<double> x = widen(normal_values(batch * 4 * 5 * 4, gen));
        const std::vector<double> da = widen(normal_values(batch * g.out * g.out_h * g.out_w, gen));
        const Reference r = reference(g, w, b, x, da, batch);
        const auto loss = [&] {
            const Reference here = reference(g, w, b, x, da, batch);
            double l = 0;
            for (size_t i = 0; i < da.size(); ++i) l += here.pre[i] * da[i];
            return l;
        };
        const double h = 1e-3;
        for (auto [values, gradient] : {std::pair{&w, &r.grad_weight}, std::pair{&b, &r.grad_bias},
                                        std::pair{&x, &r.grad_input}})
            for (size_t i = 0; i < values->size(); ++i) {
                const double saved = (*values)[i];
                (*values)[i] = saved + h;
                const double up = loss();
                (*values)[i] = saved - h;
                const double down = loss();
                (*values)[i] = saved;
                QVERIFY(std::abs((up - down) / (2 * h) - (*gradient)[i]) < 1e-9);
            }
    }

    /// Eye weights and zero biases pass the input through unchanged: the first layer's a is the
    /// drawn x exactly (torch.randn's draws, then the uniform ones on [−√3, √3]).
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
        // ∂L/∂W2, ∂L/∂b2 with a1, h1 (and x) still kept.
        const int64_t backward_a = 100 * (10 + 2 * 20) + 2 * 100 * 20 + 200 + 20;
        const int64_t backward_b = kept + 100 * 5 + 100 * 20 + 100 + 5;
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
