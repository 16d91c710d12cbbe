// Bit-exact parity of TorchGenerator / RandomKernels with PyTorch 1.13.1 (torch-parity.md):
// replays tests/data/parity/manifest.json (made by scripts/make_parity_fixtures.py) in both
// flavours, checks that the AVX2 and scalar code paths agree, and, when /usr/bin/python3 can
// import torch, compares a freshly seeded run against live PyTorch.

#include "core/torch/random_kernels.h"

#include "scoped_settings.h"

#include <QCryptographicHash>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRandomGenerator>
#include <QRegularExpression>
#include <QtTest>

#include <bit>
#include <cstring>
#include <random>
#include <vector>

using namespace initscope;

namespace {

const QString kParityDir = QStringLiteral(INITSCOPE_TEST_DATA_DIR "/parity/");
const QString kPython = QStringLiteral("/usr/bin/python3");

/// A minimal reader for the .npy files the fixture script writes: format 1.x/2.x, C order,
/// little-endian '<f4' or '<i8'. Returns the raw element bytes; descr/shape are reported.
struct Npy {
    QString descr;
    std::vector<qint64> shape;
    QByteArray data;
    bool ok = false;
    QString error;
};

Npy read_npy(const QString& path) {
    Npy npy;
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        npy.error = QStringLiteral("cannot open ") + path;
        return npy;
    }
    const QByteArray bytes = file.readAll();
    if (bytes.size() < 10 || !bytes.startsWith("\x93NUMPY")) {
        npy.error = QStringLiteral("not an npy file: ") + path;
        return npy;
    }
    const int major = static_cast<unsigned char>(bytes[6]);
    qint64 header_len = 0;
    qint64 offset = 0;
    if (major == 1) {
        header_len =
            static_cast<unsigned char>(bytes[8]) | (static_cast<unsigned char>(bytes[9]) << 8);
        offset = 10;
    } else {
        for (int i = 0; i < 4; ++i)
            header_len |= qint64(static_cast<unsigned char>(bytes[8 + i])) << (8 * i);
        offset = 12;
    }
    const QString header = QString::fromLatin1(bytes.mid(offset, header_len));
    const QRegularExpression descr_re(QStringLiteral("'descr':\\s*'([^']+)'"));
    const QRegularExpression shape_re(QStringLiteral("'shape':\\s*\\(([^)]*)\\)"));
    const auto descr = descr_re.match(header);
    const auto shape = shape_re.match(header);
    if (!descr.hasMatch() || !shape.hasMatch() ||
        header.contains(QStringLiteral("'fortran_order': True"))) {
        npy.error = QStringLiteral("unsupported npy header: ") + header;
        return npy;
    }
    npy.descr = descr.captured(1);
    qint64 count = 1;
    for (const QString& dim : shape.captured(1).split(u',', Qt::SkipEmptyParts)) {
        if (dim.trimmed().isEmpty()) continue;
        npy.shape.push_back(dim.trimmed().toLongLong());
        count *= npy.shape.back();
    }
    const int item = npy.descr == QStringLiteral("<f4")   ? 4
                     : npy.descr == QStringLiteral("<i8") ? 8
                                                          : 0;
    if (item == 0 || bytes.size() - offset - header_len != count * item) {
        npy.error = QStringLiteral("unsupported dtype or size in ") + path;
        return npy;
    }
    npy.data = bytes.mid(offset + header_len);
    npy.ok = true;
    return npy;
}

std::vector<uint32_t> npy_float_bits(const QString& rel) {
    const Npy npy = read_npy(kParityDir + rel);
    if (!npy.ok || npy.descr != QStringLiteral("<f4"))
        qFatal("%s", qPrintable(npy.error + " " + rel));
    std::vector<uint32_t> bits(static_cast<size_t>(npy.data.size() / 4));
    std::memcpy(bits.data(), npy.data.constData(), static_cast<size_t>(npy.data.size()));
    return bits;
}

std::vector<uint32_t> bits_of(std::span<const float> values) {
    std::vector<uint32_t> bits(values.size());
    for (size_t i = 0; i < values.size(); ++i) bits[i] = std::bit_cast<uint32_t>(values[i]);
    return bits;
}

/// Empty when equal, else a description of the first mismatch and how many there are.
QString compare_bits(const std::vector<uint32_t>& want, const std::vector<uint32_t>& got) {
    if (want.size() != got.size())
        return QStringLiteral("size %1 != %2").arg(got.size()).arg(want.size());
    size_t bad = 0;
    size_t first = 0;
    for (size_t i = 0; i < want.size(); ++i) {
        if (want[i] != got[i] && bad++ == 0) first = i;
    }
    if (bad == 0) return {};
    return QStringLiteral("%1 of %2 differ; first at %3: got %4 (%5) want %6 (%7)")
        .arg(bad)
        .arg(want.size())
        .arg(first)
        .arg(got[first], 8, 16, QChar(u'0'))
        .arg(double(std::bit_cast<float>(got[first])), 0, 'g', 9)
        .arg(want[first], 8, 16, QChar(u'0'))
        .arg(double(std::bit_cast<float>(want[first])), 0, 'g', 9);
}

QJsonObject load_manifest() {
    QFile file(kParityDir + QStringLiteral("manifest.json"));
    if (!file.open(QIODevice::ReadOnly)) return {};
    return QJsonDocument::fromJson(file.readAll()).object();
}

Flavour flavour_of(const QString& name) {
    return *parse_flavour(name.toStdString());
}

/// Runs one fixture op on `gen`; returns an empty string when every bit matches.
QString replay_op(const QJsonObject& op, Flavour flavour, TorchGenerator& gen) {
    const QString kind = op[QStringLiteral("op")].toString();
    if (kind == QStringLiteral("randperm")) {
        const std::vector<int64_t> got =
            RandomKernels::randperm(op[QStringLiteral("n")].toInteger(), gen);
        const Npy want = read_npy(kParityDir + op[QStringLiteral("file")].toString());
        if (!want.ok) return want.error;
        if (want.data.size() != qsizetype(got.size() * 8) ||
            std::memcmp(want.data.constData(), got.data(), got.size() * 8) != 0)
            return QStringLiteral("randperm(%1) differs").arg(got.size());
        return {};
    }
    if (kind == QStringLiteral("erfinv_")) {
        std::vector<uint32_t> in = npy_float_bits(op[QStringLiteral("input")].toString());
        std::vector<float> values(in.size());
        std::memcpy(values.data(), in.data(), in.size() * 4);
        RandomKernels::erfinv(values, flavour);
        return compare_bits(npy_float_bits(op[QStringLiteral("file")].toString()), bits_of(values));
    }
    std::vector<float> values(static_cast<size_t>(op[QStringLiteral("numel")].toInteger()));
    if (kind == QStringLiteral("uniform_")) {
        RandomKernels::uniform(values, op[QStringLiteral("from")].toDouble(),
                               op[QStringLiteral("to")].toDouble(), flavour, gen);
    } else if (kind == QStringLiteral("normal_")) {
        RandomKernels::normal(values, op[QStringLiteral("mean")].toDouble(),
                              op[QStringLiteral("std")].toDouble(), flavour, gen);
    } else {
        return QStringLiteral("unknown op ") + kind;
    }
    const std::vector<uint32_t> got = bits_of(values);
    if (op.contains(QStringLiteral("file")))
        return compare_bits(npy_float_bits(op[QStringLiteral("file")].toString()), got);
    // A large tensor stored partly: window, hash and the count of one value.
    const QJsonObject window = op[QStringLiteral("window")].toObject();
    const std::vector<uint32_t> want = npy_float_bits(window[QStringLiteral("file")].toString());
    const auto start = static_cast<size_t>(window[QStringLiteral("start")].toInteger());
    if (start + want.size() > got.size()) return QStringLiteral("window out of range");
    const QString w = compare_bits(
        want, {got.begin() + qsizetype(start), got.begin() + qsizetype(start + want.size())});
    if (!w.isEmpty()) return QStringLiteral("window: ") + w;
    const QByteArray digest = QCryptographicHash::hash(
        QByteArrayView(reinterpret_cast<const char*>(values.data()), qsizetype(values.size() * 4)),
        QCryptographicHash::Sha256);
    if (digest.toHex() != op[QStringLiteral("sha256")].toString().toLatin1())
        return QStringLiteral("sha256 differs");
    const QJsonObject eq = op[QStringLiteral("count_equal_to")].toObject();
    const float target = static_cast<float>(eq[QStringLiteral("value")].toDouble());
    qint64 count = 0;
    qint64 first = -1;
    for (size_t i = 0; i < values.size(); ++i) {
        if (values[i] == target && count++ == 0) first = qint64(i);
    }
    if (count != eq[QStringLiteral("count")].toInteger() ||
        first != eq[QStringLiteral("first_index")].toInteger())
        return QStringLiteral("value %1 found %2 times, first at %3")
            .arg(double(target))
            .arg(count)
            .arg(first);
    return {};
}

}  // namespace

class TstRandomKernels : public QObject {
    Q_OBJECT

private slots:
    void generatorMatchesStdMt19937_data();
    void generatorMatchesStdMt19937();
    void fixtures_data();
    void fixtures();
    void simdMatchesScalar_data();
    void simdMatchesScalar();
    void liveTorch_data();
    void liveTorch();
};

void TstRandomKernels::generatorMatchesStdMt19937_data() {
    QTest::addColumn<quint64>("seed");
    QTest::newRow("0") << quint64(0);
    QTest::newRow("-1") << quint64(-1);
    QTest::newRow("2^32+7") << (quint64(1) << 32) + 7;
    QTest::newRow("default") << quint64(TorchGenerator::kDefaultSeed);
}

void TstRandomKernels::generatorMatchesStdMt19937() {
    // torch-parity.md section 2: the stream equals std::mt19937(uint32_t(seed)).
    QFETCH(quint64, seed);
    for (bool simd : {true, false}) {
        const test::ScopedCpuFeatures features(simd ? CpuFeatures::active() : CpuFeatures{});
        TorchGenerator gen(seed);
        std::mt19937 ref(static_cast<uint32_t>(seed));
        for (int i = 0; i < 5000; ++i) QCOMPARE(gen.random(), uint32_t(ref()));
        gen.discard(1234);
        ref.discard(1234);
        QCOMPARE(gen.random64(), (uint64_t(ref()) << 32) | uint64_t(ref()));
        gen.cached_normal() = 1.0;
        gen.manual_seed(seed);
        QVERIFY(!gen.cached_normal().has_value());
    }
}

void TstRandomKernels::fixtures_data() {
    QTest::addColumn<QJsonObject>("kase");
    const QJsonObject manifest = load_manifest();
    const QJsonArray cases = manifest[QStringLiteral("kernel_cases")].toArray();
    if (cases.isEmpty())
        QFAIL("no kernel_cases in " INITSCOPE_TEST_DATA_DIR "/parity/manifest.json");
    for (const QJsonValue& c : cases) {
        const QJsonObject o = c.toObject();
        const QString tag =
            o[QStringLiteral("flavour")].toString() + u'/' + o[QStringLiteral("name")].toString();
        QTest::newRow(qPrintable(tag)) << o;
    }
}

void TstRandomKernels::fixtures() {
    QFETCH(QJsonObject, kase);
    const Flavour flavour = flavour_of(kase[QStringLiteral("flavour")].toString());
    TorchGenerator gen(kase[QStringLiteral("seed_uint64")].toString().toULongLong());
    int index = 0;
    for (const QJsonValue& op : kase[QStringLiteral("ops")].toArray()) {
        const QString failure = replay_op(op.toObject(), flavour, gen);
        QVERIFY2(
            failure.isEmpty(),
            qPrintable(
                QStringLiteral("op %1 (%2): ").arg(index).arg(op[QStringLiteral("op")].toString()) +
                failure));
        ++index;
    }
}

void TstRandomKernels::simdMatchesScalar_data() {
    QTest::addColumn<QString>("flavour");
    QTest::addColumn<bool>("normal");
    QTest::addColumn<qint64>("numel");
    for (const char* f : {"fma", "portable"}) {
        for (bool normal : {false, true}) {
            for (qint64 n : {qint64(17), qint64(4093), qint64(1) << 20, (qint64(1) << 20) + 9}) {
                QTest::addRow("%s/%s/%lld", f, normal ? "normal" : "uniform",
                              static_cast<long long>(n))
                    << QString::fromLatin1(f) << normal << n;
            }
        }
    }
}

void TstRandomKernels::simdMatchesScalar() {
    QFETCH(QString, flavour);
    QFETCH(bool, normal);
    QFETCH(qint64, numel);
    if (!CpuFeatures::active().avx2_fma())
        QSKIP("this CPU has no AVX2+FMA: only the scalar code runs");
    TorchGenerator simd(12345);
    TorchGenerator scalar(12345);
    const Flavour f = flavour_of(flavour);
    std::vector<float> a(static_cast<size_t>(numel));
    std::vector<float> b(a.size());
    for (int round = 0; round < 2; ++round) {  // the second round starts mid-state
        if (normal) {
            RandomKernels::normal(a, 0.5, 2.0, f, simd);
        } else {
            RandomKernels::uniform(a, -0.25, 0.75, f, simd);
        }
        {
            const test::ScopedCpuFeatures baseline(CpuFeatures{});  // scalar twist and kernels
            if (normal)
                RandomKernels::normal(b, 0.5, 2.0, f, scalar);
            else
                RandomKernels::uniform(b, -0.25, 0.75, f, scalar);
        }
        const QString failure = compare_bits(bits_of(b), bits_of(a));
        QVERIFY2(failure.isEmpty(), qPrintable(failure));
    }
    QCOMPARE(simd.random(), scalar.random());
}

void TstRandomKernels::liveTorch_data() {
    QTest::addColumn<QString>("flavour");
    QTest::newRow("fma") << QStringLiteral("fma");
    QTest::newRow("portable") << QStringLiteral("portable");
}

void TstRandomKernels::liveTorch() {
    QFETCH(QString, flavour);
    QProcess probe;
    probe.start(kPython, {QStringLiteral("-c"), QStringLiteral("import torch")});
    if (!probe.waitForFinished(60000) || probe.exitStatus() != QProcess::NormalExit ||
        probe.exitCode() != 0)
        QSKIP(
            "/usr/bin/python3 cannot import torch (install python3-torch for the live comparison)");

    // A fresh random seed each run (printed on failure), then a few uniform_/normal_ calls,
    // including a small normal_ (cached path) and a tail-rule size.
    const quint64 seed = QRandomGenerator::global()->generate64();
    const QString script =
        QStringLiteral(
            "import sys, torch\n"
            "torch.manual_seed(%1)\n"
            "out = [torch.empty(999).uniform_(-0.05, 0.05), torch.empty(5).normal_(0.1, 2.0),\n"
            "       torch.empty(1001).normal_(-0.5, 0.3), torch.empty(3).normal_(), \n"
            "       torch.empty(50).uniform_(0.25, 1.0), torch.empty(4096).normal_(0, 0.02)]\n"
            "sys.stdout.buffer.write(b''.join(t.numpy().tobytes() for t in out))\n")
            .arg(qint64(seed));
    QProcess python;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("ATEN_CPU_CAPABILITY"), flavour == QStringLiteral("fma")
                                                          ? QStringLiteral("avx2")
                                                          : QStringLiteral("default"));
    python.setProcessEnvironment(env);
    python.start(kPython, {QStringLiteral("-c"), script});
    QVERIFY2(python.waitForFinished(120000) && python.exitCode() == 0,
             qPrintable(QString::fromLocal8Bit(python.readAllStandardError())));
    const QByteArray out = python.readAllStandardOutput();

    const Flavour f = flavour_of(flavour);
    TorchGenerator gen(seed);
    std::vector<float> all(999 + 5 + 1001 + 3 + 50 + 4096);
    std::span<float> rest(all);
    auto next = [&rest](size_t n) {
        const std::span<float> head = rest.first(n);
        rest = rest.subspan(n);
        return head;
    };
    RandomKernels::uniform(next(999), -0.05, 0.05, f, gen);
    RandomKernels::normal(next(5), 0.1, 2.0, f, gen);
    RandomKernels::normal(next(1001), -0.5, 0.3, f, gen);
    RandomKernels::normal(next(3), 0.0, 1.0, f, gen);
    RandomKernels::uniform(next(50), 0.25, 1.0, f, gen);
    RandomKernels::normal(next(4096), 0.0, 0.02, f, gen);
    QCOMPARE(out.size(), qsizetype(all.size() * 4));
    std::vector<uint32_t> want(all.size());
    std::memcpy(want.data(), out.constData(), static_cast<size_t>(out.size()));
    const QString failure = compare_bits(want, bits_of(all));
    QVERIFY2(failure.isEmpty(), qPrintable(QStringLiteral("seed %1: ").arg(seed) + failure));
}

QTEST_APPLESS_MAIN(TstRandomKernels)
#include "tst_random_kernels.moc"
