// SchemeSweep: each scheme on every weight, the same seed, the probe and the mean field per
// layer. CS231n's demonstration on a deep tanh stack (10 layers of 500, zero biases): std 0.01
// collapses, Xavier holds, std 1 saturates; every run equals probing the edited network directly.

#include "test_support.h"

#include "core/model/materializer.h"
#include "core/propagation/probe.h"
#include "core/propagation/scheme_sweep.h"
#include "core/schemes/scheme_registry.h"

#include <QtTest>

#include <cmath>
#include <set>

using namespace initscope;

namespace {

constexpr int kDepth = 10;
constexpr int64_t kWidth = 500;
constexpr int64_t kBatch = 100;

/// CS231n: input 500, ten tanh layers of 500; biases zero so the weights alone set the scale.
Network deep_tanh() {
    Network n;
    for (int l = 0; l < kDepth; ++l) {
        Layer layer = test::linear("fc" + std::to_string(l + 1), kWidth, kWidth);
        layer.activation = Activation::Tanh;
        layer.bias_init = InitSpec(SchemeId::Zeros);
        n.layers.push_back(layer);
    }
    n.input_shape = std::vector<int64_t>{kWidth};
    n.probe.batch = kBatch;
    return n;
}

const SweepScheme& catalogued(const std::string& label) {
    for (const SweepScheme& s : SchemeSweep::catalogue())
        if (s.label == label) return s;
    qFatal("no scheme %s in the catalogue", label.c_str());
}

/// Relative sampling error of a std over n roughly independent values: about 1/√(2n).
double std_error(int64_t n) {
    return 1.0 / std::sqrt(2.0 * double(n));
}

}  // namespace

class TestSchemeSweep : public QObject {
    Q_OBJECT
private slots:
    void catalogueHasTheLectureSchemes();
    void smallStdCollapses();
    void xavierHoldsNearConstant();
    void largeStdSaturates();
    void predictionsAccompanyEveryLayer();
    void equalsProbingTheEditedNetwork();
    void sameSeedWhateverTheOrder();
    void schemeThatDoesNotFitIsSkippedAndSaid();
    void biasesKeepTheirScheme();
    void progressRisesAndCancels();
    void unavailableNetworksAreRefusedWithTheReason();
    void memoryProblemNamesTheWork();
};

void TestSchemeSweep::catalogueHasTheLectureSchemes() {
    const std::vector<SweepScheme>& all = SchemeSweep::catalogue();
    std::set<std::string> labels;
    std::set<std::string> standard;
    for (const SweepScheme& s : all) {
        QVERIFY2(labels.insert(s.label).second, s.label.c_str());
        if (s.standard) standard.insert(s.label);
        QVERIFY2(!SchemeRegistry::check_params(s.spec), s.label.c_str());
    }
    QCOMPARE(standard,
             (std::set<std::string>{"PyTorch default", "xavier_normal", "kaiming_normal (relu)",
                                    "normal (std 0.01)", "normal (std 1)"}));
    for (const char* label : {"lecun_normal", "orthogonal"}) QVERIFY(labels.count(label));
    QCOMPARE(catalogued("normal (std 0.01)").spec.number("std"), 0.01);
    QCOMPARE(catalogued("kaiming_normal (relu)").spec.choice("nonlinearity"), std::string("relu"));
}

void TestSchemeSweep::smallStdCollapses() {
    const SweepRun run = SchemeSweep::run(deep_tanh(), catalogued("normal (std 0.01)"));
    QCOMPARE(int(run.layers.size()), kDepth);
    QVERIFY(run.skipped.empty());
    // Each layer multiplies the std by about 0.01·√500 = 0.224 (tanh is linear near 0): the
    // ratio's sampling error over batch × width values is a few %, far inside 0.19 … 0.26.
    const double factor = 0.01 * std::sqrt(double(kWidth));
    for (int l = 1; l < kDepth; ++l) {
        const double ratio = run.layers[l].pre_std / run.layers[l - 1].pre_std;
        QVERIFY2(std::abs(ratio / factor - 1) < 0.15, qPrintable(QString::number(ratio)));
    }
    QVERIFY(run.layers.back().post_std < 1e-5);
    QVERIFY(run.layers.back().grad_pre_std > 0);
    QVERIFY(run.layers.front().grad_pre_std < 1e-4);  // the gradient collapses too, backwards
}

void TestSchemeSweep::xavierHoldsNearConstant() {
    const SweepRun run = SchemeSweep::run(deep_tanh(), catalogued("xavier_normal"));
    // σw² = 1 with tanh: q shrinks only slowly (q_{l+1} ≈ q_l − 2q_l², so std ≈ 1/√(2l)): the
    // mean field gives 1, 0.63, 0.49, … 0.24 at layer 10. No layer loses more than 45 % of the
    // previous one's std (the largest step, the first, loses 37 %), none collapses below 0.2.
    for (int l = 0; l < kDepth; ++l) {
        const SweepLayer& layer = run.layers[size_t(l)];
        QVERIFY2(layer.pre_std > 0.2 && layer.pre_std < 1.2,
                 qPrintable(QString::number(layer.pre_std)));
        QVERIFY(layer.post_std > 0.15);
        if (l > 0) QVERIFY(layer.pre_std > 0.55 * run.layers[size_t(l - 1)].pre_std);
    }
    // Beside the mean field: within 5 % at width 500 (the finite-width and sampling error of one
    // network and batch, about 1/√width per layer, accumulated over ten layers).
    for (const SweepLayer& layer : run.layers)
        QVERIFY2(std::abs(layer.pre_std / layer.theory.pre_std - 1) < 0.05,
                 qPrintable(QString("%1 vs %2").arg(layer.pre_std).arg(layer.theory.pre_std)));
    // The first layer's a = W x has std √(fan_in·Var(W)) = 1 within sampling error.
    QVERIFY(std::abs(run.layers.front().pre_std - 1) < 6 * std_error(kBatch * kWidth) + 0.05);
}

void TestSchemeSweep::largeStdSaturates() {
    const SweepRun run = SchemeSweep::run(deep_tanh(), catalogued("normal (std 1)"));
    // a has std ≈ √500 · std(h) ≈ 20: tanh sits at ±1, h's std near 1.
    for (int l = 1; l < kDepth; ++l) {
        QVERIFY(run.layers[l].pre_std > 15);
        QVERIFY(run.layers[l].post_std > 0.9);
    }
}

void TestSchemeSweep::predictionsAccompanyEveryLayer() {
    const SweepRun run = SchemeSweep::run(deep_tanh(), catalogued("xavier_normal"));
    const std::vector<MeanFieldLayer> theory =
        MeanField::predict(SchemeSweep::with_weight_scheme(deep_tanh(), run.scheme.spec));
    QCOMPARE(theory.size(), run.layers.size());
    for (size_t l = 0; l < theory.size(); ++l) {
        QCOMPARE(run.layers[l].theory.pre_std, theory[l].pre_std);
        QCOMPARE(run.layers[l].theory.sigma_w2, theory[l].sigma_w2);
        QCOMPARE(run.layers[l].theory.grad_pre_std, theory[l].grad_pre_std);
    }
}

void TestSchemeSweep::equalsProbingTheEditedNetwork() {
    const Network network = deep_tanh();
    for (const char* label : {"PyTorch default", "orthogonal", "normal (std 1)"}) {
        const SweepScheme& scheme = catalogued(label);
        const SweepRun run = SchemeSweep::run(network, scheme);
        const Network edited = SchemeSweep::with_weight_scheme(network, scheme.spec);
        for (const Layer& layer : edited.layers) QCOMPARE(layer.weight_init, scheme.spec);
        TorchGenerator generator(edited.seed);
        const Parameters parameters = Materializer::materialize(edited, generator);
        const ProbeResult probe = Probe::run(edited, parameters, generator);
        for (size_t l = 0; l < probe.layers.size(); ++l) {
            QCOMPARE(run.layers[l].pre_std, probe.layers[l].pre.stddev);
            QCOMPARE(run.layers[l].post_std, probe.layers[l].post.stddev);
            QCOMPARE(run.layers[l].grad_pre_std, probe.layers[l].grad_pre_std);
            QVERIFY(run.layers[l].scheme_applied);
        }
    }
}

void TestSchemeSweep::sameSeedWhateverTheOrder() {
    Network network = deep_tanh();
    network.layers.resize(3);
    network.seed = 1234;
    const std::vector<SweepScheme> schemes = {catalogued("xavier_normal"),
                                              catalogued("lecun_normal")};
    const std::vector<SweepRun> forward = SchemeSweep::run(network, schemes);
    const std::vector<SweepRun> backward =
        SchemeSweep::run(network, std::vector<SweepScheme>{schemes[1], schemes[0]});
    QCOMPARE(forward.size(), size_t(2));
    for (int k = 0; k < 2; ++k) {
        const SweepRun& a = forward[size_t(k)];
        const SweepRun& b = backward[size_t(1 - k)];
        QCOMPARE(a.scheme.label, b.scheme.label);
        for (size_t l = 0; l < a.layers.size(); ++l)
            QCOMPARE(a.layers[l].pre_std, b.layers[l].pre_std);
    }
    // Another seed draws other weights and input: other figures.
    network.seed = 1235;
    QVERIFY(SchemeSweep::run(network, schemes[0]).layers[2].pre_std !=
            forward[0].layers[2].pre_std);
}

void TestSchemeSweep::schemeThatDoesNotFitIsSkippedAndSaid() {
    Network network = test::small_cnn();
    network.probe.batch = 2;
    const SweepScheme eye{"eye", SchemeRegistry::completed(InitSpec(SchemeId::Eye)), false};
    const SweepRun run = SchemeSweep::run(network, eye);
    QCOMPARE(run.skipped.size(), size_t(2));
    QVERIFY2(
        QString::fromStdString(run.skipped[0]).startsWith("conv1.weight keeps torch_default: "),
        run.skipped[0].c_str());
    QVERIFY(
        QString::fromStdString(run.skipped[1]).startsWith("conv2.weight keeps torch_default: "));
    QVERIFY(!run.layers[0].scheme_applied);
    QVERIFY(!run.layers[1].scheme_applied);
    QVERIFY(run.layers[2].scheme_applied);
    // Every catalogued scheme fits linear and conv weights alike.
    for (const SweepScheme& s : SchemeSweep::catalogue()) {
        std::vector<std::string> skipped;
        SchemeSweep::with_weight_scheme(network, s.spec, &skipped);
        QVERIFY2(skipped.empty(), s.label.c_str());
    }
}

void TestSchemeSweep::biasesKeepTheirScheme() {
    Network network = test::course();
    network.layers[1].bias_init = InitSpec(SchemeId::Zeros);
    const Network edited = SchemeSweep::with_weight_scheme(network, catalogued("orthogonal").spec);
    for (size_t l = 0; l < network.layers.size(); ++l) {
        QCOMPARE(edited.layers[l].bias_init, network.layers[l].bias_init);
        QCOMPARE(edited.layers[l].weight_init.scheme(), SchemeId::Orthogonal);
    }
}

void TestSchemeSweep::progressRisesAndCancels() {
    Network network = deep_tanh();
    network.layers.resize(4);
    const std::vector<SweepScheme> schemes = {catalogued("xavier_normal"),
                                              catalogued("normal (std 1)")};
    std::vector<double> seen;
    SchemeSweep::run(network, schemes, [&](double f) {
        seen.push_back(f);
        return true;
    });
    QVERIFY(seen.size() > 4);
    for (size_t k = 1; k < seen.size(); ++k) QVERIFY(seen[k] >= seen[k - 1] - 1e-12);
    QVERIFY(seen.back() > 0.99 && seen.back() <= 1.0 + 1e-12);
    QVERIFY(seen.front() >= 0);

    int calls = 0;
    QVERIFY_THROWS_EXCEPTION(Cancelled, SchemeSweep::run(network, schemes, [&](double f) {
                                 ++calls;
                                 return f < 0.5;  // stops in the second scheme
                             }));
    QVERIFY(calls > 1);
}

void TestSchemeSweep::unavailableNetworksAreRefusedWithTheReason() {
    Network broken = test::course();
    broken.layers[2].in = 7;  // does not chain
    const std::optional<std::string> reason = SchemeSweep::unavailable_reason(broken);
    QVERIFY(reason);
    QCOMPARE(*reason, NetworkValidation::problems(broken).front());
    try {
        SchemeSweep::run(broken, catalogued("xavier_normal"));
        QFAIL("no exception");
    } catch (const std::invalid_argument& e) {
        QCOMPARE(std::string(e.what()), *reason);
    }

    Network conv = test::small_cnn();
    conv.input_shape.reset();
    const std::optional<std::string> conv_reason = SchemeSweep::unavailable_reason(conv);
    QVERIFY(conv_reason);
    QCOMPARE(conv_reason, Probe::unavailable_reason(conv));
    QVERIFY(!SchemeSweep::unavailable_reason(deep_tanh()));
}

void TestSchemeSweep::memoryProblemNamesTheWork() {
    const Network network = deep_tanh();
    const std::vector<SweepScheme> schemes = {catalogued("xavier_normal")};
    QVERIFY(!SchemeSweep::memory_problem(network, schemes, MemoryBudget(int64_t(1) << 40)));
    const std::optional<std::string> problem =
        SchemeSweep::memory_problem(network, schemes, MemoryBudget(1 << 20));
    QVERIFY(problem);
    QVERIFY2(QString::fromStdString(*problem).startsWith("network: "), problem->c_str());
}

QTEST_APPLESS_MAIN(TestSchemeSweep)
#include "tst_scheme_sweep.moc"
