// LayerPass, the probe's forward and backward of one linear / conv1d / conv2d layer: its output
// and its gradients ∂L/∂W, ∂L/∂b, ∂L/∂input equal direct loops of the definitions in double
// (stride, padding, groups, non-square kernels, flattening), the same bits on any thread count,
// and the direct loops' gradients are the derivatives of L = Σ a·(∂L/∂a) (central differences).
#include "core/propagation/layer_pass.h"
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

}  // namespace

Q_DECLARE_METATYPE(initscope::Layer)
Q_DECLARE_METATYPE(std::vector<int64_t>)

class TestLayerPass : public QObject {
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
};

QTEST_APPLESS_MAIN(TestLayerPass)
#include "tst_layer_pass.moc"
