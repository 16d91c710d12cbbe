// Theory::of for every scheme over several shapes: moments against closed forms computed here
// independently (init-reference.md), pdf/cdf consistency by numerical integration, support, and
// the filled formula.
#include "core/schemes/scheme_registry.h"
#include "core/schemes/theory.h"

#include <QtTest>

#include <cmath>
#include <functional>
#include <numbers>

using namespace initscope;

Q_DECLARE_METATYPE(initscope::SchemeId)
Q_DECLARE_METATYPE(initscope::TensorShape)

namespace {

struct Expected {
    double mean = 0, variance = 0, lo = 0, hi = 0, atoms = 0;
    std::string text;  // a substring of formula_filled(), "" when none is checked
};

const double kInf = std::numeric_limits<double>::infinity();

double Phi(double z) {
    return 0.5 * std::erfc(-z / std::numbers::sqrt2);
}
double phi(double z) {
    return std::exp(-0.5 * z * z) / std::sqrt(2 * std::numbers::pi);
}

Expected uniform(double b) {
    return {0, b * b / 3, -b, b, 0, ""};
}
Expected normal(double s) {
    return {0, s * s, -kInf, kInf, 0, ""};
}

/// Truncated normal moments straight from init-reference.md (fine for moderate α, β).
Expected truncated(double mu, double s, double a, double b) {
    const double al = (a - mu) / s, be = (b - mu) / s, z = Phi(be) - Phi(al);
    const double r1 = (phi(al) - phi(be)) / z, r2 = (al * phi(al) - be * phi(be)) / z;
    return {mu + s * r1, s * s * (1 + r2 - r1 * r1), a, b, 0, ""};
}

Expected expected(SchemeId id, const TensorShape& shape) {
    const Fans f = shape.fans();
    const double fi = double(f.fan_in), fo = double(f.fan_out), numel = double(shape.numel());
    switch (id) {
        case SchemeId::TorchDefault: {
            Expected e = uniform(1 / std::sqrt(fi));
            e.text = "1/√" + std::to_string(f.fan_in);
            return e;
        }
        case SchemeId::Uniform:
            return {0.5, 1.0 / 12, 0, 1, 0, "U(0, 1)"};
        case SchemeId::Normal:
            return {0, 1, -kInf, kInf, 0, "N(0, 1²)"};
        case SchemeId::Constant:
        case SchemeId::Zeros:
            return {0, 0, 0, 0, 1, "W = 0"};
        case SchemeId::Ones:
            return {1, 0, 1, 1, 1, "W = 1"};
        case SchemeId::Eye:
        case SchemeId::Dirac: {
            const double ones = id == SchemeId::Eye ? double(std::min(shape[0], shape[1]))
                                                    : double(std::min(shape[0], shape[1]));
            const double p = ones / numel;
            return {p, p * (1 - p), 0, 1, 1, std::to_string(int64_t(ones)) + " ones"};
        }
        case SchemeId::XavierUniform: {
            Expected e = uniform(std::sqrt(6.0 / (fi + fo)));
            e.text = "√(6/(" + std::to_string(f.fan_in) + "+" + std::to_string(f.fan_out) + "))";
            return e;
        }
        case SchemeId::XavierNormal: {
            Expected e = normal(std::sqrt(2.0 / (fi + fo)));
            e.text = "√(2/(" + std::to_string(f.fan_in) + "+" + std::to_string(f.fan_out) + "))";
            return e;
        }
        case SchemeId::KaimingUniform:
            return uniform(std::sqrt(2.0) * std::sqrt(3.0 / fi));
        case SchemeId::KaimingNormal:
            return normal(std::sqrt(2.0 / fi));
        case SchemeId::TruncNormal:
            return truncated(0, 1, -2, 2);
        case SchemeId::Orthogonal: {
            const double d = std::max(double(shape[0]), numel / double(shape[0]));
            return {0, 1 / d, -1, 1, 0, "√" + std::to_string(int64_t(d))};
        }
        case SchemeId::Sparse: {
            const double p = std::ceil(0.1 * double(shape[0])) / double(shape[0]);
            return {0, (1 - p) * 1e-4, -kInf, kInf, p, "zeros per column"};
        }
        case SchemeId::GlorotUniform:
            return uniform(std::sqrt(3.0 / ((fi + fo) / 2)));
        case SchemeId::HeUniform:
            return uniform(std::sqrt(6.0 / fi));
        case SchemeId::LecunUniform:
            return uniform(std::sqrt(3.0 / fi));
        case SchemeId::GlorotNormal:
        case SchemeId::HeNormal:
        case SchemeId::LecunNormal:
        case SchemeId::VarianceScaling: {
            const double s = (id == SchemeId::HeNormal ? 2.0 : 1.0) /
                             (id == SchemeId::GlorotNormal ? (fi + fo) / 2 : fi);
            const double sigma = std::sqrt(s) / 0.87962566103423978;
            // Keras' constant 0.8796 makes the truncated std exactly √s again.
            return {0, s, -2 * sigma, 2 * sigma, 0, ""};
        }
    }
    return {};
}

/// Composite Simpson on [a, b] with n (even) intervals.
double simpson(const std::function<double(double)>& f, double a, double b, int n) {
    const double h = (b - a) / n;
    double sum = f(a) + f(b);
    for (int i = 1; i < n; ++i) sum += f(a + i * h) * (i % 2 ? 4 : 2);
    return sum * h / 3;
}

/// Integration range: the support, or mean ± 14σ for unbounded distributions.
std::pair<double, double> range_of(const Theory& t) {
    const double s = t.kind() == DistributionKind::SparseNormal
                         ? std::sqrt(t.variance() / (1 - t.atoms().at(0).probability))
                         : t.stddev();
    return {std::isfinite(t.support_lo()) ? t.support_lo() : t.mean() - 14 * s,
            std::isfinite(t.support_hi()) ? t.support_hi() : t.mean() + 14 * s};
}

}  // namespace

class TestTheory : public QObject {
    Q_OBJECT

private slots:
    void everySchemeAndShape_data();
    void everySchemeAndShape();
    void truncatedNormalMoments_data();
    void truncatedNormalMoments();
    void orthogonalSmallDimensions_data();
    void orthogonalSmallDimensions();
    void torchDefaultBias();
    void sparseCeilAsPython();
    void biasTextsSayBias();
    void filledFormulas_data();
    void filledFormulas();
    void boundSymbols_data();
    void boundSymbols();
};

void TestTheory::everySchemeAndShape_data() {
    QTest::addColumn<SchemeId>("scheme");
    QTest::addColumn<TensorShape>("shape");
    const std::vector<std::pair<const char*, TensorShape>> shapes = {
        {"100x100", {100, 100}},
        {"2x100", {2, 100}},
        {"300x50", {300, 50}},
        {"conv16x3x3x3", {16, 3, 3, 3}},
        {"conv1d8x4x5", {8, 4, 5}}};
    for (const SchemeInfo& info : SchemeRegistry::all())
        for (const auto& [name, shape] : shapes) {
            const TensorContext context{shape, TensorRole::Weight, shape.fans()};
            if (SchemeRegistry::check(SchemeRegistry::defaults(info.id), context)) continue;
            QTest::addRow("%s %s", info.key.c_str(), name) << info.id << shape;
        }
}

void TestTheory::everySchemeAndShape() {
    QFETCH(SchemeId, scheme);
    QFETCH(TensorShape, shape);
    const TensorContext context{shape, TensorRole::Weight, shape.fans()};
    const Theory t = Theory::of(SchemeRegistry::defaults(scheme), context);
    const Expected e = expected(scheme, shape);
    const double tol = 1e-12;
    QVERIFY2(std::fabs(t.mean() - e.mean) <= tol * (1 + std::fabs(e.mean)),
             qPrintable(QString::number(t.mean())));
    QVERIFY2(
        std::fabs(t.variance() - e.variance) <= tol * e.variance + 1e-300,
        qPrintable(QString("%1 vs %2").arg(t.variance(), 0, 'g', 17).arg(e.variance, 0, 'g', 17)));
    QCOMPARE(t.stddev(), std::sqrt(t.variance()));
    QVERIFY(std::fabs(t.support_lo() - e.lo) <= 1e-15 || t.support_lo() == e.lo);
    QVERIFY(std::fabs(t.support_hi() - e.hi) <= 1e-15 || t.support_hi() == e.hi);
    double atom_mass = 0;
    for (const Theory::Atom& a : t.atoms()) atom_mass += a.probability;
    QVERIFY(std::fabs(atom_mass - e.atoms) < 1e-15);
    QCOMPARE(t.continuous(), e.atoms == 0);
    if (!e.text.empty())
        QVERIFY2(t.formula_filled().find(e.text) != std::string::npos,
                 qPrintable(QString::fromStdString(t.formula_filled() + "  ∌  " + e.text)));
    QVERIFY(!t.formula().empty());

    // pdf integrates to 1 − atom mass; the cdf is monotone, 0 below, 1 at the top, and equals the
    // running integral of the pdf plus the atoms passed.
    const auto [a, b] = range_of(t);
    if (a == b) {
        QCOMPARE(t.cdf(a - 1), 0.0);
        QCOMPARE(t.cdf(a), 1.0);
        return;
    }
    const int steps = 200;
    const double h = (b - a) / steps;
    double integral = 0, previous_cdf = t.cdf(a - h);
    QVERIFY(previous_cdf <= 1e-12);
    for (int k = 0; k < steps; ++k) {
        const double x0 = a + k * h, x1 = k + 1 == steps ? b : a + (k + 1) * h;
        integral += simpson([&t](double x) { return t.pdf(x); }, x0, x1, 200);
        const double c = t.cdf(x1);
        QVERIFY2(c >= previous_cdf - 1e-15, "cdf not monotone");
        double atoms_below = 0;
        for (const Theory::Atom& at : t.atoms())
            if (at.x <= x1) atoms_below += at.probability;
        QVERIFY2(std::fabs(c - (t.cdf(a - h) + integral + atoms_below)) < 1e-9,
                 qPrintable(QString("x %1: cdf %2 vs ∫pdf %3")
                                .arg(x1)
                                .arg(c, 0, 'g', 15)
                                .arg(integral + atoms_below, 0, 'g', 15)));
        previous_cdf = c;
    }
    QVERIFY2(std::fabs(integral - (1 - atom_mass)) < 1e-9,
             qPrintable(QString::number(integral, 'g', 15)));
    QVERIFY(std::fabs(t.cdf(b) - 1) < 1e-12);
    QCOMPARE(t.cdf(b + 1), 1.0);
}

void TestTheory::truncatedNormalMoments_data() {
    QTest::addColumn<double>("mean");
    QTest::addColumn<double>("std");
    QTest::addColumn<double>("a");
    QTest::addColumn<double>("b");
    QTest::newRow("default") << 0.0 << 1.0 << -2.0 << 2.0;
    QTest::newRow("shifted") << 0.3 << 0.5 << -0.2 << 1.7;
    QTest::newRow("one-sided upper") << 0.0 << 1.0 << 0.5 << 3.0;
    QTest::newRow("upper tail") << 0.0 << 1.0 << 3.0 << 5.0;
    QTest::newRow("lower tail") << 1.0 << 2.0 << -12.0 << -7.0;
    QTest::newRow("far tail") << 0.0 << 1.0 << 30.0 << 31.0;
    QTest::newRow("half line") << 0.0 << 1.0 << 0.0 << 1e9;
    QTest::newRow("narrow") << 0.0 << 1.0 << 1.0 << 1.05;
    QTest::newRow("keras he_normal 100") << 0.0 << 0.16077 << -0.32154 << 0.32154;
}

void TestTheory::truncatedNormalMoments() {
    QFETCH(double, mean);
    QFETCH(double, std);
    QFETCH(double, a);
    QFETCH(double, b);
    InitSpec spec(SchemeId::TruncNormal);
    spec.set("mean", mean);
    spec.set("std", std);
    spec.set("a", a);
    spec.set("b", b);
    const Theory t = Theory::of(spec, {{10, 10}, TensorRole::Weight, {10, 10}});
    QCOMPARE(t.kind(), DistributionKind::TruncatedNormal);
    // High-precision reference: Simpson in long double on the interval clipped to μ ± 40σ, the
    // density scaled by its largest value on the interval, moments about a first estimate.
    const long double lo = std::max(a, mean - 40 * std), hi = std::min(b, mean + 40 * std);
    const long double m0 = std::clamp(0.0L, (lo - mean) / std, (hi - mean) / std);
    auto w = [&](long double x) {
        const long double z = (x - mean) / std;
        return std::exp(-(z - m0) * (z + m0) / 2);
    };
    const int n = 400000;
    const long double h = (hi - lo) / n;
    long double s0 = 0, s1 = 0;
    for (int i = 0; i <= n; ++i) {
        const long double x = lo + i * h, c = (i == 0 || i == n) ? 1 : (i % 2 ? 4 : 2);
        s0 += c * w(x);
        s1 += c * w(x) * x;
    }
    const long double mu = s1 / s0;
    long double s2 = 0;
    for (int i = 0; i <= n; ++i) {
        const long double x = lo + i * h, c = (i == 0 || i == n) ? 1 : (i % 2 ? 4 : 2);
        s2 += c * w(x) * (x - mu) * (x - mu);
    }
    const double var = double(s2 / s0);
    QVERIFY2(
        std::fabs(t.mean() - double(mu)) <= 1e-10 * std::sqrt(var) + 1e-13 * std::fabs(double(mu)),
        qPrintable(QString("mean %1 vs %2").arg(t.mean(), 0, 'g', 17).arg(double(mu), 0, 'g', 17)));
    QVERIFY2(
        std::fabs(t.variance() / var - 1) < 1e-8,
        qPrintable(QString("var %1 vs %2").arg(t.variance(), 0, 'g', 17).arg(var, 0, 'g', 17)));
    QCOMPARE(t.cdf(a), 0.0);
    QCOMPARE(t.cdf(b), 1.0);
    const double mid = std::clamp(double(mu), a, b);
    QVERIFY(t.cdf(mid) > 0 && t.cdf(mid) < 1 && t.pdf(mid) > 0);
}

void TestTheory::orthogonalSmallDimensions_data() {
    QTest::addColumn<TensorShape>("shape");
    QTest::addColumn<double>("gain");
    QTest::addColumn<int>("d");
    QTest::newRow("1x1 two atoms") << TensorShape{1, 1} << 2.0 << 1;
    QTest::newRow("1x2 arcsine") << TensorShape{1, 2} << 1.0 << 2;
    QTest::newRow("3x1 uniform") << TensorShape{3, 1} << 1.5 << 3;
    QTest::newRow("4x4") << TensorShape{4, 4} << 1.0 << 4;
    QTest::newRow("512x4608 conv") << TensorShape{512, 512, 3, 3} << std::sqrt(2.0) << 4608;
}

void TestTheory::orthogonalSmallDimensions() {
    QFETCH(TensorShape, shape);
    QFETCH(double, gain);
    QFETCH(int, d);
    InitSpec spec(SchemeId::Orthogonal);
    spec.set("gain", gain);
    const Theory t = Theory::of(spec, {shape, TensorRole::Weight, shape.fans()});
    QCOMPARE(t.variance(), gain * gain / d);
    QCOMPARE(t.mean(), 0.0);
    QCOMPARE(t.support_lo(), -gain);
    QCOMPARE(t.support_hi(), gain);
    if (d == 1) {
        QVERIFY(!t.continuous());
        QCOMPARE(t.cdf(0.0), 0.5);
        QCOMPARE(t.cdf(gain), 1.0);
        return;
    }
    QVERIFY(t.continuous());
    if (d == 2)
        QVERIFY(std::fabs(t.cdf(gain * std::sin(0.3)) - (0.5 + 0.3 / std::numbers::pi)) < 1e-15);
    if (d == 3) QVERIFY(std::fabs(t.pdf(0.2) - 1 / (2 * gain)) < 1e-13);
    QCOMPARE(t.cdf(0.0), 0.5);
    // Symmetry, and the cdf against ∫pdf from 0 (Simpson, substitution-free since x stays inside).
    for (double x : {0.1, 0.3, 0.6}) {
        const double xs = x * gain * (d > 100 ? 0.05 : 1.0);
        QVERIFY(std::fabs(t.cdf(xs) + t.cdf(-xs) - 1) < 1e-12);
        const double integral = simpson([&t](double u) { return t.pdf(u); }, 0, xs, 20000);
        QVERIFY2(std::fabs(t.cdf(xs) - 0.5 - integral) < 1e-10,
                 qPrintable(QString("%1 vs %2").arg(t.cdf(xs) - 0.5).arg(integral)));
    }
    // Variance by numerical integration: ∫x² pdf = gain²/d, with x = gain·sin θ so that the
    // integrand stays smooth at the support ends (and the arcsine density finite).
    {
        const double lim = std::asin(std::min(1.0, 40 * t.stddev() / gain));
        const double m2 = simpson(
            [&](double th) {
                const double x = gain * std::sin(th);
                return std::fabs(th) == std::numbers::pi / 2 && d == 2
                           ? gain * gain / std::numbers::pi
                           : x * x * t.pdf(x) * gain * std::cos(th);
            },
            -lim, lim, 40000);
        QVERIFY2(std::fabs(m2 / t.variance() - 1) < 1e-9,
                 qPrintable(QString::number(m2 / t.variance())));
    }
}

void TestTheory::torchDefaultBias() {
    // nn.Linear(100, 10).bias ~ U(±1/√100); the note explains the notebook's "σ = √(1/n)".
    const TensorContext bias{{10}, TensorRole::Bias, {100, 10}};
    const Theory t = Theory::of(SchemeRegistry::defaults(SchemeId::TorchDefault), bias);
    QCOMPARE(t.support_hi(), 0.1);
    QVERIFY(std::fabs(t.stddev() - 1 / std::sqrt(300.0)) < 1e-16);
    QCOMPARE(QString::fromStdString(t.formula_filled()), QString("bound = 1/√100 = 0.1"));
    bool noted = false;
    for (const std::string& n : t.notes())
        noted |= n.find("0.05774") != std::string::npos && n.find("bound") != std::string::npos;
    QVERIFY(noted);
    // fan_in 0: bound 0, every element 0.
    const Theory zero = Theory::of(SchemeRegistry::defaults(SchemeId::TorchDefault),
                                   {{10}, TensorRole::Bias, {0, 10}});
    QCOMPARE(zero.kind(), DistributionKind::PointMass);
    QCOMPARE(zero.atoms().size(), size_t(1));
    QCOMPARE(zero.atoms()[0].x, 0.0);
    // The weight: √3·gain/√fan_in with gain = √(2/(1+5)) is 1/√fan_in up to rounding.
    const Theory w = Theory::of(SchemeRegistry::defaults(SchemeId::TorchDefault),
                                {{10, 100}, TensorRole::Weight, {100, 10}});
    QVERIFY(std::fabs(w.support_hi() - 0.1) < 1e-16);
}

void TestTheory::biasTextsSayBias() {
    // A constant / zero / one bias is b, not W; the default bias is PyTorch's convention, not
    // He et al. 2015 (whose kaiming_uniform_ only the default weight uses).
    const TensorContext bias{{10}, TensorRole::Bias, {100, 10}};
    const TensorContext weight{{10, 100}, TensorRole::Weight, {100, 10}};
    InitSpec constant = SchemeRegistry::defaults(SchemeId::Constant);
    constant.set("val", 0.5);
    QCOMPARE(QString::fromStdString(Theory::of(constant, bias).formula_filled()),
             QString("b = 0.5 (every element)"));
    QCOMPARE(QString::fromStdString(Theory::of(constant, weight).formula_filled()),
             QString("W = 0.5 (every element)"));
    const Theory ones = Theory::of(SchemeRegistry::defaults(SchemeId::Ones), bias);
    QCOMPARE(QString::fromStdString(ones.formula_filled()), QString("b = 1 (every element)"));
    QCOMPARE(QString::fromStdString(ones.formula()), QString("b = 1"));
    QCOMPARE(QString::fromStdString(
                 Theory::of(SchemeRegistry::defaults(SchemeId::Uniform), bias).formula()),
             QString("bias ~ U(a, b)"));
    const Theory default_bias = Theory::of(SchemeRegistry::defaults(SchemeId::TorchDefault), bias);
    QVERIFY(default_bias.paper().find("He et al") == std::string::npos);
    bool convention = false;
    for (const std::string& n : default_bias.notes())
        convention |= n.find("reset_parameters") != std::string::npos;
    QVERIFY(convention);
    const Theory default_weight =
        Theory::of(SchemeRegistry::defaults(SchemeId::TorchDefault), weight);
    QVERIFY(default_weight.paper().find("He et al") != std::string::npos);
}

void TestTheory::sparseCeilAsPython() {
    // Python: math.ceil(0.07 * 100) == 8 because 0.07 * 100 == 7.000000000000001.
    InitSpec spec = SchemeRegistry::defaults(SchemeId::Sparse);
    spec.set("sparsity", 0.07);
    const Theory t = Theory::of(spec, {{100, 50}, TensorRole::Weight, {50, 100}});
    QCOMPARE(t.atoms().size(), size_t(1));
    QCOMPARE(t.atoms()[0].x, 0.0);
    QCOMPARE(t.atoms()[0].probability, 0.08);
    QVERIFY(t.formula_filled().find("= 8 zeros") != std::string::npos);
    QCOMPARE(t.cdf(0.0), 0.08 + 0.92 * 0.5);
    QCOMPARE(t.variance(), 0.92 * 1e-4);
}

void TestTheory::filledFormulas_data() {
    QTest::addColumn<SchemeId>("scheme");
    QTest::addColumn<TensorShape>("shape");
    QTest::addColumn<QString>("contains");
    QTest::newRow("xavier_normal")
        << SchemeId::XavierNormal << TensorShape{100, 100} << "σ = 1·√(2/(100+100)) = 0.1";
    QTest::newRow("xavier_uniform")
        << SchemeId::XavierUniform << TensorShape{100, 100} << "= 0.1732";
    QTest::newRow("kaiming_normal")
        << SchemeId::KaimingNormal << TensorShape{100, 100} << "σ = √2/√100 = 0.1414";
    QTest::newRow("kaiming_uniform conv")
        << SchemeId::KaimingUniform << TensorShape{16, 3, 3, 3} << "√(3/27)";
    QTest::newRow("he_uniform") << SchemeId::HeUniform << TensorShape{100, 100}
                                << "b = √(3·0.02) = 0.2449";
    QTest::newRow("glorot_normal")
        << SchemeId::GlorotNormal << TensorShape{300, 50} << "cut at ±2σ";
    QTest::newRow("eye") << SchemeId::Eye << TensorShape{2, 100} << "2 ones among 200";
    QTest::newRow("dirac") << SchemeId::Dirac << TensorShape{16, 3, 3, 3} << "3 ones among 432";
    QTest::newRow("orthogonal") << SchemeId::Orthogonal << TensorShape{100, 100} << "= 0.1";
}

void TestTheory::filledFormulas() {
    QFETCH(SchemeId, scheme);
    QFETCH(TensorShape, shape);
    QFETCH(QString, contains);
    const Theory t =
        Theory::of(SchemeRegistry::defaults(scheme), {shape, TensorRole::Weight, shape.fans()});
    QVERIFY2(QString::fromStdString(t.formula_filled()).contains(contains),
             qPrintable(QString::fromStdString(t.formula_filled())));
}

void TestTheory::boundSymbols_data() {
    QTest::addColumn<SchemeId>("scheme");
    QTest::addColumn<TensorShape>("shape");
    QTest::addColumn<QString>("symbol");
    QTest::newRow("torch_default") << SchemeId::TorchDefault << TensorShape{10, 100} << "1/√fan_in";
    QTest::newRow("xavier_uniform")
        << SchemeId::XavierUniform << TensorShape{100, 100} << "gain·√(6/(fan_in+fan_out))";
    QTest::newRow("kaiming_uniform")
        << SchemeId::KaimingUniform << TensorShape{100, 100} << "gain·√(3/fan_mode)";
    QTest::newRow("he_uniform") << SchemeId::HeUniform << TensorShape{100, 100} << "√(3s)";
    QTest::newRow("uniform") << SchemeId::Uniform << TensorShape{100, 100} << "";
    QTest::newRow("normal") << SchemeId::Normal << TensorShape{100, 100} << "σ";
    QTest::newRow("sparse") << SchemeId::Sparse << TensorShape{100, 100} << "σ";
    QTest::newRow("he_normal") << SchemeId::HeNormal << TensorShape{100, 100} << "2σ";
    QTest::newRow("orthogonal small") << SchemeId::Orthogonal << TensorShape{3, 3} << "gain";
    QTest::newRow("orthogonal large") << SchemeId::Orthogonal << TensorShape{100, 100} << "σ";
    QTest::newRow("variance_scaling") << SchemeId::VarianceScaling << TensorShape{100, 100} << "2σ";
    QTest::newRow("constant") << SchemeId::Constant << TensorShape{100, 100} << "";
}

void TestTheory::boundSymbols() {
    // The label symbol of symmetric bound marks comes from the scheme and its distribution.
    QFETCH(SchemeId, scheme);
    QFETCH(TensorShape, shape);
    QFETCH(QString, symbol);
    const Theory t =
        Theory::of(SchemeRegistry::defaults(scheme), {shape, TensorRole::Weight, shape.fans()});
    QCOMPARE(QString::fromStdString(t.bound_symbol()), symbol);
}

QTEST_APPLESS_MAIN(TestTheory)
#include "tst_theory.moc"
