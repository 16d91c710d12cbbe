// The scheme registry, fans and gains: exactly PyTorch's numbers and names.
#include "core/model/choice_spelling.h"
#include "core/model/init_spec.h"
#include "core/model/tensor_shape.h"
#include "core/schemes/python_literal.h"
#include "core/schemes/scheme_definition.h"
#include "core/schemes/scheme_registry.h"

#include <QtTest>
#include <cmath>
#include <set>

using namespace initscope;

class TestSchemeRegistry : public QObject {
    Q_OBJECT

private slots:
    void every_scheme_is_defined_completely() {
        // One definition per scheme, in SchemeId order: a plan or a bespoke draw (not both), a
        // theory, and a PyTorch call (its own or the plan's).
        const std::vector<SchemeInfo>& all = SchemeRegistry::all();
        for (size_t i = 0; i < all.size(); ++i) {
            const SchemeId id = all[i].id;
            QCOMPARE(size_t(id), i);
            const SchemeDefinition& d = SchemeRegistry::definition(id);
            QCOMPARE(d.info.key, all[i].key);
            QVERIFY2((d.plan == nullptr) != (d.apply == nullptr), d.info.key.c_str());
            QVERIFY2(d.explain != nullptr, d.info.key.c_str());
            QVERIFY2(d.torch_call != nullptr || d.plan != nullptr, d.info.key.c_str());
        }
    }

    void uniform_bound_is_root3_sigma() {
        // LibTorch's rule: the uniform variants take bound = √3·σ from the normal variant's σ.
        const DrawPlan plan = DrawPlan::uniform_with_stddev(0.1);
        QCOMPARE(plan.kind(), DrawPlan::Kind::Uniform);
        QCOMPARE(plan.hi(), std::sqrt(3.0) * 0.1);
        QCOMPARE(plan.lo(), -plan.hi());
        QCOMPARE(plan.torch_call("w"), "nn.init.uniform_(w, a=" + PythonLiteral::number(plan.lo()) +
                                           ", b=" + PythonLiteral::number(plan.hi()) + ")");
        QCOMPARE(plan.distribution().stddev(), 0.1);
    }

    void every_scheme_is_listed_once() {
        const std::set<std::string> expected = {"torch_default",
                                                "uniform",
                                                "normal",
                                                "constant",
                                                "zeros",
                                                "ones",
                                                "eye",
                                                "dirac",
                                                "xavier_uniform",
                                                "xavier_normal",
                                                "kaiming_uniform",
                                                "kaiming_normal",
                                                "trunc_normal",
                                                "orthogonal",
                                                "sparse",
                                                "glorot_uniform",
                                                "glorot_normal",
                                                "he_uniform",
                                                "he_normal",
                                                "lecun_uniform",
                                                "lecun_normal",
                                                "variance_scaling"};
        std::set<std::string> keys;
        for (const SchemeInfo& info : SchemeRegistry::all()) {
            QVERIFY2(keys.insert(info.key).second, info.key.c_str());
            QVERIFY(!info.display_name.empty());
            QVERIFY(!info.formula.empty());
            QVERIFY(!info.description.empty());
            QCOMPARE(&SchemeRegistry::info(info.id), &info);
            QCOMPARE(SchemeRegistry::find(info.key), &info);
            for (const ParamInfo& p : info.params) {
                QVERIFY(p.slider_min <= p.slider_max);
                if (p.kind != ParamKind::Choice) {
                    QVERIFY2(p.default_number >= p.min && p.default_number <= p.max,
                             p.name.c_str());
                } else {
                    QVERIFY(std::find(p.choices.begin(), p.choices.end(), p.default_choice) !=
                            p.choices.end());
                }
            }
        }
        QCOMPARE(keys, expected);
        QVERIFY(SchemeRegistry::find("xavier") == nullptr);
    }

    void parameter_names_are_pytorch_and_keras() {
        auto names = [](SchemeId id) {
            std::vector<std::string> out;
            for (const ParamInfo& p : SchemeRegistry::info(id).params) out.push_back(p.name);
            return out;
        };
        QCOMPARE(names(SchemeId::Uniform), (std::vector<std::string>{"a", "b"}));
        QCOMPARE(names(SchemeId::Normal), (std::vector<std::string>{"mean", "std"}));
        QCOMPARE(names(SchemeId::TruncNormal), (std::vector<std::string>{"mean", "std", "a", "b"}));
        QCOMPARE(names(SchemeId::KaimingNormal),
                 (std::vector<std::string>{"a", "mode", "nonlinearity"}));
        QCOMPARE(names(SchemeId::Sparse), (std::vector<std::string>{"sparsity", "std"}));
        QCOMPARE(names(SchemeId::Dirac), (std::vector<std::string>{"groups"}));
        QCOMPARE(names(SchemeId::VarianceScaling),
                 (std::vector<std::string>{"scale", "mode", "distribution"}));
        const InitSpec kaiming = SchemeRegistry::defaults(SchemeId::KaimingUniform);
        QCOMPARE(kaiming.number("a"), 0.0);
        QCOMPARE(kaiming.choice("mode"), std::string("fan_in"));
        QCOMPARE(kaiming.choice("nonlinearity"), std::string("leaky_relu"));
        QCOMPARE(InitSpec(SchemeId::TruncNormal).number("b"), 2.0);  // default without storing
    }

    void fans_match_pytorch_data() {
        QTest::addColumn<QList<qlonglong>>("dims");
        QTest::addColumn<qlonglong>("fan_in");
        QTest::addColumn<qlonglong>("fan_out");
        QTest::newRow("linear 100x100") << QList<qlonglong>{100, 100} << 100LL << 100LL;
        QTest::newRow("linear out2 in100") << QList<qlonglong>{2, 100} << 100LL << 2LL;
        QTest::newRow("conv1d 8x4x5") << QList<qlonglong>{8, 4, 5} << 20LL << 40LL;
        QTest::newRow("conv2d 16x3x3x3") << QList<qlonglong>{16, 3, 3, 3} << 27LL << 144LL;
        QTest::newRow("conv2d 32x16x5x3") << QList<qlonglong>{32, 16, 5, 3} << 240LL << 480LL;
        QTest::newRow("conv3d 4x2x3x3x3") << QList<qlonglong>{4, 2, 3, 3, 3} << 54LL << 108LL;
    }
    void fans_match_pytorch() {
        QFETCH(QList<qlonglong>, dims);
        QFETCH(qlonglong, fan_in);
        QFETCH(qlonglong, fan_out);
        const TensorShape shape(std::vector<int64_t>(dims.begin(), dims.end()));
        QCOMPARE(shape.fans().fan_in, fan_in);
        QCOMPARE(shape.fans().fan_out, fan_out);
    }

    void gains_match_pytorch() {
        // Values printed by torch.nn.init.calculate_gain in PyTorch 1.13.1.
        QCOMPARE(NonlinearityInfo::gain(Nonlinearity::Linear), 1.0);
        QCOMPARE(NonlinearityInfo::gain(Nonlinearity::Conv1d), 1.0);
        QCOMPARE(NonlinearityInfo::gain(Nonlinearity::Conv2d), 1.0);
        QCOMPARE(NonlinearityInfo::gain(Nonlinearity::Sigmoid), 1.0);
        QCOMPARE(NonlinearityInfo::gain(Nonlinearity::Tanh), 5.0 / 3);
        QCOMPARE(NonlinearityInfo::gain(Nonlinearity::Relu), std::sqrt(2.0));
        QCOMPARE(NonlinearityInfo::gain(Nonlinearity::Selu), 0.75);
        QCOMPARE(NonlinearityInfo::gain(Nonlinearity::LeakyRelu), 1.4141428569978354);
        QCOMPARE(NonlinearityInfo::gain(Nonlinearity::LeakyRelu, 0.2), 1.3867504905630728);
        QCOMPARE(NonlinearityInfo::gain(Nonlinearity::LeakyRelu, std::sqrt(5.0)),
                 0.5773502691896257);
        QCOMPARE(NonlinearityInfo::gain(Nonlinearity::LeakyRelu, 0.0), std::sqrt(2.0));
        for (const std::string& name : ChoiceSpelling::names<Nonlinearity>())
            QCOMPARE(std::string(ChoiceSpelling::name(*ChoiceSpelling::parse<Nonlinearity>(name))),
                     name);
        QVERIFY(!ChoiceSpelling::parse<Nonlinearity>("gelu"));
        for (const std::string& name : ChoiceSpelling::names<FanMode>())
            QCOMPARE(std::string(ChoiceSpelling::name(*ChoiceSpelling::parse<FanMode>(name))),
                     name);
        QCOMPARE(ChoiceSpelling::list<VarianceDistribution>(),
                 std::string("truncated_normal, untruncated_normal, uniform"));
    }

    void shape_fit_is_checked_data() {
        QTest::addColumn<QString>("scheme");
        QTest::addColumn<QList<qlonglong>>("dims");
        QTest::addColumn<QString>("problem");  // empty: fits
        QTest::newRow("eye on linear") << "eye" << QList<qlonglong>{4, 6} << "";
        QTest::newRow("eye on conv") << "eye" << QList<qlonglong>{16, 3, 3, 3} << "eye needs a 2-D";
        QTest::newRow("dirac on conv") << "dirac" << QList<qlonglong>{16, 3, 3, 3} << "";
        QTest::newRow("dirac on linear") << "dirac" << QList<qlonglong>{4, 6} << "dirac needs a 3-";
        QTest::newRow("sparse on conv")
            << "sparse" << QList<qlonglong>{8, 4, 5} << "sparse needs a 2-D";
        QTest::newRow("xavier on bias")
            << "xavier_normal" << QList<qlonglong>{100} << "xavier_normal needs fan_in";
        QTest::newRow("normal on bias") << "normal" << QList<qlonglong>{100} << "";
        QTest::newRow("orthogonal on conv") << "orthogonal" << QList<qlonglong>{8, 4, 5} << "";
    }
    void shape_fit_is_checked() {
        QFETCH(QString, scheme);
        QFETCH(QList<qlonglong>, dims);
        QFETCH(QString, problem);
        const SchemeInfo* info = SchemeRegistry::find(scheme.toStdString());
        QVERIFY(info);
        const TensorShape shape(std::vector<int64_t>(dims.begin(), dims.end()));
        const auto result = SchemeRegistry::check(SchemeRegistry::defaults(info->id),
                                                  {shape, TensorRole::Weight, shape.fans()});
        if (problem.isEmpty()) {
            QVERIFY2(!result, result ? result->c_str() : "");
        } else {
            QVERIFY(result);
            QVERIFY2(QString::fromStdString(*result).startsWith(problem), result->c_str());
        }
        const auto fitting = SchemeRegistry::fitting({shape, TensorRole::Weight, shape.fans()});
        QCOMPARE(std::find(fitting.begin(), fitting.end(), info->id) != fitting.end(),
                 problem.isEmpty());
    }

    void parameter_ranges_are_checked() {
        const TensorShape shape{10, 10};
        const TensorContext context{shape, TensorRole::Weight, shape.fans()};
        InitSpec normal = SchemeRegistry::defaults(SchemeId::Normal);
        normal.set("std", -1.0);
        QCOMPARE(*SchemeRegistry::check(normal, context), std::string("std: must be ≥ 0, got -1"));
        InitSpec uniform = SchemeRegistry::defaults(SchemeId::Uniform);
        uniform.set("a", 2.0);
        QCOMPARE(*SchemeRegistry::check(uniform, context),
                 std::string("a: the lower bound a (2) must not exceed the upper bound b (1)"));
        InitSpec sparse = SchemeRegistry::defaults(SchemeId::Sparse);
        sparse.set("sparsity", 1.5);
        QCOMPARE(*SchemeRegistry::check(sparse, context),
                 std::string("sparsity: must be ≤ 1, got 1.5"));
        InitSpec kaiming = SchemeRegistry::defaults(SchemeId::KaimingNormal);
        kaiming.set("mode", std::string("fan_avg"));
        QVERIFY(QString::fromStdString(*SchemeRegistry::check(kaiming, context))
                    .startsWith("mode: must be one of fan_in, fan_out"));
        InitSpec unknown = SchemeRegistry::defaults(SchemeId::Ones);
        unknown.set("gain", 2.0);
        QVERIFY(QString::fromStdString(*SchemeRegistry::check(unknown, context))
                    .startsWith("gain: ones has no parameter"));
        InitSpec dirac = SchemeRegistry::defaults(SchemeId::Dirac);
        dirac.set("groups", 3.0);
        const TensorShape conv{16, 3, 3, 3};
        QVERIFY(QString::fromStdString(
                    *SchemeRegistry::check(dirac, {conv, TensorRole::Weight, conv.fans()}))
                    .startsWith("groups: must divide the output channels (16)"));
        InitSpec trunc = SchemeRegistry::defaults(SchemeId::TruncNormal);
        trunc.set("a", 3.0);
        trunc.set("b", 3.0);
        QVERIFY(SchemeRegistry::check(trunc, context));
    }
};

QTEST_APPLESS_MAIN(TestSchemeRegistry)
#include "tst_scheme_registry.moc"
